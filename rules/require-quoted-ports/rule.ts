import { Scalar, isScalar } from "yaml";
import { createRule, objectOption, nodeRange, prevailingQuote, quoteString, ruleDocsUrl } from "@compose-lint/core";

export type Options = [{ all: boolean }];

/** What a YAML 1.1 reader takes for a base-60 number: 22:22 is 1342 there. */
const SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/;

export default createRule<"unquoted", Options>({
  id: "require-quoted-ports",
  meta: {
    type: "layout",
    docs: { description: "Require port entries with a colon to be quoted", category: "hygiene", recommended: false, url: ruleDocsUrl("require-quoted-ports") },
    defaultSeverity: "warn",
    grade: "low",
    references: [
      { title: "Compose Specification: ports", url: "https://docs.docker.com/reference/compose-file/services/#ports" },
    ],
    fixable: "code",
    fixKind: "safe",
    fixSummary: { one: "1 port entry quoted", other: "{{count}} port entries quoted" },
    scope: "file",
    schema: [objectOption({ all: { type: "boolean" } })],
    messages: {
      unquoted:
        'Service "{{service}}" has the unquoted port entry {{value}}: a YAML 1.1 reader (older tools, some editors and CI scripts) reads it as a base-60 number. Quote it, as the Compose documentation advises.',
    },
  },
  defaultOptions: [{ all: false }],
  create(context) {
    const [{ all }] = context.options;
    const quote = prevailingQuote(context.model.services.flatMap((service) => service.ports.map((port) => port.node)));
    return {
      port(port, service) {
        const node = port.node;
        if (port.shared || !isScalar(node) || node.type !== Scalar.PLAIN || typeof node.value !== "string") return;
        if (!(all ? node.value.includes(":") : SEXAGESIMAL.test(node.value))) return;
        context.report({
          node: port,
          messageId: "unquoted",
          data: { service: service.name, value: node.value },
          fix: (fixer) => fixer.replaceRange(nodeRange(node), quoteString(node.value as string, quote)),
        });
      },
    };
  },
});
