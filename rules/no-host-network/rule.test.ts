import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  web:\n    image: nginx\n" },
    { code: "services:\n  web:\n    network_mode: bridge\n" },
    { code: 'services:\n  web:\n    network_mode: "service:vpn"\n  vpn:\n    image: vpn\n' },
    { name: "a mode that a variable nothing sets decides", code: 'services:\n  web:\n    network_mode: "${NETWORK_MODE}"\n' },
  ],
  invalid: [
    {
      name: "#45 host network",
      code: "services:\n  web:\n    image: nginx\n    network_mode: host\n",
      errors: [{ messageId: "hostNetwork", data: { service: "web" }, line: 4, column: 19, endLine: 4, endColumn: 23 }],
      output: null,
    },
    {
      name: "#44 with ports, which Compose drops",
      code: 'services:\n  web:\n    network_mode: "host"\n    ports: ["8000:8000"]\n',
      errors: [
        { messageId: "hostNetwork", line: 3, column: 19, endLine: 3, endColumn: 25 },
        { messageId: "deadPorts", data: { service: "web" }, line: 4, column: 5, endLine: 4, endColumn: 10 },
      ],
      output: null,
    },
    {
      name: "host as a variable's default: what Compose reads",
      code: 'services:\n  web:\n    network_mode: "${NETWORK_MODE:-host}"\n',
      errors: [{ messageId: "hostNetwork", data: { service: "web", value: "${NETWORK_MODE:-host}" }, line: 3, column: 19, endLine: 3, endColumn: 42 }],
      output: null,
    },
  ],
});
