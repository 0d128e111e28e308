import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { LineCounter, parseDocument } from "yaml";
import {
  ConfigError,
  prepareOptionValidation,
  resolveConfig,
  validateConfigObject,
  type ConfigObject,
  type ResolvedConfig,
  type RuleRegistry,
} from "../config.js";

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
}

export async function readConfigFile(filePath: string): Promise<ConfigObject> {
  const extension = path.extname(filePath);
  if (extension === ".js" || extension === ".mjs") {
    let loaded: { default?: unknown };
    try {
      loaded = (await import(pathToFileURL(filePath).href)) as { default?: unknown };
    } catch (error) {
      throw new ConfigError(`${filePath}: cannot load config: ${(error as Error).message}`);
    }
    return validateConfigObject(loaded.default, filePath);
  }
  let text: string;
  try {
    text = await readFile(filePath, "utf8");
  } catch (error) {
    throw new ConfigError(`${filePath}: cannot read config: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (extension === ".json") {
    try {
      return validateConfigObject(JSON.parse(text), filePath);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(`${filePath}: invalid JSON: ${(error as Error).message}`);
    }
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const first = document.errors[0];
  if (first) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    throw new ConfigError(`${filePath}:${line}:${col}: invalid YAML: ${first.message.split("\n")[0]}`);
  }
  return validateConfigObject(document.toJS() ?? {}, filePath);
}

/**
 * Finds and resolves the config for each linted file: the nearest config file in the file's
 * folder or above (the nearest wins, as in ESLint's flat config), then command-line overrides.
 */
export class ConfigResolver {
  private readonly lookupCache = new Map<string, string | undefined>();
  private readonly resolvedCache = new Map<string, Promise<FileConfig>>();

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
    },
  ) {}

  async forFile(filePath: string): Promise<FileConfig> {
    const configPath = this.options.configFile
      ? path.resolve(this.options.cwd, this.options.configFile)
      : this.options.noLookup
        ? undefined
        : this.findConfig(path.dirname(path.resolve(this.options.cwd, filePath)));
    const key = configPath ?? "";
    let resolved = this.resolvedCache.get(key);
    if (!resolved) {
      resolved = this.load(configPath);
      this.resolvedCache.set(key, resolved);
    }
    return resolved;
  }

  private async load(configPath: string | undefined): Promise<FileConfig> {
    const layers: Array<{ config: ConfigObject; where: string }> = [];
    let registry = this.registry;
    if (configPath) {
      const config = await readConfigFile(configPath);
      registry = registry.withPlugins(config.plugins);
      layers.push({ config, where: configPath });
    } else if (!this.options.noLookup || this.options.overrides === undefined) {
      layers.push({ config: DEFAULT_CONFIG, where: "default config" });
    }
    if (this.options.overrides) layers.push({ config: this.options.overrides, where: "--rule" });
    const hasOptions = layers.some(({ config }) => Object.values(config.rules ?? {}).some((entry) => Array.isArray(entry) && entry.length > 1));
    if (hasOptions) await prepareOptionValidation();
    return {
      config: resolveConfig(layers, registry),
      registry,
      configPath,
      baseDir: configPath ? path.dirname(configPath) : this.options.cwd,
    };
  }

  private findConfig(directory: string): string | undefined {
    if (this.lookupCache.has(directory)) return this.lookupCache.get(directory);
    let found: string | undefined;
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(directory, name);
      if (existsSync(candidate)) {
        found = candidate;
        break;
      }
    }
    if (!found) {
      const parent = path.dirname(directory);
      found = parent === directory ? undefined : this.findConfig(parent);
    }
    this.lookupCache.set(directory, found);
    return found;
  }
}
