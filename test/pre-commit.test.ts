import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject, needs, repoRoot, runAsync } from "./helpers.js";

const LEAK = 'services:\n  web:\n    image: example/web:1.0\n    ports:\n      - "8000:8000"\n';
const GIT_IDENTITY = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };

/**
 * The two pre-commits people have: Debian's 3.x (installs a node hook with `npm install` in a clone,
 * then `npm pack`) and pip's 4.x (`npm install -g git+file://clone`, which runs no build). Both
 * install this repository as pre-commit's own cache clone of it, exactly as for a user.
 */
const PIP_PRE_COMMIT = path.join(repoRoot, ".tmp/pre-commit-4/bin/pre-commit");
const debianVersion = await runAsync("pre-commit", ["--version"]).catch(() => undefined);
const pipVersion = existsSync(PIP_PRE_COMMIT) ? await runAsync(PIP_PRE_COMMIT, ["--version"]) : undefined;
const preCommits = [
  {
    name: "Debian's pre-commit 3.x",
    executable: "pre-commit",
    need: needs("Debian's pre-commit", debianVersion?.status === 0 && /pre-commit 3\./.test(debianVersion.stdout), ".ci/run installs Debian's pre-commit package"),
  },
  {
    name: "pip's pre-commit 4.x",
    executable: PIP_PRE_COMMIT,
    need: needs("pre-commit 4 from pip", pipVersion?.status === 0 && /pre-commit 4\./.test(pipVersion.stdout), ".ci/run installs test/tools/requirements-pre-commit.txt into .tmp/pre-commit-4"),
  },
];

function makeFolder(cwd: string, name: string): string {
  const folder = path.join(cwd, name);
  mkdirSync(folder);
  return folder;
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  const result = await runAsync("git", args, { cwd, env: { ...process.env, ...GIT_IDENTITY } });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

/** A throwaway repository whose .pre-commit-config.yaml points at this one, pinned to its HEAD. */
async function hookRepo(hookId: string): Promise<{ cwd: string; env: NodeJS.ProcessEnv }> {
  const rev = (await git(repoRoot, "rev-parse", "HEAD")).trim();
  const cwd = makeProject({
    "compose.yaml": LEAK,
    ".pre-commit-config.yaml": `repos:\n  - repo: ${repoRoot}\n    rev: ${rev}\n    hooks:\n      - id: ${hookId}\n`,
  });
  await git(cwd, "init", "-q", "-b", "main");
  // Nothing of this checkout's on PATH: the hook must find its own installed command.
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_IDENTITY, PRE_COMMIT_HOME: mkdtempSync(path.join(tmpdir(), "pre-commit-home-")), NO_COLOR: "1" };
  env["PATH"] = (env["PATH"] ?? "").split(path.delimiter).filter((entry) => !entry.startsWith(repoRoot)).join(path.delimiter);
  return { cwd, env };
}

for (const preCommit of preCommits) {
  describe.skipIf(preCommit.need.skip)(preCommit.need.title(`${preCommit.name}, for real`), () => {
    it("the compose-lint hook fails a commit that leaks a port", async () => {
      const { cwd, env } = await hookRepo("compose-lint");
      expect((await runAsync(preCommit.executable, ["install"], { cwd, env })).status).toBe(0);
      await git(cwd, "add", ".");
      const commit = await runAsync("git", ["commit", "-q", "-m", "add stack"], { cwd, env });
      const output = commit.stdout + commit.stderr;
      expect(commit.status, output).not.toBe(0);
      expect(output).not.toMatch(/Executable .* not found/);
      expect(output).toMatch(/compose-lint\.+Failed/);
      expect(output).toContain('Service "web" publishes "8000:8000" on every interface');
    }, 600_000);

    it("the compose-lint-fix hook rewrites the leak, then passes", async () => {
      const { cwd, env } = await hookRepo("compose-lint-fix");
      await git(cwd, "add", ".");
      const first = await runAsync(preCommit.executable, ["run", "--all-files"], { cwd, env });
      expect(first.status, first.stdout + first.stderr).toBe(1);
      expect(first.stdout).toMatch(/files were modified by this hook/);
      expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(LEAK.replace('"8000:8000"', '"127.0.0.1:8000:8000"'));
      await git(cwd, "add", ".");
      const second = await runAsync(preCommit.executable, ["run", "--all-files"], { cwd, env });
      expect(second.status, second.stdout + second.stderr).toBe(0);
      writeFileSync(path.join(cwd, "notes.yaml"), LEAK);
      await git(cwd, "add", ".");
      // Other YAML files are not compose files: the hook's `files` pattern leaves them alone.
      expect((await runAsync(preCommit.executable, ["run", "--all-files"], { cwd, env })).status).toBe(0);
      // Many files at once go to one process: pre-commit splits a hook's files over parallel
      // processes (12 files over 2 on 2 cores), which could both fix a file that two of them include.
      for (let index = 0; index < 12; index++) writeFileSync(path.join(makeFolder(cwd, `s${index}`), "compose.yaml"), LEAK);
      await git(cwd, "add", ".");
      const many = await runAsync(preCommit.executable, ["run", "--all-files"], { cwd, env });
      expect(many.status, many.stdout + many.stderr).toBe(1);
      expect((many.stdout + many.stderr).match(/^Wrote \d+ files?/gm), many.stdout + many.stderr).toEqual(["Wrote 12 files"]);
    }, 600_000);
  });
}
