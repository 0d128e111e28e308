import { existsSync } from "node:fs";
import path from "node:path";
import { isMap, isNode, isPair, isSeq, Pair, visit, type Document, type Node } from "yaml";
import { buildModelFromEntries, isPartialComposeFile, serviceProfiles, VARIANT_FILE_NAME, type ComposeModel } from "../model/compose.js";
import { resolveInterpolation } from "../model/interpolation.js";
import { parseSource, type ParsedSource } from "../parse.js";
import { parseDotenv } from "../project/dotenv.js";
import { buildMap, mergeEntryLists } from "../project/merge.js";
import { findEntry, indexAliases, isReset, mapEntries, scalarString, seqItems, type MapEntry } from "../yaml-nodes.js";
import type { ComposeProject, ProjectEnvironment, ProjectFile, ProjectFileRole, ProjectProblem } from "../project/types.js";
import { isAtOrBelow, readLintableFile, realPathOf, type ReadResult } from "./files.js";

export interface ProjectOptions {
  /** The Compose files in merge order (`-f a -f b`, `COMPOSE_FILE`, or the default pair). */
  files: readonly string[];
  /** Where the default `.env` is looked for, and what reports call the project's folder; the first file's folder by default. */
  projectDirectory?: string;
  /** `--env-file`: replaces the project's `.env`. */
  envFiles?: readonly string[];
  /** The shell's variables; they win over `.env`, as in Compose. */
  environment?: Readonly<Record<string, string | undefined>>;
  /** `--profile`: only services with no profile or an active one. None given: every service. */
  profiles?: readonly string[];
  /** Reads a file; fixing passes give the texts they have changed. */
  readText?: (filePath: string) => ReadResult;
  /** Parses a file's text; a caller linting many projects can reuse the parse of a file they share. */
  parse?: (filePath: string, text: string) => ParsedSource;
  /**
   * The project's folder (see `projectBoundary`): included, extended and env files outside it are
   * not read, unless `readOutside` allows it, and then only for context: they are never fixed.
   */
  boundary?: string;
  readOutside?: boolean;
  /** Whether a file exists (the default `.env`); a run answers from its folder listings. */
  exists?: (filePath: string) => boolean;
}

/**
 * The folder a project's files stay inside: the repository root (the nearest folder with `.git`)
 * of its first file; outside a repository, the working directory when it holds every file, else the
 * folder the files have in common.
 */
export function projectBoundary(files: readonly string[], cwd: string, exists: (filePath: string) => boolean = existsSync): string {
  // The planner and the linter each ask for a project's boundary: it is found once per process,
  // like the repository roots and real paths it rests on.
  const key = `${cwd}\0${files.join("\0")}`;
  let boundary = boundaries.get(key);
  if (boundary === undefined) boundaries.set(key, (boundary = findBoundary(files, cwd, exists)));
  return boundary;
}

const boundaries = new Map<string, string>();

function findBoundary(files: readonly string[], cwd: string, exists: (filePath: string) => boolean): string {
  const absolute = files.map((file) => path.resolve(cwd, file));
  const repository = repositoryRoot(path.dirname(absolute[0] ?? cwd), exists);
  if (repository !== undefined) return repository;
  const resolvedCwd = path.resolve(cwd);
  if (absolute.every((file) => isInside(resolvedCwd, file))) return resolvedCwd;
  let common = path.dirname(absolute[0] ?? resolvedCwd);
  while (!absolute.every((file) => isInside(common, file))) common = path.dirname(common);
  return common;
}

// Asked for every file of a run, and folders repeat: looked up once per process.
const repositoryRoots = new Map<string, string | undefined>();

/** The nearest folder at or above `directory` that holds `.git`. */
export function repositoryRoot(directory: string, exists: (filePath: string) => boolean = existsSync): string | undefined {
  if (repositoryRoots.has(directory)) return repositoryRoots.get(directory);
  const parent = path.dirname(directory);
  const found = exists(path.join(directory, ".git")) ? directory : parent === directory ? undefined : repositoryRoot(parent, exists);
  repositoryRoots.set(directory, found);
  return found;
}

/** True when `target` is `folder` or below it, following symlinks of paths that exist. */
export function isInside(folder: string, target: string): boolean {
  // Asked for every file of a run: a prefix of canonical paths, not path.relative's normalising.
  return isAtOrBelow(canonicalPathOf(folder), canonicalPathOf(target));
}

