import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  a:\n    image: postgres:16.4\n  b:\n    image: registry.example.com:5000/team/app:1.2.3\n  c:\n    image: redis@sha256:0123456789abcdef\n" },
    { name: "built images name what they build", code: "services:\n  a:\n    build: .\n    image: team/app\n" },
    { name: "a variable without default is decided at deploy time", code: "services:\n  a:\n    image: ${APP_IMAGE}\n" },
    { code: "services:\n  a:\n    image: team/app:${TAG:-1.4.0}\n" },
  ],
  invalid: [
    {
      code: "services:\n  a:\n    image: nginx\n  b:\n    image: registry.example.com:5000/team/app\n  c:\n    image: redis:latest\n  d:\n    image: team/app:${TAG:-main}\n",
      errors: [
        { messageId: "noTag", data: { service: "a", value: "nginx" }, line: 3, column: 12, endLine: 3, endColumn: 17 },
        { messageId: "noTag", line: 5, column: 12, endLine: 5, endColumn: 46 },
        { messageId: "floatingTag", data: { service: "c", value: "redis:latest", tag: "latest" }, line: 7, column: 12, endLine: 7, endColumn: 24 },
        { messageId: "floatingTag", data: { service: "d", value: "team/app:${TAG:-main}", tag: "main" }, line: 9, column: 12, endLine: 9, endColumn: 33 },
      ],
      output: null,
    },
    {
      code: "services:\n  a:\n    image: postgres:16.4\n",
      options: [{ requireDigest: true }],
      errors: [{ messageId: "noDigest", line: 3, column: 12, endLine: 3, endColumn: 25 }],
      output: null,
    },
  ],
});
