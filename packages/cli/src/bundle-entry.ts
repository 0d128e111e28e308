// What dist-bundle/cli.cjs gives its launchers (launch/cli.ts, launch/worker.ts): no side effects
// at load, so that one compiled bundle serves the command and its worker threads.
export { defaultIo, filesInRun, lintedFiles, main } from "./main.js";

/** A --concurrency worker thread's work; the pool (and worker_threads) load only in workers and pooled runs. */
export async function runCliWorker(): Promise<void> {
  (await import("./parallel.js")).runCliWorker();
}
