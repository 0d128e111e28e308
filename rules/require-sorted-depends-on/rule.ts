import { isMap, isScalar, isSeq } from "yaml";
import { createRule, ruleDocsUrl, serviceEntry } from "@compose-lint/core";
import { naturalCompare, reportOrder, sortedOrder } from "../lib/order.js";

export default createRule<"unsorted", []>({
  id: "require-sorted-depends-on",
  meta: {
    type: "layout",
    docs: { description: "Require a service's dependencies in alphabetical order", category: "style", recommended: false, url: ruleDocsUrl("require-sorted-depends-on") },
    fixable: "code",
    defaultSeverity: "warn",
    grade: "low",
    scope: "file",
    references: [{ title: "dclint: service-dependencies-alphabetical-order", url: "https://github.com/zavoloklom/docker-compose-linter" }],
    schema: [],
    messages: { unsorted: 'In service "{{service}}", dependency "{{expected}}" should come before "{{before}}": `depends_on` in alphabetical order.' },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        const entry = serviceEntry(service, "depends_on");
        if (!entry || entry.shared) return;
        const collection = entry.node;
        if (!isSeq(collection) && !isMap(collection)) return;
        const items = (collection.items as unknown[]).flatMap((item) => {
          const node = isMap(collection) ? (item as { key: unknown }).key : item;
          return isScalar(node) && typeof node.value === "string" ? [{ name: node.value, node }] : [];
        });
        if (items.length !== collection.items.length) return;
        reportOrder(context, collection, items, sortedOrder(items.map((item) => item.name), naturalCompare), "unsorted", { service: service.name });
      },
    };
  },
});
