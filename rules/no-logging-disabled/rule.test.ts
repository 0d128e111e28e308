import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [{ code: "services:\n  web:\n    logging:\n      driver: json-file\n      options: {max-size: 10m}\n" }, { code: "services:\n  web:\n    image: nginx\n" }],
  invalid: [
    {
      code: 'services:\n  web:\n    logging:\n      driver: "none"\n',
      errors: [{ messageId: "disabled", data: { service: "web", value: "none" }, line: 4, column: 15, endLine: 4, endColumn: 21 }],
      output: null,
    },
  ],
});
