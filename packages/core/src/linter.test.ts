import { Alias } from "yaml";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ConfigError, prepareOptionValidation, resolveConfig, RuleRegistry, validateConfigObject, type ConfigObject } from "./config.js";
import { differingSpan } from "./fixer.js";
import { Linter } from "./linter.js";
import { parseSource } from "./parse.js";
import { createRule, type AnyRule, type RuleMeta } from "./rule.js";

/** Metadata for the rules these tests define: only the messages and fixability differ. */
function testMeta<MessageIds extends string>(messages: Record<MessageIds, string>, fixable = true): RuleMeta<MessageIds> {
  return {
    type: "problem",
    docs: { description: "test", category: "hygiene", recommended: false, url: "" },
    defaultSeverity: "error",
    grade: "low",
    references: [],
    ...(fixable ? { fixable: "code" as const } : {}),
    schema: [],
    messages,
  };
}

/** Reports every service's image; fixes `latest` to `stable`. */
const imageRule = createRule<"image", []>({
  id: "test-image",
  meta: testMeta({ image: 'image "{{image}}"' }),
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        if (!service.image) return;
        const image = service.image;
        context.report({
          node: image,
          messageId: "image",
          data: { image: image.value },
          fix: image.value.endsWith(":latest") ? (fixer) => fixer.replaceRange([image.node.range![1] - 6, image.node.range![1]], "stable") : null,
        });
      },
    };
  },
});

/** A rule whose fix breaks the YAML: the engine must drop it. */
const breakingRule = createRule<"broken", []>({
  id: "test-breaking",
  meta: testMeta({ broken: "broken" }),
  defaultOptions: [],
  create(context) {
    return {
      document(model) {
        context.report({ node: model.root, messageId: "broken", fix: (fixer) => fixer.insertAt(0, "[") });
      },
    };
  },
});

/** Two rules that undo each other: the engine must stop and say so. */
function togglingRule(id: string, from: string, to: string): AnyRule {
  return createRule<"toggle", []>({
    id,
    meta: testMeta({ toggle: "toggle" }),
    defaultOptions: [],
    create(context) {
      return {
        service(service) {
          if (service.image?.value === from) {
            const node = service.image.node;
            context.report({ node, messageId: "toggle", fix: (fixer) => fixer.replaceRange([node.range![0], node.range![1]], to) });
          }
        },
      };
    },
  });
}

function lint(text: string, rules: AnyRule[] = [imageRule], config: ConfigObject = { rules: { "test-image": "error" } }) {
  const registry = new RuleRegistry(rules);
  const resolved = resolveConfig([{ config, where: "test" }], registry);
  return { linter: new Linter(registry), config: resolved };
}

function verify(text: string, config?: ConfigObject) {
  const { linter, config: resolved } = lint(text, [imageRule], config);
  return linter.verify(text, resolved);
}

