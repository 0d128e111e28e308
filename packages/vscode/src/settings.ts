import path from "node:path";

/** The extension's settings, read from the `compose-lint` section. */
export interface Settings {
  enable: boolean;
  run: "onType" | "onSave";
  fixKinds: string[];
  configFile: string;
  server: string;
}

/** Reads the settings through `get` (VS Code's `WorkspaceConfiguration.get`), with the manifest's defaults. */
export function readSettings(get: <T>(key: string) => T | undefined): Settings {
  const run = get<string>("run");
  const fixKinds = get<unknown>("fixKinds");
  return {
    enable: get<boolean>("enable") !== false,
    run: run === "onSave" ? "onSave" : "onType",
    fixKinds: Array.isArray(fixKinds) ? fixKinds.filter((kind): kind is string => typeof kind === "string") : ["safe", "exposure"],
    configFile: get<string>("configFile")?.trim() ?? "",
    server: get<string>("server")?.trim() || "auto",
  };
}

/** What the language server is told at start (its initializationOptions). */
export function initializationOptions(settings: Settings, context: { trusted: boolean; folder: string | undefined }): Record<string, unknown> {
  const options: Record<string, unknown> = { workspaceTrusted: context.trusted, run: settings.run, fixKinds: settings.fixKinds };
  // VS Code already drops restricted settings of an untrusted workspace; this guards a user setting too.
  if (settings.configFile && context.trusted) options["configFile"] = context.folder ? path.resolve(context.folder, settings.configFile) : settings.configFile;
  return options;
}

/** The settings' section; the server reads them at start, so a change restarts it. */
export const SECTION = "compose-lint";
