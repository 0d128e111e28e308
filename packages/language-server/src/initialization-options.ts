import { FIX_KINDS, type FixKind } from "@compose-lint/core";

/** The settings an editor passes in `initializationOptions`, checked: a wrong value is named, never fatal. */
export interface ServerSettings {
  /** JavaScript configs run only when the editor says the workspace is trusted. */
  workspaceTrusted: boolean;
  lintTimeLimitMs?: number;
  /** How long typing must pause before a document is linted (150 ms by default; 0 for clients that wait themselves). */
  lintDebounceMs?: number;
  /** "save": lint when a document is opened and saved, not while typing. */
  lintOn: "type" | "save";
  configFile?: string;
  fixKinds?: FixKind[];
  /** What was ignored, and why, for the server's log. */
  problems: string[];
}

export function readInitializationOptions(options: unknown): ServerSettings {
  const given = (typeof options === "object" && options !== null ? options : {}) as Record<string, unknown>;
  const settings: ServerSettings = { workspaceTrusted: given["workspaceTrusted"] === true, lintOn: "type", problems: [] };
  const { lintTimeLimitMs, lintDebounceMs, run, configFile, fixKinds } = given;
  if (typeof lintTimeLimitMs === "number" && lintTimeLimitMs > 0) settings.lintTimeLimitMs = lintTimeLimitMs;
  if (typeof lintDebounceMs === "number" && lintDebounceMs >= 0 && lintDebounceMs <= 10_000) settings.lintDebounceMs = lintDebounceMs;
  if (run === "onSave") settings.lintOn = "save";
  else if (run !== undefined && run !== "onType") settings.problems.push(`run is "onType" or "onSave", not ${JSON.stringify(run)}; linting on type`);
  if (typeof configFile === "string" && configFile.trim() !== "") settings.configFile = configFile;
  if (Array.isArray(fixKinds)) {
    const known = fixKinds.filter((kind): kind is FixKind => (FIX_KINDS as readonly unknown[]).includes(kind));
    if (known.length !== fixKinds.length) settings.problems.push(`fixKinds takes ${FIX_KINDS.join(", ")}; ignored ${JSON.stringify(fixKinds.filter((kind) => !known.includes(kind as FixKind)))}`);
    settings.fixKinds = known;
  }
  return settings;
}
