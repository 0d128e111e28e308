import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  web:\n    image: nginx\n" },
    { code: "services:\n  web:\n    privileged: false\n" },
  ],
  invalid: [
    {
      code: "services:\n  web:\n    privileged: true\n",
      errors: [{ messageId: "privileged", data: { service: "web" }, line: 3, column: 17, endLine: 3, endColumn: 21 }],
      output: null,
    },
    {
      name: "through a merge key: reported where it is written",
      code: "x-base: &base\n  privileged: true\nservices:\n  a:\n    <<: *base\n",
      errors: [{ messageId: "privileged", data: { service: "a" }, line: 2, column: 15, endLine: 2, endColumn: 19 }],
      output: null,
    },
  ],
});
