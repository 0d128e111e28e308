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
      "Fixed 4 problems:\n  3 services no longer publish their ports (moved to expose:) (prefer-expose-for-internal)\n  1 port entry now bound to a loopback address (no-all-interface-publish)\nWrote 1 file: compose.yaml\n",
    );
    expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(readFileSync(path.join(example, "fixed/compose.yaml"), "utf8"));
    // On its own (the override only gives context), the fixed file is clean.
    expect(runCli([path.join(example, "fixed/compose.yaml")])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("the quick start's lint of examples/ reports exactly the leaky files", () => {
    const run = runCli(["--format", "json", "examples/"]);
    const results = JSON.parse(run.stdout) as Array<{ filePath: string; errorCount: number }>;
    expect(results.map((result) => [path.relative(repoRoot, result.filePath), result.errorCount])).toEqual([
      ["examples/booking-platform/compose.yaml", 4],
      ["examples/booking-platform/fixed/compose.override.yaml", 1],
      ["examples/booking-platform/fixed/compose.yaml", 0],
    ]);
  });

  it("finds the leak that the server's override brings back, in the override", () => {
    const run = runCli(["--format", "json", path.join(example, "fixed")]);
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ line: number; column: number; ruleId: string }> }>;
    expect(results.map((result) => [path.basename(result.filePath), result.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`)])).toEqual([
      ["compose.override.yaml", ["5:5 prefer-expose-for-internal", "6:9 no-all-interface-publish"]],
      ["compose.yaml", []],
    ]);

    // --fix edits the override only: Postgres goes back to loopback, for an SSH tunnel.
    const cwd = makeProject({});
    for (const name of ["compose.yaml", "compose.override.yaml"]) copyFileSync(path.join(example, "fixed", name), path.join(cwd, name));
    expect(runCli(["--fix", "--quiet"], { cwd }).status).toBe(0);
    expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(readFileSync(path.join(example, "fixed/compose.yaml"), "utf8"));
    expect(readFileSync(path.join(cwd, "compose.override.yaml"), "utf8")).toBe(
      readFileSync(path.join(example, "fixed/compose.override.yaml"), "utf8").replace('"5432:5432"', '"127.0.0.1:5432:5432"'),
    );
  });
});
