// Bundles the CLI (and the language server) into self-contained files in dist-bundle/: the `bin` of the
// `compose-lint` package (the repository's root). The bundle is committed, so that installing from
// a git URL (pre-commit 4 does `npm install -g git+...`, which skips builds) and the GitHub Action
// get a working command with no build step; a test fails when the committed bundle is stale.
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entries = {
  "compose-lint": "packages/cli/dist/entry.js",
  "compose-lint-language-server": "packages/language-server/dist/entry.js",
};
await build({
  entryPoints: Object.fromEntries(Object.entries(entries).map(([name, entry]) => [name, path.join(root, entry)])),
  outdir: path.join(root, "dist-bundle"),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // CommonJS dependencies (ajv, picomatch) call require(); give the ES module bundle one.
  banner: { js: '#!/usr/bin/env node\nimport { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  legalComments: "none",
  logLevel: "warning",
});
