import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [{ code: 'services:\n  zigbee:\n    devices: ["/dev/ttyUSB0:/dev/ttyUSB0", "/dev/dri:/dev/dri"]\n' }],
  invalid: [
    {
      code: "services:\n  backup:\n    devices:\n      - /dev/sda:/dev/xvda:rwm\n      - /dev/mem\n      - source: /dev/fuse\n        target: /dev/fuse\n      - /dev/nvme0n1\n",
      errors: [
        { messageId: "device", data: { service: "backup", value: "/dev/sda" }, line: 4, column: 9, endLine: 4, endColumn: 31 },
        { messageId: "device", data: { service: "backup", value: "/dev/mem" }, line: 5, column: 9, endLine: 5, endColumn: 17 },
        { messageId: "device", data: { service: "backup", value: "/dev/fuse" }, line: 6, column: 17, endLine: 6, endColumn: 26 },
        { messageId: "device", line: 8, column: 9, endLine: 8, endColumn: 21 },
      ],
      output: null,
    },
  ],
});
