import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    {
      code: "services:\n  web:\n    networks: [front]\n    volumes: [data:/data]\n    secrets: [{source: token}]\n    configs: [nginx]\n    build:\n      context: .\n      secrets: [npmrc]\nnetworks:\n  front: {}\n  default: {}\nvolumes:\n  data:\nsecrets:\n  token: {file: ./t}\n  npmrc: {file: ./n}\nconfigs:\n  nginx: {file: ./c}\n",
    },
    {
      name: "a use written with a variable uses the name it gives; one that nothing sets may use any",
      code: "services:\n  web:\n    networks: [\"${NET:-front}\"]\n    volumes:\n      - {type: volume, source: \"${DATA:-data}\", target: /data}\n      - \"${CACHE:-cache}:/cache\"\n    secrets: [\"${TOKEN}\"]\n    configs: [{source: \"${CONF}\"}]\nnetworks:\n  front: {}\nvolumes:\n  data:\n  cache:\nsecrets:\n  token: {file: ./t}\n  other: {file: ./o}\nconfigs:\n  nginx: {file: ./c}\n",
    },
    {
      name: "a mount source that a variable nothing sets decides may be any volume",
      code: "services:\n  web:\n    volumes: [\"${DATA_DIR}:/data\"]\nvolumes:\n  data:\n",
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
    {
      name: "a variable's default names the definition it uses",
      code: "services:\n  web:\n    networks: [\"${NET:-front}\"]\nnetworks:\n  front: {}\n  back: {}\n",
      errors: [{ messageId: "unused", data: { kind: "network", value: "back" }, line: 6, column: 3, endLine: 6, endColumn: 7 }],
      output: null,
    },
  ],
});
