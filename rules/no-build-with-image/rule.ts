import { createRule, entryString, ruleDocsUrl, serviceEntry } from "@compose-lint/core";

export default createRule<"both", []>({
  id: "no-build-with-image",
  meta: {
    type: "suggestion",
    docs: { description: "Disallow `build` and `image` together, unless `pull_policy` says which wins", category: "style", recommended: false, url: ruleDocsUrl("no-build-with-image") },
    defaultSeverity: "warn",
    grade: "low",
    scope: "file",
    references: [
      { title: "dclint: no-build-and-image", url: "https://github.com/zavoloklom/docker-compose-linter" },
      { title: "Compose Specification: build, image and pull_policy", url: "https://docs.docker.com/reference/compose-file/build/" },
    ],
    schema: [],
    messages: {
      both: 'Service "{{service}}" has both `build` and `image: {{value}}`: `docker compose pull` fetches that image and `up` may run it instead of what is built. Say which wins with `pull_policy: build` (or `never`), or drop one.',
    },
  },
  defaultOptions: [],
  create(context) {
    return {
      service(service) {
        const image = entryString(serviceEntry(service, "image"));
        if (!image || !serviceEntry(service, "build")) return;
        const policy = entryString(serviceEntry(service, "pull_policy"))?.value;
        if (policy === "build" || policy === "never") return;
        context.report({ node: image, messageId: "both", data: { service: service.name, value: image.value } });
      },
    };
  },
});
