// The language server's entry point: what the bundle in dist-bundle/ starts from. The same file runs
// the lint worker, so that the bundle stays one self-contained file.
import { isMainThread, workerData } from "node:worker_threads";
import { isLintWorker, runLintWorker } from "./lint-worker.js";
import { startServer } from "./server.js";

if (!isMainThread && isLintWorker(workerData)) runLintWorker();
else startServer(undefined, { workerScript: new URL(import.meta.url) });
