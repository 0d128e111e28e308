import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  app:\n    environment:\n      DATABASE_URL: postgres://app:${DB_PASSWORD}@db:5432/app\n      CACHE_URL: redis://cache:6379/0\n      BROKER_URL: amqp://guest@mq:5672//\n      HOME_URL: https://example.com/a:b@c\n" },
  ],
  invalid: [
    {
      name: "$$ is an escaped $: the password is written out",
      code: "services:\n  app:\n    environment:\n      DATABASE_URL: postgres://app:pa$$w0rd@db/app\n",
      errors: [{ messageId: "credentials", line: 4, column: 21, endLine: 4, endColumn: 51 }],
      output: null,
    },
    {
      name: "map and list forms; the URL never appears in the message",
      code: "services:\n  app:\n    environment:\n      DATABASE_URL: postgres://app:secret@db/app\n  worker:\n    environment:\n      - BROKER=amqps://user:p%40ss@mq.example.com:5671/\n",
      errors: [
        { messageId: "credentials", data: { service: "app", name: "DATABASE_URL" }, line: 4, column: 21, endLine: 4, endColumn: 49 },
        { messageId: "credentials", data: { service: "worker", name: "BROKER" }, line: 7, column: 9, endLine: 7, endColumn: 56 },
      ],
      output: null,
    },
  ],
});
