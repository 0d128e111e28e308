// fs.promises, not node:fs/promises: read at first use, so that a run that writes nothing never loads it.
import { constants, existsSync, promises as fsPromises, readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import { MAX_TEXT_LENGTH } from "../linter.js";
import { COMPOSE_FILE_NAME, looksLikeComposeText } from "../compose-names.js";

export { COMPOSE_FILE_NAME, looksLikeComposeText };

/** Folders never searched: version control, and other projects' code installed as dependencies. */
const SKIPPED_FOLDERS = new Set([".git", ".hg", ".svn", "node_modules", "bower_components", "vendor", "third_party", ".venv", "venv", "__pycache__", ".tox"]);
/** Larger YAML files are not read to find out whether they are Compose files (named ones are). */
const SNIFF_LIMIT = 1024 * 1024;

export interface DiscoveredFile {
  path: string;
  /** Named on the command line (linted whatever its name), rather than found in a folder. */
  explicit: boolean;
}

export class PathError extends Error {
  override name = "PathError";
}

/**
 * Expands paths and folders into Compose files: in folders, the files with a Compose name and any
 * other `.yml`/`.yaml` whose top level is a Compose document. Honours .gitignore, follows symlinks
 * (each real file once; a link back to a parent folder is not walked again); sorted.
 */
export async function discoverFiles(targets: readonly string[], cwd: string, listings?: FolderListings): Promise<DiscoveredFile[]> {
  const found = new Map<string, DiscoveredFile>();
  const seenReal = new Set<string>();
  const add = (file: string, explicit: boolean, real = realPathOf(file)) => {
    if (seenReal.has(real)) return;
    seenReal.add(real);
    found.set(file, { path: file, explicit });
  };
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
      for (const file of await walkForComposeFiles(absolute, listings)) add(file.path, false, file.real);
    } else {
      add(absolute, true);
    }
  }
  return [...found.values()].sort((a, b) => comparePaths(a.path, b.path));
}

const SLASH = 0x2f;
const SEPARATOR = path.sep.charCodeAt(0);

/**
 * The order of files in a run and its reports: folder by folder (a path's folders compare before
 * its name, so `a/b.yml` comes before `a-c.yml`), names by their UTF-16 code units, as git and ruff
 * order paths. The same on every machine, where `localeCompare` follows the locale; and it needs no
 * ICU collator, whose first use costs a run ~7 ms.
 */
export function comparePaths(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const charA = a.charCodeAt(index);
    const charB = b.charCodeAt(index);
    if (charA === charB) continue;
    if (charA === SLASH || charA === SEPARATOR) return -1;
    if (charB === SLASH || charB === SEPARATOR) return 1;
    return charA - charB;
  }
  return a.length - b.length;
}

// Real paths, looked up once per process: the project boundary checks every file of a run, and
// discovery records what it derives (a folder's real path and a name) without a lookup.
const realPaths = new Map<string, string>();

/** `realOrSelf`, remembered. */
export function realPathOf(file: string): string {
  let real = realPaths.get(file);
  if (real === undefined) {
    real = realOrSelf(file);
    realPaths.set(file, real);
  }
  return real;
}

/** The real path of a file (symlinks followed), or the path itself when it does not exist. */
export function realOrSelf(file: string): string {
  try {
    // The native call: one realpath(3), where the JavaScript version lstats every part of the path.
    return realpathSync.native(file);
  } catch {
    return file;
  }
}

/**
 * What one run knows of folders' contents. The planner and the project loader ask whether a
 * folder holds each default Compose name, an override, `.env` and `.git` (about five questions a
 * folder, 3,000 on a 600-file repository); a listing answers them all, and discovery has already
 * read the listing of every folder it walked. For one run only: files come and go between an
 * editor's lints.
 */
export class FolderListings {
  private readonly listings = new Map<string, Map<string, Dirent> | null>();
  // Names differ only in case on the default file systems of macOS and Windows, as existsSync sees them.
  private readonly foldCase = process.platform === "darwin" || process.platform === "win32";

  record(folder: string, entries: readonly Dirent[]): void {
    const names = new Map<string, Dirent>();
    for (const entry of entries) names.set(this.foldCase ? entry.name.toLowerCase() : entry.name, entry);
    this.listings.set(folder, names);
  }

  /** `existsSync`'s answer for an absolute path, from its folder's listing. */
  readonly exists = (filePath: string): boolean => {
    if (!path.isAbsolute(filePath)) return existsSync(filePath);
    const folder = path.dirname(filePath);
    let names = this.listings.get(folder);
    if (names === undefined) {
      try {
        this.record(folder, readdirSync(folder, { withFileTypes: true }));
        names = this.listings.get(folder)!;
      } catch {
        // Not listable (missing, or searchable but not readable): each name is asked on its own.
        this.listings.set(folder, (names = null));
      }
    }
    if (names === null) return existsSync(filePath);
    const base = path.basename(filePath);
    const entry = names.get(this.foldCase ? base.toLowerCase() : base);
    // A link exists only when its target does.
    return entry !== undefined && (!entry.isSymbolicLink() || existsSync(filePath));
  };
}

