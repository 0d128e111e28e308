import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../packages/cli/src/args.js";
import { main } from "../packages/cli/src/main.js";
import { RuleRegistry } from "@compose-lint/core";
import { composeFilesIn, loadProject, ownersFirst, planNamedFiles, planProjects, readLintableFile, referenceQuestions } from "@compose-lint/core/node";
import { rules } from "@compose-lint/rules";
import { LAYOUT_FINDINGS, makeProject, REPOSITORY_LAYOUTS, runCli } from "./helpers.js";

interface JsonResult {
  filePath: string;
  messages: Array<{ line: number; column: number; ruleId: string | null; message: string }>;
}

/** "file line:column rule" for every message, paths relative to the project. */
function findings(cwd: string, stdout: string): string[] {
  return (JSON.parse(stdout) as JsonResult[]).flatMap((result) =>
    result.messages.map((message) => `${path.relative(cwd, result.filePath)} ${message.line}:${message.column} ${message.ruleId ?? message.message}`),
  );
}

const base = 'services:\n  web:\n    image: nginx:1.27\n    ports: ["127.0.0.1:8080:80"]\n  db:\n    image: postgres:16\n';
const leakyOverride = 'services:\n  db:\n    ports: ["5432:5432"]\n';
const only = ["--no-config-lookup", "--rule", "no-all-interface-publish: error"];

describe("-f: a format name is --format, anything else a Compose file", () => {
  it("routes each form", () => {
    const parse = (...argv: string[]) => {
      const options = parseCliArgs(argv);
      return { format: options.format, files: options.composeFiles, paths: options.paths };
    };
    expect(parse("-f", "json")).toEqual({ format: "json", files: [], paths: [] });
    expect(parse("-fsarif")).toEqual({ format: "sarif", files: [], paths: [] });
    expect(parse("-f=github")).toEqual({ format: "github", files: [], paths: [] });
    expect(parse("-f", "a.yaml", "-f", "b.yaml", "-f", "json")).toEqual({ format: "json", files: ["a.yaml", "b.yaml"], paths: [] });
    expect(parse("--file", "json")).toEqual({ format: "stylish", files: ["json"], paths: [] });
    expect(parse("--", "-f")).toEqual({ format: "stylish", files: [], paths: ["-f"] });
    expect(parse("exposure", "-f", "compose.yaml", "-f", "markdown")).toEqual({ format: "markdown", files: ["compose.yaml"], paths: [] });
    expect(() => parse("-f")).toThrow("-f needs a value: a Compose file, or a format name");
  });
});

describe("ownersFirst: the order of a fix run", () => {
  const plan = (files: string[], report = files) => ({ files, report: new Set(report), reason: "" });

  it("puts a file's own project before the projects that read it for context, and keeps the order otherwise", () => {
    const variant = plan(["compose.yaml", "compose.a.yaml"], ["compose.a.yaml"]);
    const variantOfVariant = plan(["compose.yaml", "compose.a.yaml", "compose.a.b.yaml"], ["compose.a.b.yaml"]);
    const base = plan(["compose.yaml"]);
    const alone = plan(["other.yaml"]);
    expect(ownersFirst([variantOfVariant, alone, variant, base])).toEqual([base, variant, variantOfVariant, alone]);
    expect(ownersFirst([alone, base, variant])).toEqual([alone, base, variant]);
  });

  it("breaks a cycle (two plans that read each other's file) and lists each plan once", () => {
    const first = plan(["a.yaml", "b.yaml"], ["a.yaml"]);
    const second = plan(["b.yaml", "a.yaml"], ["b.yaml"]);
    expect(ownersFirst([first, second])).toEqual([second, first]);
    expect(ownersFirst([second, first])).toEqual([first, second]);
  });
});

