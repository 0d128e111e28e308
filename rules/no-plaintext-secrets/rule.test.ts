import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      TOKEN_TTL: 3600\n      API_KEY:\n" },
    { code: "services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=${DB_PASSWORD:?set it}\n      - GITHUB_TOKEN\n      - SECRET_ROTATION=true\n" },
    { code: "services:\n  db:\n    environment:\n      DEMO_PASSWORD: demo\n", options: [{ allowVariables: ["DEMO_PASSWORD"] }] },
  ],
  invalid: [
    {
      name: "map and list form; the value never appears in the message",
      code: "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: hunter2\n  app:\n    environment:\n      - STRIPE_API_KEY=sk_live_abc\n      - django_secret_key='x'\n",
      errors: [
        { messageId: "plaintextSecret", data: { service: "db", name: "POSTGRES_PASSWORD" }, line: 4, column: 26, endLine: 4, endColumn: 33 },
        { messageId: "plaintextSecret", data: { service: "app", name: "STRIPE_API_KEY" }, line: 7, column: 9, endLine: 7, endColumn: 35 },
        { messageId: "plaintextSecret", data: { service: "app", name: "django_secret_key" }, line: 8, column: 9, endLine: 8, endColumn: 30 },
      ],
      output: null,
    },
    {
      code: "services:\n  app:\n    environment:\n      SESSION_COOKIE: abc123\n",
      options: [{ patterns: ["cookie"] }],
      errors: [{ messageId: "plaintextSecret", line: 4, column: 23, endLine: 4, endColumn: 29 }],
      output: null,
    },
  ],
});