/**
 * Walks a folder without recursion, keeping the real path of every folder entered: a symlink
 * that leads back to a folder already walked (`sub/a -> ..`) is not entered again.
 */
async function walkForComposeFiles(root: string, listings: FolderListings | undefined): Promise<Array<{ path: string; real: string }>> {
  const { default: ignore } = await import("ignore");
  type Ignore = ReturnType<typeof ignore>;
  const files: Array<{ path: string; real: string }> = [];
  const visited = new Set<string>();
  const realRoot = realOrSelf(root);
  // A folder's real path is its parent's and its name, unless it is reached through a link.
  // A .gitignore's rules, with its folder's path and a separator: every path tested is built on it.
  type IgnoreRules = Array<{ prefix: string; matcher: Ignore }>;
  const stack: Array<{ folder: string; real: string | undefined; rules: IgnoreRules }> = [{ folder: root, real: undefined, rules: [] }];
  const ignored = (rules: IgnoreRules, file: string, isFolder: boolean) =>
    rules.some(({ prefix, matcher }) => {
      if (!file.startsWith(prefix)) return false;
      let relative = file.slice(prefix.length);
      if (path.sep !== "/") relative = relative.split(path.sep).join("/");
      return relative !== "" && matcher.ignores(isFolder ? `${relative}/` : relative);
    });
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const real = entry.real ?? realOrSelf(entry.folder);
    // A linked folder is walked once, and only when it is part of the tree (not a link to /).
    if (visited.has(real) || !isAtOrBelow(realRoot, real)) continue;
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(entry.folder, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing in it can be linted
    }
    listings?.record(entry.folder, entries);
    let rules = entry.rules;
    if (entries.some((item) => item.name === ".gitignore" && !item.isDirectory())) {
      try {
        const gitignore = path.join(entry.folder, ".gitignore");
        if (statSync(gitignore).isFile()) rules = [...rules, { prefix: withTrailingSeparator(entry.folder), matcher: ignore().add(readFileSync(gitignore, "utf8")) }];
      } catch {
        // An unreadable .gitignore ignores nothing.
      }
    }
    const folders: Array<{ folder: string; real: string | undefined }> = [];
    // Both are absolute and normalised: a name is appended without path.join's normalising.
    const folderPrefix = withTrailingSeparator(entry.folder);
    const realPrefix = withTrailingSeparator(real);
    for (const item of entries) {
      const full = folderPrefix + item.name;
      let isFolder = item.isDirectory();
      let isFile = item.isFile();
      const link = item.isSymbolicLink();
      if (link) {
        try {
          const target = statSync(full);
          isFolder = target.isDirectory();
          isFile = target.isFile();
        } catch {
          continue; // a dangling link
        }
      }
      if (isFolder) {
        if (!SKIPPED_FOLDERS.has(item.name) && !ignored(rules, full, true)) folders.push({ folder: full, real: link ? undefined : realPrefix + item.name });
      } else if (isFile && /\.ya?ml$/i.test(item.name) && !ignored(rules, full, false)) {
        // The folder's real path is known: only a link needs its own lookup.
        if (isComposeFile(full, item.name)) {
          const fileReal = link ? realOrSelf(full) : realPrefix + item.name;
          realPaths.set(full, fileReal);
          files.push({ path: full, real: fileReal });
        }
      }
    }
    folders.sort((a, b) => (a.folder < b.folder ? 1 : a.folder > b.folder ? -1 : 0));
    for (const folder of folders) stack.push({ ...folder, rules });
  }
  return files;
}

/** A folder's path with one separator after it: a path below it starts with this. */
const withTrailingSeparator = (folder: string) => (folder.endsWith(path.sep) ? folder : folder + path.sep);

/**
 * Whether `target` is `folder` or below it, by their text alone: both absolute and normalised (as
 * they are resolved), symlinks not followed. Right for the filesystem's root too, which already
 * ends with a separator.
 */
export const isAtOrBelow = (folder: string, target: string) => target === folder || target.startsWith(withTrailingSeparator(folder));

/**
 * A folder's Compose files, as a search of the folder finds them (by name, or by content), without
 * its subfolders; none when it cannot be listed. `names` lists the folder (a run's cached listing).
 */
export function composeFilesIn(folder: string, names: (folder: string) => readonly string[] = readdirSync): string[] {
  let listed: readonly string[];
  try {
    listed = names(folder);
  } catch {
    return [];
  }
  return listed.map((name) => path.join(folder, name)).filter((file) => isComposeFile(file));
}

/**
 * Whether a search takes the file for a Compose file: a YAML file named as Compose names its files,
 * or whose text is one (looksLikeComposeFile). `name` is the file's base name, when known.
 */
export function isComposeFile(filePath: string, name = path.basename(filePath)): boolean {
  return /\.ya?ml$/i.test(name) && (COMPOSE_FILE_NAME.test(name) || looksLikeComposeFile(filePath));
}

