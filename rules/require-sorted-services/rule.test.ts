import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  api:\n    image: a\n  db:\n    image: b\n  web2:\n    image: c\n  web10:\n    image: d\n" },
    { name: "case does not matter", code: "services:\n  Api: {image: a}\n  db: {image: b}\n" },
  ],
  invalid: [
    {
      name: "whole services move with their comments and blank lines stay in place",
      code: "services:\n  # the front door\n  web:\n    image: nginx:1.27 # pinned\n    ports: ['127.0.0.1:8080:80']\n\n  # the database\n  db:\n    image: postgres:16\n\n  api:\n    image: example/api:1\n",
      errors: [{ messageId: "unsorted", data: { expected: "api", before: "web" }, line: 3, column: 3, endLine: 3, endColumn: 6 }],
      output:
        "services:\n  api:\n    image: example/api:1\n\n  # the database\n  db:\n    image: postgres:16\n\n  # the front door\n  web:\n    image: nginx:1.27 # pinned\n    ports: ['127.0.0.1:8080:80']\n",
    },
    {
      name: "a byte-order mark and CRLF line endings stay",
      code: "\uFEFFservices:\r\n  web:\r\n    image: nginx\r\n\r\n  db:\r\n    image: postgres\r\n",
      errors: [{ messageId: "unsorted", data: { expected: "db", before: "web" }, line: 2, column: 3, endLine: 2, endColumn: 6 }],
      output: "\uFEFFservices:\r\n  db:\r\n    image: postgres\r\n\r\n  web:\r\n    image: nginx\r\n",
    },
    {
      name: "a file without a final line break, and CRLF line endings",
      code: "services:\r\n  web:\r\n    image: nginx\r\n  db:\r\n    image: postgres",
      errors: [{ messageId: "unsorted", data: { expected: "db", before: "web" }, line: 2, column: 3, endLine: 2, endColumn: 6 }],
      output: "services:\r\n  db:\r\n    image: postgres\r\n  web:\r\n    image: nginx",
    },
    {
      name: "a flow mapping swaps its entries",
      code: "services: {web: {image: nginx}, db: {image: postgres}}\n",
      errors: [{ messageId: "unsorted", line: 1, column: 12, endLine: 1, endColumn: 15 }],
      output: "services: {db: {image: postgres}, web: {image: nginx}}\n",
    },
    {
      name: "never an alias before its anchor: reported, not fixed",
      code: "services:\n  web:\n    environment: &env\n      MODE: prod\n  api:\n    environment: *env\n",
      errors: [{ messageId: "unsorted", data: { expected: "api", before: "web" }, line: 2, column: 3, endLine: 2, endColumn: 6 }],
      output: null,
    },
  ],
});
