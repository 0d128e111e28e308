import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Linter, parseDotenv, resolveConfig, RuleRegistry, type LintMessage, type ProjectFileResult } from "@compose-lint/core";
import { loadProject, readThrough, type ProjectOptions } from "@compose-lint/core/node";
import { rules } from "@compose-lint/rules";
import { makeProject } from "./helpers.js";

const registry = new RuleRegistry(rules);
const recommended = resolveConfig([{ config: { extends: ["recommended"] }, where: "test" }], registry);
const linter = new Linter(registry);

/** Lints a project written to a temporary folder; results keyed by path relative to it. */
function lintProject(files: Record<string, string>, options: Partial<ProjectOptions> & { compose?: string[] } = {}) {
  const root = makeProject(files);
  const composeFiles = (options.compose ?? ["compose.yaml", ...(files["compose.override.yaml"] ? ["compose.override.yaml"] : [])]).map((file) => path.join(root, file));
  const project = loadProject({ environment: {}, ...options, files: composeFiles });
  const results = linter.verifyProject(project, recommended);
  return { root, project, byFile: byFile(root, results) };
}

function byFile(root: string, results: ProjectFileResult[]): Record<string, LintMessage[]> {
  return Object.fromEntries(results.map((result) => [path.relative(root, result.path), result.messages]));
}

const summary = (messages: LintMessage[] | undefined) => (messages ?? []).map((message) => `${message.line}:${message.column} ${message.ruleId ?? "project"}`);

