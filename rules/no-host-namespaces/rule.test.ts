import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  web:\n    pid: service:app\n    ipc: shareable\n" },
    { code: "services:\n  web:\n    image: nginx\n" },
  ],
  invalid: [
    {
      code: "services:\n  agent:\n    pid: host\n    ipc: host\n    uts: host\n    userns_mode: host\n    cgroup: host\n",
      errors: [
        { messageId: "hostNamespace", data: { service: "agent", key: "pid", effect: "sees and can signal every process on the host" }, line: 3, column: 10, endLine: 3, endColumn: 14 },
        { messageId: "hostNamespace", line: 4, column: 10, endLine: 4, endColumn: 14 },
        { messageId: "hostNamespace", line: 5, column: 10, endLine: 5, endColumn: 14 },
        { messageId: "hostNamespace", line: 6, column: 18, endLine: 6, endColumn: 22 },
        { messageId: "hostNamespace", line: 7, column: 13, endLine: 7, endColumn: 17 },
      ],
      output: null,
    },
  ],
});
