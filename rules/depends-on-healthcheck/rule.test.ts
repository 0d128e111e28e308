import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: 'services:\n  web:\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n' },
    { name: "timings tune the image's own HEALTHCHECK", code: "services:\n  web:\n    depends_on:\n      db: {condition: service_healthy}\n  db:\n    healthcheck:\n      interval: 5s\n" },
    { code: "services:\n  web:\n    depends_on:\n      db: {condition: service_started}\n  db:\n    image: postgres\n" },
    { code: "services:\n  web:\n    depends_on: [db]\n  db:\n    image: postgres\n" },
    { code: "services:\n  web:\n    depends_on:\n      db: {condition: service_healthy}\n  db:\n    image: example/db-with-healthcheck:2\n", options: [{ imagesWithHealthcheck: ["db-with-healthcheck"] }] },
  ],
  invalid: [
    {
      code: "services:\n  web:\n    depends_on:\n      db:\n        condition: service_healthy\n      cache:\n        condition: service_healthy\n  db:\n    image: postgres\n  cache:\n    healthcheck:\n      disable: true\n",
      errors: [
        { messageId: "noHealthcheck", data: { service: "web", value: "db" }, line: 4, column: 7, endLine: 4, endColumn: 9 },
        { messageId: "noHealthcheck", data: { service: "web", value: "cache" }, line: 6, column: 7, endLine: 6, endColumn: 12 },
      ],
      output: null,
    },
    {
      name: "an optional dependency (required: false): Compose starts the service without waiting",
      code: "services:\n  web:\n    depends_on:\n      db:\n        condition: service_healthy\n        required: false\n      cache:\n        condition: service_healthy\n        required: true\n  db:\n    image: postgres:16\n    profiles: [db]\n  cache:\n    image: redis:7.4\n",
      errors: [
        { messageId: "optionalNeverHealthy", data: { service: "web", value: "db" }, line: 4, column: 7, endLine: 4, endColumn: 9 },
        { messageId: "noHealthcheck", data: { service: "web", value: "cache" }, line: 7, column: 7, endLine: 7, endColumn: 12 },
      ],
      output: null,
    },
    {
      name: 'test: ["NONE"] turns the check off',
      code: 'services:\n  web:\n    depends_on:\n      db: {condition: service_healthy}\n  db:\n    healthcheck:\n      test: ["NONE"]\n',
      errors: [{ messageId: "noHealthcheck", line: 4, column: 7, endLine: 4, endColumn: 9 }],
      output: null,
    },
  ],
});
