/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeState, encodeState } from "../packages/playground/src/state.js";
import { artifact, chromiumNeed, launchChromium, openPage } from "./browser.js";
import { repoRoot, runAsync } from "./helpers.js";

const page = path.join(repoRoot, "packages/playground/dist/index.html");
const LEAK = 'services:\n  web:\n    image: example/web:1.0\n    ports:\n      - "8000:8000"\n';

describe("the playground's own logic", () => {
  it("keeps the file and config in the URL fragment, and ignores a fragment it cannot read", async () => {
    const state = { compose: `${LEAK}# ünïcödé and emoji 🐳\n`, config: "extends: [recommended]\n" };
    const hash = await encodeState(state);
    expect(hash).toMatch(/^#s=[A-Za-z0-9_-]+$/);
    expect(await decodeState(hash)).toEqual(state);
    expect(await decodeState(hash.slice(0, -6))).toBeUndefined();
    expect(await decodeState("#other")).toBeUndefined();
  });
});

describe.skipIf(chromiumNeed.skip)(chromiumNeed.title("the playground in a real browser (Debian's Chromium)"), () => {
  let browser: Browser;
  beforeAll(async () => {
    const built = await runAsync(process.execPath, [path.join(repoRoot, "scripts/build-playground.mjs")], { cwd: repoRoot });
    expect(built.status, built.stderr).toBe(0);
    browser = await launchChromium();
  }, 120_000);
  afterAll(() => browser?.close());

  async function open(url: string): Promise<{ tab: Page; errors: string[]; requests: string[] }> {
    const { page: tab, errors, requests } = await openPage(browser, url, (requested) => requested.startsWith(pathToFileURL(page).href), { width: 1280, height: 860 });
    await tab.locator("body[data-ready=true]").waitFor({ timeout: 30_000 });
    return { tab, errors, requests };
  }

  /** The editor's text, from its rendered lines (CodeMirror renders those in and near the viewport). */
  const editorText = (tab: Page) => tab.locator("#compose-editor .cm-line").evaluateAll((lines) => lines.map((line) => line.textContent).join("\n"));

  it("finds the leak as it is typed, fixes it to loopback, and a shared link reproduces the state", async () => {
    const { tab, errors, requests } = await open(pathToFileURL(page).href);
    // Type the leaking service into an empty editor.
    await tab.locator("#compose-editor .cm-content").click();
    await tab.keyboard.press("Control+A");
    await tab.keyboard.press("Delete");
    await tab.keyboard.insertText(LEAK);

    // The default file's two findings give way to the typed file's one.
    await expect.poll(() => editorText(tab)).toBe(LEAK);
    await expect.poll(() => tab.locator("#findings .finding").count(), { timeout: 30_000 }).toBe(1);
    const finding = tab.locator('#findings .finding[data-rule="no-all-interface-publish"]');
    expect(await finding.textContent()).toContain('5:9 Service "web" publishes "8000:8000" on every interface');
    expect(await finding.locator(".rule-link").getAttribute("href")).toMatch(/docs\/rules\/no-all-interface-publish\.md$/);
    // Underlined at the exact range: the port entry's text.
    await expect.poll(() => tab.locator("#compose-editor .cm-lintRange-error").allTextContents()).toEqual(['"8000:8000"']);

    // Hovering the underline shows the message with the rule's link.
    const box = (await tab.locator("#compose-editor .cm-lintRange-error").first().boundingBox())!;
    await tab.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tooltip = tab.locator(".cm-tooltip-lint");
    await tooltip.waitFor({ timeout: 10_000 });
    expect(await tooltip.textContent()).toContain('publishes "8000:8000" on every interface');
    expect(await tooltip.locator(".rule-link").textContent()).toBe("no-all-interface-publish");
    await tab.screenshot({ path: artifact("playground-1-finding.png") });

    await finding.locator("button.fix").click();
    await expect.poll(() => editorText(tab)).toContain('- "127.0.0.1:8000:8000"');
    await expect.poll(() => tab.locator("#findings").textContent()).toBe("No problems.");
    await tab.screenshot({ path: artifact("playground-2-fixed.png") });

    // The link: open it in a new tab, and see the same file, config and findings. The page saves
    // the state once typing pauses, so the saved state may still be the one before the fix: wait
    // until it holds the fixed file.
    const fixedText = await editorText(tab);
    const savedHash = () => tab.evaluate(() => document.body.dataset["savedHash"] ?? "");
    await expect.poll(async () => (await decodeState(await savedHash()))?.compose).toBe(fixedText);
    await expect.poll(() => tab.evaluate(() => location.hash === document.body.dataset["savedHash"])).toBe(true);
    const link = tab.url();
    const shared = await open(link);
    expect(await editorText(shared.tab)).toBe(await editorText(tab));
    expect(await shared.tab.locator("#findings .finding").count()).toBe(0);
    await shared.tab.close();

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await tab.close();
  });

  it("takes the rule set and options from the config, fixes all, and measures how long linting takes", async () => {
    // A typical file: the booking platform example, with a config that turns one rule off.
    const compose = readFileSync(path.join(repoRoot, "examples/booking-platform/compose.yaml"), "utf8");
    const link = `${pathToFileURL(page).href}${await encodeState({ compose, config: "extends: [recommended]\nrules:\n  prefer-expose-for-internal: off\n" })}`;
    const { tab, errors } = await open(link);
    await tab.locator("#findings .finding").first().waitFor({ timeout: 30_000 });
    const rules = () => tab.locator("#findings .finding").evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset["rule"]));
    expect(await rules()).not.toContain("prefer-expose-for-internal");
    expect(await rules()).toContain("no-all-interface-publish");

    // A config error is shown where it is, and linting keeps the last good config.
    const configContent = tab.locator("#config-editor .cm-content");
    await configContent.click();
    await tab.keyboard.press("Control+End");
    await tab.keyboard.insertText("\n  no-such-rule: error\n");
    await expect.poll(() => tab.locator("#config-status").textContent()).toContain('unknown rule "no-such-rule"');

    // Timing: lint after each of several edits, as the page measures it.
    const timings: number[] = [];
    const content = tab.locator("#compose-editor .cm-content");
    await content.click();
    await tab.keyboard.press("Control+End");
    for (let round = 0; round < 7; round++) {
      const before = await tab.locator("#status").getAttribute("data-lint-count");
      await tab.keyboard.insertText(`# edit ${round}\n`);
      await expect.poll(() => tab.locator("#status").getAttribute("data-lint-count")).not.toBe(before);
      timings.push(Number(await tab.locator("#status").getAttribute("data-lint-ms")));
    }
    timings.sort((a, b) => a - b);
    writeFileSync(artifact("playground-timing.json"), `${JSON.stringify({ file: "examples/booking-platform/compose.yaml", lines: compose.split("\n").length, lintMs: timings, medianMs: timings[3] }, null, 2)}\n`);
    expect(timings.every((value) => Number.isFinite(value) && value > 0)).toBe(true);

    await tab.locator("#fix-all").click();
    await expect.poll(() => editorText(tab)).toContain('"127.0.0.1:5432:5432"');
    await tab.screenshot({ path: artifact("playground-3-fix-all.png") });
    expect(errors).toEqual([]);
    await tab.close();
  });
});
