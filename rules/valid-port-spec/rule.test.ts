import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: 'services:\n  web:\n    ports: ["8000:8000", "127.0.0.1::80", "[::1]:81:81", 82, "8000-8010:8000-8010/udp"]\n' },
    { code: "services:\n  web:\n    ports:\n      - target: 80\n        published: 8000-8001\n        host_ip: 127.0.0.1\n" },
    { code: 'services:\n  web:\n    ports: ["${BIND:-::1}:80:80", "${PORT}:80"]\n' },
  ],
  invalid: [
    {
      name: "#26 to #31 and #39, #40: what Compose rejects",
      code:
        'services:\n  web:\n    ports:\n      - "localhost:8000:8000"\n      - "127.0.0.1:8000"\n      - "[::1]:8000"\n      - "80-81:8080-8082"\n      - "65536:80"\n      - "8000:8000/xyz"\n      - {target: 80, host_ip: localhost}\n      - {target: 80, host_ip: "[::1]"}\n      - 80.5\n',
      errors: [
        { messageId: "invalid", data: { service: "web", port: '"localhost:8000:8000"', reason: 'invalid host IP "localhost"' }, line: 4, column: 9, endLine: 4, endColumn: 30 },
        { messageId: "invalid", data: { service: "web", port: '"127.0.0.1:8000"', reason: 'invalid host port "127.0.0.1"' }, line: 5, column: 9, endLine: 5, endColumn: 25 },
        { messageId: "invalid", line: 6, column: 9, endLine: 6, endColumn: 21 },
        { messageId: "invalid", line: 7, column: 9, endLine: 7, endColumn: 26 },
        { messageId: "invalid", line: 8, column: 9, endLine: 8, endColumn: 19 },
        { messageId: "invalid", line: 9, column: 9, endLine: 9, endColumn: 24 },
        { messageId: "invalid", line: 10, column: 9, endLine: 10, endColumn: 41 },
        { messageId: "invalid", line: 11, column: 9, endLine: 11, endColumn: 39 },
        { messageId: "invalid", data: { service: "web", port: '"80.5"', reason: "a port number must be an integer" }, line: 12, column: 9, endLine: 12, endColumn: 13 },
      ],
      output: null,
    },
    {
      name: "#46 ports with another service's network",
      code: 'services:\n  web:\n    network_mode: "service:vpn"\n    ports: ["8000:8000"]\n  vpn:\n    image: vpn\n',
      errors: [{ messageId: "withServiceNetwork", data: { service: "web", mode: "service:vpn" }, line: 4, column: 5, endLine: 4, endColumn: 10 }],
      output: null,
    },
    {
      name: "#8 unbracketed IPv6 is a portability warning",
      code: 'services:\n  web:\n    ports: ["::1:8000:8000"]\n',
      errors: [{ messageId: "unbracketedIpv6", severity: "warn", data: { service: "web", port: '"::1:8000:8000"', address: "::1" }, line: 3, column: 13, endLine: 3, endColumn: 28 }],
      output: null,
    },
  ],
});
