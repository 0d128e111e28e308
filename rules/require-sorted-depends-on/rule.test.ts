import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [{ code: "services:\n  web:\n    depends_on: [api, db]\n  api: {image: a}\n  db: {image: b}\n" }],
  invalid: [
    {
      name: "a flow list",
      code: "services:\n  web:\n    depends_on: [db, api]\n  api: {image: a}\n  db: {image: b}\n",
      errors: [{ messageId: "unsorted", data: { service: "web", expected: "api", before: "db" }, line: 3, column: 18, endLine: 3, endColumn: 20 }],
      output: "services:\n  web:\n    depends_on: [api, db]\n  api: {image: a}\n  db: {image: b}\n",
    },
    {
      name: "the long form: each dependency with its conditions",
      code: "services:\n  web:\n    depends_on:\n      db:\n        condition: service_healthy\n      cache:\n        condition: service_started\n  db: {image: b}\n  cache: {image: c}\n",
      errors: [{ messageId: "unsorted", data: { service: "web", expected: "cache", before: "db" }, line: 4, column: 7, endLine: 4, endColumn: 9 }],
      output: "services:\n  web:\n    depends_on:\n      cache:\n        condition: service_started\n      db:\n        condition: service_healthy\n  db: {image: b}\n  cache: {image: c}\n",
    },
  ],
});
