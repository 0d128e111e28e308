// The build, and the root package's postinstall: after `pnpm install` (or the `npm install`
// pre-commit runs in a clone of this repository) it compiles the packages, compiles the Compose
// schema into a standalone validator, and bundles the CLI. It is a postinstall, not a
// prepare, because `npm pack` runs prepare and prints its banner where pre-commit reads the tarball
// name. In an installed tarball there are no sources, and nothing is left to do.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
if (existsSync(path.join(root, "tsconfig.json"))) {
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-b"], { cwd: root, stdio: "inherit" });
  await import("./compile-schema.mjs");
  await import("./bundle.mjs");
}
