import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { name: "Docker's default capabilities change nothing", code: "services:\n  web:\n    cap_add: [NET_BIND_SERVICE, CHOWN, NET_RAW]\n" },
    { code: "services:\n  vpn:\n    cap_add: [NET_ADMIN]\n", options: [{ ignore: ["net_admin"] }] },
  ],
  invalid: [
    {
      name: "as the engine reads cap_add: CAP_ALL and unknown names are refused; CAP_SYS_ADMIN is SYS_ADMIN; all is ALL",
      code: "services:\n  app:\n    cap_add: [CAP_ALL, SYS_ADMN, CAP_SYS_ADMIN, all, \"${EXTRA_CAP}\"]\n",
      errors: [
        { messageId: "unknownCapability", severity: "error", data: { service: "app", value: "CAP_ALL", hint: "Only the bare name ALL stands for every capability (and should not be added either)." }, line: 3, column: 15, endLine: 3, endColumn: 22 },
        { messageId: "unknownCapability", severity: "error", data: { service: "app", value: "SYS_ADMN", hint: "Check the name against capabilities(7)." }, line: 3, column: 24, endLine: 3, endColumn: 32 },
        { messageId: "capability", severity: "error", data: { service: "app", capability: "SYS_ADMIN", grade: "critical", grants: "mounts, namespaces and most container escapes" }, line: 3, column: 34, endLine: 3, endColumn: 47 },
        { messageId: "capability", severity: "error", line: 3, column: 49, endLine: 3, endColumn: 52 },
        // A variable's capability is not known: a bounded one is assumed, as before.
        { messageId: "capability", severity: "warn", line: 3, column: 54, endLine: 3, endColumn: 68 },
      ],
      output: null,
    },
    {
      name: "graded: host code execution, host reach, bounded",
      code: "services:\n  vpn:\n    cap_add:\n      - NET_ADMIN\n      - cap_sys_module\n      - CHOWN\n      - SYS_NICE\n      - ALL\n",
      errors: [
        { messageId: "capability", severity: "error", data: { service: "vpn", capability: "NET_ADMIN", grade: "high", grants: "changing routes, firewall rules and interfaces of its network" }, line: 4, column: 9, endLine: 4, endColumn: 18 },
        { messageId: "capability", severity: "error", data: { service: "vpn", capability: "SYS_MODULE", grade: "critical", grants: "loading kernel modules: code in the host kernel" }, line: 5, column: 9, endLine: 5, endColumn: 23 },
        { messageId: "capability", severity: "warn", data: { service: "vpn", capability: "SYS_NICE", grade: "low", grants: "powers beyond Docker's default set, bounded to the container" }, line: 7, column: 9, endLine: 7, endColumn: 17 },
        { messageId: "capability", severity: "error", line: 8, column: 9, endLine: 8, endColumn: 12 },
      ],
      output: null,
    },
    {
      code: "services:\n  web:\n    cap_add: [WAKE_ALARM]\n",
      options: [{ extra: ["wake_alarm"] }],
      errors: [{ messageId: "capability", severity: "error", data: { service: "web", capability: "WAKE_ALARM", grade: "high", grants: "powers your policy marks as dangerous" }, line: 3, column: 15, endLine: 3, endColumn: 25 }],
      output: null,
    },
  ],
});
