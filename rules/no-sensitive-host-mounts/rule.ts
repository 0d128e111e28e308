import { createRule, objectOption, normaliseHostPath, ruleDocsUrl } from "@compose-lint/core";

export type Options = [{ allow: string[]; paths: string[] }];

/** Host paths that are sensitive as a whole: mounting one of these exact folders. */
export const SENSITIVE_PATHS = ["/", "/etc", "/root", "/boot", "/dev", "/proc", "/sys", "/var/run", "/run", "/var/lib/docker", "/home", "/Users", "~", "$HOME"];

/** Folders whose insides are sensitive too (anything under /proc, the Docker data root ...). */
const SENSITIVE_TREES = ["/proc/", "/sys/", "/boot/", "/root/", "/var/lib/docker/"];
const HOME_DIRECTORY = /^(\/home\/[^/]+|\/Users\/[^/]+|~|\$HOME|\$\{HOME\})(\/\.ssh|\/\.aws|\/\.kube|\/\.gnupg|\/\.docker)?$/;

export default createRule<"writable" | "readOnly", Options>({
  id: "no-sensitive-host-mounts",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow bind-mounting sensitive host paths",
      category: "security",
      recommended: true,
      url: ruleDocsUrl("no-sensitive-host-mounts"),
    },
    defaultSeverity: "error",
    grade: "high",
    references: [
      { title: "CIS Docker Benchmark 5.5: Ensure sensitive host system directories are not mounted on containers", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "OWASP Docker Security Cheat Sheet, RULE #8: Set filesystem and volumes to read-only", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" },
    ],
    schema: [
      objectOption({
        allow: { type: "array", items: { type: "string" } },
        paths: { type: "array", items: { type: "string" } },
      }),
    ],
    messages: {
      writable:
        'Service "{{service}}" bind-mounts the host\'s {{value}} writable: a compromised container can change the host itself (its configuration, boot files, keys or other containers). Mount only the file it needs, read-only.',
      readOnly:
        'Service "{{service}}" bind-mounts the host\'s {{value}} (read-only): it can still read host secrets such as keys, tokens and other containers\' data. Mount only the file it needs.',
    },
  },
  defaultOptions: [{ allow: [], paths: [] }],
  create(context) {
    const [{ allow, paths }] = context.options;
    const allowed = new Set(allow.map(normaliseHostPath));
    const extra = new Set(paths.map(normaliseHostPath));
    const isSensitive = (path: string) =>
      SENSITIVE_PATHS.includes(path) || extra.has(path) || SENSITIVE_TREES.some((tree) => path.startsWith(tree)) || HOME_DIRECTORY.test(path);
    return {
      service(service) {
        for (const volume of service.volumes) {
          if (volume.type !== "bind" || !volume.source || !volume.sourceNode) continue;
          const path = normaliseHostPath(volume.source);
          // Sockets are no-docker-socket-mount's finding.
          if (allowed.has(path) || !isSensitive(path) || path.endsWith(".sock")) continue;
          context.report({
            node: volume.sourceNode,
            messageId: volume.readOnly ? "readOnly" : "writable",
            data: { service: service.name, value: volume.source },
            ...(volume.readOnly ? { severity: "warn" as const } : {}),
          });
        }
      },
    };
  },
});
