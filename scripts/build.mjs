// The build (`pnpm build`, and the first step of `pnpm test` and `pnpm check`): compiles the
// packages and bundles the CLI into dist-bundle/. The bundle is committed, so the package has no
// install script: installs from git (pre-commit, `npm install -g github:...`) and the GitHub
// Action run it without building.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeYamlSync } from "./yaml-sync.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tsc = path.join(root, "node_modules/typescript/bin/tsc");
writeYamlSync(root);
execFileSync(process.execPath, [tsc, "-b"], { cwd: root, stdio: "inherit" });
await import("./bundle.mjs");
