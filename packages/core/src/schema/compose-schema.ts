/**
 * compose-lint's JSON schema of the Compose Specification (draft 2020-12), written here from the
 * specification's documented keys and types with small builders, so that the shapes that repeat
 * (extension keys, string-or-list, list-or-dict, interpolation-friendly scalars) are written once.
 * `evaluate.ts` walks it to validate a file; the schema differential test checks it against the
 * official schema, and the walk against ajv.
 */
type Schema = Record<string, unknown>;

const EXTENSIONS = { "^x-": {} };
const NAME_PATTERN = "^[a-zA-Z0-9._-]+$";

const string: Schema = { type: "string" };
const number: Schema = { type: "number" };
/** Values that interpolation may write as strings: `${REPLICAS:-2}`, `${DEBUG:-false}`. */
const booleanOrString: Schema = { type: ["boolean", "string"] };
const numberOrString: Schema = { type: ["number", "string"] };
const integerOrString: Schema = { type: ["integer", "string"] };
const ref = (name: string): Schema => ({ $ref: `#/$defs/${name}` });
const arrayOf = (items: Schema, unique = false): Schema => ({ type: "array", items, ...(unique ? { uniqueItems: true } : {}) });
const oneOf = (...schemas: Schema[]): Schema => ({ oneOf: schemas });
const enumOf = (...values: string[]): Schema => ({ type: "string", enum: values });

/** A closed mapping: only these keys, plus `x-` extensions unless `extensions: false`. */
function object(properties: Record<string, Schema>, options: { required?: string[]; extensions?: boolean; nullable?: boolean } = {}): Schema {
  return {
    type: options.nullable ? ["object", "null"] : "object",
    properties,
    ...(options.required ? { required: options.required } : {}),
    additionalProperties: false,
    ...(options.extensions === false ? {} : { patternProperties: EXTENSIONS }),
  };
}

/** A mapping from names (`^[a-zA-Z0-9._-]+$`) to `value`; `closed` rejects other keys. */
function namedMap(value: Schema, closed: boolean): Schema {
  return { type: "object", patternProperties: { [NAME_PATTERN]: value }, ...(closed ? { additionalProperties: false } : {}) };
}

/** Free-form options such as `driver_opts`: any key, scalar values. */
const options = (values: Schema): Schema => ({ type: "object", patternProperties: { "^.+$": values } });
const externalFlag = { type: ["boolean", "string", "object"], properties: { name: string }, additionalProperties: false, patternProperties: EXTENSIONS };

const updateConfig = object({
  parallelism: integerOrString,
  delay: string,
  failure_action: string,
  monitor: string,
  max_failure_ratio: numberOrString,
  order: enumOf("start-first", "stop-first"),
});

