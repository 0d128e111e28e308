import path from "node:path";
import { resolveConfig, type RuleRegistry } from "../config.js";
import { Linter } from "../linter.js";
import { definedNames, undefinedReferences } from "../model/references.js";
import { isUntypedBind } from "../model/volumes.js";
import type { ComposeProject } from "../project/types.js";
import { COMPOSE_FILE_NAME } from "../compose-names.js";
import { comparePaths, isAtOrBelow, realPathOf, type DiscoveredFile, type ReadResult } from "./files.js";
import { composeFilesFor, defaultComposeFiles } from "./project.js";

/** Files linted together, which of them a run reports on, and why they go together. */
export interface ProjectPlan {
  /** Compose files in merge order. */
  files: string[];
  /**
   * Compose files whose findings are reported (the others only give context: the base file
   * of a variant, an override not asked for). Included, extended and env files are reported.
   */
  report: ReadonlySet<string>;
  /** Why these files form one project, for `--print-projects`. */
  reason: string;
  /** Files found on their own that this project reaches through `include:` or `extends:`. */
  absorbed?: string[];
  /**
   * Only the files of `report` are reported and fixed (the files named on the command line);
   * otherwise the files the project includes, extends or reads variables from are too.
   */
  reportOnly?: boolean;
}

/** The reason of a plan the config declares: nothing is added to it. */
const DECLARED = "declared in the config's projects";

export interface PlanContext {
  /** Loads a project of the given files (asked only for projects whose text mentions `include` or `extends`). */
  load: (files: string[]) => ComposeProject;
  /** Whether a file's text mentions `include:` or `extends:`. */
  mentionsReferences: (file: string) => boolean;
  /** `COMPOSE_FILE` from a folder's `.env`: the files Compose loads there by default, or undefined. */
  composeFileList?: (folder: string) => string[] | undefined;
  /** How many references of `file` (services, networks, volumes, secrets, configs) stay undefined in a project of `files`. */
  unresolvedReferences?: (files: string[], file: string) => number;
  /** The folder a project's files stay inside (the repository root): overlays look for a base file up to it. */
  boundaryOf?: (file: string) => string;
  /** Projects the config declares (`projects: [{ files: [...] }]`), absolute paths in merge order. */
  declared?: readonly string[][];
  /** Whether a file exists (the default Compose names); a run answers from its folder listings. */
  exists?: (filePath: string) => boolean;
}

/**
 * The planner's two questions about references, for the command line and the language server
 * alike: whether a file mentions `include:`/`extends:`, and how many of its references stay
 * undefined in a project (the registry must hold `no-undefined-references`).
 */
export function referenceQuestions(
  registry: RuleRegistry,
  load: (files: string[]) => ComposeProject,
  read: (file: string) => ReadResult,
): Pick<PlanContext, "mentionsReferences" | "unresolvedReferences"> {
  const linter = new Linter(registry);
  const referencesOnly = resolveConfig([{ config: { rules: { "no-undefined-references": "error" } }, where: "project planning" }], registry);
  return {
    mentionsReferences: (file) => {
      const result = read(file);
      return result.ok && mentionsIncludeOrExtends(result.text);
    },
    unresolvedReferences: (files, file) => {
      const project = load(files);
      // Asked of every project, and most refer to nothing undefined: the rule runs only when it may report.
      if (!mayReportUndefined(project)) return 0;
      return linter.verifyProject(project, referencesOnly, { lintFile: () => false }).find((result) => result.path === file)?.messages.filter((message) => message.ruleId === "no-undefined-references").length ?? 0;
    },
  };
}

/** Whether `no-undefined-references` may report in a project: what it reports is found from these two. */
function mayReportUndefined(project: ComposeProject): boolean {
  const model = project.model;
  return model !== undefined && model.services.some((service) => undefinedReferences(service, model).length > 0 || service.volumes.some(isUntypedBind));
}

/** Whether a Compose text has an `include:` or `extends:` key: only then can it reach another file. */
export function mentionsIncludeOrExtends(text: string): boolean {
  return /^\s*(?:include|extends)\s*:/m.test(text);
}

/**
 * Groups found files the way Compose loads them, in one place for the command line, `exposure` and
 * the language server:
 * 1. per folder, the default file with its `.override`; a variant (`compose.prod.yaml`) after the
 *    default file; any other file alone;
 * 2. a file that another project reaches through `include:` or `extends: { file: }` is linted as
 *    part of that project (where its networks and secrets are declared), never on its own;
 * 3. an overlay, a file whose references resolve only with other files, is merged after them.
 * Steps 1 and 2 are `groupProjects`, step 3 is `settlePlan`.
 */
export function planProjects(files: readonly DiscoveredFile[], context: PlanContext): ProjectPlan[] {
  const plans = groupProjects(files, context);
  const found = files.map((file) => file.path);
  for (const plan of plans) settlePlan(plan, context, found);
  return plans;
}

