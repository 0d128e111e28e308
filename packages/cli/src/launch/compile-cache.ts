// Loads the command's bundle (dist-bundle/cli.cjs) with a V8 code cache, so that a start does not
// parse and compile ~500 KB of JavaScript again. Node 22.1+ has this built in
// (module.enableCompileCache), and then it is used. Node 20 has none: there the bundle is
// compiled as a vm.Script with the cache V8 produced after an earlier run, which holds every
// function that run compiled (the linter's whole path, not only the top level). Measured on
// 2 cores: a small file took 214 ms through the ES module bundle and 157 ms through this,
// `node -e 0` taking 106 ms.
//
// The cache is only an optimisation: without a usable folder (none, or one another user could
// write to) the bundle is required the plain way, and a cache V8 rejects (corrupt, or from
// another Node) is ignored and replaced. Nothing is printed either way. Each set of node flags, and
// each size of run (RunSize), has its own cache file (flagsKey). Every upgrade and flag set leaves
// files of ~600 KB: one unused for a week is deleted when a new one is written (pruneUnused).
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from "node:fs";
import Module, { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";

export interface CacheSettings {
  /** The bundle's SHA-256 (scripts/bundle.mjs writes it into the launcher): the cache is for that content only. */
  bundleHash: string;
  /** The cache this process reads: of a run over a few files (the default), or over many. */
  expected?: RunSize;
  /**
   * The size of this process's run, asked at exit with the bundle's exports, or undefined when its
   * compiled code is not worth keeping; absent, never (worker threads only read the cache). The
   * cache of that size is written when there was none, or V8 rejected it.
   */
  runSize?: (exports: unknown) => RunSize | undefined;
  /** Called before the cache is made: a V8 flag changed at run time would make every start reject it. */
  beforeWrite?: () => void;
  /** Names the thread in `COMPOSE_LINT_DEBUG=compile-cache` output (a worker's). */
  thread?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs over a few files and runs over many compile different parts of the bundle, and each kind
 * keeps a cache of its own (measured on 2 cores: the 595-file corpus took 21 ms less with the
 * cache of a corpus run than with one of a single file; a single file 6 ms more, the cache being
 * 665 KB instead of 581 KB). A run expected to be over many files reads the other cache while its
 * own is missing.
 */
export type RunSize = "few" | "many";

/** What the loader did, for `COMPOSE_LINT_DEBUG=compile-cache` and the tests. */
export type CacheOutcome = "node" | "off" | "unusable-folder" | "hit" | "miss" | "rejected";

interface NodeModuleWithCache {
  enableCompileCache?: () => unknown;
}

/** Requires `bundle` (a CommonJS file of pure ASCII) through the compile cache; returns its exports. */
export function loadBundle(bundle: string, settings: CacheSettings): unknown {
  const env = settings.env ?? process.env;
  const { exports, outcome, readSize } = load(bundle, settings, env);
  // Written to the descriptor: a worker thread's process.stderr goes to its parent, which drops it.
  if (env["COMPOSE_LINT_DEBUG"]?.split(",").includes("compile-cache")) writeSync(2, `compose-lint: compile cache${settings.thread ? ` (${settings.thread})` : ""}: ${outcome}${readSize === "many" ? " (runs over many files)" : ""}\n`);
  return exports;
}

function load(bundle: string, settings: CacheSettings, env: NodeJS.ProcessEnv): { exports: unknown; outcome: CacheOutcome; readSize?: RunSize } {
  const plainRequire = createRequire(bundle);
  // Node's own variable for turning its compile cache off.
  if (env["NODE_DISABLE_COMPILE_CACHE"]) return { exports: plainRequire(bundle), outcome: "off" };
  const nodeModule = Module as unknown as NodeModuleWithCache;
  if (typeof nodeModule.enableCompileCache === "function") {
    nodeModule.enableCompileCache();
    return { exports: plainRequire(bundle), outcome: "node" };
  }
  const folder = cacheFolder(env);
  if (!folder) return { exports: plainRequire(bundle), outcome: "unusable-folder" };

  const cacheFileOf = (size: RunSize) => path.join(folder, `cli-${settings.bundleHash.slice(0, 16)}-${process.version}-${process.arch}${flagsKey(env)}${size === "many" ? "-many" : ""}.bin`);
  let cachedData: Buffer | undefined;
  let readSize: RunSize | undefined;
  for (const size of settings.expected === "many" ? (["many", "few"] as const) : (["few"] as const)) {
    try {
      cachedData = readFileSync(cacheFileOf(size));
      readSize = size;
      break;
    } catch {
      // None of this size yet.
    }
  }
  // Pure ASCII (the build checks): read as latin1, which is the same text and much faster than UTF-8.
  const source = readFileSync(bundle, "latin1");
  // Node's CommonJS wrapper, and one more parameter: import() for the bundle (core/node/import-module.ts).
  // A script compiled from a code cache on Node 20 has no import() of its own (nor, without
  // --experimental-vm-modules, one given as an option); this module, loaded by Node, has.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __composeLintImport) { ${source}\n});`, { filename: bundle, cachedData });
  const outcome: CacheOutcome = !cachedData ? "miss" : script.cachedDataRejected ? "rejected" : "hit";
  if (outcome === "hit") markInUse(cacheFileOf(readSize!));
  const module = new Module(bundle);
  module.filename = bundle;
  module.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(path.dirname(bundle));
  const { runSize, beforeWrite } = settings;
  if (runSize) {
    // At exit the run has compiled what it used: the cache then holds all of it.
    process.once("exit", () => {
      let size: RunSize | undefined;
      try {
        size = runSize(module.exports);
      } catch {
        // A bundle that cannot say: nothing is written.
      }
      if (size === undefined) return;
      const cacheFile = cacheFileOf(size);
      // A cache of this size that was read and taken stays; one not read (the other size was) stays when it exists.
      if (size === readSize ? outcome === "hit" : existsSync(cacheFile)) return;
      beforeWrite?.();
      if (writeCache(cacheFile, () => script.createCachedData())) pruneUnused(folder, cacheFile);
    });
  }
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string, importModule: (specifier: string) => Promise<unknown>) => void;
  wrapper.call(module.exports, module.exports, plainRequire, module, bundle, path.dirname(bundle), (specifier) => import(specifier));
  module.loaded = true;
  return { exports: module.exports, outcome, readSize };
}

/**
 * V8 rejects a cache made under other flags (node's options, NODE_OPTIONS): runs with and without
 * them (a CI job's NODE_OPTIONS, a developer's shell) each keep their own file rather than
 * replacing each other's at every start. Empty without flags; else a hash of them (FNV-1a: the name
 * only has to differ, and node:crypto would cost the start a module).
 */
export function flagsKey(env: NodeJS.ProcessEnv): string {
  const flags = [...process.execArgv, env["NODE_OPTIONS"] ?? ""].join(" ").trim();
  if (flags === "") return "";
  let hash = 0x811c9dc5;
  for (let index = 0; index < flags.length; index++) hash = Math.imul(hash ^ flags.charCodeAt(index), 0x01000193) >>> 0;
  return `-${hash.toString(16).padStart(8, "0")}`;
}

/**
 * The cache folder: `NODE_COMPILE_CACHE` when set (Node's own variable), else one per user in the
 * temporary folder. It is used only when it is a real folder of this user that nobody else can
 * write to: the cache is code this process will run.
 */
export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const uid = process.getuid?.();
  const folder = env["NODE_COMPILE_CACHE"] ? path.join(path.resolve(env["NODE_COMPILE_CACHE"]), "compose-lint") : path.join(os.tmpdir(), `compose-lint-compile-cache-${uid ?? os.userInfo().username}`);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const stats = lstatSync(folder);
    if (!stats.isDirectory()) return undefined;
    if (uid !== undefined && (stats.uid !== uid || (stats.mode & 0o022) !== 0)) return undefined;
    return folder;
  } catch {
    return undefined;
  }
}

