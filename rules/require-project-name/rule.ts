import { isNode } from "yaml";
import { createRule, findEntry, ruleDocsUrl } from "@compose-lint/core";

export default createRule<"missing", []>({
  id: "require-project-name",
  meta: {
    type: "suggestion",
    docs: { description: "Require a top-level `name`", category: "hygiene", recommended: false, url: ruleDocsUrl("require-project-name") },
    defaultSeverity: "warn",
    grade: "low",
    references: [
      { title: "Compose Specification: version and name", url: "https://docs.docker.com/reference/compose-file/version-and-name/" },
    ],
    schema: [],
    messages: {
      missing:
        "The file has no top-level `name:`: the project is named after its folder, so the same stack checked out elsewhere gets other container, network and volume names (and may not find its volumes). Add `name: <project>`.",
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      document(model) {
        if (findEntry(model.rootEntries, "name")) return;
        const firstKey = model.root.items[0]?.key;
        context.report({ node: isNode(firstKey) ? firstKey : model.root, messageId: "missing" });
      },
    };
  },
});
