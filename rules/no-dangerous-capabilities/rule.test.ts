import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  web:\n    cap_add: [NET_BIND_SERVICE, CHOWN]\n" },
    { code: "services:\n  vpn:\n    cap_add: [NET_ADMIN]\n", options: [{ capabilities: ["SYS_ADMIN"] }] },
  ],
  invalid: [
    {
      code: "services:\n  vpn:\n    cap_add:\n      - NET_ADMIN\n      - cap_sys_module\n      - CHOWN\n      - ALL\n",
      errors: [
        { messageId: "capability", data: { service: "vpn", capability: "NET_ADMIN" }, line: 4, column: 9, endLine: 4, endColumn: 18 },
        { messageId: "capability", data: { service: "vpn", capability: "SYS_MODULE" }, line: 5, column: 9, endLine: 5, endColumn: 23 },
        { messageId: "capability", data: { service: "vpn", capability: "ALL" }, line: 7, column: 9, endLine: 7, endColumn: 12 },
      ],
      output: null,
    },
    {
      code: "services:\n  web:\n    cap_add: [CHOWN]\n",
      options: [{ capabilities: ["chown"] }],
      errors: [{ messageId: "capability", line: 3, column: 15, endLine: 3, endColumn: 20 }],
      output: null,
    },
  ],
});
