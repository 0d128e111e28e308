import { isMap } from "yaml";
import { createRule, findEntry, mapEntries, ruleDocsUrl } from "@compose-lint/core";
import { naturalCompare, reportOrder, sortedOrder } from "../lib/order.js";

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
        const map = services.node;
        // Only what this mapping writes itself; keys merged in with << are not its to order.
        const own = mapEntries(map, model.document).filter((entry) => map.items.some((pair) => pair.key === entry.keyNode));
        if (own.length !== map.items.length) return;
        const items = own.map((entry) => ({ name: entry.key, node: entry.keyNode }));
        reportOrder(context, map, items, sortedOrder(items.map((item) => item.name), naturalCompare), "unsorted");
      },
    };
  },
});
