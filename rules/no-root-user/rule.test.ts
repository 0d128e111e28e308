import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [{ code: 'services:\n  web:\n    user: "1000:1000"\n' }, { code: "services:\n  web:\n    user: nginx\n" }, { code: "services:\n  web:\n    image: nginx\n" }],
  invalid: [
    {
      code: 'services:\n  a:\n    user: root\n  b:\n    user: 0\n  c:\n    user: "0:0"\n',
      errors: [
        { messageId: "root", data: { service: "a", value: "root" }, line: 3, column: 11, endLine: 3, endColumn: 15 },
        { messageId: "root", data: { service: "b", value: "0" }, line: 5, column: 11, endLine: 5, endColumn: 12 },
        { messageId: "root", data: { service: "c", value: "0:0" }, line: 7, column: 11, endLine: 7, endColumn: 16 },
      ],
      output: null,
    },
  ],
});
