// `pnpm bench`: the speed table of issue #13, each row against its reference measured in the same
// run, in alternation (a shared, noisy machine makes only ratios meaningful). Whole processes
// from cold unless the row says otherwise; medians of BENCH_ROUNDS rounds (default 5) after a
// warm-up.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { globbySync } from "globby";
import { LineCounter, parseDocument } from "yaml";
import { Linter, RuleRegistry, resolveConfig } from "@compose-lint/core";
import { rules } from "@compose-lint/rules";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const corpus = path.resolve(root, "../shared/corpus");
if (!existsSync(corpus)) {
  console.error(`bench: ${corpus} is missing`);
  process.exit(2);
}
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const bundle = path.join(root, "dist-bundle/compose-lint.cjs");
const workspaceBin = path.join(root, "packages/cli/bin/compose-lint.cjs");
const parseOnly = path.join(root, "scripts/parse-only.mjs");
const work = mkdtempSync(path.join(tmpdir(), "compose-lint-bench-"));
// A compile cache of the bench's own, written by one small file before anything is measured: a
// user's steady state, not whatever run (a test's, a corpus's) last wrote the shared cache.
process.env.NODE_COMPILE_CACHE = path.join(work, "compile-cache");

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(run, times = rounds) {
  run(); // warm-up: JIT and file cache
  const samples = [];
  for (let round = 0; round < times; round++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

// Exit 1 is "findings"; the peer exits 2 when some files do not parse, and still lints the rest.
function spawnRun(command, args, cwd = root, statuses = [0, 1]) {
  return () => {
    const result = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
    if (!statuses.includes(result.status)) throw new Error(`${[command, ...args].join(" ").slice(0, 200)} exited ${result.status}: ${result.stderr}`);
  };
}
const node = (args, cwd, times) => time(spawnRun(process.execPath, args, cwd), times);

/**
 * A case and its reference, measured in alternation (a, b, a, b, ...) after `warmUps` runs of each:
 * a noisy neighbour then slows both alike, and the ratio stays meaningful. Medians.
 */
function paired(runCase, runReference, times = rounds, warmUps = 1) {
  for (let round = 0; round < warmUps; round++) {
    runCase();
    runReference();
  }
  const caseSamples = [];
  const referenceSamples = [];
  for (let round = 0; round < times; round++) {
    for (const [run, samples] of [[runCase, caseSamples], [runReference, referenceSamples]]) {
      const start = performance.now();
      run();
      samples.push(performance.now() - start);
    }
  }
  return [median(caseSamples), median(referenceSamples)];
}
const nodeRun = (args, cwd) => spawnRun(process.execPath, args, cwd);
function pairedRow(name, caseArgs, referenceArgs, referenceName, goal, { cwd, times } = {}) {
  const [value, reference] = paired(nodeRun(caseArgs, cwd), nodeRun(referenceArgs, cwd), times);
  row(name, value, reference, referenceName, goal);
}

const rows = [];
const ms = (value) => `${value.toFixed(0)} ms`;
function row(name, value, reference, referenceName, goal) {
  const ratio = value / reference;
  rows.push({ name, value: ms(value), reference: `${ms(reference)} (${referenceName})`, ratio: `${ratio.toFixed(2)}x`, goal: goal ? `<= ${goal}x ${ratio <= goal ? "met" : "NOT met"}` : "" });
}

const small = path.join(root, "examples/booking-platform/compose.yaml");
for (const entry of [bundle, workspaceBin]) spawnRun(process.execPath, [entry, small])();

// 1. The corpus: in one warm process, and as whole processes, serial and with workers.
const files = globbySync("**/*.{yml,yaml}", { cwd: corpus, dot: true }).sort();
const texts = files.map((file) => readFileSync(path.join(corpus, file), "utf8"));
const registry = new RuleRegistry(rules);
const config = resolveConfig([{ config: { extends: ["recommended"] }, where: "bench" }], registry);
const linter = new Linter(registry);
const WARM_UPS = 5;
const [lintWarm, parseWarm] = paired(
  () => {
    for (const text of texts) linter.verify(text, config);
  },
  () => {
    for (const text of texts) parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: false });
  },
  rounds,
  // Warm means optimised: the first rounds still compile (measured: 431, 229, 200, 224, then ~155 ms).
  WARM_UPS,
);
row(`corpus (${files.length} files), Linter.verify in one warm process`, lintWarm, parseWarm, "yaml parse, warm", 1.5);
const parseArgs = [parseOnly, ...files];
const lintArgs = ["--format", "json", "--no-config-lookup", "."];
const corpusOptions = { cwd: corpus };
pairedRow("corpus, bundle, one thread", [bundle, ...lintArgs, "--concurrency", "off"], parseArgs, "node + yaml parse process", 1.5, corpusOptions);
pairedRow("corpus, bundle, --concurrency 2 (this thread and a worker)", [bundle, ...lintArgs, "--concurrency", "2"], parseArgs, "node + yaml parse process", 1, corpusOptions);
pairedRow("corpus, workspace bin (pnpm exec's path)", [workspaceBin, ...lintArgs], parseArgs, "node + yaml parse process", 1.5, corpusOptions);

