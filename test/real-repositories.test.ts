// Trees laid out the way real repositories lay out their Compose files (written here, not copied):
// `compose-lint` with no arguments at the root must lint every Compose file inside the project it
// belongs to, and report no reference as undefined that Compose would resolve.
import { symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RuleRegistry } from "@compose-lint/core";
import { loadProject, planProjects, readLintableFile, referenceQuestions, reusingParser } from "@compose-lint/core/node";
import { rules } from "@compose-lint/rules";
import { makeProject, runCli } from "./helpers.js";

interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; message: string; line: number }>;
}

function lint(cwd: string, args: string[] = []) {
  const run = runCli(["--format", "json", ...args], { cwd });
  const results = JSON.parse(run.stdout) as JsonResult[];
  return { run, byFile: Object.fromEntries(results.map((result) => [path.relative(cwd, result.filePath), result.messages.map((message) => message.ruleId ?? message.message)])) };
}

describe("real repository layouts, linted with no arguments", () => {
  it("a root file that includes one folder per service: the services use the root's networks and volumes", () => {
    const cwd = makeProject({
      "docker-compose.yml": "include:\n  - services/api/compose.yaml\n  - services/db/compose.yaml\nnetworks:\n  backend: {}\nvolumes:\n  dbdata: {}\n",
      "services/api/compose.yaml": "services:\n  api:\n    image: example/api:1.0\n    networks: [backend]\n    depends_on: [db]\n",
      "services/db/compose.yaml": "services:\n  db:\n    image: postgres:16.4\n    networks: [backend]\n    volumes: [dbdata:/var/lib/postgresql/data]\n",
    });
    const { run, byFile } = lint(cwd);
    expect(run.status, run.stdout).toBe(0);
    expect(byFile).toEqual({ "docker-compose.yml": [], "services/api/compose.yaml": [], "services/db/compose.yaml": [] });
    expect(runCli(["--print-projects"], { cwd }).stdout).toBe(
      "docker-compose.yml: a file on its own\n  services/api/compose.yaml: linted as part of this project (it includes or extends it)\n  services/db/compose.yaml: linted as part of this project (it includes or extends it)\n",
    );
  });

  it("an overlay meant for -f base -f overlay is merged after the base file above it", () => {
    const cwd = makeProject({
      "docker-compose.yml": "services:\n  elasticsearch:\n    image: elasticsearch:8.15.0\n    networks: [elk]\nnetworks:\n  elk: {}\n",
      "extensions/curator/curator-compose.yml": "services:\n  curator:\n    image: example/curator:1.0\n    depends_on: [elasticsearch]\n    networks: [elk]\n",
      // Nothing anywhere declares `nowhere`: still reported.
      "extensions/broken/broken-compose.yml": "services:\n  broken:\n    image: example/broken:1.0\n    networks: [nowhere]\n",
    });
    const { byFile } = lint(cwd);
    expect(byFile).toEqual({ "docker-compose.yml": [], "extensions/curator/curator-compose.yml": [], "extensions/broken/broken-compose.yml": ["no-undefined-references"] });
    expect(runCli(["--print-projects"], { cwd }).stdout).toContain(
      "docker-compose.yml + extensions/curator/curator-compose.yml: an overlay: its references resolve only merged after ../../docker-compose.yml\n  docker-compose.yml: context only (not reported here)",
    );
  });

  it("an overlay that needs another file of its folder too is merged after both (-f a -f b -f c)", () => {
    const cwd = makeProject({
      "compose.yaml": "services:\n  frontend:\n    image: example/frontend:1.0\n",
      "compose.observability.yaml": "services:\n  collector:\n    image: example/collector:1.0\n",
      "compose.agent.yaml": "services:\n  chatbot:\n    image: example/chatbot:1.0\n    depends_on: [collector, frontend]\n",
    });
    const { byFile } = lint(cwd);
    expect(byFile).toEqual({ "compose.agent.yaml": [], "compose.observability.yaml": [], "compose.yaml": [] });
    expect(runCli(["--print-projects"], { cwd }).stdout).toContain(
      "compose.yaml + compose.observability.yaml + compose.agent.yaml: an overlay: its references resolve only merged after compose.yaml and compose.observability.yaml\n",
    );
  });

  it("a file used through extends: { file } refers to secrets the extending file declares", () => {
    const cwd = makeProject({
      "common-services.yml": "services:\n  app-base:\n    image: example/app:1.0\n    secrets: [db_password]\n",
      "compose.yaml": "services:\n  app:\n    extends:\n      file: common-services.yml\n      service: app-base\nsecrets:\n  db_password:\n    file: ./db_password.txt\n",
    });
    const { run, byFile } = lint(cwd);
    expect(run.status, run.stdout).toBe(0);
    expect(byFile).toEqual({ "common-services.yml": [], "compose.yaml": [] });
  });

  it("the files that COMPOSE_FILE in the folder's .env lists form one project", () => {
    const cwd = makeProject({
      ".env": "COMPOSE_FILE=base.yml:extra.yml\n",
      "base.yml": "services:\n  web:\n    image: example/web:1.0\n    networks: [front]\nnetworks:\n  front: {}\n",
      "extra.yml": "services:\n  worker:\n    image: example/worker:1.0\n    networks: [front]\n",
    });
    const { run, byFile } = lint(cwd);
    expect(run.status, run.stdout).toBe(0);
    expect(byFile).toEqual({ "base.yml": [], "extra.yml": [] });
    expect(runCli(["--print-projects"], { cwd }).stdout).toBe("base.yml + extra.yml: the files COMPOSE_FILE lists in the folder's .env, merged in order\n");
  });

  it("projects declared in the config, for what a Makefile or a CI job combines", () => {
    const cwd = makeProject({
      ".compose-lint.yaml": "projects:\n  - files: [stack/core.yml, stack/addons.yml]\n",
      "stack/core.yml": "services:\n  web:\n    image: example/web:1.0\n    networks: [front]\nnetworks:\n  front: {}\n",
      // Resolves only with core.yml, which inference would not pair it with (another folder's file).
      "stack/addons.yml": "services:\n  worker:\n    image: example/worker:1.0\n    networks: [front]\n    depends_on: [web]\n",
    });
    const { run, byFile } = lint(cwd);
    expect(run.status, run.stdout).toBe(0);
    expect(byFile).toEqual({ "stack/addons.yml": [], "stack/core.yml": [] });
    expect(runCli(["--print-projects"], { cwd }).stdout).toBe("stack/core.yml + stack/addons.yml: declared in the config's projects\n");
    const bad = makeProject({ ".compose-lint.yaml": "projects:\n  - files: []\n", "compose.yaml": "services: {}\n" });
    expect(runCli([], { cwd: bad }).stderr).toMatch(/^compose-lint: .*\.compose-lint\.yaml:1:1: invalid configuration: "projects" must be a list of projects/);
  });

  it("a whole tree: purpose-named files found by content, a symlinked default file, an empty seam file", () => {
    const cwd = makeProject({
      "deploy/compose.v2.yaml": "services:\n  web:\n    image: example/web:1.0\n    ports: [\"127.0.0.1:8080:80\"]\n",
      "docker-compose-postgres.yml": "services:\n  db:\n    image: postgres:16.4\n    ports: [\"5432:5432\"]\n",
      "local/compose.yaml": "services:\n  tool:\n    image: example/tool:1.0\n",
      "local/compose.override.yaml": "# customise here; kept empty\n",
      ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
    });
    // A symlinked compose.yaml, as repositories that version their stacks do.
    symlinkSync("deploy/compose.v2.yaml", path.join(cwd, "compose.yaml"));
    const { run, byFile } = lint(cwd);
    expect(run.status).toBe(1);
    expect(byFile).toEqual({
      "compose.yaml": [],
      "docker-compose-postgres.yml": ["prefer-expose-for-internal", "no-all-interface-publish"],
      "local/compose.override.yaml": [],
      "local/compose.yaml": [],
    });
  });
});

