import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

const DEVICES = "services:\n  storage:\n    devices:\n      - /dev/md/raid1\n      - /dev/md127\n      - /dev/nbd0\n      - /dev/zram0\n      - /dev/./sdb:/dev/sdb\n";

new RuleTester().run(rule, {
  valid: [{ code: 'services:\n  zigbee:\n    devices: ["/dev/ttyUSB0:/dev/ttyUSB0", "/dev/dri:/dev/dri"]\n' }],
  invalid: [
    {
      name: "software RAID by name and number, network and compressed block devices, paths folded",
      code: DEVICES,
      errors: [4, 5, 6, 7, 8].map((line) => ({ messageId: "device" as const, line, column: 9, endLine: line, endColumn: DEVICES.split("\n")[line - 1]!.length + 1 })),
      output: null,
    },
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
