/**
 * How Compose (compose-go) reads scalars written as strings, after interpolation. The schema lets
 * strings through wherever interpolation may write a value (`${DEBUG:-false}`); compose-go then
 * converts them and refuses the file when it cannot:
 * - booleans (loader/interpolate.go `toBoolean`): true/false in any case; y/yes/on and n/no/off
 *   with a warning that YAML 1.2 has no such booleans;
 * - integers (`strconv.Atoi`/`ParseInt`, base 10) and floats (`strconv.ParseFloat`);
 * - durations (types/duration.go, go-str2duration): Go's units plus `d` and `w`;
 * - byte sizes (types/bytes.go): an integer, or go-units' `RAMInBytes` (`512m`, `1.5 GiB`).
 */

import { isScalar, type Node } from "yaml";
import { isUnresolved, resolveInterpolation, type Environment } from "./interpolation.js";

export type ValueKind = "boolean" | "integer" | "number" | "duration" | "byteSize";

const TRUE = new Set(["true", "y", "yes", "on"]);
const FALSE = new Set(["false", "n", "no", "off"]);

/** The boolean Compose reads from a string, or undefined when it refuses the string. */
export function composeBoolean(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  return undefined;
}

/**
 * A scalar as the boolean Compose reads: `true`, `"TRUE"`, `yes`, `${FLAG:-true}` are true.
 * Undefined for other nodes, strings Compose refuses, and values that depend on a variable nobody sets.
 */
export function readBoolean(node: Node, environment?: Environment): boolean | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === "boolean") return node.value;
  if (typeof node.value !== "string") return undefined;
  const resolved = resolveInterpolation(node.value, environment);
  return resolved.expressions.some(isUnresolved) ? undefined : composeBoolean(resolved.resolved);
}

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf(?:inity)?|nan)$/i;
const DURATION_PART = /^(?:\d+\.?\d*|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h|d|w)/;
const BYTE_SIZE = /^\d+(?:\.\d+)* ?[kmgtp]?i?b?$/i;

function isDuration(text: string): boolean {
  let rest = text.replace(/^[+-]/, "");
  if (rest === "0") return true;
  if (rest === "") return false;
  while (rest !== "") {
    const part = DURATION_PART.exec(rest);
    if (!part) return false;
    rest = rest.slice(part[0].length);
  }
  return true;
}

/** Whether Compose can read the (interpolated) string as a value of this kind. */
export function readsAs(kind: ValueKind, text: string): boolean {
  switch (kind) {
    case "boolean":
      return composeBoolean(text) !== undefined;
    case "integer":
      return INTEGER.test(text);
    case "number":
      return FLOAT.test(text);
    case "duration":
      return isDuration(text);
    case "byteSize":
      return INTEGER.test(text) || BYTE_SIZE.test(text);
  }
}

export const VALUE_KIND_NAMES: Record<ValueKind, string> = {
  boolean: "true or false",
  integer: "a whole number",
  number: "a number",
  duration: "a duration such as 30s or 1m30s",
  byteSize: "a byte size such as 512m or 2g",
};

type Path = readonly string[];
const service = (...parts: string[]): Path => ["services", "*", ...parts];

/**
 * Where compose-go converts strings, by kind ("*" is any key, "[]" any list item). From its
 * loader/interpolate.go cast table and the types that hold durations and byte sizes.
 */
export const TYPED_VALUE_PATHS: ReadonlyArray<{ path: Path; kind: ValueKind }> = [
  ...["privileged", "read_only", "init", "tty", "stdin_open", "oom_kill_disable"].map((key) => ({ path: service(key), kind: "boolean" as const })),
  { path: service("healthcheck", "disable"), kind: "boolean" },
  { path: service("depends_on", "*", "required"), kind: "boolean" },
  { path: service("depends_on", "*", "restart"), kind: "boolean" },
  { path: service("volumes", "[]", "read_only"), kind: "boolean" },
  { path: service("volumes", "[]", "volume", "nocopy"), kind: "boolean" },
  ...["internal", "attachable", "enable_ipv4", "enable_ipv6"].map((key) => ({ path: ["networks", "*", key], kind: "boolean" as const })),
  ...["networks", "volumes", "secrets", "configs"].map((section) => ({ path: [section, "*", "external"], kind: "boolean" as const })),
  ...["scale", "cpu_count", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "oom_score_adj", "pids_limit"].map((key) => ({
    path: service(key),
    kind: "integer" as const,
  })),
  { path: service("healthcheck", "retries"), kind: "integer" },
  { path: service("deploy", "replicas"), kind: "integer" },
  { path: service("deploy", "update_config", "parallelism"), kind: "integer" },
  { path: service("deploy", "rollback_config", "parallelism"), kind: "integer" },
  { path: service("deploy", "restart_policy", "max_attempts"), kind: "integer" },
  { path: service("deploy", "placement", "max_replicas_per_node"), kind: "integer" },
  { path: service("ulimits", "*"), kind: "integer" },
  { path: service("ulimits", "*", "soft"), kind: "integer" },
  { path: service("ulimits", "*", "hard"), kind: "integer" },
  { path: service("cpus"), kind: "number" },
  { path: service("cpu_percent"), kind: "number" },
  { path: service("deploy", "update_config", "max_failure_ratio"), kind: "number" },
  { path: service("deploy", "rollback_config", "max_failure_ratio"), kind: "number" },
  { path: service("stop_grace_period"), kind: "duration" },
  ...["interval", "timeout", "start_period", "start_interval"].map((key) => ({ path: service("healthcheck", key), kind: "duration" as const })),
  ...["update_config", "rollback_config"].flatMap((section) =>
    ["delay", "monitor"].map((key) => ({ path: service("deploy", section, key), kind: "duration" as const })),
  ),
  { path: service("deploy", "restart_policy", "delay"), kind: "duration" },
  { path: service("deploy", "restart_policy", "window"), kind: "duration" },
  ...["mem_limit", "mem_reservation", "memswap_limit", "mem_swappiness", "shm_size"].map((key) => ({ path: service(key), kind: "byteSize" as const })),
  { path: service("build", "shm_size"), kind: "byteSize" },
  { path: service("deploy", "resources", "limits", "memory"), kind: "byteSize" },
  { path: service("deploy", "resources", "reservations", "memory"), kind: "byteSize" },
  { path: service("volumes", "[]", "tmpfs", "size"), kind: "byteSize" },
];