/**
 * Steps 1 and 2 of `planProjects`: the plans before `settlePlan` gives an overlay its base files.
 * Only projects that mention `include` or `extends` are loaded here.
 */
export function groupProjects(files: readonly DiscoveredFile[], context: PlanContext): ProjectPlan[] {
  const { load, mentionsReferences } = context;
  const plans = new Map<string, ProjectPlan & { report: Set<string> }>();
  const defaultsByFolder = new Map<string, string[]>();
  const listsByFolder = new Map<string, string[] | undefined>();
  for (const file of files) {
    const folder = path.dirname(file.path);
    const defaults = defaultsByFolder.get(folder) ?? defaultComposeFiles(folder, context.exists);
    defaultsByFolder.set(folder, defaults);
    if (!listsByFolder.has(folder)) listsByFolder.set(folder, context.composeFileList?.(folder)?.map((name) => path.resolve(folder, name)));
    const listed = listsByFolder.get(folder);
    const declared = context.declared?.find((files) => files.includes(file.path));
    const projectFiles = declared ?? (listed?.includes(file.path) ? listed : composeFilesFor(file.path, defaults, context.exists));
    const key = projectFiles.join("\0");
    const reason = groupReason(projectFiles, { declared, listed, defaults });
    const plan = plans.get(key) ?? { files: projectFiles, report: new Set<string>(), reason };
    plan.report.add(file.path);
    plans.set(key, plan);
  }
  const all = [...plans.values()];
  // What each project reaches through include and extends (only projects that mention them).
  const reaches = new Map<ProjectPlan, Set<string>>();
  for (const plan of all) {
    if (!plan.files.some(mentionsReferences)) continue;
    const reached = new Set(load(plan.files).files.filter((file) => file.role === "include" || file.role === "extends").map((file) => file.path));
    if (reached.size > 0) reaches.set(plan, reached);
  }
  if (reaches.size === 0) return all;
  // A project is absorbed when another project reaches all its files and it does not reach that
  // one back (two files that include each other stay as they are: Compose refuses the cycle).
  // Only the projects that reach its first file are candidates, in the order of the plans.
  const reachedBy = new Map<string, ProjectPlan[]>();
  for (const [plan, reached] of reaches) {
    for (const file of reached) {
      const reaching = reachedBy.get(file);
      if (reaching) reaching.push(plan);
      else reachedBy.set(file, [plan]);
    }
  }
  const absorber = (plan: ProjectPlan) =>
    reachedBy
      .get(plan.files[0]!)
      ?.find((other) => other !== plan && plan.files.every((file) => reaches.get(other)!.has(file)) && !other.files.some((file) => reaches.get(plan)?.has(file)));
  const kept: ProjectPlan[] = [];
  const absorbedInto = new Map<ProjectPlan, ProjectPlan>();
  for (const plan of all) {
    const by = absorber(plan);
    if (by) absorbedInto.set(plan, by);
    else kept.push(plan);
  }
  for (const [plan, by] of absorbedInto) {
    // Follow a chain (a includes b includes c) to the project that is kept.
    let target = by;
    for (let hops = 0; absorbedInto.has(target) && hops < all.length; hops++) target = absorbedInto.get(target)!;
    target.absorbed = [...(target.absorbed ?? []), ...plan.report];
  }
  return kept;
}

/** Why `groupProjects` put these files together, from where it took them. */
function groupReason(projectFiles: string[], from: { declared?: string[]; listed?: string[]; defaults: string[] }): string {
  if (projectFiles === from.declared) return DECLARED;
  if (projectFiles === from.listed) return "the files COMPOSE_FILE lists in the folder's .env, merged in order";
  if (projectFiles.length === 1) return "a file on its own";
  if (projectFiles.length === 2 && projectFiles[0] === from.defaults[0]) {
    return from.defaults.includes(projectFiles[1]!) ? "the default file with its override" : "a variant merged after the folder's default file";
  }
  return `a variant merged after ${projectFiles.slice(0, -1).map((name) => path.basename(name)).join(" and ")}`;
}

/**
 * Step 3 of `planProjects`, for one plan. A file whose references resolve only with other files is
 * merged with them, as its `-f` command line would: a file on its own after the nearest default
 * file, in its folder or a folder above it up to the project's boundary (`-f docker-compose.yml
 * -f extensions/x/x-compose.yml`); and any such project with one more Compose file of the same
 * folder before it, when that resolves the rest (`-f compose.yaml -f compose.observability.yaml
 * -f compose.agent.yaml`). `found` is every file the run found. This loads the plan's project and
 * depends on no other plan: worker threads settle the plans they lint.
 */
