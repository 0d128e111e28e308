// A --concurrency worker thread (dist-bundle/cli-worker.cjs): the same bundle and compile cache
// as the command's thread, which alone writes the cache.
import path from "node:path";
import type * as Bundle from "../bundle-entry.js";
import { loadBundle } from "./compile-cache.js";

declare const BUNDLE_SHA256: string;

void (loadBundle(path.join(__dirname, "cli.cjs"), { bundleHash: BUNDLE_SHA256 }) as typeof Bundle).runCliWorker();
