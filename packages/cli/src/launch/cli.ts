// The `compose-lint` command (dist-bundle/compose-lint.cjs): the bundle through the compile
// cache, then the command. CommonJS, as the bundle: an ES module start costs Node 20 ~10 ms more.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as Bundle from "../bundle-entry.js";
import { loadBundle } from "./compile-cache.js";

/** The bundle's SHA-256, written in at build time (scripts/bundle.mjs). */
declare const BUNDLE_SHA256: string;

const cli = loadBundle(path.join(__dirname, "cli.cjs"), { bundleHash: BUNDLE_SHA256, write: true }) as typeof Bundle;
cli.main(process.argv.slice(2), { ...cli.defaultIo(), workerScript: pathToFileURL(path.join(__dirname, "cli-worker.cjs")) }).then((code) => {
  process.exitCode = code;
});