const serviceKeys: Record<string, Schema> = {
  develop: ref("development"),
  deploy: ref("deployment"),
  annotations: ref("list_or_dict"),
  attach: booleanOrString,
  build: oneOf(
    string,
    object({
      context: string,
      dockerfile: string,
      dockerfile_inline: string,
      entitlements: arrayOf(string),
      args: ref("list_or_dict"),
      ssh: ref("list_or_dict"),
      labels: ref("list_or_dict"),
      cache_from: arrayOf(string),
      cache_to: arrayOf(string),
      no_cache: booleanOrString,
      no_cache_filter: ref("string_or_list"),
      additional_contexts: ref("list_or_dict"),
      network: string,
      provenance: { type: ["string", "boolean"] },
      sbom: { type: ["string", "boolean"] },
      pull: booleanOrString,
      target: string,
      shm_size: integerOrString,
      extra_hosts: ref("extra_hosts"),
      isolation: string,
      privileged: booleanOrString,
      secrets: ref("service_config_or_secret"),
      tags: arrayOf(string),
      ulimits: ref("ulimits"),
      platforms: arrayOf(string),
    }),
  ),
  blkio_config: object(
    {
      device_read_bps: arrayOf(ref("blkio_limit")),
      device_read_iops: arrayOf(ref("blkio_limit")),
      device_write_bps: arrayOf(ref("blkio_limit")),
      device_write_iops: arrayOf(ref("blkio_limit")),
      weight: integerOrString,
      weight_device: arrayOf(ref("blkio_weight")),
    },
    { extensions: false },
  ),
  cap_add: arrayOf(string, true),
  cap_drop: arrayOf(string, true),
  cgroup: enumOf("host", "private"),
  cgroup_parent: string,
  command: ref("command"),
  configs: ref("service_config_or_secret"),
  container_name: { type: "string", pattern: "[a-zA-Z0-9][a-zA-Z0-9_.-]+" },
  cpu_count: oneOf(string, { type: "integer", minimum: 0 }),
  cpu_percent: oneOf(string, { type: "integer", minimum: 0, maximum: 100 }),
  cpu_shares: numberOrString,
  cpu_quota: numberOrString,
  cpu_period: numberOrString,
  cpu_rt_period: numberOrString,
  cpu_rt_runtime: numberOrString,
  cpus: numberOrString,
  cpuset: string,
  credential_spec: object({ config: string, file: string, registry: string }),
  depends_on: oneOf(
    ref("list_of_strings"),
    {
      type: "object",
      additionalProperties: false,
      patternProperties: {
        [NAME_PATTERN]: object(
          {
            restart: booleanOrString,
            required: booleanOrString,
            condition: enumOf("service_started", "service_healthy", "service_completed_successfully"),
          },
          { required: ["condition"] },
        ),
      },
    },
  ),
  device_cgroup_rules: ref("list_of_strings"),
  devices: arrayOf(oneOf(string, object({ source: string, target: string, permissions: string }, { required: ["source"] }))),
  dns: ref("string_or_list"),
  dns_opt: arrayOf(string, true),
  dns_search: ref("string_or_list"),
  domainname: string,
  entrypoint: ref("command"),
  env_file: ref("env_file"),
  label_file: ref("label_file"),
  environment: ref("list_or_dict"),
  expose: arrayOf({ type: ["string", "number"] }, true),
  extends: oneOf(string, object({ service: string, file: string }, { required: ["service"], extensions: false })),
  provider: object(
    { type: string, options: options(oneOf({ type: ["string", "number", "boolean"] }, arrayOf({ type: ["string", "number", "boolean"] }))) },
    { required: ["type"] },
  ),
  external_links: arrayOf(string, true),
  extra_hosts: ref("extra_hosts"),
  gpus: ref("gpus"),
  group_add: arrayOf({ type: ["string", "number"] }, true),
  healthcheck: ref("healthcheck"),
  hostname: string,
  image: string,
  init: booleanOrString,
  ipc: string,
  isolation: string,
  labels: ref("list_or_dict"),
  links: arrayOf(string, true),
  logging: object({ driver: string, options: options({ type: ["string", "number", "null"] }) }),
  mac_address: string,
  mem_limit: numberOrString,
  mem_reservation: { type: ["string", "integer"] },
  mem_swappiness: integerOrString,
  memswap_limit: numberOrString,
  network_mode: string,
  models: oneOf(ref("list_of_strings"), {
    type: "object",
    patternProperties: { [NAME_PATTERN]: oneOf(object({ endpoint_var: string, model_var: string }), { type: "null" }) },
  }),
  networks: oneOf(ref("list_of_strings"), {
    type: "object",
    additionalProperties: false,
    patternProperties: {
      [NAME_PATTERN]: oneOf(
        object({
          aliases: ref("list_of_strings"),
          interface_name: string,
          ipv4_address: string,
          ipv6_address: string,
          link_local_ips: ref("list_of_strings"),
          mac_address: string,
          driver_opts: options({ type: ["string", "number"] }),
          priority: numberOrString,
          gw_priority: numberOrString,
        }),
        { type: "null" },
      ),
    },
  }),
  oom_kill_disable: booleanOrString,
  oom_score_adj: oneOf(string, { type: "integer", minimum: -1000, maximum: 1000 }),
  pid: { type: ["string", "null"] },
  pids_limit: numberOrString,
  platform: string,
  ports: arrayOf(
    oneOf(
      number,
      string,
      object({ name: string, mode: string, host_ip: string, target: integerOrString, published: { type: ["string", "integer"] }, protocol: string, app_protocol: string }),
    ),
    true,
  ),
  pre_start: arrayOf(ref("pre_start_hook")),
  post_start: arrayOf(ref("service_hook")),
  pre_stop: arrayOf(ref("service_hook")),
  privileged: booleanOrString,
  profiles: ref("list_of_strings"),
  pull_policy: { type: "string", pattern: "always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+" },
  pull_refresh_after: string,
  read_only: booleanOrString,
  restart: string,
  runtime: string,
  scale: integerOrString,
  security_opt: arrayOf(string, true),
  shm_size: numberOrString,
  secrets: ref("service_config_or_secret"),
  sysctls: ref("list_or_dict"),
  stdin_open: booleanOrString,
  stop_grace_period: string,
  stop_signal: string,
  storage_opt: { type: "object" },
  tmpfs: ref("string_or_list"),
  tty: booleanOrString,
  ulimits: ref("ulimits"),
  // The specification has these two as plain booleans; interpolation is accepted here, as everywhere.
  use_api_socket: booleanOrString,
  user: string,
  uts: string,
  userns_mode: string,
  volumes: arrayOf(
    oneOf(
      string,
      object(
        {
          type: enumOf("bind", "volume", "tmpfs", "cluster", "npipe", "image"),
          source: string,
          target: string,
          read_only: booleanOrString,
          consistency: string,
          bind: object({ propagation: string, create_host_path: booleanOrString, recursive: enumOf("enabled", "disabled", "writable", "readonly"), selinux: enumOf("z", "Z") }),
          volume: object({ labels: ref("list_or_dict"), nocopy: booleanOrString, subpath: string }),
          tmpfs: object({ size: oneOf({ type: "integer", minimum: 0 }, string), mode: numberOrString }),
          image: object({ subpath: string }),
        },
        { required: ["type"] },
      ),
    ),
    true,
  ),
  volumes_from: arrayOf(string, true),
  working_dir: string,
};