// 2. One small file, cold, from each entry point: a run is short, and a neighbour's burst moves one
// sample by a third, so these take three times the rounds.
pairedRow("one small file, bundle", [bundle, small], ["-e", "0"], "node -e 0", 1.6, { times: rounds * 3 });
pairedRow("one small file, workspace bin", [workspaceBin, small], ["-e", "0"], "node -e 0", 1.6, { times: rounds * 3 });

// 3. Large and adversarial inputs.
const service = (index) => `  s${index}:\n    image: example/app:1.${index}\n    ports: ["127.0.0.1:${10000 + (index % 50000)}:80"]\n    environment:\n      MODE: production\n`;
const large = path.join(work, "large/compose.yaml");
mkdirSync(path.dirname(large));
writeFileSync(large, `services:\n${Array.from({ length: 5000 }, (_, index) => service(index)).join("")}`);
pairedRow("one 5,000-service file", [bundle, "--no-config-lookup", large], [parseOnly, large], "node + yaml parse process", 1.3, { times: 3 });

const chain = (count) => {
  const file = path.join(work, `chain-${count}/compose.yaml`);
  mkdirSync(path.dirname(file));
  const services = Array.from({ length: count }, (_, index) =>
    index === 0 ? "  s0:\n    image: example/base:1\n" : `  s${index}:\n    extends: { service: s${index - 1} }\n`,
  );
  writeFileSync(file, `services:\n${services.join("")}`);
  return [bundle, "--no-config-lookup", file];
};
pairedRow("extends chain of 1,000 services", chain(1000), chain(500), "the same, 500", 2.5, { times: 3 });

const anchors = path.join(work, "anchors/compose.yaml");
mkdirSync(path.dirname(anchors));
const anchorLines = Array.from({ length: 100_000 }, (_, index) => `  a${index}: &a${index} v${index}\n`);
const aliasLines = Array.from({ length: 14_000 }, (_, index) => `      A${index}: *a${index * 7}\n`);
writeFileSync(anchors, `x-values:\n${anchorLines.join("")}services:\n  web:\n    image: example/web:1\n    environment:\n${aliasLines.join("")}`);
// yaml's own parseDocument takes minutes here (it scans every anchor for every alias): the
// reference is the same file with the aliases written out.
const plain = path.join(work, "anchors/plain.yaml");
writeFileSync(plain, readFileSync(anchors, "utf8").replace(/\*a(\d+)/g, "v$1"));
pairedRow("100k anchors, 14k aliases", [bundle, "--no-config-lookup", anchors], [bundle, "--no-config-lookup", plain], "the same without aliases", 2, { times: 3 });

const huge = path.join(work, "huge/compose.yaml");
mkdirSync(path.dirname(huge));
writeFileSync(huge, `services:\n${Array.from({ length: 20_000 }, (_, index) => service(index).replace("127.0.0.1:", "")).join("")}`);
pairedRow("20,000 services, lint", [bundle, "--no-config-lookup", huge], [parseOnly, huge], "node + yaml parse process", 2, { times: 3 });
pairedRow("20,000 services, --fix-dry-run", [bundle, "--no-config-lookup", "--fix-dry-run", huge], [parseOnly, huge], "node + yaml parse process", 3, { times: 3 });

