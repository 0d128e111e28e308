import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  a:\n    container_name: app-a\n  b:\n    container_name: app-b\n" },
    { code: "services:\n  a:\n    container_name: ${NAME}\n  b:\n    container_name: ${NAME}\n" },
  ],
  invalid: [
    {
      code: "services:\n  a:\n    container_name: app\n  b:\n    container_name: app\n  c:\n    container_name: \"app\"\n",
      errors: [
        { messageId: "duplicate", data: { service: "b", other: "a", value: "app" }, line: 5, column: 21, endLine: 5, endColumn: 24 },
        { messageId: "duplicate", data: { service: "c", other: "a", value: "app" }, line: 7, column: 21, endLine: 7, endColumn: 26 },
      ],
      output: null,
    },
  ],
});
