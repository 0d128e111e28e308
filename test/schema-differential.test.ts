import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { globbySync } from "globby";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { composeSchema, evaluateSchema } from "@compose-lint/core";
import { inlineRefs, needsShared, sharedDir } from "./helpers.js";

const differentialShared = needsShared("the schema differential test");

/**
 * Where compose-lint's schema deliberately differs from the official one: keys the specification
 * types as plain booleans or numbers, which compose-lint also accepts as strings, because
 * interpolation (`${FLAG:-true}`) writes them as strings and Compose converts them.
 */
const DELIBERATE_KEYS = new Set(["use_api_socket", "required", "initial_sync", "context_size", "priority", "gw_priority"]);

/** The data with string values of the deliberately relaxed keys removed: then both schemas must agree. */
function withoutDeliberate(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDeliberate);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Data)
      .filter(([key, item]) => !(DELIBERATE_KEYS.has(key) && typeof item === "string"))
      .map(([key, item]) => [key, withoutDeliberate(item)]),
  );
}

type Data = Record<string, unknown>;

/** ajv's errors in the shape compose-lint's evaluator gives them. */
function comparable(errors: ErrorObject[] | null | undefined) {
  return (errors ?? []).map(({ keyword, instancePath, schemaPath, params, message }) => ({ keyword, instancePath, schemaPath, params, message }));
}
type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

