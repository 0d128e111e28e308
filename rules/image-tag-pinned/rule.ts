import { createRule, objectOption, ruleDocsUrl } from "@compose-lint/core";
import { pulledImage } from "../lib/images.js";

export type Options = [{ floatingTags: string[]; requireDigest: boolean }];

export const FLOATING_TAGS = ["latest", "stable", "main", "master", "edge", "nightly", "dev", "develop", "beta", "alpha", "rc", "canary", "current", "lts"];

export default createRule<"noTag" | "floatingTag" | "noDigest", Options>({
  id: "image-tag-pinned",
  meta: {
    type: "suggestion",
    docs: { description: "Require images pinned to a version tag", category: "hygiene", recommended: true, url: ruleDocsUrl("image-tag-pinned") },
    defaultSeverity: "warn",
    grade: "medium",
    references: [
      { title: "OWASP Docker Security Cheat Sheet, RULE #13: Enhance Supply Chain Security", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" },
      { title: "Compose Specification: image", url: "https://docs.docker.com/reference/compose-file/services/#image" },
    ],
    schema: [objectOption({ floatingTags: { type: "array", items: { type: "string" } }, requireDigest: { type: "boolean" } })],
    messages: {
      noTag: 'Service "{{service}}" uses image "{{value}}" without a tag, which means :latest: each pull may bring a different version. Pin a version tag.',
      floatingTag: 'Service "{{service}}" uses image "{{value}}" with the floating tag "{{tag}}": each pull may bring a different version. Pin a version tag.',
      noDigest: 'Service "{{service}}" uses image "{{value}}" without a digest: a tag can be moved. Pin it as {{value}}@sha256:<digest>.',
    },
  },
  defaultOptions: [{ floatingTags: FLOATING_TAGS, requireDigest: false }],
  create(context) {
    const [{ floatingTags, requireDigest }] = context.options;
    return {
      service(service) {
        const pulled = pulledImage(service, context.model);
        if (!pulled || pulled.reference.includes("@")) return;
        const { image, reference } = pulled;
        const lastSlash = reference.lastIndexOf("/");
        const colon = reference.lastIndexOf(":");
        const tag = colon > lastSlash ? reference.slice(colon + 1) : undefined;
        const data = { service: service.name, value: image.value };
        if (tag === undefined) context.report({ node: image, messageId: "noTag", data });
        else if (floatingTags.includes(tag.toLowerCase())) context.report({ node: image, messageId: "floatingTag", data: { ...data, tag: pulled.shown(colon + 1) } });
        else if (requireDigest) context.report({ node: image, messageId: "noDigest", data });
      },
    };
  },
});
