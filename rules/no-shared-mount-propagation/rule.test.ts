import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [{ code: "services:\n  agent:\n    volumes:\n      - /mnt:/mnt:rslave\n      - ./data:/data:ro,rprivate\n" }],
  invalid: [
    {
      code: "services:\n  agent:\n    volumes:\n      - /mnt:/mnt:rshared\n      - type: bind\n        source: /srv\n        target: /srv\n        bind:\n          propagation: shared\n",
      errors: [
        { messageId: "shared", data: { service: "agent", source: "/mnt", value: "rshared" }, line: 4, column: 9, endLine: 4, endColumn: 26 },
        { messageId: "shared", data: { service: "agent", source: "/srv", value: "shared" }, line: 9, column: 11, endLine: 9, endColumn: 30 },
      ],
      output: null,
    },
  ],
});
