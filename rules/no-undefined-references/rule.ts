import { isMap } from "yaml";
import { createRule, editDistance, findEntry, interpolatedName, isPartialComposeFile, isUntypedBind, mapEntries, ruleDocsUrl, scalarString, serviceEntry, type ModelReference, type ModelString } from "@compose-lint/core";

type Kind = "service" | "network" | "volume" | "secret" | "config";

export default createRule<"undefinedService" | "undefinedDefinition" | "bindWithoutType" | "addBindType", []>({
  id: "no-undefined-references",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow references to services, networks, volumes, secrets or configs that are not defined",
      category: "correctness",
      recommended: true,
      url: ruleDocsUrl("no-undefined-references"),
    },
    hasSuggestions: true,
    defaultSeverity: "error",
    grade: "low",
    references: [
      { title: "Compose Specification: services", url: "https://docs.docker.com/reference/compose-file/services/" },
    ],
    schema: [],
    messages: {
      undefinedService: 'Service "{{service}}" refers to service "{{value}}" in `{{key}}`, but there is no such service{{hint}}.',
      undefinedDefinition:
        'Service "{{service}}" uses {{kind}} "{{value}}", which is not declared under the top-level `{{section}}:`; Compose refuses to start the project. Declare it{{hint}}.',
      bindWithoutType:
        'Service "{{service}}" mounts the host path "{{value}}" without `type:`, so Compose reads it as the name of a volume and refuses the file. Add `type: bind`.',
      addBindType: "Add `type: bind`.",
    },
  },
  defaultOptions: [],
  create(context) {
    const { model } = context;
    const services = new Set(model.services.map((service) => service.name));
    const hint = (name: string, candidates: Iterable<string>) => {
      const close = [...candidates].find((candidate) => candidate !== name && similar(candidate, name));
      return close ? ` (did you mean "${close}"?)` : "";
    };
    const definitions: Record<Exclude<Kind, "service">, Set<string>> = {
      network: new Set([...model.networks.keys(), "default"]),
      volume: new Set(model.volumes.keys()),
      secret: new Set(model.secrets.keys()),
      config: new Set(model.configs.keys()),
    };
    const sections = { network: "networks", volume: "volumes", secret: "secrets", config: "configs" } as const;

    // Overrides and variants refer to what their base file defines (project mode checks the merge).
    if (isPartialComposeFile(context.filename)) return {};
    return {
      service(service) {
        // References are compared by the name Compose reads (`${DB_HOST:-db}` is db); one that a
        // variable nothing sets decides could be any name.
        const serviceRef = (reference: ModelReference, key: string) => {
          if (reference.name === undefined || services.has(reference.name)) return;
          context.report({ node: reference, messageId: "undefinedService", data: { service: service.name, value: reference.value, key, hint: hint(reference.name, services) } });
        };
        const interpolated = (written: ModelString): ModelReference => ({ ...written, name: interpolatedName(written.value, model.environmentFor?.(written.node)) });
        for (const dependency of service.dependsOn) serviceRef(dependency, "depends_on");
        for (const link of service.links) serviceRef(link, "links");
        const mode = service.networkMode;
        if (mode?.name?.startsWith("service:")) serviceRef({ ...mode, value: mode.value.replace(/^service:/, ""), name: mode.name.slice("service:".length) }, "network_mode");
        const extendsEntry = serviceEntry(service, "extends");
        if (extendsEntry && isMap(extendsEntry.node)) {
          const fields = mapEntries(extendsEntry.node, model.document, extendsEntry.shared);
          const target = findEntry(fields, "service");
          const value = target ? scalarString(target.node) : undefined;
          // With `file:`, the service lives in another file; project mode checks it.
          if (target && value !== undefined && !findEntry(fields, "file")) serviceRef(interpolated({ node: target.node, shared: target.shared, value }), "extends");
        }

        const definition = (reference: ModelReference, kind: Exclude<Kind, "service">) => {
          if (reference.name === undefined || definitions[kind].has(reference.name)) return;
          context.report({
            node: reference,
            messageId: "undefinedDefinition",
            data: { service: service.name, kind, value: reference.value, section: sections[kind], hint: hint(reference.name, definitions[kind]) },
          });
        };
        if (!service.networkMode) for (const network of service.networks) definition(network, "network");
        for (const volume of service.volumes) {
          // A long-syntax mount defaults to `type: volume`; a path there was meant as a bind.
          if (isUntypedBind(volume) && volume.sourceNode) {
            const mount = volume.node;
            context.report({
              node: volume.sourceNode,
              messageId: "bindWithoutType",
              data: { service: service.name, value: volume.source },
              suggest: isMap(mount) && !volume.shared ? [{ messageId: "addBindType", fix: (fixer) => fixer.addMapEntry(mount, "type", "bind") }] : [],
            });
            continue;
          }
          if (volume.type === "volume" && volume.source && volume.sourceNode) {
            definition(interpolated({ node: volume.sourceNode, shared: volume.shared, value: volume.source }), "volume");
          }
        }
        for (const secret of service.secrets) definition(secret, "secret");
        for (const config of service.configs) definition(config, "config");
      },
    };
  },
});

/** Likely a typo: the same ignoring case and separators, or one edit (or swap) apart. */
function similar(a: string, b: string): boolean {
  const plain = (text: string) => text.toLowerCase().replace(/[-_.]/g, "");
  return plain(a) === plain(b) || editDistance(a, b) <= 1;
}
