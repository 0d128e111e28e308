import type { Reporter, RunnerTask, RunnerTestFile } from "vitest/node";

/**
 * Ends the run with a plain "N passed, N failed, N skipped" line that any CI log reader understands,
 * after the name of every skipped test: a skipped test's name says why it was skipped.
 */
export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const skipped: string[] = [];
    const visit = (task: RunnerTask, names: readonly string[]) => {
      const path = task.type === "suite" && "filepath" in task ? names : [...names, task.name];
      if (task.type === "suite") {
        for (const child of task.tasks) visit(child, path);
        return;
      }
      const state = task.result?.state;
      if (state === "pass") counts.passed++;
      else if (state === "fail") counts.failed++;
      else {
        counts.skipped++;
        skipped.push(path.join(" > "));
      }
    };
    for (const file of files) visit(file, []);
    const list = skipped.length > 0 ? `\nSkipped:\n${skipped.map((name) => `  ${name}`).join("\n")}\n` : "";
    process.stdout.write(`${list}\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
