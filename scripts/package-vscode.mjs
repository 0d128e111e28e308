// Builds the VS Code extension (packages/vscode): bundles its code into dist/extension.cjs (VS Code
// loads extensions as CommonJS) and puts the bundled language server and command line beside it, so
// the extension works with nothing else installed. With --vsix, also packs it with vsce into
// .tmp/artifacts/ (CI keeps that folder).
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const extensionDir = path.join(root, "packages/vscode");
const dist = path.join(extensionDir, "dist");

await build({
  entryPoints: [path.join(extensionDir, "src/extension.ts")],
  outfile: path.join(dist, "extension.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  // VS Code 1.91's extension host runs Electron 29, whose Node is 20.9.
  target: "node20.9",
  external: ["vscode"],
  legalComments: "none",
  logLevel: "warning",
});
// The launchers and their bundles, as the package ships them (a former build's files go first).
rmSync(path.join(dist, "server"), { recursive: true, force: true });
cpSync(path.join(root, "dist-bundle"), path.join(dist, "server"), { recursive: true });
// vsce wants the licence in the extension's folder; it is the repository's (the copy is not committed).
copyFileSync(path.join(root, "LICENSE"), path.join(extensionDir, "LICENSE"));

if (process.argv.includes("--vsix")) {
  const { name, version } = JSON.parse(readFileSync(path.join(extensionDir, "package.json"), "utf8"));
  const out = path.join(root, ".tmp/artifacts", `${name}-${version}.vsix`);
  mkdirSync(path.dirname(out), { recursive: true });
  const vsce = path.join(extensionDir, "node_modules/@vscode/vsce/vsce");
  // Everything the extension needs is bundled: no node_modules in the package.
  execFileSync(process.execPath, [vsce, "package", "--no-dependencies", "--out", out], { cwd: extensionDir, stdio: ["ignore", "inherit", "inherit"] });
}
