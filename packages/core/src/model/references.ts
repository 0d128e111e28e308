import { isMap } from "yaml";
import { findEntry, mapEntries } from "../yaml-nodes.js";
import { referenceOf, serviceEntry, type ComposeModel, type ModelReference, type ServiceModel } from "./compose.js";
import { isUntypedBind } from "./volumes.js";

export type DefinitionKind = "network" | "volume" | "secret" | "config";

/** A name a service refers to that the project does not define. */
export type UndefinedReference =
  | { kind: "service"; reference: ModelReference; key: "depends_on" | "links" | "network_mode" | "extends" }
  | { kind: DefinitionKind; reference: ModelReference };

/** What a project defines, by kind: the names its references are looked up in. */
export interface DefinedNames {
  service: ReadonlySet<string>;
  network: ReadonlySet<string>;
  volume: ReadonlySet<string>;
  secret: ReadonlySet<string>;
  config: ReadonlySet<string>;
}

const definedByModel = new WeakMap<ComposeModel, DefinedNames>();

export function definedNames(model: ComposeModel): DefinedNames {
  let defined = definedByModel.get(model);
  if (!defined) {
    defined = {
      service: new Set(model.services.map((service) => service.name)),
      // Every project has a `default` network.
      network: new Set([...model.networks.keys(), "default"]),
      volume: new Set(model.volumes.keys()),
      secret: new Set(model.secrets.keys()),
      config: new Set(model.configs.keys()),
    };
    definedByModel.set(model, defined);
  }
  return defined;
}

/**
 * The references of a service that its project does not define, compared by the name Compose reads
 * (`${DB_HOST:-db}` is db). A name that a variable nothing sets decides could be any name and is
 * never undefined; a long-syntax mount of a host path without `type:` is a mistake of another
 * kind (see isUntypedBind), not a missing volume.
 */
export function undefinedReferences(service: ServiceModel, model: ComposeModel): readonly UndefinedReference[] {
  // The planner asks this of every service, and no-undefined-references asks again of the same model.
  const known = undefinedByService.get(service);
  if (known?.model === model) return known.found;
  const found = findUndefinedReferences(service, model);
  undefinedByService.set(service, { model, found });
  return found;
}

const undefinedByService = new WeakMap<ServiceModel, { model: ComposeModel; found: readonly UndefinedReference[] }>();

function findUndefinedReferences(service: ServiceModel, model: ComposeModel): UndefinedReference[] {
  const defined = definedNames(model);
  const found: UndefinedReference[] = [];
  const missing = (kind: keyof DefinedNames, reference: ModelReference) => reference.name !== undefined && !defined[kind].has(reference.name);

  for (const reference of service.dependsOn) if (missing("service", reference)) found.push({ kind: "service", reference, key: "depends_on" });
  for (const reference of service.links) if (missing("service", reference)) found.push({ kind: "service", reference, key: "links" });
  const mode = service.networkMode;
  if (mode?.name?.startsWith("service:")) {
    const reference = { ...mode, value: mode.value.replace(/^service:/, ""), name: mode.name.slice("service:".length) };
    if (missing("service", reference)) found.push({ kind: "service", reference, key: "network_mode" });
  }
  const extendsEntry = serviceEntry(service, "extends");
  if (extendsEntry && isMap(extendsEntry.node)) {
    const fields = mapEntries(extendsEntry.node, model.document, extendsEntry.shared);
    // With `file:`, the service lives in another file, which the project loader resolves.
    const reference = findEntry(fields, "file") ? undefined : referenceOf(findEntry(fields, "service"), model);
    if (reference && missing("service", reference)) found.push({ kind: "service", reference, key: "extends" });
  }

  // With `network_mode`, the service joins no network of its own: its `networks` are not used.
  if (!service.networkMode) for (const reference of service.networks) if (missing("network", reference)) found.push({ kind: "network", reference });
  for (const volume of service.volumes) {
    if (volume.type !== "volume" || !volume.source || !volume.sourceNode || isUntypedBind(volume)) continue;
    const reference = { node: volume.sourceNode, shared: volume.shared, value: volume.source, name: volume.sourceName };
    if (missing("volume", reference)) found.push({ kind: "volume", reference });
  }
  for (const reference of service.secrets) if (missing("secret", reference)) found.push({ kind: "secret", reference });
  for (const reference of service.configs) if (missing("config", reference)) found.push({ kind: "config", reference });
  return found;
}
