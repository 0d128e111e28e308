// Times `compose-lint --format json` over ../shared/corpus against parsing the same files with
// `yaml` alone, in one run so that the ratio means something on a shared, noisy machine.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { globbySync } from "globby";
import { LineCounter, parseDocument } from "yaml";
import { composeSchema, Linter, RuleRegistry, resolveConfig } from "@compose-lint/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import { rules } from "@compose-lint/rules";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const corpus = path.resolve(root, "../shared/corpus");
if (!existsSync(corpus)) {
  console.error(`bench: ${corpus} is missing`);
  process.exit(2);
}
const files = globbySync("**/*.{yml,yaml}", { cwd: corpus, dot: true }).sort();
const texts = files.map((file) => readFileSync(path.join(corpus, file), "utf8"));
const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(run) {
  run(); // warm-up: JIT and file cache
  const samples = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const registry = new RuleRegistry(rules);
const config = resolveConfig([{ config: { extends: ["recommended"] }, where: "bench" }], registry);
const linter = new Linter(registry);

const parseOnly = time(() => {
  for (const text of texts) parseDocument(text, { lineCounter: new LineCounter() });
});
const lintInProcess = time(() => {
  for (const text of texts) linter.verify(text, config);
});
function spawnTime(args) {
  return time(() => {
    const result = spawnSync(process.execPath, args, { cwd: corpus, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (result.status !== 0 && result.status !== 1) throw new Error(`${args[0]} exited ${result.status}: ${result.stderr}`);
  });
}

// Both as whole processes from cold, so start-up and module loading count on both sides. The
// bundle is what npm installs (pre-commit, global installs); the workspace bin loads ~60 modules.
const cli = spawnTime([path.join(root, "dist-bundle/compose-lint.mjs"), "--format", "json", "--no-config-lookup", ...files]);
const cliUnbundled = spawnTime([path.join(root, "packages/cli/bin/compose-lint.js"), "--format", "json", "--no-config-lookup", ...files]);
const parseProcess = spawnTime([path.join(root, "scripts/parse-only.mjs"), ...files]);
const nodeStartup = spawnTime(["-e", ""]);

const ms = (value) => `${value.toFixed(0)} ms`.padStart(8);
const ratio = (value, base) => `${(value / base).toFixed(2)}x`;
console.log(`corpus: ${files.length} files, ${(bytes / 1024 / 1024).toFixed(2)} MiB; median of ${rounds} rounds after a warm-up`);
console.log("");
console.log("whole processes, from cold");
console.log(`  compose-lint --format json (bundle)     ${ms(cli)}`);
console.log(`  node + yaml parseDocument of each file  ${ms(parseProcess)}`);
console.log(`  ratio                                   ${ratio(cli, parseProcess).padStart(8)}  (target <= 2x)`);
console.log(`  compose-lint from the workspace modules ${ms(cliUnbundled)}  ratio ${ratio(cliUnbundled, parseProcess)}`);
console.log(`  (node itself starts in                  ${ms(nodeStartup)})`);
console.log("");
console.log("in one warm process");
console.log(`  Linter.verify, recommended rules        ${ms(lintInProcess)}`);
console.log(`  yaml parseDocument                      ${ms(parseOnly)}`);
console.log(`  ratio                                   ${ratio(lintInProcess, parseOnly).padStart(8)}`);

// Start-up: one small file, the schema validator precompiled (shipped) against no schema rule at
// all, and what compiling the schema at every start would add.
const single = path.join(root, "examples/booking-platform/compose.yaml");
const bin = path.join(root, "packages/cli/bin/compose-lint.js");
const configDir = mkdtempSync(path.join(tmpdir(), "compose-lint-bench-"));
const noSchemaConfig = path.join(configDir, "no-schema.yaml");
writeFileSync(noSchemaConfig, "extends: [recommended]\nrules:\n  valid-schema: off\n");
const schemaConfig = path.join(configDir, "schema.yaml");
writeFileSync(schemaConfig, "extends: [recommended]\n");
const withSchema = spawnTime([bin, "--config", schemaConfig, single]);
const withoutSchema = spawnTime([bin, "--config", noSchemaConfig, single]);
const compileAtRun = time(() => new Ajv2020({ allErrors: true, strict: false }).compile(composeSchema));
console.log("");
console.log("one file (examples/booking-platform/compose.yaml), whole CLI process");
console.log(`  recommended rules, precompiled schema    ${ms(withSchema)}`);
console.log(`  recommended rules, valid-schema off      ${ms(withoutSchema)}`);
console.log(`  compiling the schema at run time would add ${ms(compileAtRun)} (warm; more from cold)`);
