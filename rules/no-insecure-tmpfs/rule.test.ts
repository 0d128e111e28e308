import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [{ code: "services:\n  web:\n    tmpfs:\n      - /tmp\n      - /run:size=64m,mode=1777\n" }, { code: "services:\n  web:\n    tmpfs: /tmp:noexec\n" }],
  invalid: [
    {
      code: "services:\n  web:\n    tmpfs:\n      - /tmp:exec,size=64m\n      - /run:suid,dev\n  app:\n    tmpfs: /cache:exec\n",
      errors: [
        { messageId: "relaxed", data: { service: "web", path: "/tmp", value: "exec", effect: "runs programs written there" }, line: 4, column: 9, endLine: 4, endColumn: 27 },
        { messageId: "relaxed", data: { service: "web", path: "/run", value: "suid", effect: "honours setuid bits" }, line: 5, column: 9, endLine: 5, endColumn: 22 },
        { messageId: "relaxed", data: { service: "web", path: "/run", value: "dev", effect: "allows device files" }, line: 5, column: 9, endLine: 5, endColumn: 22 },
        { messageId: "relaxed", line: 7, column: 12, endLine: 7, endColumn: 23 },
      ],
      output: null,
    },
  ],
});
