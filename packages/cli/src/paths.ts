import { promises as fsPromises } from "node:fs";
import path from "node:path";
import { PathError } from "@compose-lint/core/node";

/** A file's path relative to the working folder, with forward slashes, as reports and URIs want it. */
export function relativePath(cwd: string, filePath: string): string {
  return path.relative(cwd, filePath).split(path.sep).join("/");
}

/** Writes a file the user named (a report, a baseline); a failure is their path's, said in one line. */
export async function writeUserFile(filePath: string, text: string, what: string): Promise<void> {
  try {
    await fsPromises.writeFile(filePath, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "its folder does not exist"
      : code === "EACCES" || code === "EPERM" || code === "EROFS" ? "permission denied"
      : code === "EISDIR" ? "it is a folder"
      : code === "ENOTDIR" ? "a part of the path is not a folder"
      : (code ?? (error as Error).message);
    throw new PathError(`cannot write ${what} to ${filePath}: ${reason}`);
  }
}
