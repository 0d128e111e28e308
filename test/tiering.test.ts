import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MANY_FILES, ONE_THREAD_FACTOR, optimisationDelayFlag, SEVERAL_THREADS_FACTOR, tieringFactor } from "../packages/cli/src/launch/tiering.js";
import { binPath, makeProject, runAsync } from "./helpers.js";

describe("V8 tuned for runs over many files", () => {
  it("names the flag each V8 line has, and none for a V8 it does not know", () => {
    expect(optimisationDelayFlag("11.3.244.8-node.33")).toBe("--interrupt-budget=270336");
    for (const version of ["11.8.172.17-node.20", "12.4.254.21-node.57", "13.6.233.17-node.40", "14.1.146.11-node.25"]) {
      expect(optimisationDelayFlag(version)).toBe("--invocation-count-for-turbofan=12000");
    }
    for (const version of ["10.2.154.26", "11.0.226.19", "15.0.1.2", ""]) expect(optimisationDelayFlag(version)).toBeUndefined();
  });

  it("the flag for this Node's V8 is one it knows, at four times its default", () => {
    const flag = optimisationDelayFlag(process.versions.v8);
    expect(flag).toBeDefined();
    const [name, value] = flag!.slice(2).split("=");
    const options = spawnSync(process.execPath, ["--v8-options"], { encoding: "utf8" }).stdout;
    const defaultValue = new RegExp(`default: --${name}=(\\d+)`).exec(options)?.[1];
    expect(Number(value)).toBe(4 * Number(defaultValue));
  });

  it(`is asked for by a run of ${MANY_FILES} files or more, and leaves its report as it was`, async () => {
    const files = Object.fromEntries(Array.from({ length: MANY_FILES }, (_, index) => [`s${index}/compose.yaml`, `services:\n  web:\n    image: nginx:1.${index}\n    ports: ["80${index}:80"]\n`]));
    const cwd = makeProject(files);
    const env = { ...process.env, COMPOSE_LINT_DEBUG: "tiering" };
    const many = await runAsync(process.execPath, [binPath, "--format", "json", "--no-config-lookup", "."], { cwd, env });
    expect(many.stderr).toBe(`compose-lint: tiering: ${optimisationDelayFlag(process.versions.v8)}\n`);
    const fewer = await runAsync(process.execPath, [binPath, "--format", "json", "--no-config-lookup", ...Object.keys(files).slice(1)], { cwd, env });
    expect(fewer.stderr).toBe("");
    const reports = (stdout: string) =>
      (JSON.parse(stdout) as Array<{ filePath: string; messages: unknown[] }>).map((result) => ({ file: path.relative(cwd, result.filePath), messages: result.messages })).sort((a, b) => a.file.localeCompare(b.file));
    expect(many.status).toBe(1);
    expect(reports(many.stdout)).toHaveLength(MANY_FILES);
    expect(reports(many.stdout).filter((report) => report.file !== "s0/compose.yaml")).toEqual(reports(fewer.stdout));
    // A threshold the user gives node is left as it is.
    const flagName = optimisationDelayFlag(process.versions.v8)!.split("=")[0]!;
    const chosen = await runAsync(process.execPath, [`--${flagName.slice(2).replaceAll("-", "_")}=100000`, binPath, "--format", "json", "--no-config-lookup", "."], { cwd, env });
    expect([chosen.status, chosen.stderr]).toEqual([1, "compose-lint: tiering: unchanged (set on node's command line)\n"]);
    expect(reports(chosen.stdout)).toEqual(reports(many.stdout));
  });

  it("is raised further for a run in several threads, whose compiles take time from another thread's linting", async () => {
    expect(SEVERAL_THREADS_FACTOR).toBeGreaterThan(ONE_THREAD_FACTOR);
    expect([0, 1, 2, 8].map(tieringFactor)).toEqual([ONE_THREAD_FACTOR, ONE_THREAD_FACTOR, SEVERAL_THREADS_FACTOR, SEVERAL_THREADS_FACTOR]);
    const files = Object.fromEntries(Array.from({ length: MANY_FILES }, (_, index) => [`s${index}/compose.yaml`, `services:\n  web:\n    image: nginx:1.${index}\n    ports: ["80${index}:80"]\n`]));
    const cwd = makeProject(files);
    const env = { ...process.env, COMPOSE_LINT_DEBUG: "tiering" };
    const args = [binPath, "--format", "json", "--no-config-lookup", "."];
    const serial = await runAsync(process.execPath, [...args, "--concurrency", "off"], { cwd, env });
    expect([serial.status, serial.stderr]).toEqual([1, `compose-lint: tiering: ${optimisationDelayFlag(process.versions.v8, ONE_THREAD_FACTOR)}\n`]);
    const parallel = await runAsync(process.execPath, [...args, "--concurrency", "2"], { cwd, env });
    // V8 is tuned once the worker has loaded the bundle; on a busy machine this thread may have
    // linted every file by then, and nothing is tuned. Never with the one-thread factor.
    expect(["", `compose-lint: tiering: ${optimisationDelayFlag(process.versions.v8, SEVERAL_THREADS_FACTOR)}\n`]).toContain(parallel.stderr);
    expect(parallel.status).toBe(1);
    expect(parallel.stdout).toBe(serial.stdout);
  });
});