// Windows compares paths without case, as path.relative does there.
const FOLD_CASE = process.platform === "win32";
const canonicalPaths = new Map<string, string>();

/** The real path, absolute and normalised (a path that does not exist is only resolved), remembered. */
function canonicalPathOf(file: string): string {
  let canonical = canonicalPaths.get(file);
  if (canonical === undefined) {
    canonical = path.resolve(realPathOf(file));
    if (FOLD_CASE) canonical = canonical.toLowerCase();
    canonicalPaths.set(file, canonical);
  }
  return canonical;
}

/**
 * A YAML document that Compose would read as a Compose file: a mapping whose keys are Compose's
 * top-level keys (or `x-` extensions), with at least one of them. A CI workflow, a Kubernetes
 * manifest or an Ansible playbook is not one, and is never linted or fixed as one.
 */
export function isComposeDocument(contents: unknown): boolean {
  if (!isMap(contents) || contents.items.length === 0) return false;
  let resources = 0;
  for (const pair of contents.items) {
    const key = isNode(pair.key) && "value" in pair.key ? String(pair.key.value) : String(pair.key);
    if (key.startsWith("x-") || key === "version" || key === "name") continue;
    if (!COMPOSE_TOP_LEVEL_KEYS.has(key)) return false;
    resources++;
  }
  return resources > 0;
}

const COMPOSE_TOP_LEVEL_KEYS = new Set(["services", "include", "networks", "volumes", "secrets", "configs", "models"]);

/** The folder's Compose file as Compose picks it, and its automatic override, if present. */
export function defaultComposeFiles(directory: string, exists: (filePath: string) => boolean = existsSync): string[] {
  // Asked for every folder of a run: the folder is normalised once, and the names appended.
  const folder = path.join(directory, path.sep);
  const inFolder = path.isAbsolute(folder) ? (name: string) => folder + name : (name: string) => path.join(directory, name);
  for (const name of ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"]) {
    const base = inFolder(name);
    if (!exists(base)) continue;
    const override = inFolder(name.replace(/\.(ya?ml)$/, ".override.$1"));
    return exists(override) ? [base, override] : [base];
  }
  return [];
}

/** `oci://...`, `git@host:repo`, `https://...`: Compose fetches these; a linter does not. */
function isRemoteReference(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]+:/.test(value) || /^[\w.-]+@[\w.-]+:/.test(value);
}

/**
 * The Compose files a file is linted with, as Compose would load it: the folder's default file
 * with its override (for either of them), a variant after the default file, any other file alone.
 * A variant of a variant (`docker-compose.hotrod.ports.yml`) comes after the files of the variant
 * its name extends (`docker-compose.hotrod.yml`), as `compose.override.yaml` comes after `compose.yaml`.
 */
export function composeFilesFor(filePath: string, defaults = defaultComposeFiles(path.dirname(path.resolve(filePath))), exists: (filePath: string) => boolean = existsSync): string[] {
  const absolute = path.resolve(filePath);
  if (defaults.includes(absolute)) return defaults;
  if (!isPartialComposeFile(absolute)) return [absolute];
  const extended = extendedVariant(absolute, exists);
  if (extended) return [...composeFilesFor(extended, defaults, exists), absolute];
  return defaults[0] !== undefined ? [defaults[0], absolute] : [absolute];
}

