import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { prepareOptionValidation, resolveConfig, RuleRegistry, validateConfigObject } from "@compose-lint/core";
import { rules } from "@compose-lint/rules";
import { makeProject, repoRoot, runCli } from "./helpers.js";

interface Snippet {
  file: string;
  line: number;
  language: string;
  tag: string;
  code: string;
}

const guidesDir = path.join(repoRoot, "docs/guides");
const snippets: Snippet[] = readdirSync(guidesDir)
  .filter((name) => name.endsWith(".md"))
  .flatMap((name) => {
    const markdown = readFileSync(path.join(guidesDir, name), "utf8");
    return [...markdown.matchAll(/^```(\w+)(?: ([\w.-]+))?\n([\s\S]*?)^```$/gm)].map((match) => ({
      file: name,
      line: markdown.slice(0, match.index).split("\n").length,
      language: match[1]!,
      tag: match[2] ?? "",
      code: match[3]!,
    }));
  });

function yaml(snippet: Snippet): unknown {
  const document = parseDocument(snippet.code);
  expect(document.errors.map((error) => error.message)).toEqual([]);
  return document.toJS();
}

const hasNeovim = spawnSync("nvim", ["--version"]).status === 0;
const hookIds = (parseDocument(readFileSync(path.join(repoRoot, ".pre-commit-hooks.yaml"), "utf8")).toJS() as Array<{ id: string }>).map((hook) => hook.id);

await prepareOptionValidation();

describe("copy-pasteable snippets in docs/guides", () => {
  it("there are snippets of every kind the guides promise", () => {
    const tags = new Set(snippets.map((snippet) => `${snippet.language} ${snippet.tag}`));
    for (const tag of ["yaml github-workflow", "yaml gitlab-ci", "yaml pre-commit-config", "json editor-config", "lua editor-config", "lua nvim-0.7", "toml editor-config", "yaml compose-lint-config", "text exposure-table"]) {
      expect(tags, tag).toContain(tag);
    }
  });

  for (const snippet of snippets) {
    it(`${snippet.file}:${snippet.line} (${snippet.language}${snippet.tag ? ` ${snippet.tag}` : ""})`, () => {
      switch (`${snippet.language} ${snippet.tag}`) {
        case "yaml github-workflow": {
          const workflow = yaml(snippet) as { on: unknown; jobs: Record<string, { "runs-on": string; steps: Array<Record<string, unknown>> }> };
          expect(workflow.on).toBeDefined();
          for (const job of Object.values(workflow.jobs)) {
            expect(job["runs-on"]).toMatch(/^ubuntu-/);
            // The command runs (`run: compose-lint ...`), or the repository's own action does.
            expect(job.steps.some((step) => /(^|\s)compose-lint /.test(String(step["run"] ?? "")) || /^compose-lint\/compose-lint@/.test(String(step["uses"] ?? "")))).toBe(true);
            // Nothing that works only once the package is published.
            expect(job.steps.some((step) => /npx[^\n]*compose-lint/.test(String(step["run"] ?? "")))).toBe(false);
          }
          break;
        }
        case "yaml gitlab-ci": {
          const pipeline = yaml(snippet) as Record<string, { script: string[]; artifacts?: { reports?: { codequality?: string } } }>;
          const job = pipeline["compose-lint"]!;
          expect(job.script.join(" ")).toContain("--format gitlab");
          expect(job.artifacts?.reports?.codequality).toBe("gl-code-quality-report.json");
          break;
        }
        case "yaml pre-commit-config": {
          const config = yaml(snippet) as { repos: Array<{ hooks: Array<{ id: string }> }> };
          for (const hook of config.repos.flatMap((repo) => repo.hooks)) expect(hookIds).toContain(hook.id);
          break;
        }
        case "yaml compose-lint-config": {
          const registry = new RuleRegistry(rules);
          expect(() => resolveConfig([{ config: validateConfigObject(yaml(snippet), snippet.file), where: snippet.file }], registry)).not.toThrow();
          break;
        }
        case "text exposure-table": {
          // A terminal session in the booking platform's fixed folder: the command, then exactly what it prints.
          const [command, ...output] = snippet.code.split("\n");
          expect(command).toMatch(/^\$ compose-lint exposure /);
          const run = runCli(command!.replace(/^\$ compose-lint /, "").split(" "), { cwd: path.join(repoRoot, "examples/booking-platform/fixed") });
          expect(run.stderr).toBe("");
          expect(run.stdout).toBe(output.join("\n"));
          break;
        }
        case "json editor-config": {
          const settings = JSON.parse(snippet.code) as Record<string, unknown>;
          // The extension's settings exist, with values it accepts.
          const { contributes } = JSON.parse(readFileSync(path.join(repoRoot, "packages/vscode/package.json"), "utf8")) as { contributes: { configuration: { properties: Record<string, { enum?: unknown[]; items?: { enum?: unknown[] } }> } } };
          for (const [key, value] of Object.entries(settings).filter(([name]) => name.startsWith("compose-lint."))) {
            const property = contributes.configuration.properties[key];
            expect(property, `${key} is not one of the extension's settings`).toBeDefined();
            for (const item of Array.isArray(value) ? value : [value]) {
              const allowed = property!.items?.enum ?? property!.enum;
              if (allowed) expect(allowed).toContain(item);
            }
          }
          break;
        }
        case "toml editor-config":
          expect(() => parseToml(snippet.code)).not.toThrow();
          break;
        case "lua editor-config":
        case "lua nvim-0.7": {
          // The language server test also runs the 0.7 snippet in Neovim for real.
          if (!hasNeovim) return;
          const dir = makeProject({ "snippet.lua": snippet.code });
          const check = path.join(dir, "check.lua");
          // Compiles the snippet without running it: the syntax is checked, not the editor's version.
          writeFileSync(check, `local chunk, err = loadfile(${JSON.stringify(path.join(dir, "snippet.lua"))})\nif not chunk then io.stderr:write(err) os.exit(1) end\nvim.cmd("qall!")\n`);
          const result = spawnSync("nvim", ["--headless", "-n", "-u", "NONE", "-i", "NONE", "-c", `luafile ${check}`], { encoding: "utf8", timeout: 30_000 });
          expect(result.status, result.stderr).toBe(0);
          break;
        }
        default:
          if (snippet.language === "yaml") yaml(snippet);
          if (snippet.language === "json") expect(() => JSON.parse(snippet.code)).not.toThrow();
      }
    });
  }
});