describe("planNamedFiles: files named one by one", () => {
  it("lists each folder once, however many named files it holds (pre-commit's --all-files names them all)", () => {
    const files: Record<string, string> = { ".git/HEAD": "ref: refs/heads/main\n" };
    for (let index = 0; index < 40; index++) files[`stacks/s${index}/compose.yaml`] = `services:\n  s${index}:\n    image: example/s:${index}\n`;
    const root = makeProject(files);
    const named = Object.keys(files).filter((name) => name.endsWith(".yaml")).map((name) => ({ path: path.join(root, name), explicit: true }));
    const load = (paths: string[]) => loadProject({ files: paths, environment: {} });
    const context = { load, ...referenceQuestions(new RuleRegistry(rules), load, readLintableFile), boundaryOf: () => root };
    const listings: string[] = [];
    const { plans } = planNamedFiles(named, context, (folder) => {
      listings.push(path.relative(root, folder) || ".");
      return composeFilesIn(folder);
    });
    expect(listings.length).toBe(new Set(listings).size);
    expect(listings.length).toBe(42); // 40 stacks, stacks/ and the root
    expect(plans.flatMap((plan) => [...plan.report]).sort()).toEqual(named.map((file) => file.path).sort());
  });
});

describe("planProjects: an overlay's base", () => {
  it("is looked for in every folder up to the boundary, when the boundary is the filesystem's root", () => {
    // `compose-lint srv/app/stacks/extra/extra.yaml` run from / with no repository: the boundary is /.
    const root = makeProject({
      "compose.yaml": "services:\n  web:\n    image: nginx:1.27\nnetworks:\n  front: {}\n",
      "stacks/extra/extra.yaml": "services:\n  worker:\n    image: worker:1\n    networks: [front]\n",
    });
    const overlay = path.join(root, "stacks/extra/extra.yaml");
    const load = (paths: string[]) => loadProject({ files: paths, environment: {} });
    const context = { load, ...referenceQuestions(new RuleRegistry(rules), load, readLintableFile), boundaryOf: () => path.parse(root).root };
    const [plan] = planProjects([{ path: overlay, explicit: true }], context);
    expect(plan!.files).toEqual([path.join(root, "compose.yaml"), overlay]);
  });
});