/** The longest existing variant name that a variant's name extends: `compose.a.yaml` for `compose.a.b.yaml`. */
function extendedVariant(file: string, exists: (filePath: string) => boolean): string | undefined {
  const match = VARIANT_FILE_NAME.exec(path.basename(file));
  if (!match) return undefined;
  const [, prefix, middle, extension] = match as unknown as [string, string, string, string];
  const segments = middle.split(".");
  const extensions = [extension, extension.toLowerCase() === "yml" ? "yaml" : "yml"];
  for (let count = segments.length - 1; count >= 1; count--) {
    for (const candidateExtension of extensions) {
      const candidate = path.join(path.dirname(file), `${prefix}.${segments.slice(0, count).join(".")}.${candidateExtension}`);
      if (exists(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * A parser that keeps each file's last parse and gives it back while the text is the same: a file
 * shared by several projects of a run (the base of each variant), or planned and then linted, is
 * parsed once; in an editor, the files around the one being typed in are not parsed again.
 */
export function reusingParser(): (filePath: string, text: string) => ParsedSource {
  const parses = new Map<string, ParsedSource>();
  return (filePath, text) => {
    const cached = parses.get(filePath);
    if (cached && cached.source.withBom(cached.source.text) === text) return cached;
    const parsed = parseSource(text);
    parses.set(filePath, parsed);
    return parsed;
  };
}

const RESOURCE_KEYS = ["services", "networks", "volumes", "secrets", "configs"] as const;

/** Loads a Compose project the way Compose does: files merged in order, `include`, `extends`, `.env`. */
export function loadProject(options: ProjectOptions): ComposeProject {
  const files = options.files.map((file) => path.resolve(file));
  const directory = path.resolve(options.projectDirectory ?? path.dirname(files[0] ?? "."));
  const read = options.readText ?? readLintableFile;
  const exists = options.exists ?? existsSync;
  const shell = options.environment ?? {};
  const loaded = new Map<string, ProjectFile>();
  const nodeFiles = new WeakMap<Node, ProjectFile>();
  const problems: ProjectProblem[] = [];
  let broken = false;

  const rootEnvironment = loadEnvironment(options.envFiles?.map((file) => path.resolve(file)) ?? [path.join(directory, ".env")], options.envFiles !== undefined, undefined);
  const profiles = options.profiles ?? (shell.COMPOSE_PROFILES ? shell.COMPOSE_PROFILES.split(",").map((name) => name.trim()).filter(Boolean) : []);

  const outside = (filePath: string) => options.boundary !== undefined && !isInside(options.boundary, filePath);
  const notReadOutside = () => `outside the project folder ${options.boundary}: not read (--read-outside-project reads it for context, never to fix it)`;

  const loadFile = (filePath: string, role: ProjectFileRole, environment: ProjectEnvironment): ProjectFile => {
    const existing = loaded.get(filePath);
    if (existing) return existing;
    const file: ProjectFile = { path: filePath, role, environment };
    loaded.set(filePath, file);
    if (role !== "compose" && outside(filePath)) {
      file.outsideProject = true;
      if (!options.readOutside) {
        file.readError = notReadOutside();
        return file;
      }
    }
    const result = read(filePath);
    if (!result.ok) {
      // A missing included or extended file is reported where it is named; the rest still merges.
      file.readError = result.reason;
      if (role === "compose") broken = true;
      return file;
    }
    file.text = result.text;
    file.parsed = options.parse ? options.parse(filePath, result.text) : parseSource(result.text);
    const document = file.parsed.document;
    // An empty or comment-only file merges as nothing, as in Compose.
    if (file.parsed.syntaxErrors.length === 0 && (document === undefined || document.contents === null || document.contents === undefined)) return file;
    if (file.parsed.syntaxErrors.length > 0 || !document || !isMap(document.contents)) {
      broken = true;
      return file;
    }
    if (role !== "compose" && !isComposeDocument(document.contents)) {
      // Named by an include or extends, but a CI config or another tool's YAML: never linted as Compose.
      file.readError = "not a Compose file (its top-level keys are not Compose's), so it is neither linted nor fixed";
      delete file.parsed;
      return file;
    }
    // Aliases must resolve across documents once files merge; a file without `*` has none.
    if (result.text.includes("*")) indexAliases(document);
    return file;
  };

  function loadEnvironment(envFiles: readonly string[], explicit: boolean, referrer: { file: ProjectFile; node: Node } | undefined): ProjectEnvironment {
    const values = new Map<string, string>();
    let fromFile = false;
    for (const envFile of envFiles) {
      if (!explicit && !exists(envFile)) continue;
      fromFile = true;
      // An include's env file outside the project is somebody else's secrets: not read unless allowed.
      if (referrer && outside(envFile) && !options.readOutside) {
        problems.push({ ...referrer, message: `Env file ${path.relative(path.dirname(referrer.file.path), envFile)}: ${notReadOutside()}`, severity: 1 });
        continue;
      }
      const result = read(envFile);
      const file: ProjectFile = { path: envFile, role: "env", environment: { get: (name) => values.get(name), fromFile: true } };
      if (!loaded.has(envFile)) loaded.set(envFile, file);
      if (!result.ok) {
        if (referrer) problems.push({ ...referrer, message: `Env file ${path.relative(path.dirname(referrer.file.path), envFile)}: ${result.reason}`, severity: 2 });
        else problems.push({ file, line: 1, message: `Env file: ${result.reason}`, severity: 2 });
        continue;
      }
      file.text = result.text;
      const parsed = parseDotenv(result.text, { get: (name) => shell[name] });
      for (const problem of parsed.problems) problems.push({ file, line: problem.line, message: `Env file line ${problem.line}: ${problem.message}`, severity: 2 });
      for (const [key, value] of parsed.values) values.set(key, value);
    }
    return { get: (name: string) => shell[name] ?? values.get(name), fromFile };
  }

  /** One file's top-level entries with its `include`s imported and its services' `extends` applied. */
  const layerOf = (file: ProjectFile, stack: readonly string[]): MapEntry[] | undefined => {
    const document = file.parsed?.document;
    if (!document || !isMap(document.contents)) return undefined;
    let entries = mapEntries(document.contents, document);
    const include = findEntry(entries, "include");
    if (include) entries = importIncludes(file, document, entries, include, stack);
    // Most files extend nothing: a look at the text spares building every service's entries.
    return file.text?.includes("extends") ? applyExtends(file, document, entries) : entries;
  };

  const mergeFiles = (paths: readonly string[], role: ProjectFileRole, environment: ProjectEnvironment, stack: readonly string[], referrer?: { file: ProjectFile; node: Node }) => {
    let merged: MapEntry[] | undefined;
    let first: ProjectFile | undefined;
    for (const filePath of paths) {
      if (stack.includes(filePath)) {
        // Compose refuses the cycle; the rest of the project is still checked.
        if (referrer) problems.push({ ...referrer, message: `Include cycle: ${[...stack, filePath].map((item) => path.relative(directory, item)).join(" → ")}`, severity: 2 });
        continue;
      }
      const file = loadFile(filePath, role, environment);
      if (file.readError && referrer) {
        problems.push({ ...referrer, message: `Included file ${path.relative(path.dirname(referrer.file.path), filePath)}: ${file.readError}`, severity: file.outsideProject ? 1 : 2 });
      }
      const layer = layerOf(file, [...stack, filePath]);
      if (!layer) continue;
      first ??= file;
      const document = file.parsed!.document!;
      merged = merged ? mergeEntryLists(merged, layer, [], document) : layer;
    }
    return { merged, first };
  };

  function importIncludes(file: ProjectFile, document: Document.Parsed, entries: MapEntry[], include: MapEntry, stack: readonly string[]): MapEntry[] {
    if (!isSeq(include.node)) return entries;
    const base = path.dirname(file.path);
    let result = entries;
    for (const item of seqItems(include.node, document, include.shared)) {
      const fields = isMap(item.node) ? mapEntries(item.node, document, item.shared) : [];
      const strings = (entry: MapEntry | undefined) =>
        !entry ? [] : isSeq(entry.node) ? seqItems(entry.node, document, entry.shared).flatMap((value) => scalarString(value.node) ?? []) : [scalarString(entry.node) ?? ""].filter(Boolean);
      const paths = isMap(item.node) ? strings(findEntry(fields, "path")) : [scalarString(item.node) ?? ""].filter(Boolean);
      if (paths.length === 0) continue;
      const remote = paths.find(isRemoteReference);
      if (remote) {
        problems.push({ file, node: item.node, message: `Remote include ${remote} is not read: its services are not checked`, severity: 1 });
        continue;
      }
      const absolute = paths.map((value) => path.resolve(base, resolveInterpolation(value, file.environment).resolved));
      const projectDirectory = strings(findEntry(fields, "project_directory"))[0];
      const includedDirectory = projectDirectory ? path.resolve(base, projectDirectory) : path.dirname(absolute[0]!);
      const envFiles = strings(findEntry(fields, "env_file")).map((value) => path.resolve(base, value));
      const referrer = { file, node: item.node };
      const environment = loadEnvironment(envFiles.length > 0 ? envFiles : [path.join(includedDirectory, ".env")], envFiles.length > 0, referrer);
      const { merged } = mergeFiles(absolute, "include", environment, stack, referrer);
      if (merged) result = importResources(result, merged, referrer);
    }
    return result;
  }

  /**
   * Adds an included project's services, networks, ...; a name the including file defines too is
   * merged, the including file's definition over the included one, as Compose has done since
   * compose-go 2.10 (late 2025; releases before it refused the project).
   */
  function importResources(entries: MapEntry[], imported: MapEntry[], referrer: { file: ProjectFile; node: Node }): MapEntry[] {
    const result = [...entries];
    for (const key of RESOURCE_KEYS) {
      const incoming = findEntry(imported, key);
      if (!incoming || !isMap(incoming.node)) continue;
      const document = referrer.file.parsed!.document!;
      const index = result.findIndex((entry) => entry.key === key);
      const existing = result[index];
      const own = existing && isMap(existing.node) ? mapEntries(existing.node, document, existing.shared) : [];
      const added = new Map(mapEntries(incoming.node, document, incoming.shared).map((entry) => [entry.key, entry]));
      // Compose drops a `!reset` value from a file before its includes are read: the included one stays.
      const kept = own.filter((entry) => !(added.has(entry.key) && isReset(entry.node)));
      const merged = kept.map((entry) => {
        const included = added.get(entry.key);
        return included ? (mergeEntryLists([included], [entry], [key], document)[0] ?? entry) : entry;
      });
      const keptNames = new Set(kept.map((entry) => entry.key));
      const map = buildMap([...merged, ...[...added.values()].filter((entry) => !keptNames.has(entry.key))], existing?.node ?? incoming.node);
      const keyNode = existing?.keyNode ?? incoming.keyNode;
      const entry: MapEntry = { key, keyNode, pair: new Pair(keyNode, map) as Pair, node: map, shared: false };
      if (index === -1) result.push(entry);
      else result[index] = entry;
    }
    return result;
  }

  function applyExtends(file: ProjectFile, document: Document.Parsed, entries: MapEntry[]): MapEntry[] {
    const servicesIndex = entries.findIndex((entry) => entry.key === "services");
    const services = entries[servicesIndex];
    if (!services || !isMap(services.node)) return entries;
    const serviceEntries = mapEntries(services.node, document, services.shared);
    const extended = serviceEntries.map((service) => {
      if (!isMap(service.node)) return service;
      const resolved = extendedEntries(file, service.key, mapEntries(service.node, document, service.shared), [`${file.path}#${service.key}`]);
      if (!resolved) return service;
      const map = buildMap(resolved, service.node);
      return { key: service.key, keyNode: service.keyNode, pair: new Pair(service.keyNode, map) as Pair, node: map, shared: service.shared };
    });
    // "extends" was only in a comment or a value: the written services stay as they are.
    if (extended.every((service, index) => service === serviceEntries[index])) return entries;
    const result = [...entries];
    result[servicesIndex] = { ...services, node: buildMap(extended, services.node), shared: false };
    return result;
  }

  /** A file's services by name, built once per file: every `extends` looks its target up here. */
  const servicesIndex = new Map<ProjectFile, Map<string, MapEntry>>();
  function servicesByName(file: ProjectFile, document: Document.Parsed): Map<string, MapEntry> {
    let index = servicesIndex.get(file);
    if (!index) {
      const services = isMap(document.contents) ? findEntry(mapEntries(document.contents, document), "services") : undefined;
      index = new Map();
      if (services && isMap(services.node)) for (const entry of mapEntries(services.node, document, services.shared)) if (!index.has(entry.key)) index.set(entry.key, entry);
      servicesIndex.set(file, index);
    }
    return index;
  }

  /** What an extended service (`file#name`) has once its own `extends` is applied. */
  const resolvedTargets = new Map<string, MapEntry[]>();

  /** A service's entries with the service it extends merged under them; undefined when it extends nothing. */
  function extendedEntries(file: ProjectFile, serviceName: string, own: MapEntry[], chain: readonly string[]): MapEntry[] | undefined {
    const document = file.parsed!.document!;
    const extendsEntry = findEntry(own, "extends");
    if (!extendsEntry) return undefined;
    const rest = own.filter((entry) => entry !== extendsEntry);
    // `extends: name`, or `extends: { service: name, file: other.yaml }`.
    const fields = isMap(extendsEntry.node) ? mapEntries(extendsEntry.node, document, extendsEntry.shared) : undefined;
    const field = (name: string) => {
      const entry = fields && findEntry(fields, name);
      return entry ? scalarString(entry.node) : undefined;
    };
    const targetName = fields ? field("service") : scalarString(extendsEntry.node);
    const fileName = field("file");
    const problem = (message: string) => {
      problems.push({ file, node: extendsEntry.node, message, severity: 2 });
      return rest;
    };
    if (!targetName) return problem("`extends` needs the name of a service");
    if (fileName && isRemoteReference(fileName)) {
      problems.push({ file, node: extendsEntry.node, message: `Remote file ${fileName} is not read: what "${serviceName}" inherits from it is not checked`, severity: 1 });
      return rest;
    }
    const targetFile = fileName ? loadFile(path.resolve(path.dirname(file.path), fileName), "extends", file.environment) : file;
    if (targetFile.readError) {
      if (!targetFile.outsideProject) return problem(`Extended file ${fileName}: ${targetFile.readError}`);
      problems.push({ file, node: extendsEntry.node, message: `Extended file ${fileName}: ${targetFile.readError}`, severity: 1 });
      return rest;
    }
    const targetDocument = targetFile.parsed?.document;
    if (!targetDocument || !isMap(targetDocument.contents)) return rest;
    const key = `${targetFile.path}#${targetName}`;
    if (chain.includes(key)) return problem(`Extends cycle: ${[...chain, key].map((item) => item.split("#")[1]).join(" → ")}`);
    const target = servicesByName(targetFile, targetDocument).get(targetName);
    if (!target || !isMap(target.node)) return problem(`Service "${targetName}" to extend is not defined${fileName ? ` in ${fileName}` : ""}`);
    // Each extended service is resolved once: a chain of n services costs n merges, not n².
    let inherited = resolvedTargets.get(key);
    if (!inherited) {
      const targetEntries = mapEntries(target.node, targetDocument, target.shared);
      inherited = extendedEntries(targetFile, targetName, targetEntries, [...chain, key]) ?? targetEntries;
      resolvedTargets.set(key, inherited);
    }
    // What a service inherits is written once for every service that extends it: no fix there.
    const shared = inherited.map((entry): MapEntry => ({ key: entry.key, keyNode: entry.keyNode, pair: entry.pair, node: entry.node, shared: true }));
    return mergeEntryLists(shared, rest, ["services", serviceName], document);
  }

  const composeFiles = files.map((filePath) => loadFile(filePath, "compose", rootEnvironment));
  const { merged, first } = mergeFiles(files, "compose", rootEnvironment, []);
  const projectFiles = [...loaded.values()];
  const yamlFiles = projectFiles.filter((file) => file.parsed?.document);
  // One file: every node is its own, and the walk that maps nodes to files is not needed.
  const fileOf = yamlFiles.length === 1 ? () => yamlFiles[0] : (node: Node) => nodeFiles.get(node);
  if (yamlFiles.length > 1) {
    for (const file of yamlFiles) registerNodes(file.parsed!.document!.contents, file, nodeFiles);
  }
  let model: ComposeModel | undefined;
  const firstDocument = first?.parsed?.document;
  if (!broken && merged && firstDocument && isMap(firstDocument.contents)) {
    model = buildModelFromEntries(firstDocument, firstDocument.contents, merged, { environmentFor: (node) => fileOf(node)?.environment });
    if (profiles.length > 0) {
      model.services = model.services.filter((service) => {
        const names = serviceProfiles(service, firstDocument);
        return names.length === 0 || names.some((name) => profiles.includes(name));
      });
    }
  }
  for (const file of projectFiles) {
    if (file.environment.fromFile) problems.push(...missingRequiredVariables(file));
  }
  return { directory, files: projectFiles, composeFiles, model, problems, fileOf, profiles };
}

/** Maps every node under `node` to its file (a plain walk: yaml's visitor costs more here). */
function registerNodes(node: unknown, file: ProjectFile, nodeFiles: WeakMap<Node, ProjectFile>): void {
  if (isPair(node)) {
    registerNodes(node.key, file, nodeFiles);
    registerNodes(node.value, file, nodeFiles);
    return;
  }
  if (!isNode(node)) return;
  nodeFiles.set(node, file);
  if (isMap(node) || isSeq(node)) for (const item of node.items) registerNodes(item, file, nodeFiles);
}

/** `${VAR:?message}` whose variable the project's environment does not set: Compose stops there. */
function missingRequiredVariables(file: ProjectFile): ProjectProblem[] {
  const document = file.parsed?.document;
  // `${VAR?message}` and `${VAR:?message}` both need a "?": most files have none to look for.
  if (!document || !file.parsed!.source.text.includes("?")) return [];
  const found: ProjectProblem[] = [];
  visit(document, {
    Scalar(key, node) {
      if (key === "key" || typeof node.value !== "string" || !node.value.includes("${")) return;
      for (const expression of resolveInterpolation(node.value, file.environment).expressions) {
        if (!expression.missingRequired) continue;
        const reason = expression.defaultValue ? `: "${expression.defaultValue}"` : "";
        found.push({ file, node, message: `Required variable ${expression.name} is not set by the environment or the env file, so Compose refuses to start${reason}`, severity: 1 });
      }
    },
  });
  return found;
}
