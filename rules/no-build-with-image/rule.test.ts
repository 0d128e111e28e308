import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  web:\n    build: .\n" },
    { name: "pull_policy says the build wins", code: "services:\n  web:\n    build: .\n    image: shop/web:1.0\n    pull_policy: build\n" },
  ],
  invalid: [
    {
      code: "services:\n  web:\n    build: .\n    image: shop/web:1.0\n",
      errors: [{ messageId: "both", data: { service: "web", value: "shop/web:1.0" }, line: 4, column: 12, endLine: 4, endColumn: 24 }],
      output: null,
    },
  ],
});
