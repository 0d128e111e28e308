import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

const DIGEST = "sha256:" + "a".repeat(64);

new RuleTester().run(rule, {
  valid: [
    { code: `services:\n  db:\n    image: postgres:16.4@${DIGEST}\n` },
    { code: "services:\n  app:\n    build: .\n    image: team/app\n" },
    { code: "services:\n  app:\n    image: ${APP_IMAGE}\n" },
  ],
  invalid: [
    {
      code: "services:\n  db:\n    image: postgres:16.4\n  cache:\n    image: redis@sha256:short\n",
      errors: [
        { messageId: "noDigest", data: { service: "db", value: "postgres:16.4" }, line: 3, column: 12, endLine: 3, endColumn: 25 },
        { messageId: "noDigest", line: 5, column: 12, endLine: 5, endColumn: 30 },
      ],
      output: null,
    },
  ],
});
