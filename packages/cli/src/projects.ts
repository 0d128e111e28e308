import { existsSync } from "node:fs";
import path from "node:path";
import type { ComposeProject } from "@compose-lint/core";
import {
  loadProject,
  projectBoundary,
  PathError,
  readLintableFile,
  readThrough,
  reusingParser,
  type ProjectOptions,
  type ProjectPlan,
  type ReadResult,
} from "@compose-lint/core/node";
import type { CliOptions } from "./args.js";
import { FORMAT_NAMES } from "./formatters/index.js";

/** `-f` files, or `COMPOSE_FILE` when no paths are given: one project, every file reported. */
export function explicitProject(options: CliOptions, cwd: string, env: NodeJS.ProcessEnv): ProjectPlan | undefined {
  let files = options.composeFiles;
  if (files.length === 0 && options.paths.length === 0 && !options.stdin && env["COMPOSE_FILE"]) {
    const separator = env["COMPOSE_PATH_SEPARATOR"] || (process.platform === "win32" ? ";" : ":");
    files = env["COMPOSE_FILE"].split(separator).filter(Boolean);
  }
  if (files.length === 0) return undefined;
  const absolute = files.map((file) => path.resolve(cwd, file));
  for (const [index, file] of absolute.entries()) {
    if (existsSync(file)) continue;
    const written = files[index]!;
    // `-f jsno` is more likely a mistyped format than a Compose file without an extension.
    const hint = /^[a-z]+$/.test(written) ? ` (nor a format: ${FORMAT_NAMES.join(", ")})` : "";
    throw new PathError(`No such Compose file: ${written}${hint}`);
  }
  return { files: absolute, report: new Set(absolute), reason: options.composeFiles.length > 0 ? "the -f files, merged in order" : "the files of COMPOSE_FILE, merged in order" };
}

/** `--env-file` names a file that must exist, as in Compose: a usage error otherwise. */
export function checkEnvFiles(options: CliOptions, cwd: string): void {
  for (const file of options.envFiles ?? []) {
    if (!existsSync(path.resolve(cwd, file))) throw new PathError(`--env-file ${file}: no such file`);
  }
}

/** What the projects of one run share. */
export interface ProjectRun {
  /** Parses each file once while its text stays the same. */
  parse?: ReturnType<typeof reusingParser>;
  /** Each project read from disk, loaded once per run: planning and linting share it. */
  loaded?: Map<string, ComposeProject>;
  /** Reads a file from disk (the planner's reads each file once). */
  read?: (filePath: string) => ReadResult;
  /** Whether a file exists: the run's folder listings. */
  exists?: (filePath: string) => boolean;
  /**
   * The texts a fix run has given files so far (written, or for a dry run only computed): later
   * projects read them in place of the files on disk, and of the projects loaded before.
   */
  fixedTexts?: ReadonlyMap<string, string>;
}

/** Loads a plan's project; `texts` replaces files on disk (the fixed texts of a fixing pass). */
export function projectLoader(plan: ProjectPlan, options: CliOptions, cwd: string, env: NodeJS.ProcessEnv, run: ProjectRun = {}) {
  const { parse = reusingParser(), loaded, read = readLintableFile, exists, fixedTexts = new Map<string, string>() } = run;
  const projectOptions: Omit<ProjectOptions, "boundary"> = {
    files: plan.files,
    readOutside: options.readOutsideProject,
    projectDirectory: options.projectDirectory === undefined ? undefined : path.resolve(cwd, options.projectDirectory),
    envFiles: options.envFiles?.map((file) => path.resolve(cwd, file)),
    environment: env,
    profiles: options.profiles,
    parse,
    exists,
  };
  const key = plan.files.join("\0");
  return (texts: ReadonlyMap<string, string> = new Map()) => {
    const cached = texts.size === 0 ? loaded?.get(key) : undefined;
    if (cached && !cached.files.some((file) => fixedTexts.has(file.path))) return cached;
    const overlay = readThrough(texts, fixedTexts);
    // Asked when a project is loaded, not before; projectBoundary keeps each project's answer.
    const boundary = projectBoundary(plan.files, cwd, exists);
    const project = loadProject({ ...projectOptions, boundary, readText: (file) => (texts.has(file) || fixedTexts.has(file) ? overlay(file) : read(file)) });
    if (texts.size === 0) loaded?.set(key, project);
    return project;
  };
}
