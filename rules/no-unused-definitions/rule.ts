import { isMap } from "yaml";
import { createRule, findEntry, isPartialComposeFile, mapEntries, ruleDocsUrl, serviceEntry, sourcesOfEntry, type MapEntry } from "@compose-lint/core";

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
        // A reference that a variable nothing sets decides may use any definition of its kind.
        const anyUsed = new Set<keyof typeof used>();
        const use = (kind: keyof typeof used, name: string | undefined) => {
          if (name === undefined) anyUsed.add(kind);
          else used[kind].add(name);
        };
        for (const service of model.services) {
          for (const network of service.networks) use("network", network.name);
          for (const volume of service.volumes) {
            if (!volume.source || (volume.type !== "volume" && volume.type !== "bind")) continue;
            // A source that a variable nothing sets decides is a path or any volume's name.
            if (volume.sourceName === undefined || volume.type === "volume") use("volume", volume.sourceName);
          }
          for (const secret of service.secrets) use("secret", secret.name);
          for (const config of service.configs) use("config", config.name);
          // Build-time secrets count as a use too.
          const build = serviceEntry(service, "build");
          if (build && isMap(build.node)) {
            for (const secret of sourcesOfEntry(findEntry(mapEntries(build.node, model.document, build.shared), "secrets"), model.document, model)) use("secret", secret.name);
          }
        }
        const check = (definitions: Map<string, MapEntry>, kind: keyof typeof used) => {
          if (anyUsed.has(kind)) return;
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
