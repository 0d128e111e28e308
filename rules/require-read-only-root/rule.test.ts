import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  web:\n    read_only: true\n    tmpfs: [/tmp]\n" },
    { name: "spellings Compose reads as true", code: 'services:\n  a:\n    read_only: "TRUE"\n  b:\n    read_only: "yes"\n  c:\n    read_only: ${READ_ONLY:-true}\n' },
  ],
  invalid: [
    {
      name: "a suggestion, never a fix: many images fail on a read-only root",
      code: "services:\n  web:\n    image: nginx:1.27\n    restart: always\n",
      errors: [
        {
          messageId: "writableRoot",
          data: { service: "web" },
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 6,
          suggestions: [{ messageId: "addReadOnly", output: "services:\n  web:\n    image: nginx:1.27\n    restart: always\n    read_only: true\n" }],
        },
      ],
      output: null,
    },
    {
      code: "services:\n  web:\n    read_only: false\n",
      errors: [{ messageId: "writableRoot", line: 3, column: 16, endLine: 3, endColumn: 21, suggestions: [] }],
      output: null,
    },
  ],
});
