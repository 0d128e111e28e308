import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  web:\n    ports:\n      - '127.0.0.1:80:8080'\n      - '127.0.0.1:443:8443'\n      - '9000'\n" },
    { name: "an entry Compose cannot read is valid-port-spec's, and the list is not judged", code: "services:\n  web:\n    ports: ['9000:9000', 'eighty']\n" },
  ],
  invalid: [
    {
      name: "by host port, numerically, the comment moving with its entry",
      code: "services:\n  web:\n    ports:\n      # HTTPS\n      - '127.0.0.1:443:8443'\n      - '127.0.0.1:80:8080'\n",
      errors: [{ messageId: "unsorted", data: { service: "web", expected: '"127.0.0.1:80:8080"', before: '"127.0.0.1:443:8443"' }, line: 5, column: 9, endLine: 5, endColumn: 29 }],
      output: "services:\n  web:\n    ports:\n      - '127.0.0.1:80:8080'\n      # HTTPS\n      - '127.0.0.1:443:8443'\n",
    },
    {
      name: "long syntax sorts by its published port",
      code: "services:\n  web:\n    ports:\n      - target: 80\n        published: 8080\n        host_ip: 127.0.0.1\n      - '127.0.0.1:3000:3000'\n",
      errors: [{ messageId: "unsorted", line: 4, column: 9, endLine: 6, endColumn: 27 }],
      output: "services:\n  web:\n    ports:\n      - '127.0.0.1:3000:3000'\n      - target: 80\n        published: 8080\n        host_ip: 127.0.0.1\n",
    },
  ],
});
