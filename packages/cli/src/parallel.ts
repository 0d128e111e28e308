// `--concurrency`: the two costly steps of a run of many files, done in worker threads started
// from the bundle's worker launcher (launch/worker.ts). Each worker answers the planner's
// questions about a contiguous share of the files (which parses them), then lints the projects
// whose files it parsed, so that no file is parsed twice. The command's own thread plans, orders
// and reports, as in a serial run.
import { parentPort, Worker, workerData } from "node:worker_threads";
import { RuleRegistry } from "@compose-lint/core";
import { ConfigResolver, reusingParser, type ProjectPlan } from "@compose-lint/core/node";
import { rules } from "@compose-lint/rules";
import { parseCliArgs } from "./args.js";
import type { LintResult } from "./formatters/index.js";
import { lintProject, planContext } from "./lint-project.js";
import type { CliIo } from "./main.js";

const ROLE = "compose-lint-cli-worker";

export interface CliWorkerSettings {
  role: typeof ROLE;
  argv: readonly string[];
  cwd: string;
  env: Record<string, string | undefined>;
}

/** What the planner asks about one file on its own. */
export interface FileAnswers {
  mentionsReferences: boolean;
  unresolvedReferences: number;
}

/** A project's reports, or why linting it failed. */
export type PlanOutcome = { results: LintResult[] } | { failure: string };

type Request = { kind: "questions"; files: string[] } | { kind: "lint"; plans: ProjectPlan[] };
type Response = { ok: true; answers?: Array<[string, FileAnswers]>; outcomes?: PlanOutcome[] } | { ok: false; error: string };

export class WorkerPool {
  private readonly workers: Worker[];
  /** Which worker answered for a file, so that it also lints the projects that file ends. */
  private readonly owner = new Map<string, number>();
  /** Workers that have stopped (a crash at start, say): asking them fails at once. */
  private readonly stopped = new Set<Worker>();

  constructor(script: URL, settings: Omit<CliWorkerSettings, "role">, count: number) {
    const data: CliWorkerSettings = { role: ROLE, ...settings };
    this.workers = Array.from({ length: count }, () => {
      const worker = new Worker(script, { workerData: data, stdout: true, stderr: true });
      // A worker's error is its own projects' loss, answered in this thread; never the process's.
      worker.on("error", () => undefined);
      worker.once("exit", () => this.stopped.add(worker));
      return worker;
    });
  }

  /** Each worker answers for a contiguous share of the files (similar sizes), in parallel. A failed share has no answers. */
  async questions(files: ReadonlyArray<{ path: string; size: number }>): Promise<Map<string, FileAnswers>> {
    const shares = splitBySize(files, this.workers.length);
    const answers = new Map<string, FileAnswers>();
    await Promise.all(
      shares.map(async (share, index) => {
        for (const file of share) this.owner.set(file, index);
        const response = await this.ask(index, { kind: "questions", files: share }).catch(() => undefined);
        for (const [file, answer] of response?.answers ?? []) answers.set(file, answer);
      }),
    );
    return answers;
  }

  /** Lints every plan in the worker that parsed its last file; outcomes in the plans' order, undefined where a worker failed. */
  async lint(plans: readonly ProjectPlan[]): Promise<Array<PlanOutcome | undefined>> {
    const assigned: number[][] = this.workers.map(() => []);
    plans.forEach((plan, index) => {
      const worker = this.owner.get(plan.files[plan.files.length - 1]!) ?? index % this.workers.length;
      assigned[worker]!.push(index);
    });
    const outcomes: Array<PlanOutcome | undefined> = plans.map(() => undefined);
    await Promise.all(
      assigned.map(async (indexes, worker) => {
        if (indexes.length === 0) return;
        const response = await this.ask(worker, { kind: "lint", plans: indexes.map((index) => plans[index]!) }).catch(() => undefined);
        response?.outcomes?.forEach((outcome, position) => (outcomes[indexes[position]!] = outcome));
      }),
    );
    return outcomes;
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

/** Contiguous shares of similar total size: files of one folder (a base and its overrides) mostly stay together. */
function splitBySize(files: ReadonlyArray<{ path: string; size: number }>, count: number): string[][] {
  const total = files.reduce((sum, file) => sum + file.size + 1, 0);
  const shares: string[][] = Array.from({ length: count }, () => []);
  let running = 0;
  for (const file of files) {
    const share = Math.min(count - 1, Math.floor((running * count) / total));
    shares[share]!.push(file.path);
    running += file.size + 1;
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
  const resolver = new ConfigResolver(registry, { cwd: io.cwd, configFile: options.configFile, noLookup: !options.configLookup, overrides: options.ruleOverrides });
  const parse = reusingParser();
  const loaded = new Map();
  const context = planContext(options, io, parse, registry, loaded);
  const run = { fixSummary: new Map<string, number>(), countedFiles: new Set<string>(), parse, written: [] as string[], loaded };
  const answer = async (request: Request): Promise<Response> => {
    if (request.kind === "questions") {
      return {
        ok: true,
        answers: request.files.map((file) => [file, { mentionsReferences: context.mentionsReferences(file), unresolvedReferences: context.unresolvedReferences!([file], file) }]),
      };
    }
    const outcomes: PlanOutcome[] = [];
    for (const plan of request.plans) {
      try {
        outcomes.push({ results: await lintProject(plan, await resolver.forFile(plan.files[0]!), options, io, run) });
      } catch (error) {
        outcomes.push({ failure: `${(error as Error).name}: ${(error as Error).message}` });
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
