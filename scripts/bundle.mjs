// Bundles the CLI into one self-contained file, dist-bundle/compose-lint.mjs: the `bin` of the
// repository's root package, which is what npm installs for pre-commit's `language: node` hooks
// (npm cannot install the pnpm workspace's packages on its own). Run by `prepare` after tsc -b.
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
await build({
  entryPoints: [path.join(root, "packages/cli/bin/compose-lint.js")],
  outfile: path.join(root, "dist-bundle/compose-lint.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // CommonJS dependencies (ajv, picomatch) call require(); give the ES module bundle one.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  legalComments: "none",
  logLevel: "warning",
});
