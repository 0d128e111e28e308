import { spawn } from "node:child_process";
import { chmodSync, closeSync, existsSync, openSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "@compose-lint/rules";
import { binPath, makeProject, runCli } from "./helpers.js";

const LEAK = 'services:\n  web:\n    image: myapp:1.0\n    ports:\n      - "8000:8000"\n';
const CLEAN = 'services:\n  web:\n    image: myapp:1.0\n    ports:\n      - "127.0.0.1:8000:8000"\n';

describe("compose-lint CLI", () => {
  it("prints the stylish report and exits 1 on errors", () => {
    const cwd = makeProject({ "compose.yaml": LEAK });
    const run = runCli([], { cwd });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      [
        "",
        "compose.yaml",
        '  5:9  error  Service "web" publishes "8000:8000" on every interface (0.0.0.0 and [::]). Docker\'s own iptables rules let this port past host firewalls such as ufw, so anyone who can reach the host can reach it. Bind it to 127.0.0.1, or use `expose:` if only other containers need it.  no-all-interface-publish',
        "",
        "✖ 1 problem (1 error, 0 warnings)",
        "  1 error and 0 warnings potentially fixable with the `--fix` option.",
        "",
      ].join("\n"),
    );
  });

  it("exits 0 with no output on a clean file", () => {
    const cwd = makeProject({ "compose.yaml": CLEAN });
    expect(runCli([], { cwd })).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("prints help and version, and exits 2 on usage errors", () => {
    expect(runCli(["--help"]).stdout).toMatch(/^compose-lint \[options\] \[file\|dir \.\.\.\]/);
    expect(runCli(["--version"]).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const unknown = runCli(["--frobnicate"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('compose-lint: unknown option --frobnicate\nRun "compose-lint --help" for usage.\n');
    // Node's parser text ("To specify a positional argument...") never reaches the user.
    expect(runCli(["--fixx"]).stderr).toBe('compose-lint: unknown option --fixx (did you mean --fix?)\nRun "compose-lint --help" for usage.\n');
    expect(runCli(["--fix-dryrun"]).stderr).toMatch(/^compose-lint: unknown option --fix-dryrun \(did you mean --fix-dry-run\?\)\n/);
    expect(runCli(["--print-config"])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^compose-lint: --print-config needs a value\n/) });
    expect(runCli(["--fix=yes"]).stderr).toMatch(/^compose-lint: --fix takes no value\n/);
    expect(runCli(["-x"]).stderr).toMatch(/^compose-lint: unknown option -x\n/);
    expect(runCli(["--format", "xml", "."]).stderr).toMatch(/unknown format "xml" \(known: stylish, json, sarif, github, gitlab, checkstyle, junit, diff\)/);
    expect(runCli(["--max-warnings", "many"]).status).toBe(2);
    expect(runCli(["--stdin", "--fix"]).stderr).toMatch(/--fix cannot write to standard input/);
  });

  it("exits 2 for a path that does not exist, naming it", () => {
    const run = runCli(["no/such/compose.yaml"]);
    expect(run).toMatchObject({ status: 2, stdout: "" });
    expect(run.stderr).toBe("compose-lint: No such file or directory: no/such/compose.yaml\n");
  });

  describe("discovery", () => {
    it("finds compose files by name and by content, honours .gitignore, skips node_modules and other YAML", () => {
      const cwd = makeProject({
        "compose.yaml": LEAK,
        "compose.override.yaml": LEAK,
        "deploy/docker-compose.prod.yml": LEAK,
        ".devcontainer/docker-compose.yml": LEAK,
        // Named for their purpose, used with -f: found by what they hold.
        "docker-compose-postgres.yml": LEAK,
        "extensions/curator/curator-compose.yml": `# a comment first\n${LEAK}`,
        "test/test_ssl/test_hsts.yml": `x-common: &common\n  restart: always\n${LEAK}`,
        "ignored/compose.yaml": LEAK,
        "ignored/stack.yml": LEAK,
        ".gitignore": "ignored/\n",
        "node_modules/pkg/compose.yaml": LEAK,
        "vendor/lib/compose.yaml": LEAK,
        // Not Compose: a Kubernetes manifest, a CI workflow, Helm values, Ansible, a manifest stream.
        "k8s/pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n",
        ".github/workflows/ci.yml": "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
        "chart/values.yaml": "replicaCount: 1\nservices:\n  web:\n    port: 80\n",
        "playbook.yml": "- hosts: all\n  tasks: []\n",
        "manifests.yaml": `${LEAK}---\n${LEAK}`,
        "compose.yaml.bak": LEAK,
      });
      const run = runCli(["--format", "json"], { cwd });
      const files = (JSON.parse(run.stdout) as Array<{ filePath: string }>).map((result) => path.relative(cwd, result.filePath));
      expect(files).toEqual([
        ".devcontainer/docker-compose.yml",
        "compose.override.yaml",
        "compose.yaml",
        "deploy/docker-compose.prod.yml",
        "docker-compose-postgres.yml",
        "extensions/curator/curator-compose.yml",
        "test/test_ssl/test_hsts.yml",
      ]);
    });

    it("follows a symlinked compose file once and survives symlink loops", () => {
      const cwd = makeProject({ "deploy/stack.v2.yml": LEAK, "d/sub/.keep": "" });
      symlinkSync("deploy/stack.v2.yml", path.join(cwd, "compose.yaml"));
      symlinkSync("..", path.join(cwd, "d/sub/a"));
      symlinkSync("..", path.join(cwd, "d/sub/b"));
      symlinkSync(cwd, path.join(cwd, "d/root"));
      const run = runCli(["--format", "json"], { cwd });
      expect(run.status).toBe(1);
      const results = JSON.parse(run.stdout) as Array<{ filePath: string; messages: unknown[] }>;
      expect(results.map((result) => path.relative(cwd, result.filePath))).toEqual(["compose.yaml"]);
      expect(results[0]!.messages).toHaveLength(1);
    });

    it("lints a file named on the command line whatever its name", () => {
      const cwd = makeProject({ "stack.yml": LEAK });
      expect(runCli(["stack.yml"], { cwd }).status).toBe(1);
    });

    it("says so when a folder holds no compose file, with or without paths, unless told not to", () => {
      const cwd = makeProject({ "README.md": "nothing", "k8s/pod.yaml": "apiVersion: v1\nkind: Pod\n" });
      const run = runCli(["."], { cwd });
      expect(run.status).toBe(2);
      expect(run.stderr).toBe("compose-lint: No Compose files found in .\n");
      // No arguments at all: a green run that checked nothing would be the worst outcome.
      expect(runCli([], { cwd })).toEqual({ status: 2, stdout: "", stderr: "compose-lint: No Compose files found in .\n" });
      expect(runCli(["--no-error-on-unmatched-pattern"], { cwd })).toEqual({ status: 0, stdout: "", stderr: "" });
    });
  });

  describe("bad input", () => {
    it("reports broken YAML at its line and column, exit 1, and never writes it", () => {
      const broken = "services:\n  web:\n    ports: [\"8000:8000\"\n";
      const cwd = makeProject({ "compose.yaml": broken });
      const run = runCli(["--fix"], { cwd });
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/compose\.yaml\n {2}4:1 {2}error {2}Parsing error: /);
      expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(broken);
    });

    it.each([
      ["a YAML list", "- a\n", "Not a Compose file: the top level is a sequence, not a mapping"],
      ["binary data", Buffer.from([0x73, 0x00, 0x01, 0xff]), "Cannot lint compose.yaml: binary file (contains NUL bytes), not YAML"],
      ["invalid UTF-8", Buffer.from([0x73, 0x3a, 0x20, 0xc3, 0x28, 0x0a]), "Cannot lint compose.yaml: not valid UTF-8 text"],
      ["a huge file", `services: {}\n${"#".repeat(5 * 1024 * 1024)}\n`, "Cannot lint compose.yaml: file too large to lint (5.0 MiB; the limit is 4 MiB)"],
    ])("names %s in one line", (_name, content, message) => {
      const cwd = makeProject({ "compose.yaml": content });
      const run = runCli(["--format", "json", "compose.yaml"], { cwd });
      expect(run.status).toBe(1);
      const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ message: string; line: number; fatal: boolean }> }>;
      expect(result!.messages).toEqual([expect.objectContaining({ message, line: 1, fatal: true })]);
      expect(run.stderr).toBe("");
    });

    it("takes an empty or comment-only file as Compose does: a warning alone, nothing as part of a project", () => {
      const cwd = makeProject({ "compose.yaml": LEAK, "local.yaml": "# kept empty on purpose: local overrides go here\n", "empty.yaml": "" });
      const alone = runCli(["--format", "json", "empty.yaml", "local.yaml"], { cwd });
      expect(alone.status).toBe(0);
      for (const result of JSON.parse(alone.stdout) as Array<{ messages: Array<Record<string, unknown>> }>) {
        expect(result.messages).toEqual([expect.objectContaining({ severity: 1, line: 1, message: expect.stringMatching(/^Empty file: Compose reads nothing from it/) })]);
        expect(result.messages[0]).not.toHaveProperty("fatal");
      }
      const project = runCli(["--format", "json", "-f", "compose.yaml", "-f", "local.yaml"], { cwd });
      const results = JSON.parse(project.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null }> }>;
      expect(results.map((result) => [path.basename(result.filePath), result.messages.map((message) => message.ruleId)])).toEqual([
        ["compose.yaml", ["no-all-interface-publish"]],
        ["local.yaml", []],
      ]);
    });

    it("a service that is not a mapping gets the schema error alone, not what it lacks on top", () => {
      const cwd = makeProject({ ".compose-lint.yaml": "extends: [all]\n", "compose.yaml": 'name: shop\nservices:\n  api: [1, 2]\n  web: "text"\n' });
      const run = runCli(["--format", "json"], { cwd });
      const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string; line: number }> }>;
      expect(result!.messages.map((message) => [message.ruleId, message.line])).toEqual([
        ["valid-schema", 3],
        ["valid-schema", 4],
      ]);
    });

    it("names a dangling symlink without a stack trace", () => {
      const cwd = makeProject({});
      symlinkSync(path.join(cwd, "missing.yaml"), path.join(cwd, "compose.yaml"));
      const run = runCli(["compose.yaml"], { cwd });
      expect(run.status).toBe(2);
      expect(run.stderr).toBe("compose-lint: No such file or directory: compose.yaml\n");
    });
  });

  describe("--fix", () => {
    it("never takes away what is already safe: a loopback entry stays, only the leak is rebound", () => {
      const text = 'services:\n  mq:\n    image: rabbitmq:3-management\n    ports:\n      - "127.0.0.1:15672:15672" # management UI, for the host only\n      - "5672:5672"\n';
      const cwd = makeProject({ "compose.yaml": text });
      const run = runCli(["--fix", "--format", "json"], { cwd });
      expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(text.replace('"5672:5672"', '"127.0.0.1:5672:5672"'));
      // What remains is the suggestion to move both to expose:, for a person to decide.
      const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string; fix?: unknown; suggestions?: Array<{ desc: string }> }> }>;
      expect(result!.messages.map((message) => [message.ruleId, message.fix === undefined, message.suggestions?.length ?? 0])).toEqual([["prefer-expose-for-internal", true, 1]]);
    });

    it("writes atomically, keeps mode, CRLF, BOM and a missing final newline; a second run changes nothing", () => {
      const original = "\uFEFFservices:\r\n  web:\r\n    ports:\r\n      - '8000:8000' # app\r\n      - target: 80\r\n        published: 8080";
      const cwd = makeProject({ "compose.yaml": original });
      const file = path.join(cwd, "compose.yaml");
      chmodSync(file, 0o640);
      const first = runCli(["--fix"], { cwd });
      expect(first).toMatchObject({ status: 0, stdout: "" });
      expect(first.stderr).toBe("Fixed 2 problems:\n  2 port entries now bound to a loopback address (no-all-interface-publish)\nWrote 1 file: compose.yaml\n");
      const fixed = readFileSync(file, "utf8");
      expect(fixed).toBe(
        "\uFEFFservices:\r\n  web:\r\n    ports:\r\n      - '127.0.0.1:8000:8000' # app\r\n      - target: 80\r\n        published: 8080\r\n        host_ip: 127.0.0.1",
      );
      expect(statSync(file).mode & 0o777).toBe(0o640);
      expect(readdirSync(cwd)).toEqual(["compose.yaml"]);
      expect(runCli(["--fix"], { cwd })).toEqual({ status: 0, stdout: "", stderr: "" });
      expect(readFileSync(file, "utf8")).toBe(fixed);
    });

    it("writes through a symlink instead of replacing it", () => {
      const cwd = makeProject({ "real/compose.yaml": LEAK });
      symlinkSync(path.join(cwd, "real/compose.yaml"), path.join(cwd, "compose.yaml"));
      expect(runCli(["--fix", "compose.yaml"], { cwd }).status).toBe(0);
      expect(readFileSync(path.join(cwd, "real/compose.yaml"), "utf8")).toBe(CLEAN);
    });

    it("--fix-dry-run shows the output in json and writes nothing", () => {
      const cwd = makeProject({ "compose.yaml": LEAK });
      const run = runCli(["--fix-dry-run", "--format", "json"], { cwd });
      expect(run.status).toBe(0);
      const [result] = JSON.parse(run.stdout) as Array<{ output: string; messages: unknown[] }>;
      expect(result).toMatchObject({ output: CLEAN, messages: [] });
      expect(run.stderr).toMatch(/^Would fix 1 problem:/);
      expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(LEAK);
    });

    it("--fix-type safe leaves exposure fixes for a person", () => {
      const cwd = makeProject({ "compose.yaml": LEAK });
      const run = runCli(["--fix", "--fix-type", "safe"], { cwd });
      expect(run.status).toBe(1);
      expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(LEAK);
    });

    it("when both exposure rules fire on one entry, the result is the expose form and stays put", () => {
      const code = 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "5432:5432" # psql\n      - 5433\n';
      const cwd = makeProject({ "compose.yaml": code });
      expect(runCli(["--fix"], { cwd }).status).toBe(0);
      const fixed = 'services:\n  db:\n    image: postgres:16\n    expose:\n      - "5432" # psql\n      - 5433\n';
      expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(fixed);
      expect(runCli(["--fix"], { cwd })).toEqual({ status: 0, stdout: "", stderr: "" });
    });
  });

  describe("configuration", () => {
    it("finds the nearest config file above the linted file", () => {
      const cwd = makeProject({
        ".compose-lint.yaml": "extends: [recommended]\nrules:\n  no-all-interface-publish: warn\n",
        "app/compose.yaml": LEAK,
      });
      const run = runCli(["--format", "json"], { cwd });
      const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ severity: number }> }>;
      expect(result!.messages.map((message) => message.severity)).toEqual([1]);
      expect(run.status).toBe(0);
    });

    it("gives each file its nearest config when folders share ancestors", () => {
      const cwd = makeProject({
        ".compose-lint.yaml": "extends: [recommended]\nrules:\n  no-all-interface-publish: warn\n",
        "a/compose.yaml": LEAK,
        "a/deeper/compose.yaml": LEAK,
        "b/.compose-lint.json": '{"extends": ["recommended"], "rules": {"no-all-interface-publish": "off"}}',
        "b/c/compose.yaml": LEAK,
        "b/compose.yaml": LEAK,
        "d/compose.yaml": LEAK,
      });
      const run = runCli(["--format", "json", "--rule", "prefer-expose-for-internal: off"], { cwd });
      const severities = (JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; severity: number }> }>).map((result) => [
        path.relative(cwd, result.filePath),
        result.messages.filter((message) => message.ruleId === "no-all-interface-publish").map((message) => message.severity),
      ]);
      expect(severities).toEqual([
        ["a/compose.yaml", [1]],
        ["a/deeper/compose.yaml", [1]],
        ["b/c/compose.yaml", []],
        ["b/compose.yaml", []],
        ["d/compose.yaml", [1]],
      ]);
    });

    describe("the config of tmatens/compose-lint, another linter that reads .compose-lint.yml", () => {
      const PEER_CONFIG = "rules:\n  CL-0005:\n    exclude_services:\n      web: public on purpose\n  CL-0001:\n    enabled: false\n";

      it("is passed over with a one-line note: the run lints with the config lookup would find without it", () => {
        const cwd = makeProject({
          ".compose-lint.json": '{"extends": ["recommended"], "rules": {"no-all-interface-publish": "warn"}}',
          "app/.compose-lint.yml": PEER_CONFIG,
          "app/compose.yaml": LEAK,
        });
        const run = runCli(["--format", "json"], { cwd });
        const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string; severity: number }> }>;
        expect(result!.messages.filter((message) => message.ruleId === "no-all-interface-publish").map((message) => message.severity)).toEqual([1]);
        expect(run.stderr).toBe(
          "compose-lint: app/.compose-lint.yml is a config of tmatens/compose-lint, another linter (rule ids CL-nnnn), not read. This linter's settings go in .compose-lint.yaml, looked for first.\n",
        );
        expect(run.status).toBe(0);
      });

      it("leaves the defaults when nothing else is found, names every such file once, and says nothing when this linter's .compose-lint.yaml sits beside it", () => {
        const cwd = makeProject({ ".compose-lint.yml": PEER_CONFIG, "compose.yaml": LEAK, "b/.compose-lint.yml": PEER_CONFIG, "b/compose.yaml": LEAK });
        const run = runCli([], { cwd });
        expect(run.status).toBe(1);
        expect(run.stdout).toContain("no-all-interface-publish");
        expect(run.stderr).toBe(
          "compose-lint: 2 files are configs of tmatens/compose-lint, another linter (rule ids CL-nnnn), not read: .compose-lint.yml, b/.compose-lint.yml. This linter's settings go in .compose-lint.yaml, looked for first.\n",
        );
        writeFileSync(path.join(cwd, ".compose-lint.yaml"), "extends: [recommended]\nrules:\n  no-all-interface-publish: off\n");
        expect(runCli(["compose.yaml"], { cwd })).toMatchObject({ status: 0, stderr: "" });
      });

      it("named with --config, is refused, saying whose rule ids these are", () => {
        const cwd = makeProject({ "peer.yml": PEER_CONFIG, "compose.yaml": LEAK });
        expect(runCli(["--config", "peer.yml"], { cwd })).toEqual({
          status: 2,
          stdout: "",
          stderr: `compose-lint: ${path.join(cwd, "peer.yml")}:2:3: unknown rule "CL-0005" (a rule id of tmatens/compose-lint, another linter of the same name)\n`,
        });
      });
    });

    it("says when a config file turns no rule on: it is the whole configuration, and a run with it checks nothing", () => {
      const cwd = makeProject({ ".compose-lint.yaml": "ignores: ['legacy/**']\nrules:\n  no-privileged: off\n", "compose.yaml": LEAK });
      expect(runCli([], { cwd })).toEqual({
        status: 0,
        stdout: "",
        stderr: "compose-lint: .compose-lint.yaml turns no rule on, so nothing was checked with it: a config file is the whole configuration (add `extends: [recommended]`).\n",
      });
      // One rule on, or --rule turning one on, is a choice: nothing is said.
      expect(runCli(["--rule", "no-all-interface-publish: warn"], { cwd })).toMatchObject({ status: 0, stderr: "" });
      writeFileSync(path.join(cwd, ".compose-lint.yaml"), "rules:\n  no-privileged: error\n");
      expect(runCli([], { cwd })).toEqual({ status: 0, stdout: "", stderr: "" });
    });

    it("--max-warnings and --quiet", () => {
      const cwd = makeProject({ ".compose-lint.json": '{"extends": ["recommended"], "rules": {"no-all-interface-publish": "warn"}}', "compose.yaml": LEAK });
      const tooMany = runCli(["--max-warnings", "0"], { cwd });
      expect(tooMany.status).toBe(1);
      expect(tooMany.stderr).toBe("compose-lint found too many warnings (maximum: 0).\n");
      expect(runCli(["--quiet"], { cwd })).toEqual({ status: 0, stdout: "", stderr: "" });
    });

    it("applies ignores from the config, and warns when an ignored file is named", () => {
      const cwd = makeProject({ ".compose-lint.yaml": "extends: [recommended]\nignores: ['legacy/**']\n", "legacy/compose.yaml": LEAK, "compose.yaml": CLEAN });
      expect(runCli([], { cwd })).toEqual({ status: 0, stdout: "", stderr: "" });
      const named = runCli(["--format", "json", "legacy/compose.yaml"], { cwd });
      expect(JSON.parse(named.stdout)[0].messages[0].message).toBe("File ignored because of a matching ignore pattern in the config");
    });

    it("loads custom rules from compose-lint.config.mjs", () => {
      const cwd = makeProject({
        "compose-lint.config.mjs": `export default {
  plugins: { team: { rules: { "no-build": {
    id: "no-build",
    meta: { type: "problem", docs: { description: "no build", category: "hygiene", recommended: false, url: "" }, defaultSeverity: "error", schema: [], messages: { build: "Service {{name}} builds an image" } },
    defaultOptions: [],
    create(context) { return { service(service) { const build = service.entries.find((entry) => entry.key === "build"); if (build) context.report({ node: build.keyNode, messageId: "build", data: { name: service.name } }); } }; },
  } } } },
  rules: { "team/no-build": "error" },
};
`,
        "compose.yaml": "services:\n  web:\n    build: .\n",
      });
      const run = runCli([], { cwd });
      expect(run.stdout).toContain("3:5  error  Service web builds an image  team/no-build");
      expect(run.status).toBe(1);
    });

    it.each([
      [".compose-lint.yaml", "rules:\n  no-all-interface-publsh: error\n", '.compose-lint.yaml:2:3: unknown rule "no-all-interface-publsh" (did you mean "no-all-interface-publish"?)'],
      [".compose-lint.yaml", "rules:\n  no-all-interface-publish: [error, {adress: 1}]\n", '.compose-lint.yaml:2:37: invalid options for rule "no-all-interface-publish": unknown option "adress"'],
      [".compose-lint.yaml", "rules:\n  no-all-interface-publish: [error, {allow: 3}]\n", '.compose-lint.yaml:2:37: invalid options for rule "no-all-interface-publish": allow must be array'],
      [".compose-lint.yaml", "rules:\n  no-privileged: [loud]\n", '.compose-lint.yaml:2:19: rule "no-privileged": severity must be'],
      [".compose-lint.yaml", "rules: [\n", ".compose-lint.yaml:2:1: invalid YAML"],
      [".compose-lint.json", '{\n  "rules": {\n    "no-privileged": "error",\n  }\n}\n', ".compose-lint.json:4:3: invalid JSON"],
      [".compose-lint.json", '{\n  "rules": { "no-privileged": "eror" }\n}\n', '.compose-lint.json:2:14: rule "no-privileged": severity must be'],
      [".compose-lint.yaml", "rulez: {}\n", '.compose-lint.yaml:1:1: invalid configuration: unknown key "rulez" (did you mean "rules"?)'],
    ])("rejects a bad %s with exit 2: %s", (name, content, message) => {
      const cwd = makeProject({ [name]: content, "compose.yaml": CLEAN });
      const run = runCli([], { cwd });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).toMatch(/^compose-lint: .*\.compose-lint\.(yaml|json)/);
      expect(run.stderr).not.toMatch(/\n\s+at |at position|must NOT|ENOENT/);
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    });

    it("--rule, --no-config-lookup and --config", () => {
      const cwd = makeProject({ ".compose-lint.yaml": "rules:\n  no-all-interface-publish: off\n", "strict.yaml": "extends: [all]\n", "compose.yaml": LEAK });
      expect(runCli([], { cwd }).status).toBe(0);
      expect(runCli(["--no-config-lookup"], { cwd }).status).toBe(1);
      expect(runCli(["--config", "strict.yaml"], { cwd }).status).toBe(1);
      expect(runCli(["--rule", "no-all-interface-publish: [error, {allow: [{service: web}]}]"], { cwd }).status).toBe(0);
      expect(runCli(["--rule", "no-all-interface-publish: error"], { cwd }).status).toBe(1);
    });

    it("--print-config shows the resolved rules", () => {
      const cwd = makeProject({ ".compose-lint.yaml": "extends: [recommended]\nrules:\n  prefer-expose-for-internal: [warn, {ignoreServices: [db]}]\n", "compose.yaml": CLEAN });
      const printed = JSON.parse(runCli(["--print-config", "compose.yaml"], { cwd }).stdout);
      expect(printed).toEqual({
        configFile: path.join(cwd, ".compose-lint.yaml"),
        rules: Object.fromEntries(
          rules
            .filter((rule) => rule.meta.docs.recommended)
            .map((rule) => [rule.id, rule.id === "prefer-expose-for-internal" ? ["warn", { ignoreServices: ["db"] }] : rule.meta.defaultSeverity])
            .sort(([a], [b]) => String(a).localeCompare(String(b))),
        ),
        ignores: [],
        reportUnusedDisableDirectives: false,
      });
    });
  });

  describe("stdin, output file and colour", () => {
    it("lints standard input under a given name, with config looked up from it", () => {
      const cwd = makeProject({ "app/.compose-lint.yaml": "rules:\n  no-all-interface-publish: warn\n" });
      const run = runCli(["--stdin", "--stdin-filename", "app/compose.yaml", "--fix-dry-run", "--format", "json"], { cwd, input: LEAK });
      const [result] = JSON.parse(run.stdout);
      expect(result).toMatchObject({ filePath: path.join(cwd, "app/compose.yaml"), output: CLEAN, warningCount: 0 });
      expect(runCli(["--stdin"], { cwd, input: LEAK }).stdout).toMatch(/^\n<stdin>\n {2}5:9 {2}error/);
    });

    it("writes the report to --output-file without colour", () => {
      const cwd = makeProject({ "compose.yaml": LEAK });
      const run = runCli(["-o", "report.txt", "--color"], { cwd });
      expect(run).toMatchObject({ status: 1, stdout: "" });
      const report = readFileSync(path.join(cwd, "report.txt"), "utf8");
      expect(report).toContain("no-all-interface-publish");
      expect(report).toMatch(/\u001b\[/);
      writeFileSync(path.join(cwd, "report.txt"), "");
      runCli(["-o", "report.txt"], { cwd });
      expect(readFileSync(path.join(cwd, "report.txt"), "utf8")).not.toMatch(/\u001b\[/);
    });

    it("ends quietly with its exit code when the reader of the report has gone (`| head`)", async () => {
      const cwd = makeProject({ "compose.yaml": LEAK });
      const child = spawn(process.execPath, [binPath, "--no-color"], { cwd, stdio: ["ignore", "pipe", "pipe"] });
      // The read end closes before the command has started: its first write fails with EPIPE.
      child.stdout.destroy();
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect({ status, stderr }).toEqual({ status: 1, stderr: "" });
    });

    it.skipIf(!existsSync("/dev/full"))("says in one line that the report could not be written (a full disk), with exit code 2", async () => {
      const cwd = makeProject({ "compose.yaml": LEAK });
      const full = openSync("/dev/full", "w");
      const child = spawn(process.execPath, [binPath, "--no-color"], { cwd, stdio: ["ignore", full, "pipe"] });
      closeSync(full);
      let stderr = "";
      child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect({ status, stderr }).toEqual({ status: 2, stderr: "compose-lint: cannot write the report: ENOSPC: no space left on device, write\n" });
    });

    it("colours when forced and not when NO_COLOR is set", () => {
      const cwd = makeProject({ "compose.yaml": LEAK });
      expect(runCli([], { cwd, env: { NO_COLOR: "", FORCE_COLOR: "1" } }).stdout).toMatch(/\u001b\[31merror/);
      expect(runCli([], { cwd, env: { NO_COLOR: "1", FORCE_COLOR: "1" } }).stdout).not.toMatch(/\u001b\[/);
      expect(runCli(["--no-color"], { cwd, env: { NO_COLOR: "", FORCE_COLOR: "1" } }).stdout).not.toMatch(/\u001b\[/);
    });
  });
});

describe("the style preset from the command line", () => {
  it("--fix moves whole blocks with their comments, says what it changed, and a second --fix changes nothing", () => {
    const compose = [
      "# shop",
      "services:",
      "  # the front door",
      "  web:",
      "    ports:",
      "      - '127.0.0.1:443:8443'",
      "      - '127.0.0.1:80:8080'",
      "    image: nginx:1.27 # pinned",
      "    depends_on: [db, api]",
      "",
      "  db:",
      "    volumes:",
      '      - "./data:/var/lib/postgresql/data"',
      "    image: postgres:16",
      "",
      "  api:",
      "    image: example/api:1",
      "",
    ].join("\n");
    const cwd = makeProject({ ".compose-lint.yaml": "extends: [style]\n", "compose.yaml": compose });
    const run = runCli(["--fix"], { cwd });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("Wrote 1 file: compose.yaml");
    expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(
      [
        "# shop",
        "services:",
        "  api:",
        "    image: example/api:1",
        "",
        "  db:",
        "    image: postgres:16",
        "    volumes:",
        "      - ./data:/var/lib/postgresql/data",
        "",
        "  # the front door",
        "  web:",
        "    image: nginx:1.27 # pinned",
        "    depends_on: [api, db]",
        "    ports:",
        "      - '127.0.0.1:80:8080'",
        "      - '127.0.0.1:443:8443'",
        "",
      ].join("\n"),
    );
    const again = runCli(["--fix"], { cwd });
    expect(again).toMatchObject({ status: 0, stdout: "" });
    expect(again.stderr).not.toContain("Wrote");
  });
});

describe("TIMING, as in ESLint", () => {
  const ruleRows = (stderr: string) => stderr.split("\n").slice(2).filter(Boolean);

  it("lists the slowest rules on standard error, leaving the report alone", () => {
    const cwd = makeProject({ "compose.yaml": LEAK, "other/compose.yaml": CLEAN });
    const plain = runCli(["--format", "json", "--concurrency", "2"], { cwd });
    const timed = runCli(["--format", "json", "--concurrency", "2"], { cwd, env: { TIMING: "1" } });
    expect([timed.status, timed.stdout]).toEqual([plain.status, plain.stdout]);
    expect(plain.stderr).toBe("");
    const lines = timed.stderr.split("\n");
    expect(lines[0]).toMatch(/^Rule +\| Time \(ms\) \| Relative$/);
    expect(lines[1]).toMatch(/^:-+\|-+:\|-+:$/);
    expect(lines[1]!.length).toBe(lines[0]!.length);
    // Ten rows for TIMING=1, each rule once, slowest first (rules are timed in one thread).
    const rows = ruleRows(timed.stderr).map((row) => row.split("|").map((cell) => cell.trim()));
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map(([id]) => id)).size).toBe(10);
    for (const [id] of rows) expect(rules.some((rule) => rule.id === id)).toBe(true);
    const times = rows.map(([, time]) => Number(time));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("lists every rule that ran for TIMING=all, and that many for a number above 10", () => {
    const cwd = makeProject({ "compose.yaml": LEAK });
    const recommended = runCli(["--print-config", "compose.yaml"], { cwd });
    const enabled = Object.values(JSON.parse(recommended.stdout).rules as Record<string, unknown>).filter((setting) => (Array.isArray(setting) ? setting[0] : setting) !== "off").length;
    expect(ruleRows(runCli(["compose.yaml"], { cwd, env: { TIMING: "all" } }).stderr)).toHaveLength(enabled);
    expect(ruleRows(runCli(["compose.yaml"], { cwd, env: { TIMING: "12" } }).stderr)).toHaveLength(12);
  });
});
