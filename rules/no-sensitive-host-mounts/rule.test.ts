import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  web:\n    volumes:\n      - ./site:/usr/share/nginx/html:ro\n      - /etc/localtime:/etc/localtime:ro\n      - data:/data\n" },
    { name: "the socket is another rule's finding", code: "services:\n  web:\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n" },
    { code: "services:\n  exporter:\n    volumes:\n      - /proc:/host/proc:ro\n", options: [{ allow: ["/proc"] }] },
  ],
  invalid: [
    {
      name: "writable mounts are errors, read-only ones warnings",
      code: "services:\n  agent:\n    volumes:\n      - /:/host\n      - /etc:/host/etc:ro\n      - /var/lib/docker/volumes:/volumes\n      - ~/.ssh:/root/.ssh:ro\n      - type: bind\n        source: /home/deploy\n        target: /home\n",
      errors: [
        { messageId: "writable", severity: "error", data: { service: "agent", value: "/" }, line: 4, column: 9, endLine: 4, endColumn: 16 },
        { messageId: "readOnly", severity: "warn", data: { service: "agent", value: "/etc" }, line: 5, column: 9, endLine: 5, endColumn: 26 },
        { messageId: "writable", line: 6, column: 9, endLine: 6, endColumn: 41 },
        { messageId: "readOnly", line: 7, column: 9, endLine: 7, endColumn: 29 },
        { messageId: "writable", line: 9, column: 17, endLine: 9, endColumn: 29 },
      ],
      output: null,
    },
    {
      code: "services:\n  web:\n    volumes:\n      - /srv/secrets:/secrets\n",
      options: [{ paths: ["/srv/secrets/"] }],
      errors: [{ messageId: "writable", line: 4, column: 9, endLine: 4, endColumn: 30 }],
      output: null,
    },
  ],
});
