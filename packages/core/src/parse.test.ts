import { describe, expect, it } from "vitest";
import { MAX_NESTING_DEPTH, parseSource } from "./parse.js";

describe("parseSource", () => {
  it("collects every comment in document order, wherever the CST holds it", () => {
    const text = [
      "# head",
      "services: # after a key",
      "  web: &web # after an anchor",
      '    image: "nginx" # after a quoted scalar',
      "    command: >- # after a block scalar header",
      "      run",
      "    ports: [80, # inside a flow sequence",
      "      443] # after a flow sequence",
      "  # before an item",
      "  api: *web # after an alias",
      "# tail",
      "",
    ].join("\n");
    const { comments } = parseSource(text);
    expect(comments.map((comment) => comment.text.trim())).toEqual([
      "head",
      "after a key",
      "after an anchor",
      "after a quoted scalar",
      "after a block scalar header",
      "inside a flow sequence",
      "after a flow sequence",
      "before an item",
      "after an alias",
      "tail",
    ]);
    for (const comment of comments) expect(text.slice(comment.range[0], comment.range[1])).toBe(`#${comment.text}`);
  });

  it("takes no comment or quote from inside a scalar", () => {
    const text = ["a: |", "  # text of a block scalar", "  'also text'", "b: 'x # y'", 'c: "#z"', "d: it's # real", "e: >-", "    #folded", ""].join("\n");
    const { comments, syntaxErrors } = parseSource(text);
    expect(syntaxErrors).toEqual([]);
    expect(comments.map((comment) => comment.text)).toEqual([" real"]);
  });

  it("points an unclosed quote at the quote that opened it, after other quoted strings", () => {
    const text = "a: 'one'\nb: \"two\"\nc: 'open\nd: x\n";
    const [problem] = parseSource(text).syntaxErrors;
    expect(problem?.message).toMatch(/never closed$/);
    expect(problem?.range[0]).toBe(text.indexOf("'open"));
  });

  it("reports the first collection nested too deeply", () => {
    const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
    const text = `a: ${deep(MAX_NESTING_DEPTH + 5)}\nb: ${deep(MAX_NESTING_DEPTH + 50)}\n`;
    const [problem] = parseSource(text).syntaxErrors;
    expect(problem?.code).toBe("TOO_DEEP");
    // The top-level mapping is the first level: under `a`, the bracket at level 129 is the 128th.
    expect(problem?.range[0]).toBe(text.indexOf("[") + MAX_NESTING_DEPTH - 1);
  });

  it("counts block collections as levels, and accepts the deepest allowed", () => {
    const blockMaps = (depth: number) => Array.from({ length: depth }, (_, level) => `${"  ".repeat(level)}k${level}:`).join("\n") + " v\n";
    const blockSeqs = (depth: number) => Array.from({ length: depth }, (_, level) => `${"  ".repeat(level)}-`).join("\n") + " v\n";
    for (const nested of [blockMaps, blockSeqs]) {
      expect(parseSource(nested(MAX_NESTING_DEPTH)).syntaxErrors).toEqual([]);
      const text = nested(MAX_NESTING_DEPTH + 3);
      const [problem] = parseSource(text).syntaxErrors;
      expect(problem?.code).toBe("TOO_DEEP");
      // The collection at level 129 starts on line 129, after its indentation.
      const line = text.split("\n")[MAX_NESTING_DEPTH]!;
      expect(problem?.range[0]).toBe(text.split("\n").slice(0, MAX_NESTING_DEPTH).join("\n").length + 1 + line.length - line.trimStart().length);
    }
  });

  it("tells keys apart by type and value, as yaml's uniqueKeys does", () => {
    const duplicates = (text: string) => parseSource(text).syntaxErrors.filter((problem) => problem.code === "DUPLICATE_KEY").map((problem) => problem.range[0]);
    expect(duplicates("1: a\n'1': b\nnull: c\n'null': d\ntrue: e\n'true': f\n")).toEqual([]);
    expect(duplicates("1: a\n1.0: b\nx: c\nx: d\n")).toEqual([5, 17]);
    expect(duplicates("a:\n  k: 1\nb:\n  k: 2\n  k: 3\n")).toEqual([22]);
  });
});
