import { isMap } from "yaml";
import { createRule, entryString, findEntry, mapEntries, ruleDocsUrl, serviceEntry } from "@compose-lint/core";

export default createRule<"disabled", []>({
  id: "no-logging-disabled",
  meta: {
    type: "problem",
    docs: { description: "Disallow the `none` logging driver", category: "security", recommended: true, url: ruleDocsUrl("no-logging-disabled") },
    defaultSeverity: "warn",
    grade: "low",
    references: [
      { title: "CIS Docker Benchmark 2.12: Ensure that centralized and remote logging is configured", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "OWASP Docker Security Cheat Sheet, RULE #10: Keep the Docker daemon logging level at info", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" },
    ],
    schema: [],
    messages: {
      disabled:
        'Service "{{service}}" uses the logging driver "none": nothing it prints is kept, so an incident leaves no trace. Use the default json-file (with max-size) or local driver, or ship logs elsewhere.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        const logging = serviceEntry(service, "logging");
        if (!logging || !isMap(logging.node)) return;
        const driver = entryString(findEntry(mapEntries(logging.node, context.model.document, logging.shared), "driver"));
        if (driver?.value === "none") context.report({ node: driver, messageId: "disabled", data: { service: service.name, value: driver.value } });
      },
    };
  },
});