describe("fatal input", () => {
  it("reports a syntax error at its line and column, without running rules", () => {
    const messages = verify("services:\n  web:\n    image: [nginx\n");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ ruleId: null, fatal: true, severity: 2, line: 4, column: 1 });
    expect(messages[0]!.message).toMatch(/^Parsing error: /);
  });

  it.each([
    ["a duplicate key", "services:\n  web:\n    image: a\n    image: b\n", 4, 5, /Map keys must be unique/],
    ["an unclosed double quote, at its opening", 'services:\n  web:\n    image: a\n    environment:\n      A: "open\n    ports:\n      - "80:80"\n', 5, 10, /^Parsing error: Missing closing "quote: the string opened here is never closed$/],
    ["an unclosed single quote, at its opening", "services:\n  web:\n    image: 'nginx\n    ports: [1]\n", 3, 12, /^Parsing error: Missing closing 'quote: the string opened here is never closed$/],
    ["a tab used for indentation", "services:\n\tweb:\n    image: a\n", 2, 1, /Tabs are not allowed as indentation/],
    ["a merge conflict marker", "services:\n<<<<<<< HEAD\n  web:\n    image: a\n=======\n", 2, 1, /^Parsing error: line 2 is a merge conflict marker/],
    ["a Markdown code fence", "```yaml\nservices:\n  web:\n    image: a\n```\n", 1, 1, /^Parsing error: line 1 is a Markdown code fence/],
  ])("locates %s", (_name, text, line, column, pattern) => {
    const messages = verify(text);
    expect(messages[0]).toMatchObject({ fatal: true, line, column });
    expect(messages[0]!.message).toMatch(pattern);
  });

  it("reports the first syntax error, not the ones yaml finds after it", () => {
    const text = "services:\n  web:\n    image: [nginx\n    ports: {a\n  db: [\n";
    expect(parseSource(text).syntaxErrors.length).toBeGreaterThan(1);
    const messages = verify(text);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ fatal: true, line: 4, column: 5 });
  });

  it("keeps each duplicate key before the first other error, and every one when there is no other", () => {
    const broken = "services:\n  web:\n    image: a\n    image: b\n  db:\n    image: [x\n    ports: {a\n  x:\n    y: 1\n    y: 2\n";
    expect(verify(broken).map((message) => [message.line, message.message])).toEqual([
      [4, "Parsing error: Map keys must be unique"],
      [7, "Parsing error: Flow sequence in block collection must be sufficiently indented and end with a ]"],
    ]);
    const duplicates = "services:\n  web:\n    image: a\n    image: b\n  db:\n    image: c\n    image: d\n";
    expect(verify(duplicates).map((message) => message.line)).toEqual([4, 7]);
  });

  it("names a template and a merge conflict once each, at their first line, and nothing yaml says after them", () => {
    const template = "{% set env='mailu.env' %}\nservices:\n  redis:\n    image: redis:alpine\n    {% if resolver %}\n    dns:\n      - {{ dns }}\n    {% endif %}\n";
    expect(verify(template)).toEqual([
      expect.objectContaining({
        fatal: true,
        line: 1,
        column: 1,
        endColumn: 3,
        message: "Parsing error: line 1 is a template tag: lint the file the template renders, not the template (and 2 more such lines)",
      }),
    ]);
    const conflict = "services:\n<<<<<<< HEAD\n  web:\n    image: a\n=======\n  web:\n    image: b\n>>>>>>> main\n";
    expect(verify(conflict).map((message) => [message.line, message.message])).toEqual([[2, "Parsing error: line 2 is a merge conflict marker: resolve the conflict (and 2 more such lines)"]]);
  });

  it("names what is wrong with an empty file, a sequence, a scalar and binary data", () => {
    expect(verify("")[0]!.message).toMatch(/^Empty file/);
    expect(verify("# only a comment\n")[0]!.message).toMatch(/^Empty file/);
    expect(verify("- a\n- b\n")[0]!.message).toBe("Not a Compose file: the top level is a sequence, not a mapping");
    expect(verify("hello\n")[0]!.message).toBe("Not a Compose file: the top level is a scalar, not a mapping");
    expect(verify("services:\0\n")[0]!.message).toMatch(/^Binary file/);
  });

  it("refuses text over the size limit with a message instead of parsing it", () => {
    const messages = verify(`services:\n${"# padding\n".repeat(500_000)}`);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toMatch(/^File too large to lint \(4\.8 MiB; the limit is 4 MiB\)/);
  });

  it("locates zero-width characters, which silently change keys", () => {
    const messages = verify("services:\n  web:\n    \u200Bimage: a\n");
    expect(messages.map((message) => [message.line, message.column, message.ruleId, message.message])).toEqual([
      [3, 5, null, "Invisible character U+200B: YAML reads it as part of the key or value; delete it"],
    ]);
  });

  it("warns that only the first document counts", () => {
    const messages = verify("services:\n  web:\n    image: a\n---\nservices: {}\n");
    expect(messages.map((message) => [message.severity, message.ruleId, message.line])).toEqual([
      [1, null, 1],
      [2, "test-image", 3],
    ]);
  });

  it("does not expand aliases: an alias bomb lints like any file", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 10; level++) lines.push(`a${level}: &a${level} [${Array(10).fill(`*a${level - 1}`).join(", ")}]`);
    const messages = verify(`${lines.join("\n")}\nservices:\n  web:\n    image: *a9\n`);
    expect(messages).toEqual([]);
  });
});

describe("positions", () => {
  it("reports the node's exact range, columns counted without the BOM", () => {
    const [message] = verify('\uFEFFservices:\n  web:\n    image: "nginx"\n');
    expect(message).toMatchObject({ line: 3, column: 12, endLine: 3, endColumn: 19, message: 'image "nginx"' });
  });

  it("counts CRLF lines like LF lines", () => {
    const [message] = verify("services:\r\n  web:\r\n    image: nginx\r\n");
    expect(message).toMatchObject({ line: 3, column: 12, endLine: 3, endColumn: 17 });
  });
});

