// Builds the playground (packages/playground) into one self-contained page,
// packages/playground/dist/index.html: the linter's core and rules, CodeMirror, the styles and the
// script inline, so it opens from disk (file://, where module scripts are refused) and publishes
// as a static file. Run after the packages are built (`pnpm playground` does both).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const playground = path.join(root, "packages/playground");

const result = await build({
  entryPoints: [path.join(playground, "src/main.ts")],
  bundle: true,
  write: false,
  platform: "browser",
  format: "iife",
  target: "chrome110",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
});
const script = result.outputFiles[0].text.replaceAll("</script", "<\\/script");
const style = readFileSync(path.join(playground, "playground.css"), "utf8");
const page = readFileSync(path.join(playground, "index.html"), "utf8")
  .replace('<link rel="stylesheet" href="playground.css">', () => `<style>\n${style}</style>`)
  .replace('<script src="playground.js"></script>', () => `<script>${script}</script>`);
const out = path.join(playground, "dist/index.html");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, page);
console.log(`Playground: open ${path.relative(process.cwd(), out) || out} in a browser (${Math.round(page.length / 1024)} KB, no server needed)`);