describe("project mode on the command line", () => {
  it("lints compose.yaml with its override as one project", () => {
    const cwd = makeProject({ "compose.yaml": base, "compose.override.yaml": leakyOverride });
    const run = runCli([...only, "--format", "json"], { cwd });
    expect(run.status).toBe(1);
    expect(findings(cwd, run.stdout)).toEqual(["compose.override.yaml 3:13 no-all-interface-publish"]);
  });

  it("loads the base file when only the override is named (as pre-commit does), and reports only the override", () => {
    const cwd = makeProject({ "compose.yaml": base.replace("127.0.0.1:", ""), "compose.override.yaml": leakyOverride });
    const run = runCli([...only, "--format", "json", "compose.override.yaml"], { cwd });
    expect(findings(cwd, run.stdout)).toEqual(["compose.override.yaml 3:13 no-all-interface-publish"]);
  });

  it("merges -f files in order; -f with a format name is still --format", () => {
    const cwd = makeProject({ "a.yaml": base, "b.yaml": 'services:\n  web:\n    ports: !override ["8080:80"]\n' });
    const run = runCli([...only, "-f", "a.yaml", "-f", "b.yaml", "-f", "json"], { cwd });
    expect(findings(cwd, run.stdout)).toEqual(["b.yaml 3:23 no-all-interface-publish"]);
    expect(runCli([...only, "-f", "a.yaml", "--format", "json"], { cwd }).stdout).toContain('"messages":[]');
    expect(runCli(["-f", "a.yaml", "a.yaml"], { cwd }).stderr).toContain("give either files with -f or paths to search, not both");
  });

  it("reads COMPOSE_FILE when no path is given", () => {
    const cwd = makeProject({ "a.yaml": base, "b.yaml": leakyOverride });
    const run = runCli([...only, "--format", "json"], { cwd, env: { COMPOSE_FILE: "a.yaml:b.yaml" } });
    expect(findings(cwd, run.stdout)).toEqual(["b.yaml 3:13 no-all-interface-publish"]);
  });

  it("lints a variant with its base file and reports each finding once", () => {
    const cwd = makeProject({ "compose.yaml": base.replace("127.0.0.1:", ""), "compose.prod.yaml": leakyOverride });
    const run = runCli([...only, "--format", "json"], { cwd });
    expect(findings(cwd, run.stdout)).toEqual(["compose.prod.yaml 3:13 no-all-interface-publish", "compose.yaml 4:13 no-all-interface-publish"]);
  });

  it("merges a variant of a variant after the variant its name extends, and a dotted variant with no such file after the default file", () => {
    const cwd = makeProject({
      "docker-compose.yml": base,
      "docker-compose.hotrod.yml": "services:\n  hotrod:\n    image: example/hotrod:1\n",
      // It publishes a service that only the variant it extends defines.
      "docker-compose.hotrod.ports.yml": 'services:\n  hotrod:\n    ports: ["8080:8080"]\n',
      // DefectDojo's names: one environment's override, with a service it removes.
      "docker-compose.override.dev.yml": 'services:\n  db:\n    ports: ["5432:5432"]\n  web: !reset\n',
    });
    const rules = [...only, "--rule", "valid-schema: error", "--rule", "no-undefined-references: error"];
    const projects = runCli([...rules, "--print-projects"], { cwd }).stdout;
    expect(projects).toContain("docker-compose.yml + docker-compose.hotrod.yml + docker-compose.hotrod.ports.yml: a variant merged after docker-compose.yml and docker-compose.hotrod.yml\n");
    expect(projects).toContain("docker-compose.yml + docker-compose.override.dev.yml: a variant merged after the folder's default file\n");
    const run = runCli([...rules, "--format", "json"], { cwd });
    expect(findings(cwd, run.stdout)).toEqual(["docker-compose.hotrod.ports.yml 3:13 no-all-interface-publish", "docker-compose.override.dev.yml 3:13 no-all-interface-publish"]);
  });

  it("interpolates from .env or --env-file, and refuses a missing --env-file", async () => {
    const cwd = makeProject({ "compose.yaml": 'services:\n  app:\n    image: example/app:1\n    ports: ["${BIND:-127.0.0.1}:8000:8000"]\n', ".env": "BIND=0.0.0.0\n", "local.env": "BIND=127.0.0.1\n" });
    expect(findings(cwd, runCli([...only, "--format", "json"], { cwd }).stdout)).toEqual(["compose.yaml 4:13 no-all-interface-publish"]);
    expect(findings(cwd, runCli([...only, "--format", "json", "--env-file", "local.env"], { cwd }).stdout)).toEqual([]);
    // Node 20 itself reads `--env-file` among a script's arguments and stops first (not Node 22):
    // the CLI's own check is run in-process.
    const stderr: string[] = [];
    const io = { cwd, env: {}, stdout: () => undefined, stderr: (text: string) => void stderr.push(text), readStdin: async () => "", stdoutIsTty: false };
    expect(await main(["--env-file", "missing.env"], io)).toBe(2);
    expect(stderr.join("")).toBe("compose-lint: --env-file missing.env: no such file\n");
  });

  it("resolves references written with variables from .env, as Compose does, and leaves alone those nothing sets", () => {
    const compose = [
      "services:",
      "  app:",
      "    image: example/app:1",
      "    depends_on: [\"${DB_HOST}\", \"${CACHE_HOST}\"]",
      "    networks: [\"${NET:-front}\"]",
      "    secrets: [\"${TOKEN_NAME}\"]",
      "  postgresql:",
      "    image: postgres:16",
      "networks:",
      "  back: {}",
      "secrets:",
      "  token: {file: ./token}",
      "",
    ].join("\n");
    const cwd = makeProject({ "compose.yaml": compose, ".env": "DB_HOST=postgresql\nNET=back\nTOKEN_NAME=tokn\n" });
    const rules = ["--no-config-lookup", "--rule", "no-undefined-references: error", "--rule", "no-unused-definitions: error", "--format", "json"];
    // DB_HOST names a service; CACHE_HOST is set nowhere (any name); NET names back, so front is
    // neither needed nor back unused; TOKEN_NAME names a secret that is not declared, and token is unused.
    expect(findings(cwd, runCli(rules, { cwd }).stdout)).toEqual(["compose.yaml 6:15 no-undefined-references", "compose.yaml 12:3 no-unused-definitions"]);
    writeFileSync(path.join(cwd, ".env"), "DB_HOST=postgres\nNET=back\nTOKEN_NAME=token\n");
    expect(findings(cwd, runCli(rules, { cwd }).stdout)).toEqual(["compose.yaml 4:18 no-undefined-references"]);
  });

  it("reads booleans and numbers as Compose does after .env interpolation, and never shows the value the environment gave", () => {
    const compose = "services:\n  app:\n    image: example/app:1\n    privileged: ${PRIVILEGED:-false}\n    healthcheck:\n      test: [CMD, 'true']\n      retries: ${RETRIES:-3}\n";
    const cwd = makeProject({ "compose.yaml": compose, ".env": "PRIVILEGED=Yes\nRETRIES=s3cr3t-many\n" });
    const rules = ["--no-config-lookup", "--rule", "no-privileged: error", "--rule", "valid-schema: error", "--format", "json"];
    const run = runCli(rules, { cwd });
    expect(findings(cwd, run.stdout)).toEqual(["compose.yaml 4:17 no-privileged", "compose.yaml 7:16 valid-schema"]);
    const messages = (JSON.parse(run.stdout) as JsonResult[]).flatMap((result) => result.messages.map((message) => message.message));
    expect(messages[1]).toBe('"services.app.healthcheck.retries" is "${RETRIES:-3}" (as the environment sets it), which Compose cannot read as a whole number: it refuses the file.');
    expect(run.stdout).not.toContain("s3cr3t");
    writeFileSync(path.join(cwd, ".env"), "PRIVILEGED=off\nRETRIES=5\n");
    expect(findings(cwd, runCli(rules, { cwd }).stdout)).toEqual([]);
  });

  it("resolves image tags through .env: a pinned tag there is pinned, a floating one is named by its variable", () => {
    const compose = "services:\n  web:\n    image: shop/web:${WEB_TAG:-latest}\n  worker:\n    image: shop/worker:${WORKER_TAG}\n";
    const rules = ["--no-config-lookup", "--rule", "image-tag-pinned: error", "--format", "json"];
    const pinned = makeProject({ "compose.yaml": compose, ".env": "WEB_TAG=1.4.2\nWORKER_TAG=2.0.1\n" });
    expect(findings(pinned, runCli(rules, { cwd: pinned }).stdout)).toEqual([]);
    const floating = makeProject({ "compose.yaml": compose, ".env": "WORKER_TAG=latest\n" });
    const run = runCli(rules, { cwd: floating });
    expect(findings(floating, run.stdout)).toEqual(["compose.yaml 3:12 image-tag-pinned", "compose.yaml 5:12 image-tag-pinned"]);
    const messages = (JSON.parse(run.stdout) as JsonResult[]).flatMap((result) => result.messages.map((message) => message.message));
    expect(messages[0]).toContain('with the floating tag "latest"');
    expect(messages[1]).toContain('with the floating tag "${WORKER_TAG}"');
  });

  it("reports .env lines Compose cannot read, without echoing their values", () => {
    const cwd = makeProject({ "compose.yaml": base, ".env": "PASSWORD hunter2\n" });
    const run = runCli([...only, "--format", "json"], { cwd });
    expect(findings(cwd, run.stdout)).toEqual([".env 1:1 Env file line 1: not a KEY=value line"]);
    expect(run.stdout).not.toContain("hunter2");
  });

  it("--fix writes only the file that wrote the leak, keeps its line endings, and a second --fix changes nothing", () => {
    const cwd = makeProject({ "compose.yaml": base, "compose.override.yaml": leakyOverride.replace(/\n/g, "\r\n") });
    expect(runCli([...only, "--fix"], { cwd }).status).toBe(0);
    expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(base);
    expect(readFileSync(path.join(cwd, "compose.override.yaml"), "utf8")).toBe('services:\r\n  db:\r\n    ports: ["127.0.0.1:5432:5432"]\r\n');
    expect(runCli([...only, "--fix"], { cwd })).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("does not write the base file of a variant that was not asked for", () => {
    const leakyBase = base.replace("127.0.0.1:", "");
    const cwd = makeProject({ "compose.yaml": leakyBase, "compose.prod.yaml": leakyOverride });
    runCli([...only, "--fix", "compose.prod.yaml"], { cwd });
    expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(leakyBase);
    expect(readFileSync(path.join(cwd, "compose.prod.yaml"), "utf8")).toContain("127.0.0.1:5432:5432");
  });

  it("fixes a variant against its base as fixed, and reports what stays wrong once every fix is written", () => {
    // Fixed alone, the variant's entry would be on loopback while the base's still took every
    // address: a port conflict that exists only between two writes.
    const files = { "compose.yaml": 'services:\n  app:\n    image: nginx:1.27\n    ports:\n      - "8000:8000"\n', "compose.prod.yaml": 'services:\n  app:\n    ports:\n      - "8000:8000"\n' };
    const rules = ["--no-config-lookup", "--rule", "no-all-interface-publish: error", "--rule", "no-host-port-conflict: error", "--format", "json"];
    const cwd = makeProject(files);
    expect(findings(cwd, runCli(rules, { cwd }).stdout)).toEqual(["compose.prod.yaml 4:9 no-all-interface-publish", "compose.yaml 5:9 no-all-interface-publish"]);
    const dry = runCli([...rules, "--fix-dry-run"], { cwd });
    expect(dry.status).toBe(0);
    expect(findings(cwd, dry.stdout)).toEqual([]);
    const fixed = runCli([...rules, "--fix"], { cwd });
    expect(fixed.status).toBe(0);
    expect(findings(cwd, fixed.stdout)).toEqual([]);
    expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(files["compose.yaml"].replace('"8000', '"127.0.0.1:8000'));
    expect(readFileSync(path.join(cwd, "compose.prod.yaml"), "utf8")).toBe(files["compose.prod.yaml"].replace('"8000', '"127.0.0.1:8000'));
    const after = runCli(rules, { cwd });
    expect(after.status).toBe(0);
    expect(findings(cwd, after.stdout)).toEqual([]);
  });

  it("a file named alone (as pre-commit names the files a commit changed) gets the findings a search of its repository gives it", () => {
    const root = makeProject(REPOSITORY_LAYOUTS);
    const args = ["--format", "json", "--no-config-lookup"];
    // "file rule line:column", as LAYOUT_FINDINGS writes them.
    const byFile = (stdout: string) =>
      (JSON.parse(stdout) as JsonResult[]).flatMap((result) => result.messages.map((message) => `${path.relative(root, result.filePath)} ${message.ruleId} ${message.line}:${message.column}`));
    const searched = byFile(runCli(args, { cwd: root }).stdout);
    expect(searched).toEqual(expect.arrayContaining(LAYOUT_FINDINGS));
    const of = (file: string, list: string[]) => list.filter((finding) => finding.startsWith(`${file} `));
    for (const file of Object.keys(REPOSITORY_LAYOUTS).filter((name) => name.endsWith(".yml") || name.endsWith(".yaml"))) {
      expect([file, of(file, byFile(runCli([...args, file], { cwd: root }).stdout))]).toEqual([file, of(file, searched)]);
    }
    // A file that a project around it includes is reported alone: that project is context.
    const included = JSON.parse(runCli([...args, "svc/compose.yml"], { cwd: root }).stdout) as JsonResult[];
    expect(included.map((result) => path.relative(root, result.filePath))).toEqual(["svc/compose.yml"]);
    // --fix writes only the named file, though the project holds another fixable leak.
    runCli([...args, "--fix", "svc/compose.yml"], { cwd: root });
    expect(readFileSync(path.join(root, "db/compose.yml"), "utf8")).toContain('"5432:5432"');
    runCli([...args, "--fix", "db/compose.yml"], { cwd: root });
    expect(readFileSync(path.join(root, "db/compose.yml"), "utf8")).not.toContain('"5432:5432"');
  });

  it("reports and fixes an included file at its own path; an inherited value is reported where it is written", () => {
    const cwd = makeProject({
      "compose.yaml": "include:\n  - db/compose.yaml\nservices:\n  api:\n    extends: { file: common.yaml, service: backend }\n",
      "db/compose.yaml": leakyOverride.replace("services:\n  db:\n", "services:\n  db:\n    image: postgres:16\n"),
      "common.yaml": 'services:\n  backend:\n    image: example/api:1\n    ports: ["8000:8000"]\n',
    });
    expect(findings(cwd, runCli([...only, "--format", "json", "compose.yaml"], { cwd }).stdout)).toEqual([
      "common.yaml 4:13 no-all-interface-publish",
      "db/compose.yaml 4:13 no-all-interface-publish",
    ]);
    writeFileSync(path.join(cwd, ".compose-lint.yaml"), 'rules:\n  no-all-interface-publish: error\nignores: ["common.yaml"]\n');
    expect(findings(cwd, runCli(["--format", "json", "compose.yaml"], { cwd }).stdout)).toEqual(["db/compose.yaml 4:13 no-all-interface-publish"]);
    runCli([...only, "--fix", "compose.yaml"], { cwd });
    expect(readFileSync(path.join(cwd, "db/compose.yaml"), "utf8")).toContain('"127.0.0.1:5432:5432"');
    // Inherited by every service that extends it: reported, not fixed.
    expect(readFileSync(path.join(cwd, "common.yaml"), "utf8")).toContain('"8000:8000"');
  });

  it("counts a fix once when two projects share the file, and a missing -f file is a usage error", () => {
    const cwd = makeProject({
      "compose.yaml": "include:\n  - db/compose.yaml\nservices:\n  web:\n    image: nginx:1.27\n",
      "db/compose.yaml": 'services:\n  db:\n    image: postgres:16\n    ports: ["5432:5432"]\n',
    });
    const dry = runCli([...only, "--fix-dry-run", "--format", "json"], { cwd });
    expect(dry.stderr).toBe("Would fix 1 problem:\n  1 port entry now bound to a loopback address (no-all-interface-publish)\n");
    expect(findings(cwd, dry.stdout)).toEqual([]);
    expect(runCli([...only, "-f", "compose.yaml", "-f", "missing.yaml"], { cwd })).toMatchObject({ status: 2, stderr: "compose-lint: No such Compose file: missing.yaml\n" });
    expect(runCli([...only, "-f", "jsno"], { cwd }).stderr).toBe(
      "compose-lint: No such Compose file: jsno (nor a format: stylish, json, sarif, github, gitlab, checkstyle, junit, diff)\n",
    );
  });

  it("keeps linting standard input as one file", () => {
    const cwd = makeProject({ "compose.override.yaml": leakyOverride });
    const run = runCli([...only, "--stdin", "--stdin-filename", "compose.yaml", "--format", "json"], { cwd, input: base.replace("127.0.0.1:", "") });
    expect(findings(cwd, run.stdout)).toEqual(["compose.yaml 4:13 no-all-interface-publish"]);
  });

  it("a project file that breaks is reported without crashing the others", () => {
    const cwd = makeProject({ "compose.yaml": base, "compose.override.yaml": "services:\n  db:\n    ports: [\n" });
    const run = runCli([...only, "--format", "json"], { cwd });
    expect(run.status).toBe(1);
    const messages = findings(cwd, run.stdout);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^compose\.override\.yaml \d+:\d+ Parsing error/);
    writeFileSync(path.join(cwd, "compose.override.yaml"), leakyOverride);
    expect(findings(cwd, runCli([...only, "--format", "json"], { cwd }).stdout)).toEqual(["compose.override.yaml 3:13 no-all-interface-publish"]);
  });
});
