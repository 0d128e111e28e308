import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { buildComposeModel, type ComposeModel } from "./compose.js";
import { serviceReferences } from "./internal.js";
import { undefinedReferences } from "./references.js";

function model(text: string): ComposeModel {
  return buildComposeModel(parseDocument(text, { merge: true }) as never)!;
}

/** Who refers to `target` through its environment, as `from` names. */
function referrers(environment: Record<string, string>, target = "db"): string[] {
  const services = `services:\n  ${target}:\n    image: example/store\n  app:\n    image: app\n    environment:\n${Object.entries(environment)
    .map(([name, value]) => `      ${name}: ${JSON.stringify(value)}\n`)
    .join("")}`;
  return (serviceReferences(model(services)).get(target) ?? []).map((reference) => `${reference.from.name} ${reference.kind}`);
}

describe("serviceReferences", () => {
  it("finds a service named as a host in every written form", () => {
    for (const value of ["db:5432", "postgres://db/app", "postgres://user:pw@db:5432/app", "amqp://guest@db", "jdbc:postgresql://db:5432/app", "a=1,db:5432"]) {
      expect(referrers({ DATABASE_URL: value }), value).toEqual(["app environment"]);
    }
    // A bare name counts when the variable's name says it is a host.
    expect(referrers({ DB_HOST: "db" })).toEqual(["app environment"]);
  });

  it("does not take a name inside other text, a path or a bare value for a host", () => {
    for (const value of ["db/config.yaml", "mydb:5432", "db-replica:5432", "db.example.com", "db:primary", "dbx@host", "the db"]) {
      expect(referrers({ DATABASE_URL: value }), value).toEqual([]);
    }
    expect(referrers({ MODE: "db" })).toEqual([]);
  });

  it("matches names with characters that mean something in a pattern", () => {
    expect(referrers({ URL: "http://api.v1:8080/" }, "api.v1")).toEqual(["app environment"]);
    expect(referrers({ URL: "http://apixv1:8080/" }, "api.v1")).toEqual([]);
  });
});

describe("undefinedReferences", () => {
  it("answers for the model it is asked about, not the one asked first", () => {
    const lacking = model("services:\n  web:\n    image: app\n    networks: [back]\n");
    const [web] = lacking.services;
    expect(undefinedReferences(web!, lacking).map(({ reference }) => reference.name)).toEqual(["back"]);
    // The same service in a project that defines the network: the answer for the first model is not reused.
    const defining = { ...lacking, networks: new Map([["back", lacking.services[0]!.key]]) } as unknown as ComposeModel;
    expect(undefinedReferences(web!, defining)).toEqual([]);
    expect(undefinedReferences(web!, lacking)).toHaveLength(1);
  });
});
