import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [{ code: "name: booking\nservices: {}\n" }],
  invalid: [
    {
      code: "# stack\nservices:\n  web:\n    image: nginx\n",
      errors: [{ messageId: "missing", line: 2, column: 1, endLine: 2, endColumn: 9 }],
      output: null,
    },
  ],
});
