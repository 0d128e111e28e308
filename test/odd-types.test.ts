import { readFileSync } from "node:fs";
import path from "node:path";
import { globbySync } from "globby";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq, parseDocument, stringify, visit, type Node } from "yaml";
import { Linter, prepareOptionValidation, resolveConfig, RuleRegistry } from "@compose-lint/core";
import { rules } from "@compose-lint/rules";
import { loadProject } from "@compose-lint/core/node";
import { needsShared, sharedDir, yieldToRunner } from "./helpers.js";

const oddShared = needsShared("the odd-types test");

await prepareOptionValidation();

/** Replacement values of every shape a careless edit can leave behind. */
const ODD_VALUES: unknown[] = [null, 0, -1, 70000, 1.5, true, "", "::", "${UNSET}", "a:b:c:d", [], [null], {}, { "": null }, [[]], "\u200B"];

/**
 * Every rule against values of the wrong shape: each scalar and collection of real files is
 * replaced, one at a time (a deterministic sample), by odd values. No rule may throw, and every
 * fix must still leave a file that parses.
 */
describe.skipIf(oddShared.skip)(oddShared.title("rules on values of the wrong shape"), () => {
  it("never crash and never break the file", async () => {
    const registry = new RuleRegistry(rules);
    const linter = new Linter(registry);
    const config = resolveConfig([{ config: { extends: ["all"] }, where: "odd types" }], registry);
    const files = globbySync("**/*.{yml,yaml}", { cwd: path.join(sharedDir, "corpus") }).sort();
    let variants = 0;
    const crashes: string[] = [];
    for (const [fileIndex, file] of files.entries()) {
      // Long and synchronous: let the test runner's messages through now and then.
      if (fileIndex % 20 === 0) await yieldToRunner();
      if (fileIndex % 2 !== 0) continue;
      const text = readFileSync(path.join(sharedDir, "corpus", file), "utf8");
      const base = parseDocument(text, { merge: true });
      if (base.errors.length > 0) continue;
      const targets: number[] = [];
      let count = 0;
      visit(base, (_key, node) => {
        if (isScalar(node) || isMap(node) || isSeq(node)) targets.push(count++);
      });
      for (const [round, target] of targets.filter((_, index) => index % 7 === fileIndex % 7).slice(0, 12).entries()) {
        const document = parseDocument(text, { merge: true });
        let index = 0;
        visit(document, (_key, node) => {
          if (!(isScalar(node) || isMap(node) || isSeq(node))) return undefined;
          if (index++ !== target) return undefined;
          return document.createNode(ODD_VALUES[(round + fileIndex) % ODD_VALUES.length]) as Node;
        });
        let mutated: string;
        try {
          mutated = document.toString();
        } catch {
          continue; // the replacement removed an anchor that an alias still needs: not a YAML file
        }
        variants++;
        for (const message of linter.verify(mutated, config, { filename: file })) {
          if (message.message.includes("failed on this file")) crashes.push(`${file} #${target}: ${message.message}`);
        }
        const fixed = linter.verifyAndFix(mutated, config, { filename: file });
        expect(parseDocument(fixed.output).errors, `${file} #${target}`).toEqual([]);
      }
    }
    expect(crashes).toEqual([]);
    expect(variants).toBeGreaterThan(1000);
  });
});

const OVERRIDDEN_KEYS = ["ports", "expose", "environment", "networks", "volumes", "extends", "depends_on", "profiles", "command", "labels", "image", "network_mode", "secrets", "healthcheck", "deploy"];

/**
 * The same for projects: an override gives the first service of a real file a value of the wrong
 * shape (or !reset / !override) for a key, and the project is linted and fixed as a whole.
 */
describe.skipIf(oddShared.skip)(oddShared.title("project merges with values of the wrong shape"), () => {
  it("never crash and never break a file", async () => {
    const registry = new RuleRegistry(rules);
    const linter = new Linter(registry);
    const config = resolveConfig([{ config: { extends: ["all"] }, where: "odd overrides" }], registry);
    const files = globbySync("**/{compose,docker-compose}.{yml,yaml}", { cwd: path.join(sharedDir, "corpus") }).sort();
    const crashes: string[] = [];
    let projects = 0;
    for (const [fileIndex, file] of files.entries()) {
      // Long and synchronous: let the test runner's messages through now and then.
      if (fileIndex % 20 === 0) await yieldToRunner();
      if (fileIndex % 8 !== 0) continue;
      const text = readFileSync(path.join(sharedDir, "corpus", file), "utf8");
      const services = (parseDocument(text).toJS({ maxAliasCount: -1 }) as { services?: Record<string, unknown> } | null)?.services;
      const service = services && typeof services === "object" ? Object.keys(services)[0] : undefined;
      if (!service) continue;
      OVERRIDDEN_KEYS.forEach((key, keyIndex) => {
        const value = ODD_VALUES[(fileIndex + keyIndex) % ODD_VALUES.length];
        const variants = [
          stringify({ services: { [service]: { [key]: value } } }),
          `services:\n  ${JSON.stringify(service)}:\n    ${key}: !reset null\n`,
          `services:\n  ${JSON.stringify(service)}:\n    ${key}: !override ${JSON.stringify(value)}\n`,
        ];
        for (const override of variants) {
          const texts = new Map([["/virtual/compose.yaml", text], ["/virtual/compose.override.yaml", override]]);
          const load = (changed: ReadonlyMap<string, string>) =>
            loadProject({
              files: [...texts.keys()],
              environment: {},
              readText: (name) => {
                const found = changed.get(name) ?? texts.get(name);
                return found === undefined ? { ok: false, reason: "no such file" } : { ok: true, text: found };
              },
            });
          projects++;
          const where = `${file} + ${key}: ${override.split("\n")[2] ?? override}`;
          for (const result of linter.verifyProject(load(new Map()), config)) {
            for (const message of result.messages) if (message.message.includes("failed on this file")) crashes.push(`${where}: ${message.message}`);
          }
          const fixed = linter.verifyAndFixProject(load, config);
          for (const result of fixed.files) {
            if (result.output !== undefined) expect(parseDocument(result.output).errors, where).toEqual([]);
          }
        }
      });
    }
    expect(crashes).toEqual([]);
    expect(projects).toBeGreaterThan(1000);
    // Over a thousand projects linted and fixed: 40-50 s on 2 idle cores, more on a loaded machine.
  }, 300_000);
});