describe("project: override files", () => {
  const base = `services:
  web:
    image: nginx:1.27
    ports:
      - "127.0.0.1:8080:80"
  db:
    image: postgres:16
`;

  it("puts a leak added by the override in the override file, and the fix edits only that file", () => {
    const override = `services:
  db:
    # for debugging
    ports:
      - "5432:5432"
`;
    const { root, project, byFile: found } = lintProject({ "compose.yaml": base, "compose.override.yaml": override });
    expect(summary(found["compose.override.yaml"])).toEqual(["4:5 prefer-expose-for-internal", "5:9 no-all-interface-publish"]);
    expect(found["compose.yaml"]!.filter((message) => message.ruleId?.includes("publish"))).toEqual([]);

    const report = linter.verifyAndFixProject(
      (texts) => loadProject({ files: project.composeFiles.map((file) => file.path), environment: {}, readText: readThrough(texts) }),
      recommended,
    );
    const outputs = Object.fromEntries(report.files.filter((file) => file.output !== undefined).map((file) => [path.relative(root, file.path), file.output]));
    expect(Object.keys(outputs)).toEqual(["compose.override.yaml"]);
    expect(outputs["compose.override.yaml"]).toBe(`services:
  db:
    # for debugging
    expose:
      - "5432"
`);
  });

  it("appends ports from both files and reports only the entry that leaks", () => {
    const { byFile: found } = lintProject({ "compose.yaml": base, "compose.override.yaml": "services:\n  web:\n    ports:\n      - \"8081:81\"\n" });
    expect(summary(found["compose.override.yaml"])).toEqual(["4:9 no-all-interface-publish"]);
  });

  it("honours !reset and !override", () => {
    const leaky = base.replace('"127.0.0.1:8080:80"', '"8080:80"');
    const reset = lintProject({ "compose.yaml": leaky, "compose.override.yaml": "services:\n  web:\n    ports: !reset []\n" });
    expect(reset.project.model!.services.find((service) => service.name === "web")!.ports).toEqual([]);
    expect(summary(reset.byFile["compose.yaml"]).filter((line) => line.includes("publish"))).toEqual([]);

    const replaced = lintProject({ "compose.yaml": leaky, "compose.override.yaml": 'services:\n  web:\n    ports: !override ["127.0.0.1:8080:80"]\n' });
    expect(replaced.project.model!.services.find((service) => service.name === "web")!.ports.map((port) => port.text)).toEqual(["127.0.0.1:8080:80"]);
    expect(summary(replaced.byFile["compose.yaml"]).filter((line) => line.includes("publish"))).toEqual([]);
  });

  it("merges lists by the keys the specification gives them", () => {
    const { project } = lintProject({
      "compose.yaml": `services:
  app:
    image: example/app:1
    command: ["serve", "--debug"]
    environment: [MODE=dev, LOG=info]
    volumes: [data:/data, /cache, ./conf:/etc/app:ro]
    dns: [1.1.1.1]
    ports: ["127.0.0.1:8000:8000"]
`,
      "compose.override.yaml": `services:
  app:
    command: ["serve"]
    environment: [MODE=prod]
    volumes: [other:/data, /cache]
    dns: [8.8.8.8, 1.1.1.1]
    ports: ["127.0.0.1:8000:8000", "127.0.0.1:9000:9000"]
`,
    });
    const app = project.model!.services[0]!;
    const list = (key: string) => (app.entries.find((entry) => entry.key === key)!.node as { items: Array<{ value: unknown }> }).items.map((item) => item.value);
    expect(list("command")).toEqual(["serve"]);
    expect(app.environment.map((variable) => `${variable.name}=${variable.value}`)).toEqual(["MODE=prod", "LOG=info"]);
    expect(list("volumes")).toEqual(["other:/data", "/cache", "./conf:/etc/app:ro"]);
    expect(list("dns")).toEqual(["1.1.1.1", "8.8.8.8"]);
    expect(app.ports.map((port) => port.text)).toEqual(["127.0.0.1:8000:8000", "127.0.0.1:9000:9000"]);
  });

  it("leaves a value alone when a later file names the key with nothing after it", () => {
    const { project } = lintProject({ "compose.yaml": base, "compose.override.yaml": "services:\n  web:\n    ports:\n  db:\n" });
    expect(project.model!.services.map((service) => [service.name, service.ports.map((port) => port.text)])).toEqual([
      ["web", ["127.0.0.1:8080:80"]],
      ["db", []],
    ]);
  });

  it("offers a key-adding fix on a merged service in the file that declares it", () => {
    const readOnly = resolveConfig([{ config: { rules: { "require-read-only-root": "error" } }, where: "test" }], registry);
    const root = makeProject({ "compose.yaml": "services:\n  web:\n    image: nginx:1.27\n", "compose.override.yaml": "services:\n  web:\n    environment: [DEBUG=1]\n" });
    const project = loadProject({ files: [path.join(root, "compose.yaml"), path.join(root, "compose.override.yaml")], environment: {} });
    const [base, override] = linter.verifyProject(project, readOnly);
    expect(override!.messages).toEqual([]);
    const suggestion = base!.messages[0]!.suggestions![0]!;
    const text = readFileSync(path.join(root, "compose.yaml"), "utf8");
    expect(text.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + text.slice(suggestion.fix.range[1])).toBe("services:\n  web:\n    image: nginx:1.27\n    read_only: true\n");
  });

  it("checks references against the merged project", () => {
    const override = "services:\n  web:\n    networks: [front]\n    depends_on: [cache]\n";
    const { byFile: found } = lintProject({ "compose.yaml": `${base}networks:\n  front: {}\n`, "compose.override.yaml": override });
    expect(summary(found["compose.override.yaml"])).toEqual(["4:18 no-undefined-references"]);
  });

  it("names the other file in a host port conflict", () => {
    const { byFile: found } = lintProject({ "compose.yaml": base, "compose.override.yaml": 'services:\n  db:\n    ports: ["127.0.0.1:8080:5432"]\n' });
    const conflict = found["compose.override.yaml"]!.find((message) => message.ruleId === "no-host-port-conflict");
    expect(conflict?.message).toContain("(compose.yaml line 5)");
  });
});

