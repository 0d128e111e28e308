// `--concurrency`: linting many projects in several threads, the command's own and workers started
// from the bundle's worker launcher (launch/worker.ts). The command's thread groups the files into
// projects, which reads each file once but parses only those that mention `include` or `extends`;
// each thread then settles and lints a contiguous share of the projects (so that a folder's base
// file is parsed in one thread), the command's thread the first, and it orders and reports, as in
// a serial run.
import { parentPort, Worker, workerData } from "node:worker_threads";
import { RuleRegistry } from "@compose-lint/core";
import { FolderListings, settlePlan, type ProjectPlan } from "@compose-lint/core/node";
import { rules } from "@compose-lint/rules";
import { parseCliArgs } from "./args.js";
import type { LintResult } from "./formatters/index.js";
import { cliConfigResolver, lintProject, planContext, sharedRunState, type LintRun } from "./lint-project.js";
import type { CliIo } from "./main.js";

const ROLE = "compose-lint-cli-worker";

export interface CliWorkerSettings {
  role: typeof ROLE;
  argv: readonly string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** How many workers have loaded the bundle (launch/worker.ts counts itself in). */
  loaded: Int32Array;
}

/** A project's reports, or why linting it failed. */
export type PlanOutcome = { results: LintResult[] } | { failure: string };

/** Plans to settle and lint; `found` is every file of the run (an overlay's base may be another one). */
type Request = { plans: ProjectPlan[]; found: readonly string[] };
/** Each plan's outcome, and its files and reason once settled (an overlay gains its base files). */
type Response = { ok: true; outcomes: PlanOutcome[]; settled: Array<Pick<ProjectPlan, "files" | "reason">> } | { ok: false; error: string };

export class WorkerPool {
  private readonly workers: Worker[];
  /** Workers that have stopped (a crash at start, say): asking them fails at once. */
  private readonly stopped = new Set<Worker>();

  private readonly loaded = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));

  constructor(script: URL, settings: Omit<CliWorkerSettings, "role" | "loaded">, count: number) {
    const data: CliWorkerSettings = { role: ROLE, ...settings, loaded: this.loaded };
    this.workers = Array.from({ length: count }, () => {
      const worker = new Worker(script, { workerData: data, stdout: true, stderr: true });
      // A worker's error is its own projects' loss, answered in this thread; never the process's.
      worker.on("error", () => undefined);
      worker.once("exit", () => this.stopped.add(worker));
      return worker;
    });
  }

  /**
   * Settles and lints the plans of each share (`shares[n]` indexes of `plans`, for worker n);
   * outcomes in the plans' order, undefined where no worker answered (this thread's own share,
   * a failed worker's). The plans are settled as the workers settled them.
   */
  async lint(plans: readonly ProjectPlan[], found: readonly string[], shares: readonly number[][]): Promise<Array<PlanOutcome | undefined>> {
    const outcomes: Array<PlanOutcome | undefined> = plans.map(() => undefined);
    await Promise.all(
      shares.map(async (indexes, worker) => {
        if (indexes.length === 0) return;
        const response = await this.ask(worker, { plans: indexes.map((index) => plans[index]!), found }).catch(() => undefined);
        response?.outcomes.forEach((outcome, position) => {
          const plan = plans[indexes[position]!]!;
          Object.assign(plan, response.settled[position]);
          outcomes[indexes[position]!] = outcome;
        });
      }),
    );
    return outcomes;
  }

  /**
   * Whether every worker has loaded the bundle (or stopped): V8 has then checked each one's compile
   * cache against its flags, and the command may tune V8 for the run (tiering.ts) without every
   * worker's cache being rejected.
   */
  get allLoaded(): boolean {
    return Atomics.load(this.loaded, 0) + this.stopped.size >= this.workers.length;
  }

  /** How many workers there are. */
  get size(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private ask(index: number, request: Request): Promise<Response & { ok: true }> {
    const worker = this.workers[index]!;
    if (this.stopped.has(worker)) return Promise.reject(new Error("the worker has stopped"));
    return new Promise((resolve, reject) => {
      const cleanUp = () => {
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      };
      const onMessage = (response: Response) => {
        cleanUp();
        if (response.ok) resolve(response);
        else reject(new Error(response.error));
      };
      const onError = (error: Error) => {
        cleanUp();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanUp();
        reject(new Error(`worker exited with code ${code}`));
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage(request);
    });
  }
}

/** Contiguous shares (indexes) of similar total size: the projects of one folder mostly stay together. */
export function splitBySize(sizes: readonly number[], count: number): number[][] {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const shares: number[][] = Array.from({ length: count }, () => []);
  let running = 0;
  for (const [index, size] of sizes.entries()) {
    shares[Math.min(count - 1, Math.floor((running * count) / Math.max(total, 1)))]!.push(index);
    running += size;
  }
  return shares;
}

export function isCliWorker(data: unknown): data is CliWorkerSettings {
  return typeof data === "object" && data !== null && (data as { role?: unknown }).role === ROLE;
}

/** The worker's side: the same options, config lookup and parse cache as the command's own thread. */
export function runCliWorker(): void {
  if (!isCliWorker(workerData)) return;
  const settings = workerData;
  const options = parseCliArgs(settings.argv);
  const io: CliIo = { cwd: settings.cwd, env: settings.env, stdout: () => undefined, stderr: () => undefined, readStdin: async () => "", stdoutIsTty: false };
  const registry = new RuleRegistry(rules);
  const { exists } = new FolderListings();
  const resolver = cliConfigResolver(registry, options, io.cwd, exists);
  // Workers never fix (a fix run lints in one thread): each file is read once.
  const run: LintRun = { ...sharedRunState(options, exists), fixSummary: new Map(), countedFiles: new Set(), written: [] };
  const context = planContext(options, io, run, registry);
  const answer = async (request: Request): Promise<Response> => {
    const outcomes: PlanOutcome[] = [];
    for (const plan of request.plans) {
      try {
        settlePlan(plan, context, request.found);
        outcomes.push({ results: await lintProject(plan, await resolver.forFile(plan.files[0]!), options, io, run) });
      } catch (error) {
        outcomes.push({ failure: `${(error as Error).name}: ${(error as Error).message}` });
      }
    }
    return { ok: true, outcomes, settled: request.plans.map(({ files, reason }) => ({ files, reason })) };
  };
  parentPort!.on("message", (request: Request) => {
    answer(request).then(
      (response) => parentPort!.postMessage(response),
      (error: unknown) => parentPort!.postMessage({ ok: false, error: String(error) } satisfies Response),
    );
  });
}
