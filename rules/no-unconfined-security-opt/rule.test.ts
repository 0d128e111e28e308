import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: 'services:\n  web:\n    security_opt: ["no-new-privileges:true", "seccomp=./profile.json"]\n' },
    { code: "services:\n  web:\n    image: nginx\n" },
  ],
  invalid: [
    {
      code: "services:\n  web:\n    security_opt:\n      - seccomp:unconfined\n      - apparmor=unconfined\n      - label:disable\n      - label=disable\n",
      errors: [
        { messageId: "unconfined", data: { service: "web", value: "seccomp:unconfined", effect: "turns off the seccomp system-call filter" }, line: 4, column: 9, endLine: 4, endColumn: 27 },
        { messageId: "unconfined", line: 5, column: 9, endLine: 5, endColumn: 28 },
        { messageId: "unconfined", line: 6, column: 9, endLine: 6, endColumn: 22 },
        { messageId: "unconfined", line: 7, column: 9, endLine: 7, endColumn: 22 },
      ],
      output: null,
    },
  ],
});
