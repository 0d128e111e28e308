import { isMap } from "yaml";
import { createRule, definedNames, editDistance, isPartialComposeFile, isUntypedBind, ruleDocsUrl, undefinedReferences } from "@compose-lint/core";

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
    const hint = (name: string, candidates: Iterable<string>) => {
      const close = [...candidates].find((candidate) => candidate !== name && similar(candidate, name));
      return close ? ` (did you mean "${close}"?)` : "";
    };
    const sections = { network: "networks", volume: "volumes", secret: "secrets", config: "configs" } as const;

    // Overrides and variants refer to what their base file defines (project mode checks the merge).
    if (isPartialComposeFile(context.filename)) return {};
    return {
      service(service) {
        const defined = definedNames(model);
        // Messages show the reference as written; what it was looked up as is its name.
        for (const missing of undefinedReferences(service, model)) {
          const { reference } = missing;
          const name = reference.name!;
          if (missing.kind === "service") {
            context.report({ node: reference, messageId: "undefinedService", data: { service: service.name, value: reference.value, key: missing.key, hint: hint(name, defined.service) } });
          } else {
            const { kind } = missing;
            context.report({
              node: reference,
              messageId: "undefinedDefinition",
              data: { service: service.name, kind, value: reference.value, section: sections[kind], hint: hint(name, defined[kind]) },
            });
          }
        }
        for (const volume of service.volumes) {
          // A long-syntax mount defaults to `type: volume`; a path there was meant as a bind.
          if (!isUntypedBind(volume) || !volume.sourceNode) continue;
          const mount = volume.node;
          context.report({
            node: volume.sourceNode,
            messageId: "bindWithoutType",
            data: { service: service.name, value: volume.source },
            suggest: isMap(mount) && !volume.shared ? [{ messageId: "addBindType", fix: (fixer) => fixer.addMapEntry(mount, "type", "bind") }] : [],
          });
        }
      },
    };
  },
});

/** Likely a typo: the same ignoring case and separators, or one edit (or swap) apart. */
function similar(a: string, b: string): boolean {
  const plain = (text: string) => text.toLowerCase().replace(/[-_.]/g, "");
  return plain(a) === plain(b) || editDistance(a, b) <= 1;
}