export function settlePlan(plan: ProjectPlan, context: PlanContext, found: readonly string[]): void {
  const { unresolvedReferences, boundaryOf } = context;
  if (!unresolvedReferences || !boundaryOf) return;
  const file = plan.files[plan.files.length - 1]!;
  // What the config declares is what runs: nothing is added to it.
  if (plan.reason === DECLARED || plan.report.size !== 1 || !plan.report.has(file) || unresolvedReferences(plan.files, file) === 0) return;
  const bases: string[][] = [];
  if (plan.files.length === 1) {
    for (const folder of foldersUpTo(file, boundaryOf(file))) {
      const base = defaultComposeFiles(folder, context.exists).filter((candidate) => candidate !== file);
      if (base.length > 0) bases.push(base);
    }
  } else {
    bases.push(plan.files.slice(0, -1));
  }
  // Trying every sibling with every base is quadratic in a folder's files (a folder of 368 service
  // templates took 80 s to plan). A merge defines what its files define, so a sibling can resolve
  // the rest only if it defines every name the base and the file leave undefined: only those are
  // tried, found through an index of the folder's names (checking each sibling is quadratic too).
  const tries = [...bases];
  for (const base of bases) {
    const lacking = lackingNames(context.load([...base, file]));
    if (lacking.size === 0) continue;
    const definers = siblingsDefining(context, found, path.dirname(file));
    const fewest = [...lacking].map((name) => definers.get(name) ?? []).reduce((least, files) => (files.length < least.length ? files : least));
    for (const sibling of fewest) if (sibling !== file && !base.includes(sibling) && definesAll(context.load([sibling]), lacking)) tries.push([...base, sibling]);
  }
  const resolving = tries.find((base) => unresolvedReferences([...base, file], file) === 0);
  if (!resolving) return;
  plan.files = [...resolving, file];
  plan.reason = `an overlay: its references resolve only merged after ${resolving.map((candidate) => path.relative(path.dirname(file), candidate)).join(" and ")}`;
}

/**
 * A file's folder and the folders above it, up to and with its boundary: where a base file or a
 * file that includes it may be. One folder for a file outside the boundary; the root ends it too.
 */
function* foldersUpTo(file: string, boundary: string): Generator<string> {
  for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
    yield folder;
    if (folder === boundary || path.dirname(folder) === folder || !isAtOrBelow(boundary, folder)) return;
  }
}

/** The names a project's services refer to and it does not define, of any kind. */
function lackingNames(project: ComposeProject): Set<string> {
  const lacking = new Set<string>();
  const model = project.model;
  if (model) for (const service of model.services) for (const { reference } of undefinedReferences(service, model)) lacking.add(reference.name!);
  return lacking;
}

/** Whether a project defines each of `names`, as a name of any kind. */
function definesAll(project: ComposeProject, names: ReadonlySet<string>): boolean {
  if (!project.model) return false;
  const { service, network, volume, secret, config } = definedNames(project.model);
  for (const name of names) {
    if (!service.has(name) && !network.has(name) && !volume.has(name) && !secret.has(name) && !config.has(name)) return false;
  }
  return true;
}

// Per run (its context and found files) and folder: the folder's found files that define each name,
// in the order they were found.
const definersByRun = new WeakMap<PlanContext, WeakMap<readonly string[], Map<string, Map<string, string[]>>>>();

function siblingsDefining(context: PlanContext, found: readonly string[], folder: string): Map<string, string[]> {
  let byFound = definersByRun.get(context);
  if (!byFound) definersByRun.set(context, (byFound = new WeakMap()));
  let byFolder = byFound.get(found);
  if (!byFolder) byFound.set(found, (byFolder = new Map()));
  let definers = byFolder.get(folder);
  if (!definers) {
    definers = new Map();
    for (const sibling of foundByFolder(found).get(folder) ?? []) {
      const model = context.load([sibling]).model;
      if (!model) continue;
      const names = new Set<string>();
      for (const kind of Object.values(definedNames(model))) for (const name of kind) names.add(name);
      for (const name of names) {
        const files = definers.get(name);
        if (files) files.push(sibling);
        else definers.set(name, [sibling]);
      }
    }
    byFolder.set(folder, definers);
  }
  return definers;
}

// A run settles every plan against the same list of found files: it is grouped by folder once.
const foldersOfFound = new WeakMap<readonly string[], Map<string, string[]>>();

function foundByFolder(found: readonly string[]): Map<string, string[]> {
  let byFolder = foldersOfFound.get(found);
  if (!byFolder) {
    byFolder = new Map();
    for (const file of found) {
      const folder = path.dirname(file);
      const files = byFolder.get(folder);
      if (files) files.push(file);
      else byFolder.set(folder, [file]);
    }
    foldersOfFound.set(found, byFolder);
  }
  return byFolder;
}