interface Case {
  label: string;
  data: unknown;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Deterministic mutations of one file's data: a key renamed, a type changed, an enum value changed, a required key removed. */
function mutations(data: Data): Case[] {
  const services = data["services"] && typeof data["services"] === "object" ? (data["services"] as Record<string, Data | null>) : {};
  const names = Object.keys(services).filter((name) => services[name] && typeof services[name] === "object");
  const cases: Case[] = [];
  const first = names[0];
  if (first) {
    const keys = Object.keys(services[first]!).filter((key) => !key.startsWith("x-"));
    if (keys[0]) {
      const renamed = clone(data);
      const service = (renamed["services"] as Record<string, Data>)[first]!;
      service[`${keys[0]}e`] = service[keys[0]];
      delete service[keys[0]];
      cases.push({ label: `rename services.${first}.${keys[0]}`, data: renamed });
    }
    const retyped = clone(data);
    const service = (retyped["services"] as Record<string, Data>)[first]!;
    const stringKey = Object.keys(service).find((key) => typeof service[key] === "string" && !key.startsWith("x-"));
    if (stringKey) {
      service[stringKey] = ["not", "a", "string"];
      cases.push({ label: `retype services.${first}.${stringKey} to a list`, data: retyped });
    }
    const listKey = Object.keys(service).find((key) => Array.isArray(service[key]));
    if (listKey) {
      const again = clone(data);
      (again["services"] as Record<string, Data>)[first]![listKey] = 42;
      cases.push({ label: `retype services.${first}.${listKey} to a number`, data: again });
    }
    const enumChanged = clone(data);
    (enumChanged["services"] as Record<string, Data>)[first]!["cgroup"] = "shared";
    cases.push({ label: `enum services.${first}.cgroup = shared`, data: enumChanged });
    const required = clone(data);
    (required["services"] as Record<string, Data>)[first]!["extends"] = { file: "other.yaml" };
    cases.push({ label: `required: services.${first}.extends without service`, data: required });
  }
  // Mutations of what the file already holds, where it has it.
  for (const name of names) {
    const service = services[name]!;
    const dependsOn = service["depends_on"];
    if (dependsOn && typeof dependsOn === "object" && !Array.isArray(dependsOn)) {
      const [dependency] = Object.keys(dependsOn);
      if (dependency) {
        const changed = clone(data);
        ((changed["services"] as Record<string, Data>)[name]!["depends_on"] as Record<string, Data>)[dependency] = { condition: "service_finished" };
        cases.push({ label: `enum services.${name}.depends_on.${dependency}.condition`, data: changed });
        const removed = clone(data);
        ((removed["services"] as Record<string, Data>)[name]!["depends_on"] as Record<string, Data>)[dependency] = { restart: true };
        cases.push({ label: `required: services.${name}.depends_on.${dependency}.condition removed`, data: removed });
      }
    }
    const volumes = service["volumes"];
    if (Array.isArray(volumes)) {
      const index = volumes.findIndex((volume) => volume && typeof volume === "object" && "type" in volume);
      if (index !== -1) {
        const removed = clone(data);
        delete ((removed["services"] as Record<string, Data>)[name]!["volumes"] as Data[])[index]!["type"];
        cases.push({ label: `required: services.${name}.volumes[${index}].type removed`, data: removed });
      }
    }
  }
  return cases;
}

describe.skipIf(differentialShared.skip)(differentialShared.title("compose-lint's schema against the official one"), () => {
  it("agrees on valid vs invalid for every corpus file and its mutations", () => {
    const official = JSON.parse(readFileSync(path.join(sharedDir, "compose-spec/compose-spec.json"), "utf8")) as object;
    const officialValidate = new Ajv2020({ allErrors: true, strict: false }).compile(official) as Validate;
    // compose-lint's own evaluator must give exactly ajv's errors for the same schema: order, paths, params.
    const ajvOnOurs = new Ajv2020({ allErrors: true, strict: false }).compile(inlineRefs(composeSchema) as object) as Validate;
    const shipped = (data: unknown) => evaluateSchema(composeSchema, data).length === 0;
    let errorsCompared = 0;

    const files = globbySync("**/*.{yml,yaml}", { cwd: path.join(sharedDir, "corpus"), dot: true }).sort();
    let agreements = 0;
    let deliberate = 0;
    const disagreements: string[] = [];
    let total = 0;
    let invalidCases = 0;
    for (const file of files) {
      const document = parseDocument(readFileSync(path.join(sharedDir, "corpus", file), "utf8"), { merge: true });
      if (document.errors.length > 0) continue;
      const data = document.toJS({ maxAliasCount: 10_000 }) as unknown;
      if (!data || typeof data !== "object" || Array.isArray(data)) continue;
      for (const testCase of [{ label: "as written", data }, ...mutations(data as Data)]) {
        total++;
        const ourErrors = evaluateSchema(composeSchema, testCase.data);
        ajvOnOurs(testCase.data);
        expect(ourErrors, `${file} ${testCase.label}: the evaluator and ajv differ`).toEqual(comparable(ajvOnOurs.errors));
        errorsCompared += ourErrors.length;
        const ours = ourErrors.length === 0;
        const theirs = officialValidate(testCase.data);
        if (!theirs) invalidCases++;
        if (ours === theirs) {
          agreements++;
          continue;
        }
        const relaxed = withoutDeliberate(testCase.data);
        if (ours && officialValidate(relaxed) && shipped(relaxed)) {
          deliberate++;
          continue;
        }
        disagreements.push(`${file} (${testCase.label}): compose-lint ${ours ? "valid" : "invalid"}, official ${theirs ? "valid" : "invalid"}`);
      }
    }
    console.log(`schema agreement: ${agreements} of ${total} cases agree (${total - invalidCases} valid, ${invalidCases} invalid per the official schema); ${deliberate} deliberate differences; ${disagreements.length} other; ${errorsCompared} errors identical to ajv's`);
    expect(disagreements).toEqual([]);
    expect(total).toBeGreaterThan(2000);
    expect(invalidCases).toBeGreaterThan(1000);
    expect(errorsCompared).toBeGreaterThan(1000);
  });

  it("the deliberate differences are what they say: interpolation strings in boolean and number keys", () => {
    const official = JSON.parse(readFileSync(path.join(sharedDir, "compose-spec/compose-spec.json"), "utf8")) as object;
    const officialValidate = new Ajv2020({ allErrors: true, strict: false }).compile(official) as Validate;
    const ours = (value: unknown) => evaluateSchema(composeSchema, value).length === 0;
    const data = { services: { web: { image: "nginx", use_api_socket: "${API_SOCKET:-false}", depends_on: { db: { condition: "service_started", required: "${DB_REQUIRED:-true}" } } }, db: { image: "postgres" } } };
    expect(ours(data)).toBe(true);
    expect(officialValidate(data)).toBe(false);
    expect(officialValidate(withoutDeliberate(data))).toBe(true);
  });
});
