import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "../packages/cli/src/args.js";
import { PlanQueue, WorkerPool } from "../packages/cli/src/parallel.js";
import { lintingThreads } from "../packages/cli/src/linting-threads.js";
import { binPath, makeProject, needsShared, repoRoot, runAsync, sharedDir } from "./helpers.js";

describe("--concurrency", () => {
  it("auto takes half the cores and a thread per 50 files, and stays in one thread below two", () => {
    expect(lintingThreads("auto", 595, 2)).toBe(0);
    expect(lintingThreads("auto", 595, 4)).toBe(2);
    expect(lintingThreads("auto", 595, 16)).toBe(8);
    expect(lintingThreads("auto", 120, 16)).toBe(2);
    expect(lintingThreads("auto", 99, 16)).toBe(0);
    expect(lintingThreads("off", 5000, 16)).toBe(0);
    expect(lintingThreads(3, 5000, 2)).toBe(3);
    expect(lintingThreads(4, 2, 2)).toBe(2);
    expect(lintingThreads(4, 0, 2)).toBe(0);
  });

  it("takes a count, auto or off, and refuses anything else", () => {
    expect(parseCliArgs([]).concurrency).toBe("auto");
    expect(parseCliArgs(["--concurrency", "off"]).concurrency).toBe("off");
    expect(parseCliArgs(["--concurrency", "3"]).concurrency).toBe(3);
    for (const bad of ["0", "-1", "1.5", "many"]) expect(() => parseCliArgs(["--concurrency", bad])).toThrow(UsageError);
  });

  it("hands out each plan once, in runs of consecutive plans that never split a folder, to whichever thread asks first", () => {
    const plan = (file: string) => ({ files: [file], report: new Set([file]), reason: "test" });
    // 40 plans for 2 threads: runs of at least 2, a folder's plans together.
    const files = [...Array.from({ length: 30 }, (_, index) => `/r/templates/t${index}.yaml`), ...Array.from({ length: 10 }, (_, index) => `/r/s${index}/compose.yaml`)];
    const queue = PlanQueue.forPlans(files.map(plan), 2);
    const claimed: Array<[number, number]> = [];
    for (let range = queue.claim(); range; range = queue.claim()) claimed.push(range);
    expect(claimed).toEqual([[0, 30], [30, 32], [32, 34], [34, 36], [36, 38], [38, 40]]);
    expect(queue.claim()).toBeUndefined();
    // Another thread's claims continue where this one's stopped: the counter is shared memory.
    const shared = new PlanQueue(Int32Array.from([0, 1, 2]));
    const other = new PlanQueue(shared.starts, shared.next);
    expect([shared.claim(), other.claim(), shared.claim()]).toEqual([[0, 1], [1, 2], undefined]);
  });

  it("the workers, started from the bundle, settle the plans they claim and lint them", async () => {
    const cwd = makeProject({
      "a/compose.yaml": 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n',
      "b/compose.yaml": "services:\n  app:\n    image: app:1\n    depends_on: [db]\n",
      "c/compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    networks: [front]\nnetworks:\n  front: {}\n",
      "c/extra.yaml": "services:\n  worker:\n    image: worker:1\n    networks: [front]\n",
    });
    const files = ["a/compose.yaml", "b/compose.yaml", "c/compose.yaml", "c/extra.yaml"].map((file) => path.join(cwd, file));
    const plans = files.map((file) => ({ files: [file], report: new Set([file]), reason: "a file on its own" }));
    const pool = new WorkerPool(pathToFileURL(path.join(repoRoot, "dist-bundle/cli-worker.cjs")), { argv: ["--no-config-lookup"], cwd, env: {} }, 2);
    try {
      const queue = new PlanQueue(Int32Array.from([0, 1, 2, 3, 4]));
      // This thread claims the first plan, as the command's does: the workers lint the others.
      expect(queue.claim()).toEqual([0, 1]);
      const outcomes = await pool.lint(plans, files, queue);
      expect(outcomes[0]).toBeUndefined();
      const rules = outcomes.map((outcome) => (outcome && "results" in outcome ? outcome.results.flatMap((result) => result.messages.map((message) => message.ruleId)) : outcome));
      expect(rules[1]).toContain("no-undefined-references");
      expect(rules[3]).not.toContain("no-undefined-references");
      // The overlay was merged after its folder's default file in the worker, and the plan says so.
      expect(plans[3]!.files).toEqual([files[2], files[3]]);
      expect(plans[3]!.reason).toBe("an overlay: its references resolve only merged after compose.yaml");
      expect(plans[1]!.files).toEqual([files[1]]);
    } finally {
      await pool.close();
    }
  });

  it("a worker that dies at start leaves its share to the command's thread: no outcomes, no hang", async () => {
    const cwd = makeProject({ "crash.mjs": 'throw new Error("boom");\n', "compose.yaml": "services:\n  web:\n    image: nginx:1.27\n" });
    const pool = new WorkerPool(pathToFileURL(path.join(cwd, "crash.mjs")), { argv: [], cwd, env: {} }, 1);
    try {
      const file = path.join(cwd, "compose.yaml");
      const queue = new PlanQueue(Int32Array.from([0, 1]));
      expect(await pool.lint([{ files: [file], report: new Set([file]), reason: "test" }], [file], queue)).toEqual([undefined]);
      // Nothing was claimed: the command's thread lints it.
      expect(queue.claim()).toEqual([0, 1]);
    } finally {
      await pool.close();
    }
  });

  it("gives the same report as one thread for projects: overrides, variants, includes, broken files and overlays", async () => {
    const cwd = makeProject({
      "a/compose.yaml": 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n    networks: [front]\nnetworks:\n  front: {}\n',
      "a/compose.override.yaml": 'services:\n  web:\n    ports: ["9090:90"]\n',
      "a/compose.prod.yaml": "services:\n  web:\n    networks: [front]\n    privileged: true\n",
      "b/compose.yaml": "include:\n  - lib/db.yaml\nservices:\n  app:\n    image: app:1\n    depends_on: [db]\n",
      "b/lib/db.yaml": 'services:\n  db:\n    image: postgres:16\n    ports: ["5432:5432"]\n',
      "c/docker-compose.yml": "services:\n  api:\n    image: api\n    environment:\n      DB_PASSWORD: hunter2\n",
      "d/broken.yaml": "services:\n  web: [\n",
      "e/compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    networks: [front]\nnetworks:\n  front: {}\n",
      "e/extra.yaml": "services:\n  worker:\n    image: worker:1\n    networks: [front]\n    privileged: true\n",
    });
    const serial = await runAsync(process.execPath, [binPath, "--format", "json", "--no-config-lookup", "--concurrency", "off", "."], { cwd });
    expect(serial.status).toBe(1);
    expect(JSON.parse(serial.stdout).length).toBe(9);
    // This thread and one worker, and this thread and two.
    for (const threads of ["2", "3"]) {
      const parallel = await runAsync(process.execPath, [binPath, "--format", "json", "--no-config-lookup", "--concurrency", threads, "."], { cwd });
      expect(parallel).toEqual(serial);
    }
  });

  it("lints an overlay with the config of the base it is merged after, in whichever thread claims it", async () => {
    // Folder configs that disagree: the overlay's own folder turns no-privileged off, the base's does not.
    const cwd = makeProject({
      ".compose-lint.yaml": "extends: [recommended]\n",
      "compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    networks: [front]\nnetworks:\n  front: {}\n",
      "extensions/.compose-lint.yaml": "extends: [recommended]\nrules:\n  no-privileged: off\n",
      "extensions/worker-compose.yml": "services:\n  worker:\n    image: worker:1\n    networks: [front]\n    privileged: true\n",
    });
    const serial = await runAsync(process.execPath, [binPath, "--format", "json", "--concurrency", "off", "."], { cwd });
    const overlay = (JSON.parse(serial.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string }> }>).find((result) => result.filePath.endsWith("worker-compose.yml"))!;
    expect(overlay.messages.map((message) => message.ruleId)).toContain("no-privileged");
    // This thread claims the first plans while the worker starts: the overlay's among them.
    const parallel = await runAsync(process.execPath, [binPath, "--format", "json", "--concurrency", "2", "."], { cwd });
    expect(parallel).toEqual(serial);
  });

  const corpus = needsShared("the corpus");
  it.skipIf(corpus.skip)(corpus.title("gives the same report, in the same order, as one thread on the 595-file corpus"), async () => {
    const args = ["--format", "json", "--no-config-lookup", "--no-error-on-unmatched-pattern", "."];
    const cwd = path.join(sharedDir, "corpus");
    const serial = await runAsync(process.execPath, [binPath, ...args, "--concurrency", "off"], { cwd });
    const parallel = await runAsync(process.execPath, [binPath, ...args, "--concurrency", "2"], { cwd });
    expect(JSON.parse(serial.stdout).length).toBeGreaterThan(500);
    expect(parallel.status).toBe(serial.status);
    expect(parallel.stderr).toBe(serial.stderr);
    expect(parallel.stdout).toBe(serial.stdout);
  });
});
