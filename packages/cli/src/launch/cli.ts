// The `compose-lint` command (dist-bundle/compose-lint.cjs): the bundle through the compile
// cache, then the command. CommonJS, as the bundle: an ES module start costs Node 20 ~10 ms more.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as Bundle from "../bundle-entry.js";
import { loadBundle } from "./compile-cache.js";
import { tuneForRun } from "./tiering.js";

/** The bundle's SHA-256, written in at build time (scripts/bundle.mjs). */
declare const BUNDLE_SHA256: string;

/**
 * The runs whose compiled code is cached: ones that linted a few files. `--version` compiles too
 * little (every later lint would compile its path again), and hundreds of files compile much that
 * a single file never needs, which every later start would read (measured: a cache written after
 * one file, 618 KB, started a small file in 171 ms; one written after the 595-file corpus, 702 KB,
 * in 194 ms).
 */
const REPRESENTATIVE_RUN = { minFiles: 1, maxFiles: 20 };

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
  keep: (exports) => {
    const files = (exports as typeof Bundle).lintedFiles();
    return files >= REPRESENTATIVE_RUN.minFiles && files <= REPRESENTATIVE_RUN.maxFiles;
  },
}) as typeof Bundle;
cli.main(process.argv.slice(2), { ...cli.defaultIo(), workerScript: pathToFileURL(path.join(__dirname, "cli-worker.cjs")), tuneForRun }).then((code) => {
  process.exitCode = code;
});
