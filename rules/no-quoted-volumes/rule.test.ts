import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  web:\n    volumes:\n      - ./html:/usr/share/nginx/html:ro\n      - type: bind\n        source: ./conf\n        target: /etc/nginx/conf.d\n" },
  ],
  invalid: [
    {
      name: "quotes that add nothing go; quotes that change the meaning stay (reported without a fix)",
      code: "services:\n  web:\n    volumes:\n      - \"./html:/usr/share/nginx/html:ro\"\n      - './data:/data'\n      - \"${DATA_DIR:-./data}:/data\"\n      - \"./notes #1:/srv\"\n",
      errors: [
        { messageId: "quoted", data: { service: "web", value: '"./html:/usr/share/nginx/html:ro"' }, line: 4, column: 9, endLine: 4, endColumn: 42 },
        { messageId: "quoted", line: 5, column: 9, endLine: 5, endColumn: 23 },
        { messageId: "quoted", line: 6, column: 9, endLine: 6, endColumn: 36 },
        { messageId: "quoted", line: 7, column: 9, endLine: 7, endColumn: 26 },
      ],
      output: "services:\n  web:\n    volumes:\n      - ./html:/usr/share/nginx/html:ro\n      - ./data:/data\n      - \"${DATA_DIR:-./data}:/data\"\n      - \"./notes #1:/srv\"\n",
    },
  ],
});
