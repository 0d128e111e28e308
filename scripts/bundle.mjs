// Bundles the CLI (and the language server) into self-contained files in dist-bundle/: the `bin` of the
// repository's root package, which is what npm installs for pre-commit's `language: node` hooks
// (npm cannot install the pnpm workspace's packages on its own). Run by `prepare` after tsc -b.
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entries = {
  "compose-lint": "packages/cli/bin/compose-lint.js",
  "compose-lint-language-server": "packages/language-server/bin/compose-lint-language-server.js",
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
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  legalComments: "none",
  logLevel: "warning",
});
