import { copyFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject, repoRoot, runCli } from "./helpers.js";

const example = path.join(repoRoot, "examples/booking-platform");

describe("examples/booking-platform", () => {
  it("reports the leaks of the story, where they are", () => {
    const run = runCli(["--format", "json", path.join(example, "compose.yaml")]);
    expect(run.status).toBe(1);
    const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ line: number; column: number; ruleId: string }> }>;
    expect(result!.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`)).toEqual([
      "16:5 prefer-expose-for-internal",
      "17:9 no-all-interface-publish",
      "26:5 prefer-expose-for-internal",
      "27:9 no-all-interface-publish",
      "41:5 prefer-expose-for-internal",
      "42:9 no-all-interface-publish",
      "51:9 no-all-interface-publish",
    ]);
  });

  it("--fix gives the target topology in fixed/compose.yaml, which is clean", () => {
    const cwd = makeProject({});
    copyFileSync(path.join(example, "compose.yaml"), path.join(cwd, "compose.yaml"));
    const run = runCli(["--fix"], { cwd });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      "Fixed 4 problems:\n  3 services no longer publish their ports (moved to expose:) (prefer-expose-for-internal)\n  1 port entry now bound to a loopback address (no-all-interface-publish)\n",
    );
    expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(readFileSync(path.join(example, "fixed/compose.yaml"), "utf8"));
    expect(runCli([path.join(example, "fixed/compose.yaml")])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("the quick start's lint of examples/ reports exactly the leaky file", () => {
    const run = runCli(["--format", "json", "examples/"]);
    const results = JSON.parse(run.stdout) as Array<{ filePath: string; errorCount: number }>;
    expect(results.map((result) => [path.relative(repoRoot, result.filePath), result.errorCount])).toEqual([
      ["examples/booking-platform/compose.yaml", 4],
      ["examples/booking-platform/fixed/compose.yaml", 0],
    ]);
  });
});
