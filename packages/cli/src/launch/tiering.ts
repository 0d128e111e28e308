// V8 tuned for a run over many files. V8 hands a function to its optimising compiler (TurboFan)
// after a fixed amount of running, a threshold made for pages that run for minutes. A lint of
// hundreds of files runs thousands of functions a few hundred times each: much of that compiling,
// on a second core, is for code that stops running soon after. Four times the threshold measured,
// on 2 cores: the 595-file corpus 10% faster with 20% less CPU; 1,150 files of real repositories
// 13% faster with 27% less CPU. One large file is the opposite case (20,000 services: lint 5%,
// --fix-dry-run 17% slower), and a small run compiles little either way: the command asks for
// this only for many files. When several threads lint, every core already runs one, and each
// thread's compiles take time from another's linting: eight times the threshold measured, on
// 2 cores with `--concurrency 2`, the corpus 6% faster (7% less CPU) than four times, real
// repositories 1-3% faster; with one thread, eight times was 2% slower than four.
import v8 from "node:v8";

/** The run size, in files, from which the threshold is raised (measured: 60 files 2% faster, 120 files 13%). */
export const MANY_FILES = 50;

/** How many times its default the threshold is raised to, for a run in one thread and in several. */
export const ONE_THREAD_FACTOR = 4;
export const SEVERAL_THREADS_FACTOR = 8;

/** The factor for a run linted in `threads` threads (0 or 1: the command's alone). */
export const tieringFactor = (threads: number) => (threads > 1 ? SEVERAL_THREADS_FACTOR : ONE_THREAD_FACTOR);

/**
 * The flag that sets V8's threshold to `factor` times its default (ONE_THREAD_FACTOR unless said), for the
 * V8 versions known to have it (an unknown flag is an error message on standard error): it changed
 * between Node 20 and 21.
 */
export function optimisationDelayFlag(v8Version: string, factor = ONE_THREAD_FACTOR): string | undefined {
  const [major = 0, minor = 0] = v8Version.split(".").map(Number);
  // V8 11.3 (Node 20): a budget of bytecode run, 66 KB by default.
  if (major === 11 && minor === 3) return `--interrupt-budget=${factor * 66 * 1024}`;
  // V8 11.8 to 14 (Node 21 to 25): a count of calls, 3,000 by default.
  if ((major === 11 && minor >= 8) || (major >= 12 && major <= 14)) return `--invocation-count-for-turbofan=${factor * 3000}`;
  return undefined;
}

let applied = false;
/** Whether this process raised the threshold (not the user, on node's command line). */
let raised = false;

/**
 * Raises the threshold once the run is known to lint `fileCount` files in `threads` threads (the
 * command's own included), if that is many files. V8's flags are the process's: the workers'
 * threshold moves too. `COMPOSE_LINT_DEBUG=tiering` says on standard error what it did.
 */
export function tuneForRun(fileCount: number, threads = 1, env: NodeJS.ProcessEnv = process.env, nodeOptions: readonly string[] = process.execArgv): void {
  if (applied || fileCount < MANY_FILES) return;
  applied = true;
  const flag = optimisationDelayFlag(process.versions.v8, tieringFactor(threads));
  const name = flag?.split("=")[0];
  // A threshold given on node's command line is the user's choice (V8 reads `_` and `-` alike).
  const given = name !== undefined && nodeOptions.some((option) => option.replaceAll("_", "-").startsWith(`${name}=`));
  if (flag && !given) {
    v8.setFlagsFromString(flag);
    raised = true;
  }
  if (env["COMPOSE_LINT_DEBUG"]?.split(",").includes("tiering")) {
    process.stderr.write(`compose-lint: tiering: ${!flag ? `unchanged (V8 ${process.versions.v8})` : given ? "unchanged (set on node's command line)" : flag}\n`);
  }
}

/**
 * Puts V8's threshold back to its default, as the process started. V8 rejects a code cache made
 * under other flags than the reading process has, and a flag set at run time counts: a cache made,
 * or a worker thread's cache read, after the threshold was raised would be rejected by every start.
 */
export function restoreDefaultTiering(): void {
  if (!raised) return;
  const flag = optimisationDelayFlag(process.versions.v8, 1);
  if (flag) v8.setFlagsFromString(flag);
  raised = false;
}
