import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { globbySync } from "globby";
import { describe, expect, it } from "vitest";
import { composeSchema, evaluateSchema, parseSource, unsupportedKeywords } from "@compose-lint/core";
import { schemaAcceptsNodes } from "../packages/core/src/schema/evaluate.js";
import { toPlainData } from "../packages/core/src/yaml-nodes.js";
import { inlineRefs, needsShared, sharedDir } from "./helpers.js";

/** ajv's errors, reduced to the fields compose-lint's evaluator gives, `$ref`s inlined as the evaluator reports them. */
function ajvErrors(schema: Record<string, unknown>, data: unknown) {
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(inlineRefs(schema) as object);
  validate(data);
  return (validate.errors ?? []).map(({ keyword, instancePath, schemaPath, params, message }) => ({ keyword, instancePath, schemaPath, params, message }));
}

// Each case is a corner where a hand-written walk could drift from ajv: the order of errors,
// which duplicate pair is named, a type error's place, oneOf with two matches, escaped paths.
const cases: Array<[string, Record<string, unknown>, unknown]> = [
  ["scalar duplicates name the later index first", { type: "array", items: { type: "string" }, uniqueItems: true }, ["a", "b", "a", "b"]],
  ["mixed scalar types keep 1 and \"1\" apart", { type: "array", items: { type: ["string", "number"] }, uniqueItems: true }, [1, "1", true, 2, 2]],
  ["object duplicates", { type: "array", items: { type: ["object", "string"] }, uniqueItems: true }, [{ a: 1 }, "x", { a: 1 }]],
  ["untyped items compare deeply", { type: "array", uniqueItems: true }, [[1], [2], [1]]],
  ["a single type with its own keywords reports late", { type: "object", properties: { a: { type: "string" } }, enum: [1] }, "text"],
  ["a type with no keywords of its own reports first", { type: "string", enum: ["a"], oneOf: [{ pattern: "^b" }, { pattern: "^c" }] }, 7],
  ["integer reports first even with minimum", { type: "integer", minimum: 3, enum: [4] }, 1.5],
  ["oneOf with two matches", { oneOf: [{ type: "string" }, { pattern: "^a" }, { type: "string", maximum: 3 }] }, "abc"],
  ["oneOf with none", { oneOf: [{ type: "number", minimum: 5 }, { type: "number", maximum: 1 }] }, 3],
  [
    "required, additional and pattern keys, escaped",
    {
      type: "object",
      required: ["x", "y"],
      properties: { "a/b": { type: "number" }, "t~": { type: "string" } },
      patternProperties: { "^x-": {}, "^[a-z]+$": { type: "string" } },
      additionalProperties: false,
    },
    { "a/b": "n", "t~": 1, "x-ok": 1, abc: 2, "B!": true },
  ],
  ["nested refs keep the referring path", { $defs: { s: { $ref: "#/$defs/t" }, t: { type: "string" } }, type: "array", items: { $ref: "#/$defs/s" } }, ["a", 1, null]],
  ["additionalProperties as a schema", { type: "object", properties: { a: {} }, additionalProperties: { type: "boolean" } }, { a: 1, b: true, c: "no" }],
  ["minimum and maximum", { type: "array", items: { type: "number", minimum: -1, maximum: 1 } }, [-2, 0, 2]],
];

describe("compose-lint's schema evaluator", () => {
  it.each(cases)("gives ajv's errors: %s", (_label, schema, data) => {
    const ours = evaluateSchema(schema, data);
    expect(ours.length).toBeGreaterThan(0);
    expect(ours).toEqual(ajvErrors(schema, data));
  });

  it("accepts what ajv accepts", () => {
    expect(evaluateSchema(cases[0]![1], ["a", "b"])).toEqual([]);
    expect(evaluateSchema(cases[7]![1], 5)).toEqual([]);
  });

  it("knows every keyword the Compose schema uses", () => {
    expect([...unsupportedKeywords(composeSchema)]).toEqual([]);
    expect([...unsupportedKeywords({ type: "object", properties: { a: { anyOf: [{ const: 1 }] } } })].sort()).toEqual(["anyOf", "const"]);
  });
});

describe("the schema check on YAML nodes, without plain data", () => {
  /** What the check on nodes says of a text, and what evaluateSchema says of its plain data. */
  const answers = (text: string) => {
    const document = parseSource(text).document!;
    return { nodes: schemaAcceptsNodes(composeSchema, document.contents), data: evaluateSchema(composeSchema, toPlainData(document, { dropReset: true })).length === 0 };
  };
  const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

  it.each([
    ["a valid file", service('    ports: ["127.0.0.1:80:80", { target: 443, published: "8443" }]\n    environment: { A: "1", B: 2, C: true, D: null }\n')],
    ["an unknown key", service("    imagee: nginx\n")],
    ["a wrong type", service("    ports: 80\n")],
    ["a long port with a wrong key", service("    ports: [{ target: 80, publish: 8080 }]\n")],
    ["two equal items where they must differ", service("    ports: ['80:80', '80:80']\n    dns: [1.1.1.1, 1.1.1.1]\n")],
    ["a missing required key", service("    extends: { file: base.yaml }\n")],
    ["a required key left out with !reset", service("    extends: { service: !reset base }\n")],
    ["a key left out with !reset", service("    ports: !reset []\n    labels: !reset\n")],
    ["keys that are numbers, booleans and null", "services:\n  1:\n    image: a:1\n  true:\n    image: b:1\n  ~:\n    image: c:1\n"],
    ["a key named __proto__", service("    __proto__: { image: 1 }\n")],
    ["an empty file's value", "services:\n"],
    ["an empty mapping", "{}\n"],
    ["long-syntax ports written twice", service("    ports: [{ target: 80, published: 8080 }, { target: 80, published: 8080 }]\n")],
    ["a list at the top", "- services\n"],
    ["infinite and not-a-number values", service("    cpus: .inf\n    mem_swappiness: .nan\n")],
  ])("says what the plain data says: %s", (_label, text) => {
    const { nodes, data } = answers(text);
    expect(nodes).toBe(data);
  });

  it.each([
    ["an alias", "x-env: &env { A: 1 }\nservices:\n  web:\n    image: nginx:1.27\n    environment: *env\n"],
    ["a merge key", "x-base: &base { image: nginx:1.27 }\nservices:\n  web:\n    <<: *base\n"],
    ["a key written twice (the last wins in plain data)", service("    restart: sometimes\n    restart: always\n")],
    ["a key that is a mapping", "services:\n  ? { a: 1 }\n  : { image: nginx:1.27 }\n"],
  ])("leaves to the plain data what only it handles: %s", (_label, text) => {
    expect(answers(text).nodes).toBeUndefined();
  });

  const corpus = needsShared("the corpus");
  it.skipIf(corpus.skip)(corpus.title("agrees with the plain data on every file of the corpus it answers for, and answers for nearly all"), () => {
    const folder = path.join(sharedDir, "corpus");
    const files = globbySync("**/*.{yml,yaml}", { cwd: folder, dot: true });
    let answered = 0;
    for (const file of files) {
      const document = parseSource(readFileSync(path.join(folder, file), "utf8")).document;
      if (!document) continue;
      const nodes = schemaAcceptsNodes(composeSchema, document.contents);
      if (nodes === undefined) continue;
      answered++;
      expect(nodes, file).toBe(evaluateSchema(composeSchema, toPlainData(document, { dropReset: true })).length === 0);
    }
    expect(answered).toBeGreaterThan(files.length * 0.9);
  });
});
