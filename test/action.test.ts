import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { makeProject, repoRoot, runAsync } from "./helpers.js";

const LEAK = 'services:\n  web:\n    image: example/web:1.0\n    ports:\n      - "8000:8000"\n';
const script = path.join(repoRoot, "action/run.mjs");

interface ActionDefinition {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: Array<{ id?: string; run?: string; uses?: string; if?: string; env?: Record<string, string>; with?: Record<string, string> }> };
}

/** Runs the action's script as the composite step does: inputs as INPUT_* variables. */
function runAction(workspace: string, inputs: Record<string, string>) {
  const outputFile = path.join(workspace, "github-output");
  writeFileSync(outputFile, "");
  const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, NO_COLOR: "1" };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replaceAll("-", "_")}`] = value;
  return runAsync(process.execPath, [script], { cwd: repoRoot, env }).then((run) => ({ ...run, outputs: readFileSync(outputFile, "utf8") }));
}

describe("the GitHub Action", () => {
  const action = parseDocument(readFileSync(path.join(repoRoot, "action.yml"), "utf8")).toJS() as ActionDefinition;

  it("is a composite action whose script gets every input, and uploads SARIF only when asked", () => {
    expect(action.runs.using).toBe("composite");
    const [lint, upload] = action.runs.steps;
    expect(lint!.run).toBe('node "$GITHUB_ACTION_PATH/action/run.mjs"');
    for (const name of Object.keys(action.inputs)) expect(lint!.env?.[`INPUT_${name.toUpperCase().replaceAll("-", "_")}`]).toBe(`\${{ inputs.${name} }}`);
    expect(upload!.uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    expect(upload!.if).toContain("inputs.sarif-upload == 'true'");
    expect(upload!.with?.["sarif_file"]).toBe("${{ steps.lint.outputs.sarif-file }}");
  });

  it("annotates a leak and fails the step; writes and names the SARIF report when asked", async () => {
    const workspace = makeProject({ "compose.yaml": LEAK });
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, String(input.default)]));
    const run = await runAction(workspace, { ...defaults, "sarif-upload": "true" });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error file=compose\.yaml,line=5,col=9,endLine=5,endColumn=20,title=no-all-interface-publish::/m);
    expect(run.outputs).toBe("sarif-file=compose-lint.sarif\n");
    const sarif = JSON.parse(readFileSync(path.join(workspace, "compose-lint.sarif"), "utf8")) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0]!.results.map((result) => result.ruleId)).toEqual(["no-all-interface-publish"]);
  });

  it("passes paths, fail-on and extra arguments through; writes no SARIF unless asked", async () => {
    const workspace = makeProject({ "deploy/compose.yaml": LEAK, "other/compose.yaml": LEAK, "strict.yaml": "rules:\n  no-all-interface-publish: warn\n" });
    const run = await runAction(workspace, { paths: "deploy", "fail-on": "critical", format: "json", args: "--config strict.yaml", "sarif-upload": "false" });
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ severity: number }> }>;
    expect(results.map((result) => path.relative(workspace, result.filePath))).toEqual(["deploy/compose.yaml"]);
    expect(results[0]!.messages.map((message) => message.severity)).toEqual([1]);
    expect(run.outputs).toBe("");
    expect(existsSync(path.join(workspace, "compose-lint.sarif"))).toBe(false);
  });
});