describe("messages", () => {
  it("fill each placeholder from the report's data, as often as it is used, and keep one the data lacks as written", () => {
    const placeholders = createRule<"filled", []>({
      id: "test-placeholders",
      meta: testMeta({ filled: "{{service}} then {{ service }} uses {{image}}; {{ missing }} stays; {{service}}" }, false),
      defaultOptions: [],
      create(context) {
        return {
          service(service) {
            // A value with `$&` and braces is taken as it is, never read as a pattern or a placeholder.
            context.report({ node: service.key.keyNode, messageId: "filled", data: { service: service.name, image: "$& {{service}}" } });
          },
        };
      },
    });
    const { linter, config } = lint("", [placeholders], { rules: { "test-placeholders": "error" } });
    const text = "services:\n  web:\n    image: nginx:1.27\n  db:\n    image: postgres:16\n";
    expect(linter.verify(text, config).map((message) => message.message)).toEqual([
      "web then web uses $& {{service}}; {{ missing }} stays; web",
      "db then db uses $& {{service}}; {{ missing }} stays; db",
    ]);
  });
});

describe("directives", () => {
  const code = (lines: string[]) => `${lines.join("\n")}\n`;

  it("disable-next-line silences the named rules on the next line only", () => {
    const messages = verify(
      code([
        "services:",
        "  a:",
        "    # compose-lint-disable-next-line test-image -- pinned by the platform team",
        "    image: one",
        "  b:",
        "    image: two",
      ]),
    );
    expect(messages.map((message) => message.line)).toEqual([6]);
  });

  it("disable-next-line for another rule leaves the problem", () => {
    const messages = verify(code(["services:", "  a:", "    # compose-lint-disable-next-line other-rule", "    image: one"]));
    expect(messages.map((message) => message.line)).toEqual([4]);
  });

  it("disable-line silences its own line", () => {
    const messages = verify(code(["services:", "  a:", "    image: one # compose-lint-disable-line", "  b:", "    image: two"]));
    expect(messages.map((message) => message.line)).toEqual([5]);
  });

  it("disable / enable blocks, and a rule re-enabled inside an all-rules block", () => {
    const messages = verify(
      code([
        "services:",
        "  # compose-lint-disable",
        "  a:",
        "    image: one",
        "  # compose-lint-enable test-image",
        "  b:",
        "    image: two",
        "  # compose-lint-disable test-image",
        "  c:",
        "    image: three",
        "  # compose-lint-enable",
        "  d:",
        "    image: four",
      ]),
    );
    expect(messages.map((message) => message.line)).toEqual([7, 13]);
  });

  it("a disable at the top silences the whole file", () => {
    expect(verify(code(["# compose-lint-disable -- generated file", "services:", "  a:", "    image: one"]))).toEqual([]);
  });

  it("text inside a quoted string is not a directive", () => {
    const messages = verify(code(["services:", "  a:", '    image: "x # compose-lint-disable-line"']));
    expect(messages).toHaveLength(1);
  });

  it("reports unused directives when asked", () => {
    const messages = verify(
      code(["services:", "  a:", "    # compose-lint-disable-next-line test-image", "    build: .", "    image: one # compose-lint-disable-line"]),
      { rules: { "test-image": "error" }, reportUnusedDisableDirectives: true },
    );
    expect(messages.map((message) => [message.line, message.ruleId, message.message])).toEqual([
      [3, null, 'Unused compose-lint-disable-next-line directive (no problem from "test-image" was reported)'],
    ]);
  });
});

describe("fixing", () => {
  it("applies fixes, re-lints, and keeps the BOM and everything outside the edit", () => {
    const { linter, config } = lint("");
    const text = "\uFEFFservices:\r\n  a:   # keep\r\n    image: app:latest\r\n";
    const report = linter.verifyAndFix(text, config);
    expect(report.output).toBe("\uFEFFservices:\r\n  a:   # keep\r\n    image: app:stable\r\n");
    expect(report.applied.map((message) => message.ruleId)).toEqual(["test-image"]);
    expect(report.messages.map((message) => message.message)).toEqual(['image "app:stable"']);
  });

  it("drops a fix that would make the file unparsable", () => {
    const { linter, config } = lint("", [breakingRule], { rules: { "test-breaking": "error" } });
    const text = "services:\n  a:\n    image: x\n";
    const report = linter.verifyAndFix(text, config);
    expect(report).toMatchObject({ fixed: false, output: text, applied: [] });
    expect(report.messages.map((message) => message.ruleId)).toEqual(["test-breaking"]);
  });

  it("stops when fixes undo each other", () => {
    const rules = [togglingRule("test-a", "one", "two"), togglingRule("test-b", "two", "one")];
    const { linter, config } = lint("", rules, { rules: { "test-a": "error", "test-b": "error" } });
    const report = linter.verifyAndFix("services:\n  a:\n    image: one\n", config);
    expect(report.circular).toBe(true);
  });

  it("applies only the fixes the filter lets through", () => {
    const { linter, config } = lint("");
    const report = linter.verifyAndFix("services:\n  a:\n    image: app:latest\n", config, { fixFilter: () => false });
    expect(report.fixed).toBe(false);
  });

  it("finds the text aliases reuse in one pass over the file, not one per alias", () => {
    // yaml's own Alias.resolve scans the document for every alias: 133 aliases made a real file 1.5x slower.
    const anchors = Array.from({ length: 300 }, (_, index) => `  v${index}: &v${index} value-${index}`);
    const aliases = Array.from({ length: 300 }, (_, index) => `      V${index}: *v${index}`);
    const text = `x-values:\n${anchors.join("\n")}\n  image: &image app:latest\nservices:\n  a:\n    image: *image\n  b:\n    image: app:latest\n    environment:\n${aliases.join("\n")}\n`;
    const { linter, config } = lint("");
    const resolve = vi.spyOn(Alias.prototype, "resolve");
    try {
      const report = linter.verifyAndFix(text, config);
      // b's own image is fixed; the anchored image that a reuses is left as it is.
      expect(report.output).toBe(text.replace("    image: app:latest\n    environment", "    image: app:stable\n    environment"));
      expect(resolve).not.toHaveBeenCalled();
    } finally {
      resolve.mockRestore();
    }
  });

  it("never fixes a file with syntax errors", () => {
    const { linter, config } = lint("");
    const text = "services:\n  a:\n    image: app:latest\n  b: [\n";
    expect(linter.verifyAndFix(text, config)).toMatchObject({ fixed: false, output: text });
  });
});

