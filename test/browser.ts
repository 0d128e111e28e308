import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { needs, repoRoot } from "./helpers.js";

/** Debian's Chromium: the browser tests never download one. */
export const CHROMIUM = "/usr/bin/chromium";
export const chromiumNeed = needs("Chromium", existsSync(CHROMIUM), ".ci/run installs Debian's chromium package");

/** Screenshots and packages a run keeps (CI keeps the folder). */
export const artifactsDir = path.join(repoRoot, ".tmp/artifacts");

export function artifact(name: string): string {
  mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, name);
}

/** Headless Chromium with the flags this machine needs: no sandbox as root, no network of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
}

/** A page opened at `url`, with what it logs as errors and the requests it makes beyond `own` (its own files). */
export async function openPage(browser: Browser, url: string, own: (requested: string) => boolean, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("request", (request) => {
    if (!own(request.url())) requests.push(request.url());
  });
  await page.goto(url);
  return { page, errors, requests };
}
