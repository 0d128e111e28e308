import { isMap } from "yaml";
import { createRule, objectOption, ruleDocsUrl } from "@compose-lint/core";
import { keyedItems, reportOrder, sortedOrder } from "../lib/order.js";

export type Options = [{ order: string[] }];

/** What a service is, how it runs, what it connects to, what keeps it healthy, then the rest. */
export const DEFAULT_SERVICE_KEY_ORDER = [
  "image", "build", "container_name", "hostname", "profiles", "restart", "depends_on",
  "entrypoint", "command", "working_dir", "user", "environment", "env_file",
  "ports", "expose", "volumes", "tmpfs", "networks", "network_mode", "extra_hosts", "dns",
  "secrets", "configs", "healthcheck", "labels", "logging", "deploy",
];

export default createRule<"order", Options>({
  id: "require-service-key-order",
  meta: {
    type: "layout",
    docs: { description: "Require a service's keys in one order", category: "style", recommended: false, url: ruleDocsUrl("require-service-key-order") },
    fixable: "code",
    defaultSeverity: "warn",
    grade: "low",
    scope: "file",
    references: [{ title: "dclint: service-keys-order", url: "https://github.com/zavoloklom/docker-compose-linter" }],
    schema: [objectOption({ order: { type: "array", items: { type: "string" }, uniqueItems: true } })],
    messages: { order: 'In service "{{service}}", `{{expected}}` should come before `{{before}}` (key order: {{order}}).' },
  },
  defaultOptions: [{ order: DEFAULT_SERVICE_KEY_ORDER }],
  create(context) {
    const [{ order }] = context.options;
    const rank = (key: string) => {
      const at = order.indexOf(key);
      // Keys the order does not name keep their place after the named ones; extensions come last.
      return at !== -1 ? at : key.startsWith("x-") ? order.length + 1 : order.length;
    };
    return {
      service(service) {
        const map = service.map;
        if (!map || !isMap(service.key.node) || service.key.node !== map || service.key.shared) return;
        const items = keyedItems(map);
        if (!items) return;
        reportOrder(context, map, items, sortedOrder(items.map((item) => rank(item.name)), (a, b) => a - b), "order", {
          service: service.name,
          order: order.slice(0, 8).join(", ") + (order.length > 8 ? ", ..." : ""),
        });
      },
    };
  },
});