describe("a rule that throws", () => {
  it("is reported on the file, and the other rules still run", () => {
    const throwing = createRule<"never", []>({
      id: "test-throwing",
      meta: testMeta({ never: "never" }, false),
      defaultOptions: [],
      create() {
        return {
          service() {
            throw new Error("boom");
          },
        };
      },
    });
    const { linter, config } = lint("", [throwing, imageRule], { rules: { "test-throwing": "error", "test-image": "error" } });
    const messages = linter.verify("services:\n  a:\n    image: one\n  b:\n    image: two\n", config);
    expect(messages.map((message) => [message.ruleId, message.line])).toEqual([
      ["test-throwing", 1],
      ["test-image", 3],
      ["test-image", 5],
    ]);
    expect(messages[0]!.message).toBe('Rule "test-throwing" failed on this file (boom); its other findings are missing. Please report it with the file.');
  });
});

describe("config", () => {
  beforeAll(prepareOptionValidation);
  const registry = new RuleRegistry([imageRule]);
  const resolve = (config: unknown) => resolveConfig([{ config: config as ConfigObject, where: "cfg.yaml" }], registry);

  it("expands presets and applies later layers over earlier ones", () => {
    const resolved = resolveConfig(
      [
        { config: { extends: ["recommended"] }, where: "a" },
        { config: { rules: { "test-image": "warn" } }, where: "b" },
      ],
      registry,
    );
    expect(resolved.rules.get("test-image")).toEqual({ severity: 1, options: [] });
  });

  it("rejects an unknown rule with a suggestion, a bad severity, bad options and an unknown preset", () => {
    expect(() => resolve({ rules: { "test-imag": "error" } })).toThrow(new ConfigError('cfg.yaml: unknown rule "test-imag" (did you mean "test-image"?)'));
    expect(() => resolve({ rules: { "test-image": "loud" } })).toThrow(/severity must be "off", "warn" or "error"/);
    expect(() => resolve({ rules: { "test-image": ["error", { a: 1 }] } })).toThrow(/invalid options for rule "test-image": too many options/);
    expect(() => resolve({ extends: ["strict"] })).toThrow(/unknown preset "strict"/);
    expect(() => validateConfigObject({ rulez: {} }, "cfg.yaml")).toThrow(new ConfigError('cfg.yaml: invalid configuration: unknown key "rulez" (did you mean "rules"?)'));
    expect(() => validateConfigObject({ extends: "recommended" }, "cfg.yaml")).toThrow(new ConfigError('cfg.yaml: invalid configuration: "extends" must be a list of preset names'));
  });
});

describe("differingSpan", () => {
  it("covers only what differs, and applying it gives the new text", () => {
    const cases: Array<[string, string, [number, number], string]> = [
      ["ports: 80\n", "ports: 80\n", [10, 10], ""],
      ['- "8000:8000"\n', '- "127.0.0.1:8000:8000"\n', [3, 3], "127.0.0.1:"],
      ["a: [b, c]\n", "a: [c]\n", [4, 7], ""],
      ["aaa", "aaaa", [3, 3], "a"],
      ["", "x", [0, 0], "x"],
    ];
    for (const [before, after, range, text] of cases) {
      const edit = differingSpan(before, after);
      expect(edit).toEqual({ range, text });
      expect(before.slice(0, edit.range[0]) + edit.text + before.slice(edit.range[1])).toBe(after);
    }
  });
});
