import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifact, chromiumNeed, launchChromium } from "./browser.js";
import { makeProject, needs, repoRoot, runAsync } from "./helpers.js";

const LEAK = 'services:\n  web:\n    image: example/web:1.0\n    ports:\n      - "8000:8000"\n';
const ADMIN_LEAK = 'services:\n  admin:\n    image: example/admin:1.0\n    ports:\n      - "9000:9000"\n';
const { version } = JSON.parse(readFileSync(path.join(repoRoot, "packages/vscode/package.json"), "utf8")) as { version: string };
const vsix = artifact(`compose-lint-${version}.vsix`);
const codeServer = path.join(repoRoot, ".tmp/code-server/node_modules/.bin/code-server");
const codeServerNeed = needs("code-server", existsSync(codeServer), ".ci/run installs it with test/tools/install-code-server.sh .tmp/code-server");

beforeAll(async () => {
  const packed = await runAsync(process.execPath, [path.join(repoRoot, "scripts/package-vscode.mjs"), "--vsix"], { cwd: repoRoot });
  expect(packed.status, packed.stderr).toBe(0);
}, 180_000);

describe("the VS Code extension's package", () => {
  it("is a .vsix holding the extension bundle, the bundled server and command line, and nothing else", async () => {
    const listing = await runAsync("python3", ["-c", "import sys, zipfile; print('\\n'.join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))", vsix]);
    expect(listing.status, listing.stderr).toBe(0);
    expect(listing.stdout.trim().split("\n")).toEqual([
      "[Content_Types].xml",
      "extension.vsixmanifest",
      "extension/LICENSE.txt",
      "extension/dist/extension.cjs",
      "extension/dist/server/cli-worker.cjs",
      "extension/dist/server/cli.cjs",
      "extension/dist/server/compose-lint-language-server.mjs",
      "extension/dist/server/compose-lint.cjs",
      "extension/dist/server/compose-lint.mjs",
      "extension/dist/server/language-server.mjs",
      "extension/package.json",
      "extension/readme.md",
    ]);
    // The server in the package is the one the repository builds.
    for (const name of ["compose-lint-language-server.mjs", "language-server.mjs", "compose-lint.cjs", "cli.cjs"]) {
      const packed = await runAsync("python3", ["-c", "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())", vsix, `extension/dist/server/${name}`]);
      expect(packed.stdout === readFileSync(path.join(repoRoot, "dist-bundle", name), "utf8"), name).toBe(true);
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The editor's visible text, with Monaco's non-breaking spaces as spaces. */
async function editorText(page: Page): Promise<string> {
  return ((await page.locator(".monaco-editor .view-lines").first().textContent()) ?? "").replaceAll("\u00a0", " ");
}

describe.skipIf(codeServerNeed.skip || chromiumNeed.skip)(codeServerNeed.title(chromiumNeed.title("the extension in a real VS Code (code-server in headless Chromium)")), () => {
  let server: ChildProcess | undefined;
  afterAll(() => server?.kill());

  it("shows the leak as a diagnostic, fixes it to loopback with the quick fix, and shows the exposure report", async () => {
    const home = makeProject({ "user-data/User/settings.json": JSON.stringify({ "workbench.startupEditor": "none", "security.workspace.trust.enabled": false, "telemetry.telemetryLevel": "off", "workbench.tips.enabled": false, "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false, "editor.stickyScroll.enabled": false, "files.autoSave": "off", "editor.codeActionsOnSave": { "source.fixAll.compose-lint": "explicit" } }) });
    const project = makeProject({ "compose.yaml": LEAK, "compose.admin.yaml": ADMIN_LEAK });
    // code-server writes its own config under XDG_CONFIG_HOME: keep it in the test's folder.
    const env = { ...process.env, XDG_CONFIG_HOME: path.join(home, "config"), XDG_DATA_HOME: path.join(home, "data") };
    const dirs = ["--user-data-dir", path.join(home, "user-data"), "--extensions-dir", path.join(home, "extensions")];
    const installed = await runAsync(codeServer, [...dirs, "--install-extension", vsix], { env });
    expect(installed.stdout + installed.stderr).toContain("was successfully installed");

    const port = await freePort();
    server = spawn(codeServer, [...dirs, "--auth", "none", "--bind-addr", `127.0.0.1:${port}`, "--disable-telemetry", "--disable-update-check", project], { env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    await new Promise<void>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes("HTTP server listening")) resolve();
      };
      server!.stdout!.on("data", read);
      server!.stderr!.on("data", read);
      server!.once("exit", (code) => reject(new Error(`code-server exited with ${code}: ${log}`)));
    });

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(project)}`);
      await page.locator(".monaco-workbench").waitFor({ timeout: 120_000 });
      await page.getByRole("treeitem", { name: "compose.yaml" }).dblclick();

      // The diagnostic: underlined at the port, its message on hover (Ctrl+K Ctrl+I at the cursor).
      const squiggle = page.locator(".monaco-editor .squiggly-error").first();
      await squiggle.waitFor({ timeout: 120_000 });
      const box = (await squiggle.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.keyboard.press("Control+K");
      await page.keyboard.press("Control+I");
      const hover = page.locator(".monaco-hover-content:visible").first();
      await hover.waitFor({ timeout: 30_000 });
      expect(await hover.textContent()).toContain('Service "web" publishes "8000:8000" on every interface');
      expect(await hover.textContent()).toContain("no-all-interface-publish");
      await expect.poll(() => page.locator(".statusbar-item").allTextContents()).toContainEqual(expect.stringContaining("compose-lint"));
      await page.screenshot({ path: artifact("vscode-1-diagnostic.png") });

      // The quick fix, chosen from the light bulb menu (Ctrl+.), binds the port to loopback.
      await page.keyboard.press("Escape");
      await page.keyboard.press("Control+.");
      const actions = page.locator(".action-widget");
      await actions.waitFor({ timeout: 30_000 });
      expect(await actions.textContent()).toContain('Fix: Service "web" publishes "8000:8000" on every interface');
      expect(await actions.textContent()).toContain("Disable no-all-interface-publish for this line");
      await page.screenshot({ path: artifact("vscode-2-quick-fix.png") });
      await page.keyboard.press("Enter");
      await expect.poll(() => editorText(page), { timeout: 30_000 }).toContain('- "127.0.0.1:8000:8000"');
      await expect.poll(() => page.locator(".monaco-editor .squiggly-error").count(), { timeout: 30_000 }).toBe(0);
      await page.screenshot({ path: artifact("vscode-3-fixed.png") });
      // Nothing is written until the user saves.
      expect(readFileSync(path.join(project, "compose.yaml"), "utf8")).toBe(LEAK);
      await page.keyboard.press("Control+S");
      await expect.poll(() => readFileSync(path.join(project, "compose.yaml"), "utf8"), { timeout: 30_000 }).toBe(LEAK.replace('"8000:8000"', '"127.0.0.1:8000:8000"'));

      // The exposure report, from the command palette: after the fix, nothing is reachable from outside.
      await page.keyboard.press("F1");
      await page.keyboard.type("compose-lint: Show exposure report");
      await page.keyboard.press("Enter");
      const report = async () => (await page.locator(".monaco-editor .view-lines").allTextContents()).map((text) => text.replaceAll("\u00a0", " "));
      await expect.poll(report, { timeout: 60_000 }).toContainEqual(expect.stringContaining("Reachable from outside the host (0)"));
      expect((await report()).join("\n")).toMatch(/\| web \| `127\.0\.0\.1` \| 8000 \| 8000 \| tcp \| `compose\.yaml:5` \| loopback only/);
      await page.screenshot({ path: artifact("vscode-4-exposure.png") });

      // Fix on save (editor.codeActionsOnSave with source.fixAll.compose-lint) in another file.
      await page.getByRole("treeitem", { name: "compose.admin.yaml" }).dblclick();
      await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 120_000 });
      await page.keyboard.press("Control+S");
      await expect.poll(() => readFileSync(path.join(project, "compose.admin.yaml"), "utf8"), { timeout: 60_000 }).toBe(ADMIN_LEAK.replace('"9000:9000"', '"127.0.0.1:9000:9000"'));
    } finally {
      await browser.close();
    }
  }, 300_000);
});
