import { createRule, findEntry, ruleDocsUrl } from "@compose-lint/core";

export default createRule<"shared", []>({
  id: "no-shared-mount-propagation",
  meta: {
    type: "problem",
    docs: { description: "Disallow shared mount propagation on bind mounts", category: "security", recommended: true, url: ruleDocsUrl("no-shared-mount-propagation") },
    defaultSeverity: "error",
    grade: "high",
    references: [{ title: "CIS Docker Benchmark 5.19: Ensure mount propagation mode is not set to shared", url: "https://www.cisecurity.org/benchmark/docker" }],
    schema: [],
    messages: {
      shared:
        'Service "{{service}}" mounts {{source}} with {{value}} propagation: mounts the container makes there appear on the host, and a compromised container can mount over host paths. Use the default (rprivate), or rslave if it must see the host\'s mounts.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        for (const volume of service.volumes) {
          const propagation = volume.propagation;
          if (volume.type !== "bind" || (propagation !== "shared" && propagation !== "rshared")) continue;
          // Long syntax: the propagation value itself; short syntax: the whole entry.
          const bind = findEntry(volume.fields ?? [], "bind");
          const node = bind ? bind.node : volume.node;
          context.report({ node, messageId: "shared", data: { service: service.name, source: volume.source ?? "", value: propagation } });
        }
      },
    };
  },
});
