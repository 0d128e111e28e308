import { relativePath } from "../paths.js";
import { createTwoFilesPatch } from "diff";
import type { Formatter } from "./types.js";

/** A unified diff of what --fix writes (or would write, with --fix-dry-run). */
export const diff: Formatter = (results, { cwd }) =>
  results
    .filter((result) => result.output !== undefined && result.fixedFrom !== undefined)
    .map((result) => {
      const name = relativePath(cwd, result.filePath);
      return createTwoFilesPatch(`a/${name}`, `b/${name}`, result.fixedFrom!, result.output!.replace(/^\uFEFF/, ""), "", "", { context: 3 })
        .split("\n")
        .slice(1) // the "Index:" / "====" header createTwoFilesPatch starts with
        .join("\n")
        .replace(/^=+\n/, "");
    })
    .join("");
