import { isMap } from "yaml";
import { createRule, isPartialComposeFile, findEntry, mapEntries, ruleDocsUrl, serviceEntry, sourcesOfEntry, type MapEntry } from "@compose-lint/core";

export default createRule<"unused", []>({
  id: "no-unused-definitions",
  meta: {
    type: "suggestion",
    docs: {
      description: "Disallow top-level networks, volumes, secrets and configs that no service uses",
      category: "correctness",
      recommended: true,
      url: ruleDocsUrl("no-unused-definitions"),
    },
    defaultSeverity: "warn",
    grade: "low",
    references: [
      { title: "Compose Specification: top-level elements", url: "https://docs.docker.com/reference/compose-file/" },
    ],
    schema: [],
    messages: {
      unused: 'The {{kind}} "{{value}}" is declared but no service uses it: remove it, or attach it where it was meant to be used.',
    },
  },
  defaultOptions: [],
  create(context) {
    const { model } = context;
    // Overrides and variants refer to what their base file defines (project mode checks the merge).
    if (isPartialComposeFile(context.filename)) return {};
    return {
      end() {
        // A service that names no network and has no network_mode joins "default".
        const used = { network: new Set<string>(), volume: new Set<string>(), secret: new Set<string>(), config: new Set<string>() };
        for (const service of model.services) {
          for (const network of service.networks) used.network.add(network.value);
          for (const volume of service.volumes) if (volume.type === "volume" && volume.source) used.volume.add(volume.source);
          for (const secret of service.secrets) used.secret.add(secret.value);
          for (const config of service.configs) used.config.add(config.value);
          // Build-time secrets count as a use too.
          const build = serviceEntry(service, "build");
          if (build && isMap(build.node)) {
            for (const secret of sourcesOfEntry(findEntry(mapEntries(build.node, model.document, build.shared), "secrets"), model.document)) used.secret.add(secret.value);
          }
        }
        const check = (definitions: Map<string, MapEntry>, kind: keyof typeof used) => {
          for (const [name, entry] of definitions) {
            if (used[kind].has(name) || (kind === "network" && name === "default")) continue;
            context.report({ node: entry.keyNode, messageId: "unused", data: { kind, value: name } });
          }
        };
        check(new Map([...model.networks].map(([name, network]) => [name, network.key])), "network");
        check(model.volumes, "volume");
        check(model.secrets, "secret");
        check(model.configs, "config");
      },
    };
  },
});
