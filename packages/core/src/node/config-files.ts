import { existsSync, promises as fsPromises, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import { importModule } from "./import-module.js";
import {
  ConfigError,
  OTHER_LINTER_RULE_ID,
  prepareOptionValidation,
  resolveConfig,
  validateConfigObject,
  type ConfigObject,
  type LocateInConfig,
  type ResolvedConfig,
  type RuleRegistry,
} from "../config.js";
import { parseConfigText, type LoadedConfig } from "../config-text.js";
import { isAtOrBelow, notRegularFile } from "./files.js";
import { repositoryRoot } from "./project.js";

export const CONFIG_FILE_NAMES = [
  ".compose-lint.yaml",
  ".compose-lint.yml",
  ".compose-lint.json",
  "compose-lint.config.js",
  "compose-lint.config.mjs",
] as const;

/** Used when no config file is found (or lookup is off). */
export const DEFAULT_CONFIG: ConfigObject = { extends: ["recommended"] };

export interface FileConfig {
  config: ResolvedConfig;
  registry: RuleRegistry;
  /** The config file used, if any. */
  configPath?: string;
  /** Where `ignores` globs are relative to. */
  baseDir: string;
  /** The config's declared projects, as absolute paths in merge order. */
  projects: string[][];
}

const JS_CONFIG = /\.(?:c|m)?js$/;

/** A config file is small: anything larger is not inspected (and is read, and judged, as ours). */
const OTHER_LINTER_SNIFF_LIMIT = 256 * 1024;

/**
 * Whether a YAML config file is tmatens/compose-lint's: that linter reads `.compose-lint.yml` too,
 * a mapping with `rules:` alone, every rule id `CL-nnnn`.
 */
export function isOtherLintersConfig(filePath: string): boolean {
  if (!/\.ya?ml$/.test(filePath)) return false;
  let value: unknown;
  try {
    // A FIFO would block the read: only a regular file is looked into.
    const info = statSync(filePath);
    if (!info.isFile() || info.size > OTHER_LINTER_SNIFF_LIMIT) return false;
    value = parseYaml(readFileSync(filePath, "utf8"));
  } catch {
    // Unreadable, or not YAML: reading it as ours says what is wrong with it.
    return false;
  }
  const isPlainObject = (candidate: unknown): candidate is Record<string, unknown> => typeof candidate === "object" && candidate !== null && !Array.isArray(candidate);
  if (!isPlainObject(value) || Object.keys(value).some((key) => key !== "rules") || !isPlainObject(value["rules"])) return false;
  const ids = Object.keys(value["rules"]);
  return ids.length > 0 && ids.every((id) => OTHER_LINTER_RULE_ID.test(id));
}

export async function readConfigFile(filePath: string): Promise<LoadedConfig> {
  if (JS_CONFIG.test(filePath)) {
    let loaded: { default?: unknown };
    try {
      loaded = (await importModule(pathToFileURL(filePath).href)) as { default?: unknown };
    } catch (error) {
      throw new ConfigError(`${filePath}: cannot load config: ${(error as Error).message.split("\n")[0]}`);
    }
    return { config: validateConfigObject(loaded.default, filePath) };
  }
  let text: string;
  try {
    const refused = notRegularFile(await fsPromises.stat(filePath));
    if (refused) throw new ConfigError(`${filePath}: cannot read config: ${refused}`);
    text = await fsPromises.readFile(filePath, "utf8");
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EACCES" || code === "EPERM" ? "permission denied" : (code ?? (error as Error).message);
    throw new ConfigError(`${filePath}: cannot read config: ${reason}`);
  }
  return parseConfigText(text, filePath, filePath.endsWith(".json"));
}


/**
 * Finds and resolves the config for each linted file: the nearest config file in the file's
 * folder or above (the nearest wins, as in ESLint's flat config), then command-line overrides.
 * The search stops at the repository root (the folder holding `.git`) or the home folder: a config
 * above the project is someone else's, and a JavaScript config there would run their code.
 */
export class ConfigResolver {
  private readonly lookupCache = new Map<string, string | undefined>();
  /** The config file name each folder holds: files of a run share their folders' ancestors, each asked once. */
  private readonly configNames = new Map<string, string | undefined>();
  private readonly resolvedCache = new Map<string, Promise<FileConfig>>();
  private readonly skipped = new Set<string>();
  private readonly otherLinters = new Set<string>();
  /** Config files used that turn no rule on (no `extends`, every rule off): nothing is checked with them. */
  private readonly withoutRules = new Set<string>();

  constructor(
    private readonly registry: RuleRegistry,
    private readonly options: {
      cwd: string;
      /** `--config FILE`: use it for every file, no lookup. */
      configFile?: string;
      /** `--no-config-lookup`. */
      noLookup?: boolean;
      /** `--rule` overrides, applied last. */
      overrides?: ConfigObject;
      /**
       * Whether a JavaScript config found by lookup may run (default true, as in ESLint's CLI).
       * The language server says false until the editor says the workspace is trusted; such a
       * config is then skipped, and `skippedCode` names it.
       */
      allowCode?: boolean;
      /** Where lookup stops at the latest; the default is the home folder. */
      home?: string;
      /** Whether a file exists (each config name, `.git`); a command-line run answers from its folder listings. */
      exists?: (filePath: string) => boolean;
    },
  ) {}

  /** Config files of tmatens/compose-lint that lookup found and passed over (`isOtherLintersConfig`). */
  get otherLintersConfigs(): readonly string[] {
    return [...this.otherLinters];
  }

  /**
   * What a user should hear about lookup so far, one sentence each: another linter's configs passed
   * over, and configs that turn no rule on (unless the caller runs no rules, as the exposure audit).
   * Paths are relative to `cwd`.
   */
  lookupNotes(cwd: string, { rulesRun = true }: { rulesRun?: boolean } = {}): string[] {
    const shown = (configPath: string) => path.relative(cwd, configPath) || configPath;
    const notes: string[] = [];
    const others = this.otherLintersConfigs.map(shown).sort();
    if (others.length > 0) {
      const which = others.length === 1 ? `${others[0]} is a config` : `${others.length} files are configs`;
      notes.push(`${which} of tmatens/compose-lint, another linter (rule ids CL-nnnn), not read${others.length === 1 ? "" : `: ${others.join(", ")}`}. This linter's settings go in .compose-lint.yaml, looked for first.`);
    }
    if (rulesRun) {
      for (const configPath of this.withoutRules) notes.push(`${shown(configPath)} turns no rule on, so nothing was checked with it: a config file is the whole configuration (add \`extends: [recommended]\`).`);
    }
    return notes;
  }

  /** JavaScript configs that lookup found but did not run, because code was not allowed. */
  get skippedCode(): readonly string[] {
    return [...this.skipped];
  }

  async forFile(filePath: string): Promise<FileConfig> {
    const configPath = this.options.configFile ? this.givenConfig(this.options.configFile) : this.options.noLookup ? undefined : this.findConfig(path.dirname(path.resolve(this.options.cwd, filePath)));
    const key = configPath ?? "";
    let resolved = this.resolvedCache.get(key);
    if (!resolved) {
      resolved = this.load(configPath);
      this.resolvedCache.set(key, resolved);
    }
    return resolved;
  }

  private async load(configPath: string | undefined): Promise<FileConfig> {
    const layers: Array<{ config: ConfigObject; where: string; locate?: LocateInConfig }> = [];
    let registry = this.registry;
    if (configPath) {
      const { config, locate } = await readConfigFile(configPath);
      registry = registry.withPlugins(config.plugins);
      layers.push({ config, where: configPath, locate });
    } else if (!this.options.noLookup || this.options.overrides === undefined) {
      layers.push({ config: DEFAULT_CONFIG, where: "default config" });
    }
    if (this.options.overrides) layers.push({ config: this.options.overrides, where: "--rule" });
    const hasOptions = layers.some(({ config }) => Object.values(config.rules ?? {}).some((entry) => Array.isArray(entry) && entry.length > 1));
    if (hasOptions) await prepareOptionValidation();
    const baseDir = configPath ? path.dirname(configPath) : this.options.cwd;
    const config = resolveConfig(layers, registry);
    if (configPath && [...config.rules.values()].every((setting) => setting.severity === 0)) this.withoutRules.add(configPath);
    return {
      config,
      registry,
      configPath,
      baseDir,
      projects: layers.flatMap(({ config }) => config.projects ?? []).map((project) => project.files.map((file) => path.resolve(baseDir, file))),
    };
  }

  /** A config named by the user (`--config`, an editor setting): a JavaScript one runs only where code may. */
  private givenConfig(configFile: string): string | undefined {
    const configPath = path.resolve(this.options.cwd, configFile);
    if (!JS_CONFIG.test(path.basename(configPath)) || this.options.allowCode !== false) return configPath;
    this.skipped.add(configPath);
    return undefined;
  }

  private findConfig(start: string): string | undefined {
    if (this.lookupCache.has(start)) return this.lookupCache.get(start);
    let found: string | undefined;
    for (const directory of this.lookupFolders(start)) {
      let name = this.configNames.get(directory);
      if (!this.configNames.has(directory)) {
        const exists = this.options.exists ?? existsSync;
        // Another linter's file is passed over as if absent: the next name, then the folders above.
        name = CONFIG_FILE_NAMES.find((candidate) => exists(path.join(directory, candidate)) && !this.isOtherLinters(path.join(directory, candidate)));
        this.configNames.set(directory, name);
      }
      if (name === undefined) continue;
      const candidate = path.join(directory, name);
      if (JS_CONFIG.test(name) && this.options.allowCode === false) {
        // Not run, and not passed over for a config further up: that would lint with settings
        // the project did not choose. The defaults apply, and the caller says why.
        this.skipped.add(candidate);
      } else {
        found = candidate;
      }
      break;
    }
    this.lookupCache.set(start, found);
    return found;
  }

  private isOtherLinters(configPath: string): boolean {
    if (!isOtherLintersConfig(configPath)) return false;
    this.otherLinters.add(configPath);
    return true;
  }

  /**
   * The folders searched for a config, nearest first: up to the repository root (the folder with
   * `.git`) or the home folder. Outside both, only folders inside the working directory (or the
   * file's own folder): a shared folder such as /tmp may hold anybody's config.
   */
  private lookupFolders(start: string): string[] {
    const home = this.options.home ?? homedir();
    const repository = repositoryRoot(start, this.options.exists);
    const folders: string[] = [];
    for (let directory = start; ; directory = path.dirname(directory)) {
      folders.push(directory);
      if (directory === repository || directory === home) return folders;
      if (path.dirname(directory) === directory) break;
    }
    const cwd = path.resolve(this.options.cwd);
    const inside = folders.filter((directory) => isAtOrBelow(cwd, directory));
    return inside.length > 0 ? inside : [start];
  }

}
