import { isMap } from "yaml";
import { createRule, findEntry, ruleDocsUrl } from "@compose-lint/core";
import { keyedItems, naturalCompare, reportOrder, sortedOrder } from "../lib/order.js";

export default createRule<"unsorted", []>({
  id: "require-sorted-services",
  meta: {
    type: "layout",
    docs: { description: "Require services in alphabetical order", category: "style", recommended: false, url: ruleDocsUrl("require-sorted-services") },
    fixable: "code",
    defaultSeverity: "warn",
    grade: "low",
    scope: "file",
    references: [{ title: "dclint: services-alphabetical-order", url: "https://github.com/zavoloklom/docker-compose-linter" }],
    schema: [],
    messages: { unsorted: 'Service "{{expected}}" should come before "{{before}}": services in alphabetical order.' },
  },
  defaultOptions: [],
  create(context) {
    return {
      document(model) {
        const services = findEntry(model.rootEntries, "services");
        if (!services || !isMap(services.node)) return;
        // Only what this mapping writes itself; a mapping with keys merged in with << is left alone.
        const items = keyedItems(services.node);
        if (!items) return;
        reportOrder(context, services.node, items, sortedOrder(items.map((item) => item.name), naturalCompare), "unsorted");
      },
    };
  },
});
