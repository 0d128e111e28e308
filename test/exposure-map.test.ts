/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifact, chromiumNeed, launchChromium, openPage } from "./browser.js";
import { makeProject, repoRoot, runCli } from "./helpers.js";

const booking = path.join(repoRoot, "examples/booking-platform");
const ufw = ["--ufw-status", "fixed/server/ufw-status.txt"];

interface JsonEntry {
  service: string;
  hostPorts: string | null;
  containerPorts: string | null;
  protocol: string;
  file: string;
  line: number;
  firewall?: { status: string };
}

function exposureMap(cwd: string, args: string[]): string {
  const output = path.join(makeProject({}), "exposure.html");
  const run = runCli(["exposure", "--format", "html", "-o", output, ...args], { cwd });
  expect(run.stderr).toBe("");
  expect(run.stdout).toBe("");
  return output;
}

/** A stack of `count` services on four networks, each publishing a port; every third on loopback. */
function bigStack(count: number): string {
  const lines = ["services:"];
  for (let index = 0; index < count; index++) {
    const port = 8000 + index;
    lines.push(`  svc${String(index).padStart(2, "0")}:`, "    image: example/app:1.0", `    networks: [net${index % 4}]`, "    ports:", `      - "${index % 3 === 0 ? "127.0.0.1:" : ""}${port}:80"`);
  }
  lines.push("networks:", ...[0, 1, 2, 3].map((index) => `  net${index}: {}`));
  return makeProject({ "compose.yaml": `${lines.join("\n")}\n` });
}

describe("exposure --format html", () => {
  it("writes one self-contained page: no network, no external scripts or fonts, user text escaped", () => {
    const project = makeProject({ "<img src=x onerror=alert(1)>/compose.yaml": 'services:\n  web:\n    image: example/web:1.0\n    ports: ["8000:8000"]\n' });
    const html = readFileSync(exposureMap(project, ["<img src=x onerror=alert(1)>"]), "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"`);
    // Nothing to load: no URLs, no CSS imports, one inline script (the browser test checks the elements).
    expect(html).not.toMatch(/https?:\/\/|@import|url\(/i);
    expect(html.match(/<script\b[^>]*>/g)).toEqual(["<script>"]);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});

describe.skipIf(chromiumNeed.skip)(chromiumNeed.title("the exposure map in a real browser (Debian's Chromium)"), () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(() => browser?.close());

  const open = (file: string) => openPage(browser, pathToFileURL(file).href, (url) => url === pathToFileURL(file).href);

  it("draws the booking platform's leaking ports as red edges with their service, port, file and line", async () => {
    const json = runCli(["exposure", "--format", "json", ...ufw], { cwd: booking });
    const leaks = (JSON.parse(json.stdout) as { reachable: JsonEntry[] }).reachable.filter((entry) => entry.firewall?.status === "leak");
    expect(leaks.map((entry) => entry.service).sort()).toEqual(["backend", "cache", "db", "frontend"]);

    const { page, errors, requests } = await open(exposureMap(booking, ufw));
    const edges = page.locator(".edge.verdict-leak");
    expect(await edges.count()).toBe(leaks.length);
    for (const [index, leak] of leaks.entries()) {
      const edge = edges.nth(index);
      expect(await edge.getAttribute("data-service")).toBe(leak.service);
      expect(await edge.getAttribute("data-port")).toBe(`${leak.hostPorts} → ${leak.containerPorts}/${leak.protocol}`);
      expect(await edge.getAttribute("data-where")).toBe(`${leak.file}:${leak.line}`);
      expect(await edge.locator("path.line").evaluate((line) => getComputedStyle(line).stroke)).toBe("rgb(211, 47, 47)");
    }
    // The firewall sits between the outside and the interfaces, named by its listing.
    expect(await page.locator(".firewall text").textContent()).toContain("ufw status from fixed/server/ufw-status.txt");

    // Nothing in the page loads anything.
    expect(await page.locator("[src], [href], link, img, iframe, object, embed").count()).toBe(0);

    // Hovering an edge shows where it is published and why.
    const point = await page.locator('.edge.verdict-leak[data-service="db"] path.hit').evaluate((element) => {
      const path = element as SVGPathElement;
      const inSvg = path.getPointAtLength(path.getTotalLength() * 0.8);
      const onScreen = new DOMPoint(inSvg.x, inSvg.y).matrixTransform(path.getScreenCTM()!);
      return { x: onScreen.x, y: onScreen.y };
    });
    await page.mouse.move(point.x, point.y);
    const tip = page.locator("#tip");
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toContain("db  5432 → 5432/tcp");
    expect(await tip.textContent()).toContain("reachable although the firewall does not allow it");
    expect(await tip.textContent()).toContain("compose.yaml:17");
    await page.screenshot({ path: artifact("exposure-map-booking-platform.png"), fullPage: true });

    // The table below the picture has the same rows as the text report.
    expect(await page.locator("table").first().locator("tbody tr").count()).toBe(leaks.length);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it("tells leaks, firewall-allowed, loopback and container-only ports apart, and each edge can be reached by keyboard", async () => {
    const fixed = path.join(booking, "fixed");
    const { page, errors } = await open(exposureMap(fixed, ["--ufw-status", "server/ufw-status.txt", "--iptables-save", "server/iptables-save.txt"]));
    const verdicts = await page.locator(".edge").evaluateAll((edges) => edges.map((edge) => `${(edge as HTMLElement).dataset["service"]} ${(edge as HTMLElement).dataset["verdict"]}`).sort());
    expect(verdicts).toEqual(["backend internal", "cache internal", "db internal", "db leak", "frontend internal"]);
    expect(await page.locator(".edge.verdict-internal path.line").first().evaluate((line) => getComputedStyle(line).strokeDasharray)).not.toBe("none");

    // Tab moves through the edges; the focused one shows its details.
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("edge"))).toBe(true);
    await expect.poll(() => page.locator("#tip").isVisible()).toBe(true);
    expect(await page.locator("#tip").textContent()).toContain(await page.evaluate(() => (document.activeElement as HTMLElement).dataset["where"]!));
    await page.screenshot({ path: artifact("exposure-map-booking-platform-fixed.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("stays legible for 60 services: grouped by network, no boxes overlapping, every port an edge", async () => {
    const { page, errors } = await open(exposureMap(bigStack(60), []));
    expect(await page.locator(".service").count()).toBe(60);
    expect(await page.locator(".edge").count()).toBe(60);
    expect(await page.locator(".group-name").allTextContents()).toEqual(["network: net0", "network: net1", "network: net2", "network: net3"]);
    expect(await page.locator(".edge.verdict-reachable").count()).toBe(40);
    const boxes = await page.locator(".service rect").evaluateAll((rects) => rects.map((rect) => rect.getBoundingClientRect()).map(({ top, bottom, left, right }) => ({ top, bottom, left, right })));
    const sorted = boxes.sort((a, b) => a.top - b.top);
    for (let index = 1; index < sorted.length; index++) expect(sorted[index]!.top).toBeGreaterThanOrEqual(sorted[index - 1]!.bottom);
    // Text stays readable: the page is not scaled down to fit (the map scrolls instead).
    const fontSize = await page.locator(".service-name").first().evaluate((text) => text.getBoundingClientRect().height);
    expect(fontSize).toBeGreaterThanOrEqual(12);
    await page.screenshot({ path: artifact("exposure-map-60-services.png"), fullPage: true });
    // What a reader sees first, at its real size.
    await page.screenshot({ path: artifact("exposure-map-60-services-top.png") });
    expect(errors).toEqual([]);
    await page.close();
  });
});
