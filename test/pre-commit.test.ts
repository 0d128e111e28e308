import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject, repoRoot } from "./helpers.js";

const hasPreCommit = spawnSync("pre-commit", ["--version"]).status === 0;
if (!hasPreCommit && process.env["CI"]) throw new Error("pre-commit is missing: .ci/run installs Debian's pre-commit package");

const LEAK = 'services:\n  web:\n    image: example/web:1.0\n    ports:\n      - "8000:8000"\n';

function git(cwd: string, ...args: string[]) {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } });
}

/** A throwaway repository whose .pre-commit-config.yaml points at this one, pinned to its HEAD. */
function hookRepo(hookId: string): { cwd: string; env: NodeJS.ProcessEnv } {
  const rev = git(repoRoot, "rev-parse", "HEAD").trim();
  const cwd = makeProject({
    "compose.yaml": LEAK,
    ".pre-commit-config.yaml": `repos:\n  - repo: ${repoRoot}\n    rev: ${rev}\n    hooks:\n      - id: ${hookId}\n`,
  });
  git(cwd, "init", "-q", "-b", "main");
  const env = { ...process.env, PRE_COMMIT_HOME: mkdtempSync(path.join(tmpdir(), "pre-commit-home-")), NO_COLOR: "1" };
  return { cwd, env };
}

describe.skipIf(!hasPreCommit)("pre-commit, for real", () => {
  it("the compose-lint hook fails a commit that leaks a port", () => {
    const { cwd, env } = hookRepo("compose-lint");
    execFileSync("pre-commit", ["install"], { cwd, env });
    git(cwd, "add", ".");
    const commit = spawnSync("git", ["commit", "-q", "-m", "add stack"], {
      cwd,
      env: { ...env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" },
      encoding: "utf8",
    });
    expect(commit.status, commit.stdout + commit.stderr).not.toBe(0);
    expect(commit.stdout + commit.stderr).toMatch(/compose-lint\.+Failed/);
    expect(commit.stdout + commit.stderr).toContain('Service "web" publishes "8000:8000" on every interface');
  }, 600_000);

  it("the compose-lint-fix hook rewrites the leak, then passes", () => {
    const { cwd, env } = hookRepo("compose-lint-fix");
    git(cwd, "add", ".");
    const first = spawnSync("pre-commit", ["run", "--all-files"], { cwd, env, encoding: "utf8" });
    expect(first.status, first.stdout + first.stderr).toBe(1);
    expect(first.stdout).toMatch(/files were modified by this hook/);
    expect(readFileSync(path.join(cwd, "compose.yaml"), "utf8")).toBe(LEAK.replace('"8000:8000"', '"127.0.0.1:8000:8000"'));
    git(cwd, "add", ".");
    const second = spawnSync("pre-commit", ["run", "--all-files"], { cwd, env, encoding: "utf8" });
    expect(second.status, second.stdout + second.stderr).toBe(0);
    writeFileSync(path.join(cwd, "notes.yaml"), LEAK);
    git(cwd, "add", ".");
    // Other YAML files are not compose files: the hook's `files` pattern leaves them alone.
    expect(spawnSync("pre-commit", ["run", "--all-files"], { cwd, env, encoding: "utf8" }).status).toBe(0);
  }, 600_000);
});
