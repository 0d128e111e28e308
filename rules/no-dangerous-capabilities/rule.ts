import { createRule, objectOption, ruleDocsUrl, serviceEntry, stringList, type Grade } from "@compose-lint/core";

export type Options = [{ ignore: string[]; extra: string[] }];

/** What a capability lets a compromised container do to the host, worst first. */
export const CAPABILITY_GRADES: Record<string, { grade: Grade; grants: string }> = {
  ALL: { grade: "critical", grants: "every capability, and with them code execution on the host" },
  SYS_ADMIN: { grade: "critical", grants: "mounts, namespaces and most container escapes" },
  SYS_MODULE: { grade: "critical", grants: "loading kernel modules: code in the host kernel" },
  SYS_RAWIO: { grade: "critical", grants: "raw access to host memory and I/O ports" },
  DAC_READ_SEARCH: { grade: "critical", grants: "opening any host file by handle (the \"shocker\" escape)" },
  BPF: { grade: "critical", grants: "loading eBPF programs into the host kernel" },
  PERFMON: { grade: "critical", grants: "kernel tracing that reads other processes' memory" },
  NET_ADMIN: { grade: "high", grants: "changing routes, firewall rules and interfaces of its network" },
  SYS_PTRACE: { grade: "high", grants: "reading and changing other processes' memory" },
  SYS_TIME: { grade: "high", grants: "setting the host's clock" },
  SYS_BOOT: { grade: "high", grants: "rebooting the host" },
  MAC_ADMIN: { grade: "high", grants: "changing AppArmor or SELinux policy" },
  MAC_OVERRIDE: { grade: "high", grants: "bypassing AppArmor or SELinux policy" },
  SYSLOG: { grade: "high", grants: "reading the kernel log, which leaks kernel addresses" },
  LINUX_IMMUTABLE: { grade: "high", grants: "changing immutable and append-only files" },
  AUDIT_CONTROL: { grade: "high", grants: "turning off kernel auditing" },
};

/** Every Linux capability (capabilities(7)); the engine refuses any other name in cap_add. */
const LINUX_CAPABILITIES = new Set([
  "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
  "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
  "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
  "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
  "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
  "CHECKPOINT_RESTORE",
]);

/** Docker grants these by default: adding one changes nothing. */
const DEFAULT_CAPABILITIES = new Set([
  "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
  "NET_BIND_SERVICE", "NET_RAW", "SYS_CHROOT", "MKNOD", "AUDIT_WRITE", "SETFCAP",
]);

export default createRule<"capability" | "unknownCapability", Options>({
  id: "no-dangerous-capabilities",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow adding capabilities that reach past the container",
      category: "security",
      recommended: true,
      url: ruleDocsUrl("no-dangerous-capabilities"),
    },
    defaultSeverity: "error",
    grade: "critical",
    references: [
      { title: "CIS Docker Benchmark 5.3: Ensure that Linux kernel capabilities are restricted within containers", url: "https://www.cisecurity.org/benchmark/docker" },
      { title: "OWASP Docker Security Cheat Sheet, RULE #3: Limit capabilities", url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html" },
      { title: "capabilities(7)", url: "https://man7.org/linux/man-pages/man7/capabilities.7.html" },
    ],
    schema: [
      objectOption({
        ignore: { type: "array", items: { type: "string", pattern: "^[A-Za-z_]+$" } },
        extra: { type: "array", items: { type: "string", pattern: "^[A-Za-z_]+$" } },
      }),
    ],
    messages: {
      unknownCapability:
        'Service "{{service}}" adds "{{value}}", which the engine refuses ("unknown capability") so the container does not start. {{hint}}',
      capability:
        'Service "{{service}}" adds the {{capability}} capability ({{grade}}): it grants {{grants}}. Drop it, or grant a narrower capability.',
    },
  },
  defaultOptions: [{ ignore: [], extra: [] }],
  create(context) {
    const [{ ignore, extra }] = context.options;
    const ignored = new Set(ignore.map(normalise));
    const extras = new Set(extra.map(normalise));
    return {
      service(service) {
        for (const capability of stringList(serviceEntry(service, "cap_add"), context.model.document)) {
          const name = normalise(capability.value);
          if (ignored.has(name) || DEFAULT_CAPABILITIES.has(name)) continue;
          // As the engine reads cap_add: upper-cased, bare ALL is every capability, any other name
          // gets a CAP_ prefix and must be a Linux capability. So CAP_ALL is refused, not "all".
          const upper = capability.value.trim().toUpperCase();
          if (upper !== "ALL" && !capability.value.includes("$") && !LINUX_CAPABILITIES.has(name)) {
            const hint = name === "ALL" ? "Only the bare name ALL stands for every capability (and should not be added either)." : "Check the name against capabilities(7).";
            context.report({ node: capability, messageId: "unknownCapability", data: { service: service.name, value: capability.value, hint }, grade: "medium" });
            continue;
          }
          const known = CAPABILITY_GRADES[name] ?? (extras.has(name) ? { grade: "high" as const, grants: "powers your policy marks as dangerous" } : undefined);
          // Bounded capabilities (SYS_NICE, IPC_LOCK ...) are worth a look, not a failed build.
          const { grade, grants } = known ?? { grade: "low" as const, grants: "powers beyond Docker's default set, bounded to the container" };
          context.report({
            node: capability,
            messageId: "capability",
            data: { service: service.name, capability: name, grade, grants, value: capability.value },
            grade,
            ...(grade === "low" ? { severity: "warn" as const } : {}),
          });
        }
      },
    };
  },
});

/** `cap_sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` are one capability. */
function normalise(capability: string): string {
  return capability.trim().toUpperCase().replace(/^CAP_/, "");
}
