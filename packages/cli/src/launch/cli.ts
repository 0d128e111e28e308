// The `compose-lint` command (dist-bundle/compose-lint.cjs): the bundle through the compile
// cache, then the command. CommonJS, as the bundle: an ES module start costs Node 20 ~10 ms more.
import { statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as Bundle from "../bundle-entry.js";
import { loadBundle, type RunSize } from "./compile-cache.js";
import { MANY_FILES, restoreDefaultTiering, tuneForRun } from "./tiering.js";

/** The bundle's SHA-256, written in at build time (scripts/bundle.mjs). */
declare const BUNDLE_SHA256: string;

/**
 * The size of a run, for the compile cache: a run in which this thread linted nothing compiled too
 * little to keep (every later lint would compile its path again); one over many files is one V8 is
 * tuned for (tiering.ts).
 */
function runSize(bundle: typeof Bundle): RunSize | undefined {
  if (bundle.lintedFiles() === 0) return undefined;
  return bundle.filesInRun() >= MANY_FILES ? "many" : "few";
}

/**
 * A run that names a folder (`.`, a repository) or many files is expected to lint many files; one
 * that names a few files (pre-commit, an editor), a few.
 */
function expectedRunSize(args: readonly string[]): RunSize {
  let named = 0;
  for (const arg of args) {
    if (arg.startsWith("-")) continue;
    if (++named >= MANY_FILES) return "many";
    try {
      if (statSync(arg).isDirectory()) return "many";
    } catch {
      // Not a path: an option's value.
    }
  }
  return "few";
}

// `compose-lint . | head`: once the reader has gone, the rest of the report has nowhere to go. The
// run ends as it would have (its fixes written, its exit code), without Node's stack trace for the
// unhandled EPIPE; any other failure to write the report is one line and exit code 2.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") return;
  process.stderr.write(`compose-lint: cannot write the report: ${error.message}\n`);
  process.exit(2);
});

const cli = loadBundle(path.join(__dirname, "cli.cjs"), {
  bundleHash: BUNDLE_SHA256,
  expected: expectedRunSize(process.argv.slice(2)),
  runSize: (exports) => runSize(exports as typeof Bundle),
  beforeWrite: restoreDefaultTiering,
}) as typeof Bundle;
cli.main(process.argv.slice(2), { ...cli.defaultIo(), workerScript: pathToFileURL(path.join(__dirname, "cli-worker.cjs")), tuneForRun }).then((code) => {
  process.exitCode = code;
});
