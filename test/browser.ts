import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
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
