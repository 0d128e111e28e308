// The GitHub Action's script: turns the action's inputs into compose-lint runs with the bundle
// shipped beside it (no install step, no network). Plain JavaScript: it runs as it is committed.
import { spawnSync } from "node:child_process";
import { appendFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const bundle = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist-bundle", "compose-lint.cjs");
const input = (name) => (process.env[`INPUT_${name}`] ?? "").trim();
const words = (text) => text.split(/\s+/).filter(Boolean);

/** The command-line arguments the inputs stand for; exported for the tests. */
export function argumentsFor(inputs = { paths: input("PATHS"), failOn: input("FAIL_ON"), format: input("FORMAT"), args: input("ARGS") }) {
  const args = [...words(inputs.args)];
  if (inputs.failOn) args.push("--fail-on", inputs.failOn);
  return { report: ["--format", inputs.format || "github", ...args, ...words(inputs.paths || ".")], common: args, paths: words(inputs.paths || ".") };
}

function run(args) {
  const result = spawnSync(process.execPath, [bundle, ...args], { stdio: "inherit", cwd: process.env.GITHUB_WORKSPACE || process.cwd() });
  if (result.error) throw result.error;
  return result.status ?? 2;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { report, common, paths } = argumentsFor();
  let status = run(report);
  if (input("SARIF_UPLOAD") === "true") {
    const sarifFile = input("SARIF_FILE") || "compose-lint.sarif";
    // The SARIF run decides nothing: the report run's exit code is the step's.
    const sarifStatus = run(["--format", "sarif", "--output-file", sarifFile, ...common, ...paths]);
    if (sarifStatus === 2) status = 2;
    else if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `sarif-file=${sarifFile}\n`);
  }
  process.exitCode = status;
}
