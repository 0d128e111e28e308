import { randomBytes } from "node:crypto";
import { constants, readFileSync, statSync, type Stats } from "node:fs";
import { access, chmod, open, realpath, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import picomatch from "picomatch";
import { MAX_TEXT_LENGTH } from "../linter.js";

/** Compose file names: compose.yaml, docker-compose.yml and variants such as compose.override.yaml. */
export const COMPOSE_FILE_GLOB = "**/{compose,docker-compose}{,.*}.{yml,yaml}";
const ALWAYS_IGNORED = ["**/node_modules/**", "**/.git/**"];

export interface DiscoveredFile {
  path: string;
  /** Named on the command line (linted whatever its name), rather than found in a folder. */
  explicit: boolean;
}

export class PathError extends Error {
  override name = "PathError";
}

/** Expands paths and folders into compose files, honouring .gitignore; sorted, without duplicates. */
export async function discoverFiles(targets: readonly string[], cwd: string): Promise<DiscoveredFile[]> {
  const found = new Map<string, DiscoveredFile>();
  for (const target of targets.length > 0 ? targets : ["."]) {
    const absolute = path.resolve(cwd, target);
    let info: Stats;
    try {
      // Synchronous on purpose: one stat per path, and a thread-pool round trip per file costs more.
      info = statSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new PathError(code === "ENOENT" ? `No such file or directory: ${target}` : `Cannot read ${target}: ${code ?? String(error)}`);
    }
    if (info.isDirectory()) {
      // Loaded only when a folder is searched: linting named files should not pay for it.
      const { globby } = await import("globby");
      const files = await globby(COMPOSE_FILE_GLOB, {
        cwd: absolute,
        absolute: true,
        dot: true,
        gitignore: true,
        ignore: ALWAYS_IGNORED,
        followSymbolicLinks: false,
      });
      for (const file of files) if (!found.has(file)) found.set(file, { path: path.normalize(file), explicit: false });
    } else {
      found.set(absolute, { path: absolute, explicit: true });
    }
  }
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}

const ignoreMatchers = new Map<string, (path: string) => boolean>();

/** True when a config's `ignores` globs (relative to `baseDir`) match the file. */
export function isIgnoredByConfig(filePath: string, ignores: readonly string[], baseDir: string): boolean {
  if (ignores.length === 0) return false;
  const relative = path.relative(baseDir, filePath).split(path.sep).join("/");
  if (relative.startsWith("../")) return false;
  const key = JSON.stringify(ignores);
  let matcher = ignoreMatchers.get(key);
  if (!matcher) {
    matcher = picomatch(ignores as string[], { dot: true });
    ignoreMatchers.set(key, matcher);
  }
  return matcher(relative);
}

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Reads a file to lint, refusing directories, huge files, binary data and invalid UTF-8 with a
 * reason. Synchronous: compose files are small, and per-file async round trips dominated the
 * CLI's time over a corpus (measured: most of a 1.2 s run was idle waiting on them).
 */
export function readLintableFile(filePath: string): ReadResult {
  let buffer: Buffer;
  try {
    const info = statSync(filePath);
    if (info.isDirectory()) return { ok: false, reason: "is a directory" };
    if (info.size > MAX_TEXT_LENGTH) {
      return { ok: false, reason: `file too large to lint (${(info.size / 1024 / 1024).toFixed(1)} MiB; the limit is ${MAX_TEXT_LENGTH / 1024 / 1024} MiB)` };
    }
    buffer = readFileSync(filePath);
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  }
  if (buffer.includes(0)) return { ok: false, reason: "binary file (contains NUL bytes), not YAML" };
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(buffer) };
  } catch {
    return { ok: false, reason: "not valid UTF-8 text" };
  }
}

/** Reads a file from the first of `texts` that has it (unsaved or fixed texts), else from disk. */
export function readThrough(...texts: ReadonlyArray<ReadonlyMap<string, string>>): (filePath: string) => ReadResult {
  return (filePath) => {
    for (const overlay of texts) {
      const text = overlay.get(filePath);
      if (text !== undefined) return { ok: true, text };
    }
    return readLintableFile(filePath);
  };
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    default:
      return `cannot read (${code ?? String(error)})`;
  }
}

/**
 * Writes through a temporary file in the same folder and renames it over the target, so a
 * reader never sees a half-written file. Keeps the file's mode; writes through symlinks.
 */
export async function writeFileAtomic(filePath: string, content: string): Promise<void> {
  const target = await realpath(filePath);
  // The rename below would replace a read-only file; refuse as a plain write would.
  await access(target, constants.W_OK);
  const { mode } = await stat(target);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode & 0o7777);
  try {
    try {
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The creation mode is filtered by the umask; set it exactly.
    await chmod(temporary, mode & 0o7777);
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
