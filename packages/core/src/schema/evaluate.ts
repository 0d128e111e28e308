import { isMap, isNode, isScalar, isSeq, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from "yaml";

/**
 * One failed keyword, in ajv's error shape (ajv 2020, `allErrors`): the schema mapping in
 * validate.ts was written against it, and the schema differential test compares the two.
 */
export interface SchemaError {
  keyword: string;
  /** JSON pointer into the data. */
  instancePath: string;
  /** `#` and the URI-fragment-encoded JSON pointer into the schema, `$ref`s followed in place. */
  schemaPath: string;
  params: Record<string, unknown>;
  message: string;
}

type Schema = Record<string, unknown>;

/** The keywords this evaluator knows; a schema using any other fails `unsupportedKeywords`. */
export const EVALUATED_KEYWORDS = new Set([
  "$schema",
  "$id",
  "$defs",
  "$ref",
  "title",
  "description",
  "type",
  "enum",
  "oneOf",
  "minimum",
  "maximum",
  "pattern",
  "uniqueItems",
  "items",
  "required",
  "additionalProperties",
  "properties",
  "patternProperties",
]);

/** Keywords, per JSON type, that apply only to values of that type (ajv's rule groups). */
const TYPE_KEYWORDS: Record<string, readonly string[]> = {
  number: ["maximum", "minimum"],
  string: ["pattern"],
  array: ["items", "uniqueItems"],
  object: ["required", "additionalProperties", "properties", "patternProperties"],
};

/** Keywords whose value is data, not schemas. */
const DATA_KEYWORDS = new Set(["enum", "const", "required", "default", "examples"]);
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP_KEYWORDS = new Set(["properties", "patternProperties", "$defs"]);

/**
 * Validates `data` against `schema` by walking the schema: no code generation, so the first call
 * costs no more than later ones. That matters for a command-line run, which validates a few small
 * files once: ajv's standalone code for the Compose schema was 830 KB and its first call took
 * ~40 ms to compile. Errors come in the order, and with the paths and params, that ajv gives.
 */
export function evaluateSchema(schema: Schema, data: unknown): SchemaError[] {
  const evaluator = new Evaluator(schema);
  const compiled = evaluator.compiled(schema);
  // Most files are valid: a first walk only counts failures, and builds no error.
  if (evaluator.evaluate(compiled, data)) return [];
  evaluator.collect = true;
  evaluator.evaluate(compiled, data);
  return evaluator.errors;
}

/**
 * Whether a document's YAML nodes are valid against `schema`, answered without converting them to
 * plain data (about as long as the check itself, for the whole corpus): true or false as
 * `evaluateSchema` would say of `toPlainData(document, { dropReset: true })`, or undefined for
 * what only that conversion handles (aliases, merge keys, keys that are not scalars or appear
 * twice, values that are not JSON's). Only the answer: where a document is invalid, the errors
 * come from the plain data.
 */
export function schemaAcceptsNodes(schema: Schema, contents: unknown): boolean | undefined {
  const evaluator = new Evaluator(schema);
  try {
    return evaluator.evaluateNode(evaluator.compiled(schema), contents);
  } catch (error) {
    if (error === CONVERSION_NEEDED) return undefined;
    throw error;
  }
}

/** Thrown by the node walk for what only the conversion to plain data handles. */
const CONVERSION_NEEDED = Symbol("conversion needed");

/**
 * A mapping entry's key as plain data has it, added to `keys`; undefined for an entry left out
 * (`key: !reset`, as Compose does before it validates).
 */
function pairKey(pair: Pair, keys: Set<string>): string | undefined {
  const keyNode = pair.key;
  if (!isScalar(keyNode) || keyNode.value === "<<" || keyNode.value === undefined) throw CONVERSION_NEEDED;
  const key = String(scalarData(keyNode));
  // Of two equal keys the last wins in plain data, where a walk of the entries would see both.
  if (keys.has(key)) throw CONVERSION_NEEDED;
  if (isNode(pair.value) && pair.value.tag === "!reset") return undefined;
  keys.add(key);
  return key;
}

/** A node as plain data, for what compares values (uniqueItems). */
function plainData(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) return scalarData(node);
  if (isSeq(node)) return node.items.map(plainData);
  if (!isMap(node)) throw CONVERSION_NEEDED;
  const object: Record<string, unknown> = {};
  const keys = new Set<string>();
  for (const pair of node.items) {
    const key = pairKey(pair, keys);
    if (key !== undefined) Object.defineProperty(object, key, { value: plainData(pair.value), enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/** A scalar node's value as plain data has it: JSON's kinds only. */
function scalarData(node: Scalar): string | number | boolean | null {
  const value = node.value ?? null;
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  throw CONVERSION_NEEDED;
}

/** The schema a `$ref` (`#/$defs/name`, local only) leads to, following chains; the node itself when it is not one. */
export function followRefs(root: Schema, node: unknown): unknown {
  let current = node;
  for (let hops = 0; current !== null && typeof current === "object" && typeof (current as Schema)["$ref"] === "string"; hops++) {
    if (hops > 64) return undefined; // a cycle of references
    current = ((current as Schema)["$ref"] as string)
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((at, segment) => (at as Schema | undefined)?.[segment], root);
  }
  return current;
}

/** The keywords in `schema` (and below) that `evaluateSchema` would silently ignore. */
export function unsupportedKeywords(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) unsupportedKeywords(item, found);
  else if (schema !== null && typeof schema === "object") {
    for (const [keyword, value] of Object.entries(schema)) {
      if (!EVALUATED_KEYWORDS.has(keyword)) found.add(keyword);
      if (SCHEMA_MAP_KEYWORDS.has(keyword)) for (const sub of Object.values(value as Schema)) unsupportedKeywords(sub, found);
      else if (!DATA_KEYWORDS.has(keyword)) unsupportedKeywords(value, found);
    }
  }
  return found;
}

/** A schema object read once: what evaluating it needs, in the form the walk uses. */
interface Compiled {
  /** The schema's `type`, as written (for error params). */
  type: string | string[] | undefined;
  types: readonly string[];
  /** ajv reports a single type that has keywords of its own in that type's group, after the untyped keywords. */
  typeErrorLate: boolean;
  enum: unknown[] | undefined;
  oneOf: Compiled[] | undefined;
  maximum: number | undefined;
  minimum: number | undefined;
  pattern: RegExp | undefined;
  patternSource: string | undefined;
  items: Compiled | undefined;
  /** The item types, when they are all scalar: uniqueItems then compares by value, as ajv's fast path. */
  scalarItemTypes: readonly string[] | undefined;
  uniqueItems: boolean;
  required: readonly string[];
  /** Property name to its position in `properties` (errors come in schema order) and its schema. */
  properties: Map<string, { index: number; schema: Compiled }> | undefined;
  patternProperties: Array<{ source: string; regex: RegExp; schema: Compiled | undefined }>;
  /** false: no other keys; a schema: other keys' values; undefined: anything. */
  additional: false | Compiled | undefined;
  anyObjectKeyword: boolean;
}

function typesOf(type: unknown): string[] {
  return type === undefined ? [] : Array.isArray(type) ? (type as string[]) : [type as string];
}

/** Whether a node is of one of `types`: a collection by its kind, a scalar by its value. */
function nodeHasType(types: readonly string[], kind: "object" | "array" | undefined, value: unknown): boolean {
  if (types.length === 0) return true;
  for (let index = 0; index < types.length; index++) if (kind ? types[index] === kind : hasType(value, types[index]!)) return true;
  return false;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return value !== null && typeof value === "object" && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "null":
      return value === null;
    case "integer":
      return typeof value === "number" && !(value % 1) && !Number.isNaN(value);
    default:
      return typeof value === type;
  }
}

/** Deep equality of JSON-like data (what YAML gives), as ajv's uniqueItems and enum compare. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, index) => sameData(item, (b as unknown[])[index]));
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

const pointerToken = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");

// Compiled forms of schema objects, per root schema (which `$ref`s resolve against), shared by
// every evaluation: the Compose schema is read once per process.
const compiledByRoot = new WeakMap<Schema, WeakMap<Schema, Compiled>>();

class Evaluator {
  readonly errors: SchemaError[] = [];
  /** Whether failures are recorded as errors (with paths and messages), or only counted. */
  collect = false;
  private failures = 0;
  // The paths as stacks of segments, joined only for an error: most of a file has none.
  private readonly instanceSegments: string[] = [];
  /** Schema path segments, already encoded as ajv writes them. */
  private readonly schemaSegments: string[] = [];

  private readonly compiledSchemas: WeakMap<Schema, Compiled>;

  constructor(private readonly root: Schema) {
    let compiled = compiledByRoot.get(root);
    if (!compiled) compiledByRoot.set(root, (compiled = new WeakMap()));
    this.compiledSchemas = compiled;
  }

  compiled(schemaOrRef: Schema): Compiled {
    const schema = this.resolve(schemaOrRef);
    let compiled = this.compiledSchemas.get(schema);
    if (compiled) return compiled;
    const types = typesOf(schema["type"]);
    compiled = {
      type: schema["type"] as string | string[] | undefined,
      types,
      typeErrorLate: types.length === 1 && TYPE_KEYWORDS[types[0]!]?.some((keyword) => keyword in schema) === true,
      enum: schema["enum"] as unknown[] | undefined,
      oneOf: undefined,
      maximum: typeof schema["maximum"] === "number" ? schema["maximum"] : undefined,
      minimum: typeof schema["minimum"] === "number" ? schema["minimum"] : undefined,
      pattern: typeof schema["pattern"] === "string" ? new RegExp(schema["pattern"], "u") : undefined,
      patternSource: typeof schema["pattern"] === "string" ? schema["pattern"] : undefined,
      items: undefined,
      scalarItemTypes: undefined,
      uniqueItems: schema["uniqueItems"] === true,
      required: (schema["required"] as string[] | undefined) ?? [],
      properties: undefined,
      patternProperties: [],
      additional: undefined,
      anyObjectKeyword: TYPE_KEYWORDS["object"]!.some((keyword) => keyword in schema),
    };
    // Stored before its parts: a schema that refers to itself (the Compose schema does not) ends here.
    this.compiledSchemas.set(schema, compiled);
    if (Array.isArray(schema["oneOf"])) compiled.oneOf = (schema["oneOf"] as Schema[]).map((branch) => this.compiled(branch));
    const items = schema["items"];
    if (items !== null && typeof items === "object" && !Array.isArray(items)) {
      compiled.items = this.compiled(items as Schema);
      const itemTypes = typesOf(this.resolve(items as Schema)["type"]);
      if (itemTypes.length > 0 && !itemTypes.some((type) => type === "object" || type === "array")) compiled.scalarItemTypes = itemTypes;
    }
    const properties = schema["properties"] as Record<string, Schema> | undefined;
    if (properties) compiled.properties = new Map(Object.keys(properties).map((key, index) => [key, { index, schema: this.compiled(properties[key]!) }]));
    const patternProperties = (schema["patternProperties"] as Record<string, Schema> | undefined) ?? {};
    compiled.patternProperties = Object.entries(patternProperties).map(([source, sub]) => ({
      source,
      regex: new RegExp(source, "u"),
      // `{}` accepts anything: nothing to evaluate.
      schema: Object.keys(sub).length === 0 ? undefined : this.compiled(sub),
    }));
    const additional = schema["additionalProperties"];
    compiled.additional = additional === false ? false : additional !== null && typeof additional === "object" ? this.compiled(additional as Schema) : undefined;
    return compiled;
  }

  private resolve(schema: Schema): Schema {
    const resolved = followRefs(this.root, schema);
    if (!resolved || typeof resolved !== "object") throw new Error(`schema $ref ${String(schema["$ref"])} does not resolve`);
    return resolved as Schema;
  }

  private error(keyword: string, params: Record<string, unknown>, message: string): void {
    this.failures++;
    if (!this.collect) return;
    let instancePath = "";
    for (const segment of this.instanceSegments) instancePath += `/${pointerToken(segment)}`;
    let schemaPath = "#";
    for (const segment of this.schemaSegments) schemaPath += `/${segment}`;
    this.errors.push({ instancePath, schemaPath: `${schemaPath}/${keyword}`, keyword, params, message });
  }

  /** Evaluates `schema` at one level down: `key` in the data, `schemaSegments` in the schema. */
  private child(schema: Compiled, data: unknown, key: string, ...schemaSegments: string[]): boolean {
    if (!this.collect) return this.evaluate(schema, data);
    this.instanceSegments.push(key);
    this.schemaSegments.push(...schemaSegments);
    const valid = this.evaluate(schema, data);
    this.instanceSegments.pop();
    this.schemaSegments.length -= schemaSegments.length;
    return valid;
  }

  /** Whether `data` is valid; errors are appended in ajv's order (type, untyped keywords, then the value's type group). */
  evaluate(schema: Compiled, data: unknown): boolean {
    const before = this.failures;
    const typeOk = schema.types.length === 0 || schema.types.some((candidate) => hasType(data, candidate));
    if (!typeOk && !schema.typeErrorLate) this.error("type", { type: schema.type }, `must be ${String(schema.type)}`);
    if (schema.enum && !schema.enum.some((value) => sameData(value, data))) {
      this.error("enum", { allowedValues: schema.enum }, "must be equal to one of the allowed values");
    }
    if (schema.oneOf) this.oneOf(schema.oneOf, data);
    if (!typeOk && schema.typeErrorLate) this.error("type", { type: schema.type }, `must be ${String(schema.type)}`);
    if (typeof data === "number") {
      if (schema.maximum !== undefined && !(data <= schema.maximum)) this.error("maximum", { comparison: "<=", limit: schema.maximum }, `must be <= ${schema.maximum}`);
      if (schema.minimum !== undefined && !(data >= schema.minimum)) this.error("minimum", { comparison: ">=", limit: schema.minimum }, `must be >= ${schema.minimum}`);
    } else if (typeof data === "string") {
      if (schema.pattern && !schema.pattern.test(data)) this.error("pattern", { pattern: schema.patternSource }, `must match pattern "${schema.patternSource}"`);
    } else if (Array.isArray(data)) {
      this.arrayKeywords(schema, data);
    } else if (data !== null && typeof data === "object" && schema.anyObjectKeyword) {
      this.objectKeywords(schema, data as Record<string, unknown>);
    }
    return this.failures === before;
  }

  /** `evaluate` on YAML nodes, failures only (see schemaAcceptsNodes). */
  evaluateNode(schema: Compiled, node: unknown): boolean {
    const before = this.failures;
    // What plain data would hold: a scalar's value, null for an empty value, else a collection.
    let value: string | number | boolean | null = null;
    let kind: "object" | "array" | undefined;
    if (isScalar(node)) value = scalarData(node);
    else if (isMap(node)) kind = "object";
    else if (isSeq(node)) kind = "array";
    else if (node !== null && node !== undefined) throw CONVERSION_NEEDED; // an alias
    if (!nodeHasType(schema.types, kind, value)) this.failures++;
    if (schema.enum) {
      if (kind) throw CONVERSION_NEEDED;
      if (!schema.enum.some((allowed) => sameData(allowed, value))) this.failures++;
    }
    if (schema.oneOf) {
      const failuresBefore = this.failures;
      let passing = 0;
      for (const branch of schema.oneOf) if (this.evaluateNode(branch, node)) passing++;
      this.failures = failuresBefore;
      if (passing !== 1) this.failures++;
    }
    if (kind === "array") this.arrayNodeKeywords(schema, node as YAMLSeq);
    else if (kind === "object") {
      if (schema.anyObjectKeyword) this.objectNodeKeywords(schema, node as YAMLMap);
    } else if (typeof value === "number") {
      if (schema.maximum !== undefined && !(value <= schema.maximum)) this.failures++;
      if (schema.minimum !== undefined && !(value >= schema.minimum)) this.failures++;
    } else if (typeof value === "string") {
      if (schema.pattern && !schema.pattern.test(value)) this.failures++;
    }
    return this.failures === before;
  }

  // The node walk runs over every value of every file, much of it before V8 optimises it: its loops
  // are indexed, with no closure or iterator allocated per node.
  private arrayNodeKeywords(schema: Compiled, seq: YAMLSeq): void {
    const { items } = seq;
    if (schema.items) for (let index = 0; index < items.length; index++) this.evaluateNode(schema.items, items[index]);
    // Items are compared as plain data (long-syntax ports are mappings).
    if (schema.uniqueItems && items.length > 1 && duplicatePair(schema, items.map(plainData))) this.failures++;
  }

  private objectNodeKeywords(schema: Compiled, map: YAMLMap): void {
    const { properties, patternProperties, additional } = schema;
    const keys = new Set<string>();
    const pairs = map.items;
    for (let index = 0; index < pairs.length; index++) {
      const pair = pairs[index]!;
      const key = pairKey(pair, keys);
      if (key === undefined) continue;
      const property = properties?.get(key);
      let matchedPattern = false;
      for (let entryIndex = 0; entryIndex < patternProperties.length; entryIndex++) {
        const entry = patternProperties[entryIndex]!;
        if (!entry.regex.test(key)) continue;
        matchedPattern = true;
        if (entry.schema) this.evaluateNode(entry.schema, pair.value);
      }
      if (property) this.evaluateNode(property.schema, pair.value);
      else if (additional !== undefined && !matchedPattern) {
        if (additional === false) this.failures++;
        else this.evaluateNode(additional, pair.value);
      }
    }
    const required = schema.required;
    for (let index = 0; index < required.length; index++) if (!keys.has(required[index]!)) this.failures++;
  }

  private oneOf(branches: readonly Compiled[], data: unknown): void {
    // Which branches match, counted without errors; the failed branches' errors say nothing once
    // exactly one matched, so they are built only when none or several did.
    const collect = this.collect;
    const failuresBefore = this.failures;
    this.collect = false;
    const passing: number[] = [];
    for (let index = 0; index < branches.length; index++) if (this.evaluate(branches[index]!, data)) passing.push(index);
    this.collect = collect;
    this.failures = failuresBefore;
    if (passing.length === 1) return;
    if (collect) {
      for (let index = 0; index < branches.length; index++) {
        this.schemaSegments.push("oneOf", String(index));
        this.evaluate(branches[index]!, data);
        this.schemaSegments.length -= 2;
      }
    }
    this.error("oneOf", { passingSchemas: passing.length === 0 ? null : passing.slice(0, 2) }, "must match exactly one schema in oneOf");
  }

  private arrayKeywords(schema: Compiled, data: unknown[]): void {
    if (schema.items) for (let index = 0; index < data.length; index++) this.child(schema.items, data[index], String(index), "items");
    if (schema.uniqueItems && data.length > 1) {
      const duplicate = duplicatePair(schema, data);
      if (duplicate) {
        const [i, j] = duplicate;
        this.error("uniqueItems", { i, j }, `must NOT have duplicate items (items ## ${j} and ${i} are identical)`);
      }
    }
  }

  private objectKeywords(schema: Compiled, data: Record<string, unknown>): void {
    for (const key of schema.required) {
      if (data[key] === undefined) this.error("required", { missingProperty: key }, `must have required property '${key}'`);
    }
    const { properties, patternProperties, additional } = schema;
    // Present properties, in schema order: found from the data's keys (a service has a handful of
    // the ~90 keys the schema lists).
    const present: Array<{ index: number; key: string; schema: Compiled }> = [];
    for (const key in data) {
      const property = properties?.get(key);
      if (property) {
        if (data[key] !== undefined) present.push({ index: property.index, key, schema: property.schema });
        continue;
      }
      if (additional === undefined || patternProperties.some((entry) => entry.regex.test(key))) continue;
      if (additional === false) this.error("additionalProperties", { additionalProperty: key }, "must NOT have additional properties");
      else this.child(additional, data[key], key, "additionalProperties");
    }
    if (present.length > 1) present.sort((a, b) => a.index - b.index);
    for (const property of present) {
      this.child(property.schema, data[property.key], property.key, "properties", this.collect ? encodeURIComponent(pointerToken(property.key)) : "");
    }
    for (const entry of patternProperties) {
      if (!entry.schema) continue;
      const segment = this.collect ? encodeURIComponent(pointerToken(entry.source)) : "";
      for (const key in data) if (entry.regex.test(key)) this.child(entry.schema, data[key], key, "patternProperties", segment);
    }
  }
}

/**
 * The pair ajv reports: for items of scalar types, scanning from the end, the first item equal to
 * one seen later (items of another type skipped); otherwise the last item with an equal one before it.
 */
function duplicatePair(schema: Compiled, data: unknown[]): [number, number] | undefined {
  const itemTypes = schema.scalarItemTypes;
  if (itemTypes) {
    const seen = new Map<unknown, number>();
    for (let i = data.length - 1; i >= 0; i--) {
      const item = data[i];
      if (!itemTypes.some((type) => hasType(item, type))) continue;
      const later = seen.get(item);
      if (later !== undefined) return [i, later];
      seen.set(item, i);
    }
    return undefined;
  }
  for (let i = data.length - 1; i >= 0; i--) {
    for (let j = i - 1; j >= 0; j--) if (sameData(data[i], data[j])) return [i, j];
  }
  return undefined;
}
