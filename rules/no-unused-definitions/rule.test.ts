import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    {
      code: "services:\n  web:\n    networks: [front]\n    volumes: [data:/data]\n    secrets: [{source: token}]\n    configs: [nginx]\n    build:\n      context: .\n      secrets: [npmrc]\nnetworks:\n  front: {}\n  default: {}\nvolumes:\n  data:\nsecrets:\n  token: {file: ./t}\n  npmrc: {file: ./n}\nconfigs:\n  nginx: {file: ./c}\n",
    },
    { name: "a variant file's definitions serve its base file", code: "services: {}\nvolumes:\n  data:\n", filename: "docker-compose.prod.yml" },
  ],
  invalid: [
    {
      code: "services:\n  web:\n    image: nginx\nnetworks:\n  back: {}\nvolumes:\n  data:\nsecrets:\n  token:\n    file: ./t\nconfigs:\n  nginx:\n    file: ./c\n",
      errors: [
        { messageId: "unused", data: { kind: "network", value: "back" }, line: 5, column: 3, endLine: 5, endColumn: 7 },
        { messageId: "unused", data: { kind: "volume", value: "data" }, line: 7, column: 3, endLine: 7, endColumn: 7 },
        { messageId: "unused", data: { kind: "secret", value: "token" }, line: 9, column: 3, endLine: 9, endColumn: 8 },
        { messageId: "unused", data: { kind: "config", value: "nginx" }, line: 12, column: 3, endLine: 12, endColumn: 8 },
      ],
      output: null,
    },
  ],
});
