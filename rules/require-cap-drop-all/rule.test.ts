import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  web:\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n" },
    { code: "services:\n  web:\n    cap_drop:\n      - cap_all\n" },
  ],
  invalid: [
    {
      code: "services:\n  web:\n    image: nginx\n  db:\n    cap_drop: [NET_RAW]\n",
      errors: [
        { messageId: "missing", data: { service: "web" }, line: 2, column: 3, endLine: 2, endColumn: 6 },
        { messageId: "missing", data: { service: "db" }, line: 4, column: 3, endLine: 4, endColumn: 5 },
      ],
      output: null,
    },
  ],
});
