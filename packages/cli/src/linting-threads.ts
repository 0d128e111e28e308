import os from "node:os";

/**
 * `auto` as ESLint's: half the cores, and a thread only for every 50 files. Each worker warms up
 * the linter on its own, and V8's compiler and collector threads need the other half: measured
 * here on 2 cores (shared), this thread and one worker took 6% less time than one thread for the
 * 595-file corpus, and as long for the 63 real repositories (1,356 files). So `auto` stays in one
 * thread below 4 cores.
 */
const AUTO_FILES_PER_THREAD = 50;

/**
 * How many threads lint, the command's own included (it takes a share while the workers start):
 * 0 or 1 lints in the command's thread alone.
 */
export function lintingThreads(option: number | "auto" | "off", fileCount: number, cores = os.availableParallelism()): number {
  if (option === "off" || fileCount === 0) return 0;
  if (typeof option === "number") return Math.min(option, fileCount);
  const count = Math.min(Math.floor(cores / 2), Math.floor(fileCount / AUTO_FILES_PER_THREAD));
  return count >= 2 ? count : 0;
}
