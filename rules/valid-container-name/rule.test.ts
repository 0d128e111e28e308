import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  a:\n    container_name: my_app.web-1\n" },
    { code: "services:\n  a:\n    container_name: ${PROJECT}-web\n" },
  ],
  invalid: [
    {
      code: "services:\n  a:\n    container_name: my app\n  b:\n    container_name: -web\n  c:\n    container_name: x\n",
      errors: [
        { messageId: "invalid", data: { service: "a", value: "my app" }, line: 3, column: 21, endLine: 3, endColumn: 27 },
        { messageId: "invalid", data: { service: "b", value: "-web" }, line: 5, column: 21, endLine: 5, endColumn: 25 },
        { messageId: "invalid", data: { service: "c", value: "x" }, line: 7, column: 21, endLine: 7, endColumn: 22 },
      ],
      output: null,
    },
  ],
});
