import { isMap } from "yaml";
import { createRule, entryBoolean, objectOption, findEntry, imageMatches, mapEntries, ruleDocsUrl, scalarString, serviceEntry, stringList, type ServiceModel } from "@compose-lint/core";

export type Options = [{ imagesWithHealthcheck: string[] }];

export default createRule<"noHealthcheck" | "optionalNeverHealthy", Options>({
  id: "depends-on-healthcheck",
  meta: {
    type: "problem",
    docs: {
      description: "Require a healthcheck on services that others wait on with `service_healthy`",
      category: "correctness",
      recommended: true,
      url: ruleDocsUrl("depends-on-healthcheck"),
    },
    defaultSeverity: "error",
    grade: "low",
    references: [
      { title: "Compose Specification: depends_on", url: "https://docs.docker.com/reference/compose-file/services/#depends_on" },
      { title: "CIS Docker Benchmark 5.26: Ensure that container health is checked at runtime", url: "https://www.cisecurity.org/benchmark/docker" },
    ],
    schema: [objectOption({ imagesWithHealthcheck: { type: "array", items: { type: "string" } } })],
    messages: {
      noHealthcheck:
        'Service "{{service}}" waits for "{{value}}" to be healthy, but "{{value}}" has no healthcheck in the Compose file: unless its image has a HEALTHCHECK, `docker compose up` fails with "container is unhealthy" or waits in vain. Add a `healthcheck:` to "{{value}}", use `condition: service_started`, or list an image that has one in this rule\'s `imagesWithHealthcheck` option.',
      optionalNeverHealthy:
        'Service "{{service}}" waits for "{{value}}" to be healthy, but "{{value}}" has no healthcheck in the Compose file: the dependency is optional (`required: false`), so unless its image has a HEALTHCHECK, Compose warns and starts "{{service}}" without waiting. Add a `healthcheck:` to "{{value}}", or use `condition: service_started`.',
    },
  },
  defaultOptions: [{ imagesWithHealthcheck: [] }],
  create(context) {
    const { model } = context;
    const [{ imagesWithHealthcheck }] = context.options;
    const byName = new Map(model.services.map((service) => [service.name, service]));
    return {
      service(service) {
        const dependsOn = serviceEntry(service, "depends_on");
        if (!dependsOn || !isMap(dependsOn.node)) return;
        for (const dependency of mapEntries(dependsOn.node, model.document, dependsOn.shared)) {
          if (!isMap(dependency.node)) continue;
          const fields = mapEntries(dependency.node, model.document, dependency.shared);
          const condition = findEntry(fields, "condition");
          if (!condition || scalarString(condition.node) !== "service_healthy") continue;
          const target = byName.get(dependency.key);
          if (!target || hasHealthcheck(target) || imageMatches(target.image?.value, imagesWithHealthcheck)) continue;
          // An optional dependency that cannot become healthy is a warning in Compose, not a failure.
          const optional = entryBoolean(findEntry(fields, "required"), model) === false;
          context.report({ node: dependency.keyNode, messageId: optional ? "optionalNeverHealthy" : "noHealthcheck", data: { service: service.name, value: dependency.key } });
        }
      },
    };

    function hasHealthcheck(service: ServiceModel): boolean {
      const healthcheck = serviceEntry(service, "healthcheck");
      if (!healthcheck || !isMap(healthcheck.node)) return false;
      const fields = mapEntries(healthcheck.node, model.document, healthcheck.shared);
      const disable = findEntry(fields, "disable");
      if (entryBoolean(disable, model) === true) return false;
      const test = findEntry(fields, "test");
      // Timings without a test tune the image's own HEALTHCHECK.
      if (!test) return true;
      const words = stringList(test, model.document).map((word) => word.value);
      return !(words[0] === "NONE" || scalarString(test.node) === "NONE");
    }
  },
});
