import { parentPort, workerData } from "node:worker_threads";
import { LintEngine, type EngineSettings, type LintJob } from "./lint-engine.js";

export interface WorkerSettings extends EngineSettings {
  role: "compose-lint-lint-worker";
  cwd: string;
  allowCode: boolean;
}

export type WorkerRequest = { id: number; job: LintJob } | { id: number; reset: true };

/** The worker's side: answers each request with the job's answer or the error's message. */
export function runLintWorker(): void {
  const settings = workerData as WorkerSettings;
  const engine = new LintEngine(settings);
  parentPort!.on("message", (request: WorkerRequest) => {
    if ("reset" in request) {
      engine.reset();
      parentPort!.postMessage({ id: request.id, answer: { skippedCode: [], configNotes: [] } });
      return;
    }
    engine.run(request.job).then(
      (answer) => parentPort!.postMessage({ id: request.id, answer }),
      (error: unknown) => parentPort!.postMessage({ id: request.id, error: (error as Error).message }),
    );
  });
}

export function isLintWorker(data: unknown): data is WorkerSettings {
  return typeof data === "object" && data !== null && (data as { role?: unknown }).role === "compose-lint-lint-worker";
}
