import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject, needsShared, runCli, sharedDir } from "./helpers.js";

const schemaShared = needsShared("the corpus schema errors");

/** The stylish report of one file, linted with valid-schema alone. */
function stylish(content: string): string {
  const cwd = makeProject({ "compose.yaml": content });
  const run = runCli(["--no-config-lookup", "--rule", "valid-schema: error"], { cwd });
  expect(run.status).toBe(1);
  return run.stdout;
}

const report = (line: string) => ["", "compose.yaml", line, "", "✖ 1 problem (1 error, 0 warnings)", ""].join("\n");

describe("valid-schema in the stylish report", () => {
  it("an unknown top-level key", () => {
    expect(stylish("services:\n  web:\n    image: nginx\nvolume:\n  data: {}\n")).toBe(
      report('  4:1  error  Unknown key "volume" in the top level (did you mean "volumes"?). Compose rejects unknown keys; extensions must start with x-.  valid-schema'),
    );
  });

  it("an unknown service key", () => {
    expect(stylish("services:\n  web:\n    image: nginx\n    frobnicate: true\n")).toBe(
      report('  4:5  error  Unknown key "frobnicate" in "services.web". Compose rejects unknown keys; extensions must start with x-.  valid-schema'),
    );
  });

  it("a misspelt key, with a suggestion", () => {
    expect(stylish("services:\n  web:\n    image: nginx\n    enviroment:\n      A: b\n")).toBe(
      report('  4:5  error  Unknown key "enviroment" in "services.web" (did you mean "environment"?). Compose rejects unknown keys; extensions must start with x-.  valid-schema'),
    );
  });

  it("a wrong type", () => {
    expect(stylish("services:\n  web:\n    image: nginx\n    ports: 8000\n")).toBe(report('  4:12  error  "services.web.ports" must be a list, not the number 8000.  valid-schema'));
  });

  it("a bad enum value", () => {
    expect(stylish("services:\n  web:\n    image: nginx\n    cgroup: shared\n")).toBe(report('  4:13  error  "services.web.cgroup" must be one of "host", "private", not "shared".  valid-schema'));
  });
});

describe.skipIf(schemaShared.skip)(schemaShared.title("schema errors in real files, at the right node"), () => {
  it.each([
    ["docker__compose/pkg/e2e/fixtures/wrong-composefile/compose.yaml", 4, 5, 'Unknown key "wrongField" in "services.simple"'],
    ["zhengqingya__docker-compose/Linux/jumpserver/docker-compose-xpack.yml", 1, 1, 'Unknown key "Version" in the top level (did you mean "version"?)'],
    ["compose-spec__compose-go/loader/testdata/extends/base.yaml", 25, 3, '"services.nil" must be a mapping, not empty'],
  ])("%s", (file, line, column, text) => {
    const run = runCli(["--no-config-lookup", "--rule", "valid-schema: error", "--format", "json", path.join(sharedDir, "corpus", file)]);
    const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string; line: number; column: number; message: string }> }>;
    const found = result!.messages.filter((message) => message.ruleId === "valid-schema");
    expect(found).toEqual([expect.objectContaining({ line, column, message: expect.stringContaining(text) })]);
  });
});
