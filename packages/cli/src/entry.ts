// The command's entry point: what the bundle in dist-bundle/ starts from. The same file runs the
// lint worker threads of --concurrency, so that the bundle stays one self-contained file.
import { isMainThread, workerData } from "node:worker_threads";
import { defaultIo, main } from "./main.js";
import { isCliWorker, runCliWorker } from "./parallel.js";

if (!isMainThread && isCliWorker(workerData)) runCliWorker();
else process.exitCode = await main(process.argv.slice(2), { ...defaultIo(), workerScript: new URL(import.meta.url) });
