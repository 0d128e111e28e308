import path from "node:path";

/** A file's path relative to the working folder, with forward slashes, as reports and URIs want it. */
export function relativePath(cwd: string, filePath: string): string {
  return path.relative(cwd, filePath).split(path.sep).join("/");
}
