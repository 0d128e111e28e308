import { createRule, describeMountedHostPath, mountedHostPath, objectOption, normaliseHostPath, ruleDocsUrl } from "@compose-lint/core";
import { engineSocket } from "../lib/sockets.js";

export type Options = [{ allow: string[]; paths: string[] }];

/**
 * Host paths that are sensitive as a whole: mounting one of these exact folders or files. Writable,
 * cron, sudoers and shadow are host root at the next cron run or sudo; /var holds every container's
 * data; /dev/shm is shared memory with every host process. (/run and /var/run hold the engines'
 * sockets: no-docker-socket-mount reports them.)
 */
export const SENSITIVE_PATHS = [
  "/", "/etc", "/root", "/boot", "/dev", "/dev/shm", "/proc", "/sys", "/var", "/var/lib", "/var/lib/docker", "/var/lib/containerd",
  "/etc/shadow", "/etc/gshadow", "/etc/passwd", "/etc/group", "/etc/sudoers", "/etc/sudoers.d", "/etc/ssh", "/etc/letsencrypt",
  "/etc/crontab", "/etc/cron.d", "/etc/cron.hourly", "/etc/cron.daily", "/etc/cron.weekly", "/etc/cron.monthly", "/var/spool/cron",
  "/etc/systemd", "/etc/docker", "/home", "/Users", "~", "$HOME",
];

/** Folders whose insides are sensitive too (anything under /proc, the Docker data root, cron's folders ...). */
const SENSITIVE_TREES = ["/proc/", "/sys/", "/boot/", "/root/", "/var/lib/docker/", "/var/lib/containerd/", "/etc/ssh/", "/etc/letsencrypt/", "/etc/sudoers.d/", "/etc/cron.d/", "/etc/systemd/", "/var/spool/cron/"];
/** A home folder itself, or its credential folders and anything in them (`~/.aws/credentials`). */
const HOME_DIRECTORY = /^(\/home\/[^/]+|\/Users\/[^/]+|~|\$HOME)((\/\.ssh|\/\.aws|\/\.kube|\/\.gnupg|\/\.docker|\/\.config\/gcloud|\/\.azure)(\/.*)?)?$/;

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
          const host = mountedHostPath(volume, context.model);
          if (!host || !volume.sourceNode) continue;
          const path = normaliseHostPath(host.path);
          // Engine sockets and the folders that hold them are no-docker-socket-mount's finding.
          if (allowed.has(path) || !isSensitive(path) || path.endsWith(".sock") || engineSocket(path)) continue;
          context.report({
            node: volume.sourceNode,
            messageId: volume.readOnly ? "readOnly" : "writable",
            data: { service: service.name, value: describeMountedHostPath(host) },
            ...(volume.readOnly ? { severity: "warn" as const } : {}),
          });
        }
      },
    };
  },
});