describe("planning a folder of many files", () => {
  it("tries as a base only the siblings that define every name an overlay lacks, so a folder of templates costs loads and lookups in proportion to its files", () => {
    const files: Record<string, string> = { "compose.yaml": "services:\n  base:\n    image: example/base:1\n", ".git/HEAD": "ref: refs/heads/main\n" };
    // Templates that each lack a volume no file declares: nothing can be their base.
    const templates = 60;
    for (let index = 0; index < templates; index++) files[`templates/t${index}.yaml`] = `services:\n  app${index}:\n    image: example/app:1\n    volumes: [data${index}:/data]\n`;
    // An overlay that one sibling completes.
    files["templates/web.yaml"] = "services:\n  web:\n    image: example/web:1\n    depends_on: [cache]\n";
    files["templates/cache.yaml"] = "services:\n  cache:\n    image: redis:7.4\n";
    // An overlay that lacks two names, of which that sibling defines one: merged after it, it would still lack the other.
    files["templates/worker.yaml"] = "services:\n  worker:\n    image: example/worker:1\n    depends_on: [cache, queue]\n";
    const root = makeProject(files);
    const parse = reusingParser();
    const loaded = new Map<string, ReturnType<typeof loadProject>>();
    let loads = 0;
    let lookups = 0;
    const load = (projectFiles: string[]) => {
      lookups++;
      const key = projectFiles.join("\0");
      let project = loaded.get(key);
      if (!project) {
        loads++;
        loaded.set(key, (project = loadProject({ files: projectFiles, parse, environment: {}, boundary: root })));
      }
      return project;
    };
    const found = Object.keys(files).filter((name) => name.endsWith(".yaml")).map((name) => ({ path: path.join(root, name), explicit: false }));
    const plans = planProjects(found, { load, ...referenceQuestions(new RuleRegistry(rules), load, readLintableFile), boundaryOf: () => root });
    const web = plans.find((plan) => plan.report.has(path.join(root, "templates/web.yaml")));
    expect(web?.files.map((file) => path.relative(root, file))).toEqual(["compose.yaml", "templates/cache.yaml", "templates/web.yaml"]);
    const worker = plans.find((plan) => plan.report.has(path.join(root, "templates/worker.yaml")));
    expect(worker?.files.map((file) => path.relative(root, file))).toEqual(["templates/worker.yaml"]);
    expect(loaded.has(["compose.yaml", "templates/cache.yaml", "templates/worker.yaml"].map((name) => path.join(root, name)).join("\0"))).toBe(false);
    // Each file alone, each with the base, each sibling that defines "cache": about twice the files,
    // where trying every sibling with every template would be thousands.
    expect(loads).toBeLessThanOrEqual(3 * found.length);
    // Looking up a loaded project is cheap, but one lookup per sibling per template is quadratic:
    // 253 lookups here, 4,033 that way.
    expect(lookups).toBeLessThanOrEqual(6 * found.length);
  });
});
