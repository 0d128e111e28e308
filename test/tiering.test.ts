import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MANY_FILES, optimisationDelayFlag } from "../packages/cli/src/launch/tiering.js";
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
});
