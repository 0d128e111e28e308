import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: 'services:\n  web:\n    security_opt: ["no-new-privileges:true"]\n' },
    { code: "services:\n  web:\n    security_opt:\n      - no-new-privileges=true\n" },
    { code: "services:\n  web:\n    security_opt: [no-new-privileges]\n" },
  ],
  invalid: [
    {
      code: "services:\n  web:\n    image: nginx\n  db:\n    security_opt: [no-new-privileges:false]\n",
      errors: [
        { messageId: "missing", data: { service: "web" }, line: 2, column: 3, endLine: 2, endColumn: 6 },
        { messageId: "missing", data: { service: "db" }, line: 4, column: 3, endLine: 4, endColumn: 5 },
      ],
      output: null,
    },
  ],
});