// 5. The language server: from a change to its diagnostics, with no debounce, against a cold
// command-line run on the same 300-line file.
const serverBundle = path.join(root, "dist-bundle/compose-lint-language-server.mjs");
const editorFile = path.join(work, "editor/compose.yaml");
mkdirSync(path.dirname(editorFile), { recursive: true });
const editorText = `services:\n${Array.from({ length: 30 }, (_, index) => `  svc${index}:\n    image: example/svc${index}:1.${index}\n    restart: unless-stopped\n    environment:\n      LOG_LEVEL: info\n      PORT: "${8000 + index}"\n    ports:\n      - "127.0.0.1:${8000 + index}:${8000 + index}"\n    healthcheck:\n      test: ["CMD", "true"]`).join("\n")}\n`;
writeFileSync(editorFile, editorText);
row(`language server, one change to its diagnostics (${editorText.split("\n").length - 1}-line file, no debounce)`, await serverChangeTime(), node([bundle, editorFile], path.dirname(editorFile)), "one cold CLI run on the file", 0.25);

async function serverChangeTime() {
  const { spawn } = await import("node:child_process");
  const { pathToFileURL } = await import("node:url");
  const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = await import("vscode-languageserver-protocol/node");
  const child = spawn(process.execPath, [serverBundle, "--stdio"], { cwd: path.dirname(editorFile), stdio: ["pipe", "pipe", "inherit"] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map();
  connection.onNotification("textDocument/publishDiagnostics", (params) => waiting.get(params.version)?.());
  connection.listen();
  await connection.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(path.dirname(editorFile)).href, capabilities: {}, initializationOptions: { lintDebounceMs: 0 } });
  await connection.sendNotification("initialized", {});
  const uri = pathToFileURL(editorFile).href;
  const published = (version) => new Promise((resolve) => waiting.set(version, resolve));
  const opened = published(1);
  await connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text: editorText } });
  await opened;
  const samples = [];
  for (let version = 2; version < 2 + 5 + rounds * 4; version++) {
    const done = published(version);
    const start = performance.now();
    await connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text: `${editorText}# edit ${version}\n` }] });
    await done;
    if (version >= 7) samples.push(performance.now() - start); // after five warm-up changes
  }
  child.kill();
  return median(samples);
}

// 4. The Python peer, when it is installed (`pip install` of tmatens/compose-lint gives a
// `compose-lint` command; set BENCH_PEER to it). Both lint the same files: the corpus, or the
// Compose files listed one per line in BENCH_PEER_FILES (real repositories, say).
const peer = process.env.BENCH_PEER;
if (peer) {
  const listed = process.env.BENCH_PEER_FILES;
  const peerFiles = listed ? readFileSync(listed, "utf8").split("\n").filter(Boolean).map((file) => path.resolve(file)) : files.map((file) => path.join(corpus, file));
  const [ours, peerTime] = paired(nodeRun([bundle, "--format", "json", "--no-config-lookup", ...peerFiles], corpus), spawnRun(peer, ["check", "--format", "json", ...peerFiles], corpus, [0, 1, 2]), 3);
  row(`${peerFiles.length} files${listed ? ` of ${path.basename(listed)}` : " of the corpus"} vs the Python peer`, ours, peerTime, "the peer", 0.5);
}

console.log(`median of ${rounds} rounds (${rounds * 3} for one small file, 3 for the large inputs) after a warm-up (${WARM_UPS} in the warm process); ${process.env.BENCH_PEER ? "" : "set BENCH_PEER to the peer's command (and BENCH_PEER_FILES to a list of files) to add its row; "}inputs in ${work}`);
console.log("");
const widths = ["name", "value", "reference", "ratio", "goal"].map((key) => Math.max(key.length, ...rows.map((entry) => entry[key].length)));
const line = (cells) => `| ${cells.map((cell, index) => cell.padEnd(widths[index])).join(" | ")} |`;
console.log(line(["case", "time", "reference", "ratio", "goal"]));
console.log(line(widths.map((width) => "-".repeat(width))));
for (const entry of rows) console.log(line([entry.name, entry.value, entry.reference, entry.ratio, entry.goal]));