/**
 * Whether a YAML file that is not named like a Compose file is one, judged from its text without
 * parsing it: every top-level key is one of Compose's (or an `x-` extension) and it has `services`
 * or `include`. Kubernetes manifests, CI workflows, Ansible and Helm values are not.
 */
export function looksLikeComposeFile(filePath: string): boolean {
  let text: string;
  try {
    const info = statSync(filePath);
    if (!info.isFile() || info.size > SNIFF_LIMIT) return false;
    text = readFileSync(filePath, "utf8");
  } catch {
    return false;
  }
  return looksLikeComposeText(text);
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
 * Why a path is not read whole, from its stat, or undefined for a regular file. A device, FIFO or
 * socket is refused: a FIFO blocks the run, and /dev/zero never ends.
 */
export function notRegularFile(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  return info.isDirectory() ? "is a directory" : "not a regular file (a device, a FIFO or a socket), not read";
}

/**
 * Reads a file to lint, refusing directories, devices, FIFOs, huge files, binary data and invalid
 * UTF-8 with a reason. Synchronous: compose files are small, and per-file async round trips
 * dominated the CLI's time over a corpus (measured: most of a 1.2 s run was idle waiting on them).
 */
export function readLintableFile(filePath: string): ReadResult {
  let buffer: Buffer;
  try {
    const info = statSync(filePath);
    const refused = notRegularFile(info);
    if (refused) return { ok: false, reason: refused };
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

/** A text is refused when it is too large to lint or binary, whichever way it arrived. */
export function lintableText(text: string): ReadResult {
  if (text.length > MAX_TEXT_LENGTH) {
    return { ok: false, reason: `file too large to lint (${(text.length / 1024 / 1024).toFixed(1)} MiB; the limit is ${MAX_TEXT_LENGTH / 1024 / 1024} MiB)` };
  }
  if (text.includes("\0")) return { ok: false, reason: "binary file (contains NUL bytes), not YAML" };
  return { ok: true, text };
}

/**
 * `read`, remembering each file it read: for one planning pass, which asks whether a file mentions
 * `include:` and then loads it. Not for longer: the files may change.
 */
export function readingOnce(read: (filePath: string) => ReadResult): (filePath: string) => ReadResult {
  const reads = new Map<string, ReadResult>();
  return (filePath) => {
    let result = reads.get(filePath);
    if (!result) reads.set(filePath, (result = read(filePath)));
    return result;
  };
}

/** Reads a file from the first of `texts` that has it (unsaved or fixed texts), else from disk. */
export function readThrough(...texts: ReadonlyArray<ReadonlyMap<string, string>>): (filePath: string) => ReadResult {
  return (filePath) => {
    for (const overlay of texts) {
      const text = overlay.get(filePath);
      // An editor's unsaved text gets the same limits as a file read from disk.
      if (text !== undefined) return lintableText(text);
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

/** A temporary file older than this was left by a run that was killed mid-write, not one writing now. */
const STALE_TEMPORARY_MS = 10 * 60 * 1000;

/** Removes the temporary files that killed runs left beside `target` (`.NAME.<hex>.tmp`). */
async function removeStaleTemporaries(target: string): Promise<void> {
  const folder = path.dirname(target);
  const pattern = new RegExp(`^\\.${path.basename(target).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.[0-9a-f]{12}\\.tmp$`);
  let names: string[];
  try {
    names = await fsPromises.readdir(folder);
  } catch {
    return;
  }
  for (const name of names.filter((candidate) => pattern.test(candidate))) {
    const leftover = path.join(folder, name);
    try {
      if (Date.now() - (await fsPromises.lstat(leftover)).mtimeMs > STALE_TEMPORARY_MS) await fsPromises.unlink(leftover);
    } catch {
      // Gone already, or not ours to remove: the write below does not depend on it.
    }
  }
}

/** The global Web Crypto, not node:crypto: loading that costs every start, and only writes need it. */
function randomSuffix(): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(6))).toString("hex");
}

/**
 * Writes through a temporary file in the same folder and renames it over the target, so a
 * reader never sees a half-written file. Keeps the file's mode; writes through symlinks.
 */
export async function writeFileAtomic(filePath: string, content: string): Promise<void> {
  const target = await fsPromises.realpath(filePath);
  // The rename below would replace a read-only file; refuse as a plain write would.
  await fsPromises.access(target, constants.W_OK);
  const { mode } = await fsPromises.stat(target);
  await removeStaleTemporaries(target);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomSuffix()}.tmp`);
  const handle = await fsPromises.open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode & 0o7777);
  try {
    try {
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The creation mode is filtered by the umask; set it exactly.
    await fsPromises.chmod(temporary, mode & 0o7777);
    await fsPromises.rename(temporary, target);
  } catch (error) {
    await fsPromises.unlink(temporary).catch(() => undefined);
    throw error;
  }
}
