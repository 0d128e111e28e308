import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigResolver, isOtherLintersConfig } from "@compose-lint/core/node";
import { RuleRegistry } from "@compose-lint/core";
import { rules } from "@compose-lint/rules";
import { makeProject } from "./helpers.js";

describe("recognising tmatens/compose-lint's config", () => {
  const cases: Array<[string, string, boolean]> = [
    ["its rules, each with an id CL-nnnn", "rules:\n  CL-0001:\n    enabled: false\n  CL-0018:\n    severity: low\n", true],
    ["one rule with a per-service exclusion", "rules:\n  CL-0005:\n    exclude_services:\n      web: reason\n", true],
    ["this linter's rules", "rules:\n  no-privileged: error\n", false],
    ["ids of both", "rules:\n  CL-0001:\n    enabled: false\n  no-privileged: error\n", false],
    ["another top-level key", "extends: [recommended]\nrules:\n  CL-0001:\n    enabled: false\n", false],
    ["no rules", "rules: {}\n", false],
    ["a lowercase id", "rules:\n  cl-0001: off\n", false],
    ["not YAML", "rules: [\n", false],
    ["a list", "- rules\n", false],
  ];
  for (const [name, text, expected] of cases) {
    it(`${expected ? "is" : "is not"}: ${name}`, () => {
      const cwd = makeProject({ ".compose-lint.yml": text });
      expect(isOtherLintersConfig(path.join(cwd, ".compose-lint.yml"))).toBe(expected);
    });
  }

  it("only in a YAML file", () => {
    const cwd = makeProject({ ".compose-lint.json": '{"rules": {"CL-0001": {"enabled": false}}}' });
    expect(isOtherLintersConfig(path.join(cwd, ".compose-lint.json"))).toBe(false);
  });
});

describe("config lookup past tmatens/compose-lint's config", () => {
  const peer = "rules:\n  CL-0001:\n    enabled: false\n";
  const registry = new RuleRegistry(rules);

  it("takes the next name in the same folder, then the folders above, and lists what it passed over", async () => {
    const cwd = makeProject({
      ".git/HEAD": "",
      ".compose-lint.yaml": "rules:\n  no-privileged: warn\n",
      "a/.compose-lint.yml": peer,
      "a/.compose-lint.json": '{"rules": {"no-privileged": "off"}}',
      "b/.compose-lint.yml": peer,
    });
    const resolver = new ConfigResolver(registry, { cwd });
    expect((await resolver.forFile(path.join(cwd, "a/compose.yaml"))).configPath).toBe(path.join(cwd, "a/.compose-lint.json"));
    expect((await resolver.forFile(path.join(cwd, "b/compose.yaml"))).configPath).toBe(path.join(cwd, ".compose-lint.yaml"));
    expect(resolver.otherLintersConfigs).toEqual([path.join(cwd, "a/.compose-lint.yml"), path.join(cwd, "b/.compose-lint.yml")]);
  });

  it("uses the defaults at the repository root when that config is the only one", async () => {
    const cwd = makeProject({ ".git/HEAD": "", ".compose-lint.yml": peer });
    const resolver = new ConfigResolver(registry, { cwd });
    const fileConfig = await resolver.forFile(path.join(cwd, "compose.yaml"));
    expect(fileConfig.configPath).toBeUndefined();
    expect(fileConfig.config.rules.get("no-all-interface-publish")?.severity).toBe(2);
  });
});
