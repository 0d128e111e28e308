// `--concurrency`: linting many projects in several threads, the command's own and workers started
// from the bundle's worker launcher (launch/worker.ts). The command's thread groups the files into
// projects, which reads each file once but parses only those that mention `include` or `extends`;
// each thread then claims runs of consecutive projects from a shared counter (PlanQueue) and
// settles and lints them, until none is left: a thread that starts late or meets slow projects
// takes fewer, and a folder's projects mostly stay in one thread, which parses its base file once.
// The command's thread orders and reports, as in a serial run.
import path from "node:path";
import { parentPort, Worker, workerData } from "node:worker_threads";
import { RuleRegistry } from "@compose-lint/core";
import { FolderListings, type ProjectPlan } from "@compose-lint/core/node";
import { rules } from "@compose-lint/rules";
import { parseCliArgs } from "./args.js";
import { cliConfigResolver, lintPlan, planContext, sharedRunState, type LintRun, type PlanOutcome } from "./lint-project.js";
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

/**
 * The plans of a run, claimed by every thread a run of consecutive plans at a time: the counter is
 * shared memory, so that a claim needs no message. A run never splits a folder's plans: they share
 * base files, and an overlay's search loads its folder's files (coolify keeps 368 templates in one
 * folder), which two threads would each parse.
 */
export class PlanQueue {
  /**
   * `starts[n]` is where run n begins, the last entry the number of plans; `next`, the next run to
   * claim, is shared by the queues of every thread (a worker makes one from the two).
   */
  constructor(
    readonly starts: Int32Array,
    readonly next: Int32Array = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)),
  ) {}

  /**
   * Runs of about a sixteenth of each thread's share (few enough claims, small enough for a thread
   * that starts late to catch up), each folder's plans in one run.
   */
  static forPlans(plans: readonly ProjectPlan[], threads: number): PlanQueue {
    const target = Math.max(1, Math.ceil(plans.length / (threads * 16)));
    const starts = [0];
    let runStart = 0;
    for (let index = 1; index < plans.length; index++) {
      const sameFolder = path.dirname(plans[index]!.files.at(-1)!) === path.dirname(plans[index - 1]!.files.at(-1)!);
      if (!sameFolder && index - runStart >= target) starts.push((runStart = index));
    }
    starts.push(plans.length);
    return new PlanQueue(Int32Array.from(starts));
  }

  /** The next run of plans, [start, end), or undefined when every plan is claimed. */
  claim(): [number, number] | undefined {
    const run = Atomics.add(this.next, 0, 1);
    return run < this.starts.length - 1 ? [this.starts[run]!, this.starts[run + 1]!] : undefined;
  }
}

/** The plans of a run and its queue; `found` is every file of the run (an overlay's base may be another one). */
type Request = { plans: ProjectPlan[]; found: readonly string[]; next: Int32Array; starts: Int32Array };
/** The outcome of each plan the worker claimed, and its files and reason once settled (an overlay gains its base files). */
type Response = { ok: true; outcomes: Array<{ index: number; outcome: PlanOutcome; settled: Pick<ProjectPlan, "files" | "reason"> }> } | { ok: false; error: string };

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
   * Has every worker claim plans from `queue`, settle and lint them, until none is left; the
   * outcomes in the plans' order, undefined where no worker answered (the plans this thread
   * claimed, a failed worker's). The plans are settled as the workers settled them.
   */
  async lint(plans: readonly ProjectPlan[], found: readonly string[], queue: PlanQueue): Promise<Array<PlanOutcome | undefined>> {
    const outcomes: Array<PlanOutcome | undefined> = plans.map(() => undefined);
    await Promise.all(
      this.workers.map(async (_worker, index) => {
        const response = await this.ask(index, { plans: [...plans], found, next: queue.next, starts: queue.starts }).catch(() => undefined);
        for (const { index: planIndex, outcome, settled } of response?.outcomes ?? []) {
          Object.assign(plans[planIndex]!, settled);
          outcomes[planIndex] = outcome;
        }
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
    const outcomes: Array<{ index: number; outcome: PlanOutcome; settled: Pick<ProjectPlan, "files" | "reason"> }> = [];
    const queue = new PlanQueue(request.starts, request.next);
    for (let range = queue.claim(); range; range = queue.claim()) {
      for (let index = range[0]; index < range[1]; index++) {
        const plan = request.plans[index]!;
        const outcome = await lintPlan(plan, (file) => resolver.forFile(file), options, io, run, { context, found: request.found });
        outcomes.push({ index, outcome, settled: { files: plan.files, reason: plan.reason } });
      }
    }
    return { ok: true, outcomes };
  };
  parentPort!.on("message", (request: Request) => {
    answer(request).then(
      (response) => parentPort!.postMessage(response),
      (error: unknown) => parentPort!.postMessage({ ok: false, error: String(error) } satisfies Response),
    );
  });
}
