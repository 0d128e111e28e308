import { mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Linter, RuleRegistry, resolveConfig } from "@compose-lint/core";
import { comparePaths, ConfigResolver, discoverFiles, isInside, loadProject, readLintableFile, referenceQuestions, reusingParser } from "@compose-lint/core/node";
import { rules } from "@compose-lint/rules";
import { makeProject } from "./helpers.js";

describe("the order of files", () => {
  it("is folder by folder, then by code units: the same on every machine, whatever its locale", () => {
    const paths = ["/r/b.yml", "/r/a-c.yml", "/r/a/z.yml", "/r/B.yml", "/r/a/b/c.yml", "/r/a.yml", "/r/ä.yml", "/r/a0.yml"];
    expect([...paths].sort(comparePaths)).toEqual(["/r/B.yml", "/r/a/b/c.yml", "/r/a/z.yml", "/r/a-c.yml", "/r/a.yml", "/r/a0.yml", "/r/b.yml", "/r/ä.yml"]);
    expect(comparePaths("/r/a", "/r/a")).toBe(0);
    expect(comparePaths("/r/a", "/r/a/b")).toBeLessThan(0);
  });

  it("is the order in which discovery lists a folder's files, and the reports come", async () => {
    const root = makeProject({ "a-c/compose.yaml": "services: {}\n", "a/compose.yaml": "services: {}\n", "B/compose.yaml": "services: {}\n", "a.compose.yaml": "services: {}\n" });
    const found = await discoverFiles([root], root);
    expect(found.map((file) => path.relative(root, file.path))).toEqual(["B/compose.yaml", "a/compose.yaml", "a-c/compose.yaml", "a.compose.yaml"]);
  });
});

describe("isInside", () => {
  it("takes a folder and what is below it, and nothing beside it that shares its name's start", () => {
    const root = makeProject({ "app/compose.yaml": "services: {}\n", "app-old/compose.yaml": "services: {}\n" });
    const app = path.join(root, "app");
    expect(isInside(app, app)).toBe(true);
    expect(isInside(app, path.join(app, "compose.yaml"))).toBe(true);
    expect(isInside(app, path.join(app, "not-yet", "compose.yaml"))).toBe(true);
    expect(isInside(app, path.join(root, "app-old/compose.yaml"))).toBe(false);
    expect(isInside(app, root)).toBe(false);
    expect(isInside(app, path.join(app, "..", "app-old"))).toBe(false);
    expect(isInside(path.parse(root).root, path.join(app, "compose.yaml"))).toBe(true);
  });

  it("follows links: a link inside that leads out is outside", () => {
    const root = makeProject({ "project/compose.yaml": "services: {}\n", "elsewhere/secret.yaml": "services: {}\n" });
    mkdirSync(path.join(root, "project/linked"));
    symlinkSync(path.join(root, "elsewhere/secret.yaml"), path.join(root, "project/linked/secret.yaml"));
    expect(isInside(path.join(root, "project"), path.join(root, "project/linked/secret.yaml"))).toBe(false);
    expect(isInside(path.join(root, "elsewhere"), path.join(root, "project/linked/secret.yaml"))).toBe(true);
  });
});

describe("the filesystem's root as the folder (a run from /, with no repository)", () => {
  it("holds every project's config: the lookup keeps the folders below it", async () => {
    const project = makeProject({ ".compose-lint.yaml": "rules:\n  no-privileged: warn\n", "app/compose.yaml": "services: {}\n" });
    const resolver = new ConfigResolver(new RuleRegistry(rules), { cwd: path.parse(project).root });
    expect((await resolver.forFile(path.join(project, "app/compose.yaml"))).configPath).toBe(path.join(project, ".compose-lint.yaml"));
  });
});

describe("the planner's count of a file's undefined references", () => {
  const registry = new RuleRegistry(rules);
  const parse = reusingParser();
  const load = (files: string[]) => loadProject({ files, parse });
  const { unresolvedReferences } = referenceQuestions(registry, load, readLintableFile);
  const linter = new Linter(registry);
  const config = resolveConfig([{ config: { rules: { "no-undefined-references": "error" } }, where: "test" }], registry);
  const ruleCount = (file: string) => linter.verifyProject(load([file]), config).find((result) => result.path === file)!.messages.filter((message) => message.ruleId === "no-undefined-references").length;

  it("is what no-undefined-references reports, whether or not the rule had to run to say so", () => {
    const root = makeProject({
      "clean.yaml": "services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n  db:\n    image: postgres:16\n",
      "missing.yaml": "services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n    networks: [front]\n",
      "untyped-bind.yaml": "services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - source: ./html\n        target: /usr/share/nginx/html\n",
      "disabled.yaml": "services:\n  web:\n    image: nginx:1.27\n    # compose-lint-disable-next-line no-undefined-references\n    depends_on: [db]\n",
      "broken.yaml": "services:\n  web: [\n",
    });
    const counts = Object.fromEntries(["clean", "missing", "untyped-bind", "disabled", "broken"].map((name) => [name, unresolvedReferences!([path.join(root, `${name}.yaml`)], path.join(root, `${name}.yaml`))]));
    expect(counts).toEqual({ clean: 0, missing: 2, "untyped-bind": 1, disabled: 0, broken: 0 });
    for (const name of Object.keys(counts)) expect(counts[name], name).toBe(ruleCount(path.join(root, `${name}.yaml`)));
  });
});
