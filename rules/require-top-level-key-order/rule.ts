import { isMap } from "yaml";
import { createRule, objectOption, ruleDocsUrl } from "@compose-lint/core";
import { keyedItems, reportOrder, sortedOrder } from "../lib/order.js";

export type Options = [{ order: string[] }];

/** Extensions first (they hold the anchors that services reuse), then the file's sections. */
export const DEFAULT_TOP_LEVEL_ORDER = ["x-*", "version", "name", "include", "services", "networks", "volumes", "secrets", "configs", "models"];

export default createRule<"order", Options>({
  id: "require-top-level-key-order",
  meta: {
    type: "layout",
    docs: { description: "Require the top-level keys in one order", category: "style", recommended: false, url: ruleDocsUrl("require-top-level-key-order") },
    fixable: "code",
    defaultSeverity: "warn",
    grade: "low",
    scope: "file",
    references: [{ title: "dclint: top-level-properties-order", url: "https://github.com/zavoloklom/docker-compose-linter" }],
    schema: [objectOption({ order: { type: "array", items: { type: "string" }, uniqueItems: true } })],
    messages: { order: "`{{expected}}` should come before `{{before}}` (top-level order: {{order}})." },
  },
  defaultOptions: [{ order: DEFAULT_TOP_LEVEL_ORDER }],
  create(context) {
    const [{ order }] = context.options;
    const rank = (key: string) => {
      const at = order.indexOf(key.startsWith("x-") && order.includes("x-*") ? "x-*" : key);
      return at === -1 ? order.length : at;
    };
    return {
      document(model) {
        const root = model.root;
        if (!isMap(root)) return;
        const items = keyedItems(root);
        if (!items) return;
        reportOrder(context, root, items, sortedOrder(items.map((item) => rank(item.name)), (a, b) => a - b), "order", { order: order.join(", ") });
      },
    };
  },
});
