import { existsSync } from "node:fs";
import path from "node:path";
import { parseSource, type ParsedSource } from "@compose-lint/core";
import { composeFilesFor, defaultComposeFiles, loadProject, projectBoundary, PathError, readThrough, type DiscoveredFile, type ProjectOptions } from "@compose-lint/core/node";
import type { CliOptions } from "./args.js";
import { FORMATTERS } from "./formatters/index.js";

/** Files linted together, and which of them this run reports on. */
export interface ProjectPlan {
  /** Compose files in merge order. */
  files: string[];
  /**
   * Compose files whose findings are reported (the others only give context: the base file
   * of a variant, an override not asked for). Included, extended and env files are reported.
   */
  report: ReadonlySet<string>;
}

/**
 * Groups files the way Compose loads them: per folder, the default file with its
 * `.override`; each other variant (`compose.prod.yaml`) with the default file; any other file alone.
 */
export function planProjects(files: readonly DiscoveredFile[]): ProjectPlan[] {
  const plans = new Map<string, ProjectPlan & { report: Set<string> }>();
  const defaultsByFolder = new Map<string, string[]>();
  for (const file of files) {
    const folder = path.dirname(file.path);
    const defaults = defaultsByFolder.get(folder) ?? defaultComposeFiles(folder);
    defaultsByFolder.set(folder, defaults);
    const projectFiles = composeFilesFor(file.path, defaults);
    const key = projectFiles.join("\0");
    const plan = plans.get(key) ?? { files: projectFiles, report: new Set<string>() };
    plan.report.add(file.path);
    plans.set(key, plan);
  }
  return [...plans.values()];
}

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
    const hint = /^[a-z]+$/.test(written) ? ` (nor a format: ${Object.keys(FORMATTERS).join(", ")})` : "";
    throw new PathError(`No such Compose file: ${written}${hint}`);
  }
  return { files: absolute, report: new Set(absolute) };
}

/** `--env-file` names a file that must exist, as in Compose: a usage error otherwise. */
export function checkEnvFiles(options: CliOptions, cwd: string): void {
  for (const file of options.envFiles ?? []) {
    if (!existsSync(path.resolve(cwd, file))) throw new PathError(`--env-file ${file}: no such file`);
  }
}

/** A parser that parses a file shared by several projects of one run (the base of each variant) once. */
export function parseOncePerRun(): (filePath: string, text: string) => ParsedSource {
  const parses = new Map<string, ParsedSource>();
  return (filePath, text) => {
    const cached = parses.get(filePath);
    if (cached && cached.source.withBom(cached.source.text) === text) return cached;
    const parsed = parseSource(text);
    parses.set(filePath, parsed);
    return parsed;
  };
}

/** Loads a plan's project; `texts` replaces files on disk (the fixed texts of a fixing pass). */
export function projectLoader(plan: ProjectPlan, options: CliOptions, cwd: string, env: NodeJS.ProcessEnv, parse = parseOncePerRun()) {
  const projectOptions: ProjectOptions = {
    files: plan.files,
    boundary: projectBoundary(plan.files, cwd),
    readOutside: options.readOutsideProject,
    projectDirectory: options.projectDirectory === undefined ? undefined : path.resolve(cwd, options.projectDirectory),
    envFiles: options.envFiles?.map((file) => path.resolve(cwd, file)),
    environment: env,
    profiles: options.profiles,
    parse,
  };
  return (texts: ReadonlyMap<string, string> = new Map()) =>
    loadProject({
      ...projectOptions,
      readText: readThrough(texts),
    });
}
