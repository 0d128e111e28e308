import type { Node } from "yaml";
import type { ComposeModel } from "../model/compose.js";
import type { Environment } from "../model/interpolation.js";
import type { ParsedSource } from "../parse.js";

export type ProjectFileRole = "compose" | "include" | "extends" | "env";

export interface ProjectFile {
  path: string;
  role: ProjectFileRole;
  /** Undefined when the file could not be read (`readError` says why). */
  text?: string;
  readError?: string;
  /**
   * Outside the project's folder (a `../` or absolute include, extends or env file): never written.
   * Read for context only when the caller allows it; otherwise `readError` says why it was not.
   */
  outsideProject?: boolean;
  parsed?: ParsedSource;
  /** The variables that interpolate this file. */
  environment: ProjectEnvironment;
}

export interface ProjectEnvironment extends Environment {
  /** An env file was read (or named): variables it does not set are known to be unset. */
  fromFile: boolean;
}

export interface ProjectProblem {
  file: ProjectFile;
  /** The node that refers to what is wrong (an `include` path, an `extends`, a `${VAR:?}`). */
  node?: Node;
  /** 1-based line, for problems in files that are not YAML (`.env`). */
  line?: number;
  message: string;
  severity: 1 | 2;
}

export interface ComposeProject {
  directory: string;
  /** Every file the project read, Compose files first, each once. */
  files: ProjectFile[];
  composeFiles: ProjectFile[];
  /** The merged model; undefined when a file of the project does not parse. */
  model?: ComposeModel;
  problems: ProjectProblem[];
  /** The file a written node belongs to. */
  fileOf(node: Node): ProjectFile | undefined;
  /** Profiles in force (empty: every service counts). */
  profiles: readonly string[];
}

