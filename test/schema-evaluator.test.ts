import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { composeSchema, evaluateSchema, unsupportedKeywords } from "@compose-lint/core";
import { inlineRefs } from "./helpers.js";

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
