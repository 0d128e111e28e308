import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: 'services:\n  web:\n    ports: ["22:22", 8000, "8080:80"]\n' },
    { name: "not base-60 for YAML 1.1 (80 > 59)", code: "services:\n  web:\n    ports:\n      - 8080:80\n" },
  ],
  invalid: [
    {
      code: "services:\n  git:\n    ports:\n      - 22:22\n      - '2222:2222'\n      - 3022:22 # ssh\n",
      errors: [
        { messageId: "unquoted", data: { service: "git", value: "22:22" }, line: 4, column: 9, endLine: 4, endColumn: 14 },
        { messageId: "unquoted", data: { service: "git", value: "3022:22" }, line: 6, column: 9, endLine: 6, endColumn: 16 },
      ],
      output: "services:\n  git:\n    ports:\n      - '22:22'\n      - '2222:2222'\n      - '3022:22' # ssh\n",
    },
    {
      name: "all: every unquoted entry with a colon",
      code: "services:\n  web:\n    ports:\n      - 8080:80\n      - 127.0.0.1:9000:9000\n",
      options: [{ all: true }],
      errors: [
        { messageId: "unquoted", line: 4, column: 9, endLine: 4, endColumn: 16 },
        { messageId: "unquoted", line: 5, column: 9, endLine: 5, endColumn: 28 },
      ],
      output: 'services:\n  web:\n    ports:\n      - "8080:80"\n      - "127.0.0.1:9000:9000"\n',
    },
  ],
});
