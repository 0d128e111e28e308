// A --concurrency worker thread (dist-bundle/cli-worker.cjs): the same bundle and compile cache
// as the command's thread, which alone writes the cache.
import path from "node:path";
import { workerData } from "node:worker_threads";
import type * as Bundle from "../bundle-entry.js";
import { loadBundle } from "./compile-cache.js";

declare const BUNDLE_SHA256: string;

// Workers run only in runs over many files: the cache of such a run is theirs.
const bundle = loadBundle(path.join(__dirname, "cli.cjs"), { bundleHash: BUNDLE_SHA256, expected: "many", thread: "worker" }) as typeof Bundle;
// Loaded, so V8 has checked the cache against its flags: the command's thread may now change them.
const loaded = (workerData as { loaded?: unknown } | undefined)?.loaded;
// The command's thread reads the count between projects; nothing waits on it.
if (loaded instanceof Int32Array) Atomics.add(loaded, 0, 1);
void bundle.runCliWorker();