describe("project: include and extends", () => {
  it("lints an included file in place and reports a missing one at its path", () => {
    const { byFile: found } = lintProject({
      "compose.yaml": "include:\n  - db/compose.yaml\n  - path: missing.yaml\nservices:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n",
      "db/compose.yaml": "services:\n  db:\n    image: postgres:16\n    ports: [\"5432:5432\"]\n",
    });
    expect(summary(found["db/compose.yaml"])).toEqual(["4:5 prefer-expose-for-internal", "4:13 no-all-interface-publish"]);
    const missing = found["compose.yaml"]!.find((message) => message.ruleId === null);
    expect(missing).toMatchObject({ line: 3, column: 5, severity: 2 });
    expect(missing!.message).toBe("Included file missing.yaml: no such file");
  });

  it("reports include cycles", () => {
    const { byFile: found } = lintProject({
      "compose.yaml": "include:\n  - other.yaml\nservices:\n  web:\n    image: nginx:1.27\n",
      "other.yaml": "include:\n  - compose.yaml\nservices:\n  web:\n    image: httpd:2\n",
    });
    const messages = [...found["compose.yaml"]!, ...found["other.yaml"]!].filter((message) => message.ruleId === null).map((message) => message.message);
    expect(messages).toEqual(["Include cycle: compose.yaml → other.yaml → compose.yaml"]);
  });

  it("merges a service the including file defines too over the included one, as Compose does since compose-go 2.10", () => {
    const { project, byFile: found } = lintProject({
      "compose.yaml": 'include:\n  - services/db.yaml\nservices:\n  web:\n    image: example/web:1\n    depends_on: [db]\n  db:\n    shm_size: 256mb\n    ports: ["5432:5432"]\n',
      "services/db.yaml": "services:\n  db:\n    image: postgres:16\n    volumes: [db-data:/var/lib/postgresql/data]\nvolumes:\n  db-data:\n",
    });
    const db = project.model!.services.find((service) => service.name === "db")!;
    expect(db.image?.value).toBe("postgres:16");
    expect(db.ports.map((port) => port.text)).toEqual(["5432:5432"]);
    // The included image makes db internal; the including file's ports leak: both found there.
    expect(summary(found["compose.yaml"])).toEqual(["9:5 prefer-expose-for-internal", "9:13 no-all-interface-publish"]);
    expect(summary(found["services/db.yaml"])).toEqual([]);
  });

  it("keeps the included service when the including file resets it (Compose drops the !reset before reading includes)", () => {
    const { project, byFile: found } = lintProject({
      "compose.yaml": "include:\n  - db.yaml\nservices:\n  db: !reset\n",
      "db.yaml": "services:\n  db:\n    image: postgres:16\n",
    });
    expect(project.model!.services.map((service) => [service.name, service.image?.value])).toEqual([["db", "postgres:16"]]);
    expect(found["compose.yaml"]!.filter((message) => message.ruleId === null)).toEqual([]);
  });

  it("locates inherited values in the extended file and does not fix them there", () => {
    const { byFile: found } = lintProject({
      "compose.yaml": "services:\n  api:\n    extends:\n      file: common.yaml\n      service: backend\n    image: example/api:1\n",
      "common.yaml": "services:\n  backend:\n    image: example/base:1\n    ports:\n      - \"8000:8000\"\n",
    });
    const leak = found["common.yaml"]!.find((message) => message.ruleId === "no-all-interface-publish");
    expect(leak).toMatchObject({ line: 5, column: 9 });
    expect(leak!.fix).toBeUndefined();
  });

  it("reports extends cycles and unknown services at the extends node", () => {
    const { byFile: found } = lintProject({
      "compose.yaml": "services:\n  a:\n    image: x:1\n    extends: b\n  b:\n    image: x:1\n    extends: a\n  c:\n    image: x:1\n    extends: nope\n",
    });
    const messages = found["compose.yaml"]!.filter((message) => message.ruleId === null).map((message) => `${message.line}: ${message.message}`);
    expect(messages).toContain("4: Extends cycle: b → a → b");
    expect(messages).toContain("7: Extends cycle: a → b → a");
    expect(messages).toContain('10: Service "nope" to extend is not defined');
  });
});

