import { createRule, ruleDocsUrl } from "@compose-lint/core";
import { pulledImage } from "../lib/images.js";

export default createRule<"noDigest", []>({
  id: "image-digest-pinned",
  meta: {
    type: "suggestion",
    docs: { description: "Require images pinned by digest", category: "security", recommended: false, url: ruleDocsUrl("image-digest-pinned") },
    defaultSeverity: "warn",
    grade: "medium",
    references: [
      { title: "OWASP Docker Security Cheat Sheet, RULE #13: Enhance Supply Chain Security", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" },
      { title: "Docker docs: Pull an image by digest", url: "https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier" },
    ],
    schema: [],
    messages: {
      noDigest:
        'Service "{{service}}" uses image "{{value}}" without a digest: a tag can be moved to other content, by its owner or by whoever takes over the account. Pin it as {{value}}@sha256:<digest> (a tool such as Renovate keeps digests current).',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        const pulled = pulledImage(service, context.model);
        if (!pulled || /@sha256:[0-9a-f]{64}$/i.test(pulled.reference)) return;
        context.report({ node: pulled.image, messageId: "noDigest", data: { service: service.name, value: pulled.image.value } });
      },
    };
  },
});
