import path from "node:path";

export const SERVER_FILE = "compose-lint-language-server.mjs";

export interface ServerChoice {
  /** The server's module, run with Node. */
  module: string;
  /** Where it came from, for the status bar and the log. */
  source: "bundled" | "project" | "setting";
  /** Why the setting was not followed, when it was not. */
  note?: string;
}

/**
 * Which language server to run. A project's own install (as vscode-eslint prefers the workspace's
 * eslint) keeps the editor in step with the project's CI; it is code from the workspace, so only a
 * trusted workspace runs it.
 */
export function chooseServer(options: {
  setting: string;
  trusted: boolean;
  folders: readonly string[];
  bundled: string;
  exists: (file: string) => boolean;
}): ServerChoice {
  const { setting, trusted, folders, bundled, exists } = options;
  const bundledChoice: ServerChoice = { module: bundled, source: "bundled" };
  if (setting === "bundled") return bundledChoice;
  if (!trusted) return setting === "auto" ? bundledChoice : { ...bundledChoice, note: `the workspace is not trusted: the bundled server runs instead of ${setting}` };
  if (setting === "auto") {
    for (const folder of folders) {
      const local = path.join(folder, "node_modules", "compose-lint", "dist-bundle", SERVER_FILE);
      if (exists(local)) return { module: local, source: "project" };
    }
    return bundledChoice;
  }
  const given = path.resolve(folders[0] ?? "", setting);
  for (const candidate of [given, path.join(given, "dist-bundle", SERVER_FILE), path.join(given, SERVER_FILE)]) {
    if (candidate.endsWith(".mjs") && exists(candidate)) return { module: candidate, source: "setting" };
  }
  return { ...bundledChoice, note: `compose-lint.server: no ${SERVER_FILE} at ${given}; the bundled server runs instead` };
}