describe("project: interpolation from .env and the shell", () => {
  const compose = 'services:\n  app:\n    image: example/app:1\n    ports:\n      - "${BIND}:8000:8000"\n';

  it("resolves the host IP from .env", () => {
    const leaking = lintProject({ "compose.yaml": compose, ".env": "BIND=0.0.0.0\n" });
    const message = leaking.byFile["compose.yaml"]!.find((candidate) => candidate.ruleId === "no-all-interface-publish");
    expect(message?.messageId).toBe("allInterfaces");
    expect(message?.fix).toBeUndefined();
    expect(summary(lintProject({ "compose.yaml": compose, ".env": "# loopback only\nexport BIND='127.0.0.1'\n" }).byFile["compose.yaml"])).toEqual([]);
  });

  it("lets the shell win over .env and --env-file replace .env", () => {
    expect(summary(lintProject({ "compose.yaml": compose, ".env": "BIND=0.0.0.0\n" }, { environment: { BIND: "127.0.0.1" } }).byFile["compose.yaml"])).toEqual([]);
    const replaced = lintProject({ "compose.yaml": compose, ".env": "BIND=127.0.0.1\n", "prod.env": "BIND=0.0.0.0\n" }, { envFiles: [] });
    expect(replaced.project.model!.services[0]!.ports[0]!.spec!.hostIp.unresolvedVariable?.name).toBe("BIND");
  });

  it("applies each default form", () => {
    const forms = `services:
  app:
    image: example/app:1
    ports:
      - "\${A:-127.0.0.1}:1000:1000"
      - "\${B-127.0.0.1}:1001:1001"
      - "\${C:-0.0.0.0}:1002:1002"
      - "$\${LITERAL}:1003"
      - "\${D:+127.0.0.1}:1004:1004"
      - "\${E+127.0.0.1}:1005:1005"
      - "$C:1006:1006"
      - "\${UNSET:-\${C}}:1007:1007"
`;
    const { project } = lintProject({ "compose.yaml": forms, ".env": "A=\nB=\nC=127.0.0.1\nD=yes\nE=\n" });
    const ports = project.model!.services[0]!.ports;
    // `:-` takes the default for an empty value, `-` only for an unset one; `:+` and `+` the opposite.
    expect(ports.map((port) => port.spec?.hostIp.written ?? port.error)).toEqual([
      "127.0.0.1",
      "",
      "127.0.0.1",
      'invalid host port "${LITERAL}"',
      "127.0.0.1",
      "127.0.0.1",
      "127.0.0.1",
      "127.0.0.1",
    ]);
  });

  it("warns where a required variable is missing", () => {
    const { byFile: found } = lintProject({ "compose.yaml": 'services:\n  app:\n    image: "example/app:${TAG:?set TAG in .env}"\n', ".env": "OTHER=1\n" });
    const warning = found["compose.yaml"]!.find((message) => message.ruleId === null);
    expect(warning).toMatchObject({ line: 3, column: 12, severity: 1 });
    expect(warning!.message).toContain('Required variable TAG is not set by the environment or the env file, so Compose refuses to start: "set TAG in .env"');
  });

  it("reads .env files the way Compose does", () => {
    const parsed = parseDotenv('A=1 # comment\nexport B="two\\nlines"\nC=\'${A}\'\nD=${A}-x\nnot a line\nE="open\n', new Map());
    expect([...parsed.values]).toEqual([["A", "1"], ["B", "two\nlines"], ["C", "${A}"], ["D", "1-x"]]);
    expect(parsed.problems).toEqual([
      { line: 5, message: "not a KEY=value line" },
      { line: 6, message: "the value of E has no closing quote" },
    ]);
  });
});

describe("project: profiles", () => {
  it("leaves out services of profiles that are not active", () => {
    const compose = 'services:\n  app:\n    image: example/app:1\n  debug:\n    image: example/debug:1\n    profiles: [debug]\n    ports: ["9229:9229"]\n';
    expect(summary(lintProject({ "compose.yaml": compose }).byFile["compose.yaml"])).toContain("7:13 no-all-interface-publish");
    expect(summary(lintProject({ "compose.yaml": compose }, { profiles: ["prod"] }).byFile["compose.yaml"])).toEqual([]);
  });
});