/**
 * Plans for files named one by one on the command line (what pre-commit passes: the files a commit
 * changed): each is linted in the projects a search of its repository would put it in, and only
 * the named files are reported and fixed. The context is the Compose files of each named file's
 * folder and of the folders above it up to its boundary (the repository root): a root file that
 * includes it, a base file and its variants, a sibling an overlay needs. `composeFilesIn` lists a
 * folder's Compose files. Plans are settled, and `found` holds every file they were planned from.
 */
export function planNamedFiles(named: readonly DiscoveredFile[], context: PlanContext, composeFilesIn: (folder: string) => string[]): { plans: ProjectPlan[]; found: string[] } {
  const { boundaryOf = () => path.dirname(named[0]?.path ?? ".") } = context;
  const names = new Set(named.map((file) => file.path));
  // A file reached by two paths (a symlinked default file) is planned once, as a search does.
  const seenReal = new Set(named.map((file) => realPathOf(file.path)));
  const contextFiles = new Set<string>();
  // Named files share folders (all of a repository's, for pre-commit's --all-files): each is listed once.
  const listed = new Set<string>();
  for (const file of named) {
    for (const folder of foldersUpTo(file.path, boundaryOf(file.path))) {
      if (listed.has(folder)) continue;
      listed.add(folder);
      for (const candidate of composeFilesIn(folder)) {
        const real = realPathOf(candidate);
        if (names.has(candidate) || seenReal.has(real)) continue;
        seenReal.add(real);
        contextFiles.add(candidate);
      }
    }
  }
  const found = [...names, ...contextFiles].sort(comparePaths);
  // Only the projects of files named as Compose names them, or of files that include or extend,
  // can report a named file; the others are bases an overlay may need (settlePlan looks among them).
  const planned = found.filter((file) => names.has(file) || COMPOSE_FILE_NAME.test(path.basename(file)) || context.mentionsReferences(file));
  const plans = groupProjects(
    planned.map((file) => ({ path: file, explicit: names.has(file) })),
    context,
  );
  const kept: ProjectPlan[] = [];
  for (const plan of plans) {
    settlePlan(plan, context, found);
    // A named file's own project reports what it includes and extends too, as a search does.
    const asked = [...plan.report].filter((file) => names.has(file));
    if (asked.length > 0) {
      kept.push({ files: plan.files, report: new Set(asked), reason: plan.reason });
      continue;
    }
    // A project around a named file that it includes or extends reports that file alone.
    const reached = plan.files.some(context.mentionsReferences) ? context.load(plan.files).files.filter((file) => file.role === "include" || file.role === "extends").map((file) => file.path) : [];
    const report = new Set([...(plan.absorbed ?? []), ...reached].filter((file) => names.has(file)));
    if (report.size > 0) kept.push({ files: plan.files, report, reason: plan.reason, reportOnly: true });
  }
  return { plans: kept, found };
}

/**
 * The plans in an order for fixing: a file's own project (the plan that reports it) before every
 * plan that reads it only for context (a variant's base file, an overlay's). A fix run then lints
 * each variant against its base as fixed, and reports what stays wrong once every fix is written,
 * not what was wrong between two writes. Otherwise the plans keep their order. In a cycle (two
 * plans that each read the other's file, which Compose never loads so) the plan met first goes last.
 */
export function ownersFirst(plans: readonly ProjectPlan[]): ProjectPlan[] {
  const owner = new Map<string, ProjectPlan>();
  for (const plan of plans) for (const file of plan.report) if (!owner.has(file)) owner.set(file, plan);
  const ownersOf = (plan: ProjectPlan) => plan.files.flatMap((file) => (plan.report.has(file) ? [] : (owner.get(file) ?? [])));
  const ordered: ProjectPlan[] = [];
  const entered = new Set<ProjectPlan>();
  // Depth first, without recursion: a plan is placed after the owners of its context files.
  for (const start of plans) {
    if (entered.has(start)) continue;
    entered.add(start);
    const stack = [{ plan: start, owners: ownersOf(start) }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top.owners.find((plan) => !entered.has(plan));
      if (next) {
        entered.add(next);
        stack.push({ plan: next, owners: ownersOf(next) });
        continue;
      }
      stack.pop();
      ordered.push(top.plan);
    }
  }
  return ordered;
}

/** `--print-projects`: which files form which project, and why. */
export function describePlans(plans: readonly ProjectPlan[], cwd: string): string {
  const relative = (file: string) => path.relative(cwd, file) || file;
  return plans
    .map((plan) => {
      const lines = [`${plan.files.map(relative).join(" + ")}: ${plan.reason}`];
      for (const file of plan.files) if (!plan.report.has(file)) lines.push(`  ${relative(file)}: context only (not reported here)`);
      for (const file of plan.absorbed ?? []) lines.push(`  ${relative(file)}: linted as part of this project (it includes or extends it)`);
      return lines.join("\n");
    })
    .join("\n");
}