/** Writes through a new file and a rename: a reader sees the old cache or the new one, whole. */
function writeCache(cacheFile: string, data: () => Buffer): boolean {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    const descriptor = openSync(temporary, "wx", 0o600);
    try {
      writeSync(descriptor, data());
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, cacheFile);
    return true;
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created.
    }
    return false;
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A cache file not used for this long belongs to an old version or a flag set no longer run. */
export const UNUSED_AFTER_MS = 7 * DAY_MS;
/** A temporary file this old was left by a process that died while writing. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;
const CACHE_NAME = /^cli-[0-9a-f]{16}-.+\.bin$/;
const TEMPORARY_NAME = /^cli-[0-9a-f]{16}-.+\.bin\.\d+\.tmp$/;

/**
 * A hit moves the file's time to now, at most once a day (a start costs one stat, not a write):
 * the time then says when the cache was last used, and pruning keeps what is in use.
 */
function markInUse(cacheFile: string): void {
  try {
    if (Date.now() - statSync(cacheFile).mtimeMs < DAY_MS) return;
    const now = new Date();
    utimesSync(cacheFile, now, now);
  } catch {
    // A read-only folder: the cache still works, and is pruned by its age alone.
  }
}

/** Deletes the folder's cache files unused for a week, and abandoned temporary files; only ours, by name. */
export function pruneUnused(folder: string, written: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const unusedAfter = CACHE_NAME.test(name) ? UNUSED_AFTER_MS : TEMPORARY_NAME.test(name) ? ABANDONED_AFTER_MS : undefined;
    const file = path.join(folder, name);
    if (unusedAfter === undefined || file === written) continue;
    try {
      if (now - statSync(file).mtimeMs > unusedAfter) unlinkSync(file);
    } catch {
      // Deleted or replaced by another run meanwhile.
    }
  }
}