const hook = (extra: Record<string, Schema>, required?: string[]) =>
  object({ command: ref("command"), user: string, privileged: booleanOrString, working_dir: string, environment: ref("list_or_dict"), ...extra }, required ? { required } : {});

const deviceRequest = (required?: string[]) =>
  object({ capabilities: ref("list_of_strings"), count: { type: ["string", "integer"] }, device_ids: ref("list_of_strings"), driver: string, options: ref("list_or_dict") }, required ? { required } : {});

/** The schema as written, with `$ref`s into `$defs`. */
export const composeSchema: Schema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://compose-lint.dev/schemas/compose.json",
  title: "Compose Specification (compose-lint)",
  type: "object",
  properties: {
    version: string,
    name: string,
    include: arrayOf(ref("include")),
    services: namedMap(ref("service"), true),
    models: namedMap(ref("model"), false),
    networks: namedMap(ref("network"), false),
    volumes: namedMap(ref("volume"), true),
    secrets: namedMap(ref("secret"), true),
    configs: namedMap(ref("config"), true),
  },
  patternProperties: EXTENSIONS,
  additionalProperties: false,
  $defs: {
    service: { type: "object", properties: serviceKeys, patternProperties: EXTENSIONS, additionalProperties: false },
    healthcheck: object({
      disable: booleanOrString,
      interval: string,
      retries: numberOrString,
      test: oneOf(string, arrayOf(string)),
      timeout: string,
      start_period: string,
      start_interval: string,
    }),
    development: object(
      {
        watch: arrayOf(
          object(
            {
              ignore: ref("string_or_list"),
              include: ref("string_or_list"),
              path: string,
              action: enumOf("rebuild", "sync", "restart", "sync+restart", "sync+exec"),
              target: string,
              exec: ref("service_hook"),
              initial_sync: booleanOrString,
            },
            { required: ["path", "action"] },
          ),
        ),
      },
      { nullable: true },
    ),
    deployment: object(
      {
        mode: string,
        endpoint_mode: string,
        replicas: integerOrString,
        labels: ref("list_or_dict"),
        rollback_config: updateConfig,
        update_config: updateConfig,
        resources: object({
          limits: object({ cpus: numberOrString, memory: string, pids: integerOrString }),
          reservations: object({ cpus: numberOrString, memory: string, generic_resources: ref("generic_resources"), devices: ref("devices") }),
        }),
        restart_policy: object({ condition: string, delay: string, max_attempts: integerOrString, window: string }),
        placement: object({ constraints: arrayOf(string), preferences: arrayOf(object({ spread: string })), max_replicas_per_node: integerOrString }),
      },
      { nullable: true },
    ),
    generic_resources: arrayOf(object({ discrete_resource_spec: object({ kind: string, value: numberOrString }) })),
    devices: arrayOf(deviceRequest(["capabilities"])),
    gpus: oneOf(enumOf("all"), arrayOf(deviceRequest())),
    include: oneOf(string, object({ path: ref("string_or_list"), env_file: ref("string_or_list"), project_directory: string }, { extensions: false })),
    network: object(
      {
        name: string,
        driver: string,
        driver_opts: options({ type: ["string", "number"] }),
        ipam: object({
          driver: string,
          config: arrayOf(object({ subnet: string, ip_range: string, gateway: string, aux_addresses: { type: "object", additionalProperties: false, patternProperties: { "^.+$": string } } })),
          options: { type: "object", additionalProperties: false, patternProperties: { "^.+$": string } },
        }),
        external: externalFlag,
        internal: booleanOrString,
        enable_ipv4: booleanOrString,
        enable_ipv6: booleanOrString,
        attachable: booleanOrString,
        labels: ref("list_or_dict"),
      },
      { nullable: true },
    ),
    volume: object(
      { name: string, driver: string, driver_opts: options({ type: ["string", "number"] }), external: externalFlag, labels: ref("list_or_dict") },
      { nullable: true },
    ),
    secret: object({
      name: string,
      environment: string,
      file: string,
      external: { type: ["boolean", "string", "object"], properties: { name: string } },
      labels: ref("list_or_dict"),
      driver: string,
      driver_opts: options({ type: ["string", "number"] }),
      template_driver: string,
    }),
    config: object({
      name: string,
      content: string,
      environment: string,
      file: string,
      external: { type: ["boolean", "string", "object"], properties: { name: string } },
      labels: ref("list_or_dict"),
      template_driver: string,
    }),
    model: object({ name: string, model: string, context_size: integerOrString, runtime_flags: arrayOf(string) }, { required: ["model"] }),
    command: oneOf({ type: "null" }, string, arrayOf(string)),
    service_hook: hook({}, ["command"]),
    pre_start_hook: hook({ image: string, per_replica: booleanOrString }),
    env_file: oneOf(string, arrayOf(oneOf(string, object({ path: string, format: string, required: booleanOrString }, { required: ["path"], extensions: false })))),
    label_file: oneOf(string, arrayOf(string)),
    string_or_list: oneOf(string, ref("list_of_strings")),
    list_of_strings: arrayOf(string, true),
    list_or_dict: oneOf({ type: "object", additionalProperties: false, patternProperties: { ".+": { type: ["string", "number", "boolean", "null"] } } }, arrayOf(string, true)),
    extra_hosts: oneOf({ type: "object", additionalProperties: false, patternProperties: { ".+": oneOf(string, arrayOf(string, true)) } }, arrayOf(string, true)),
    blkio_limit: object({ path: string, rate: integerOrString }, { extensions: false }),
    blkio_weight: object({ path: string, weight: integerOrString }, { extensions: false }),
    service_config_or_secret: arrayOf(oneOf(string, object({ source: string, target: string, uid: string, gid: string, mode: numberOrString }))),
    ulimits: {
      type: "object",
      patternProperties: { "^[a-z]+$": oneOf(integerOrString, object({ hard: integerOrString, soft: integerOrString }, { required: ["soft", "hard"] })) },
    },
  },
};
