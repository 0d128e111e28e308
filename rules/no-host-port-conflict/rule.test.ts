import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { name: "IPv4 and IPv6 loopback do not collide", code: 'services:\n  a:\n    ports: ["127.0.0.1:8000:80"]\n  b:\n    ports: ["[::1]:8000:80"]\n' },
    { name: "different protocols", code: 'services:\n  a:\n    ports: ["53:53/udp"]\n  b:\n    ports: ["53:53/tcp"]\n' },
    { name: "different addresses", code: 'services:\n  a:\n    ports: ["127.0.0.1:8000:80"]\n  b:\n    ports: ["127.0.0.2:8000:80"]\n' },
    { name: "#32 identical entries in one service are collapsed", code: 'services:\n  a:\n    ports: ["8000:8000", "8000:8000"]\n' },
    { name: "ephemeral host ports and pools", code: 'services:\n  a:\n    ports: ["80", "9000-9010:9000"]\n  b:\n    ports: ["80", "9000-9010:9000"]\n' },
    { name: "IPv4 wildcard and IPv6 loopback", code: 'services:\n  a:\n    ports: ["0.0.0.0:8000:80"]\n  b:\n    ports: ["[::1]:8000:80"]\n' },
    { name: "services with disjoint profiles never run together", code: 'services:\n  dev:\n    profiles: [dev]\n    ports: ["8000:80"]\n  prod:\n    profiles: [prod, staging]\n    ports: ["8000:80"]\n' },
    { name: "a host port from a variable nothing sets", code: 'services:\n  a:\n    ports: ["${A_PORT}:80"]\n  b:\n    ports: ["${B_PORT}:80"]\n' },
  ],
  invalid: [
    {
      name: "all interfaces collides with loopback: one finding, at the later entry, naming the earlier",
      code: 'services:\n  a:\n    ports: ["8000:80"]\n  b:\n    ports:\n      - "127.0.0.1:8000:8080"\n',
      errors: [
        { messageId: "conflict", data: { service: "b", hostPorts: "8000", protocol: "tcp", port: '"127.0.0.1:8000:8080"', other: "a", where: "line 3" }, line: 6, column: 9, endLine: 6, endColumn: 30 },
      ],
      output: null,
    },
    {
      name: "overlapping ranges, long syntax",
      code: 'services:\n  a:\n    ports: ["8000-8010:8000-8010"]\n  b:\n    ports:\n      - target: 80\n        published: 8005\n',
      errors: [{ messageId: "conflict", line: 6, column: 9, endLine: 7, endColumn: 24 }],
      output: null,
    },
    {
      name: "a wide range meets narrow entries before and after it; each names the earliest entry it collides with",
      code: 'services:\n  a:\n    ports: ["20000:80"]\n  b:\n    ports: ["10000-30000:10000-30000"]\n  c:\n    ports: ["20000:81", "40000:82"]\n',
      errors: [
        { messageId: "conflict", data: { service: "b", hostPorts: "10000-30000", protocol: "tcp", port: '"10000-30000:10000-30000"', other: "a", where: "line 3", value: "10000-30000:10000-30000" }, line: 5, column: 13, endLine: 5, endColumn: 38 },
        { messageId: "conflict", data: { service: "c", hostPorts: "20000", protocol: "tcp", port: '"20000:81"', other: "a", where: "line 3", value: "20000:81" }, line: 7, column: 13, endLine: 7, endColumn: 23 },
      ],
      output: null,
    },
    {
      name: "a profile in common, or a service without profiles, can run together",
      code: 'services:\n  a:\n    ports: ["8000:80"]\n  b:\n    profiles: [debug]\n    ports: ["8000:80"]\n  c:\n    profiles: [debug, ops]\n    ports: ["9000:80"]\n  d:\n    profiles: [ops]\n    ports: ["9000:80"]\n',
      errors: [
        { messageId: "conflict", data: { service: "b", hostPorts: "8000", protocol: "tcp", port: "\"8000:80\"", other: "a", where: "line 3" }, line: 6, column: 13, endLine: 6, endColumn: 22 },
        { messageId: "conflict", data: { service: "d", hostPorts: "9000", protocol: "tcp", port: "\"9000:80\"", other: "c", where: "line 9" }, line: 12, column: 13, endLine: 12, endColumn: 22 },
      ],
      output: null,
    },
  ],
});
