import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    {
      code: "services:\n  web:\n    depends_on: [db]\n    links: [\"db:database\"]\n    networks: [front, default]\n    volumes: [data:/data, ./x:/x]\n    secrets: [token]\n    configs: [{source: nginx, target: /etc/nginx.conf}]\n  db:\n    network_mode: service:web\n  worker:\n    extends: {service: web}\n  other:\n    extends: {file: base.yaml, service: elsewhere}\nnetworks:\n  front: {}\nvolumes:\n  data:\nsecrets:\n  token: {file: ./token}\nconfigs:\n  nginx: {file: ./nginx.conf}\n",
    },
    {
      name: "a name written with a variable is the name it gives; one that nothing sets could be any",
      code: "services:\n  web:\n    depends_on: [\"${DB_HOST:-db}\", \"${CACHE_HOST}\"]\n    links: [\"${DB_HOST:-db}:database\"]\n    networks: [\"${NET:-front}\"]\n    volumes:\n      - {type: volume, source: \"${DATA:-data}\", target: /data}\n      - \"${DATA:-data}:/more\"\n      - \"${CONF:-./conf}:/conf\"\n      - .env:/app/.env:ro\n    secrets: [\"${TOKEN}\"]\n  db:\n    network_mode: \"service:${PEER:-web}\"\nnetworks:\n  front: {}\nvolumes:\n  data:\n",
    },
    { name: "an override file refers to its base file", code: "services:\n  web:\n    depends_on: [db]\n", filename: "/srv/app/compose.override.yaml" },
  ],
  invalid: [
    {
      code: "services:\n  web:\n    depends_on:\n      database:\n        condition: service_started\n    links: [cache]\n    network_mode: \"service:vpn\"\n  worker:\n    extends:\n      service: wbe\n",
      errors: [
        { messageId: "undefinedService", data: { service: "web", value: "database", key: "depends_on", hint: "" }, line: 4, column: 7, endLine: 4, endColumn: 15 },
        { messageId: "undefinedService", data: { service: "web", value: "cache", key: "links", hint: "" }, line: 6, column: 13, endLine: 6, endColumn: 18 },
        { messageId: "undefinedService", data: { service: "web", value: "vpn", key: "network_mode", hint: "" }, line: 7, column: 19, endLine: 7, endColumn: 32 },
        { messageId: "undefinedService", data: { service: "worker", value: "wbe", key: "extends", hint: ' (did you mean "web"?)' }, line: 10, column: 16, endLine: 10, endColumn: 19 },
      ],
      output: null,
    },
    {
      code: "services:\n  web:\n    networks: [fornt]\n    volumes:\n      - data:/data\n      - type: volume\n        source: cache\n        target: /cache\n    secrets: [token]\n    configs: [nginx]\nnetworks:\n  front: {}\n",
      errors: [
        { messageId: "undefinedDefinition", data: { service: "web", kind: "network", value: "fornt", section: "networks", hint: ' (did you mean "front"?)' }, line: 3, column: 16, endLine: 3, endColumn: 21 },
        { messageId: "undefinedDefinition", data: { service: "web", kind: "volume", value: "data", section: "volumes", hint: "" }, line: 5, column: 9, endLine: 5, endColumn: 19 },
        { messageId: "undefinedDefinition", line: 7, column: 17, endLine: 7, endColumn: 22 },
        { messageId: "undefinedDefinition", data: { service: "web", kind: "secret", value: "token", section: "secrets", hint: "" }, line: 9, column: 15, endLine: 9, endColumn: 20 },
        { messageId: "undefinedDefinition", line: 10, column: 15, endLine: 10, endColumn: 20 },
      ],
      output: null,
    },
    {
      name: "a variable's default is checked; a mapping key is a name as written (Compose interpolates values, not keys)",
      code: "services:\n  web:\n    depends_on: [\"${DB_HOST:-dbb}\"]\n    networks: [\"${NET:-fornt}\"]\n    volumes: [\"${DATA:-dat}:/data\"]\n  api:\n    depends_on:\n      ${DB_HOST:-db}: {condition: service_started}\n  db:\n    image: postgres:16\nnetworks:\n  front: {}\nvolumes:\n  data:\n",
      errors: [
        { messageId: "undefinedService", data: { service: "web", value: "${DB_HOST:-dbb}", key: "depends_on", hint: ' (did you mean "db"?)' }, line: 3, column: 18, endLine: 3, endColumn: 35 },
        { messageId: "undefinedDefinition", data: { service: "web", kind: "network", value: "${NET:-fornt}", section: "networks", hint: ' (did you mean "front"?)' }, line: 4, column: 16, endLine: 4, endColumn: 31 },
        { messageId: "undefinedDefinition", data: { service: "web", kind: "volume", value: "${DATA:-dat}", section: "volumes", hint: ' (did you mean "data"?)' }, line: 5, column: 15, endLine: 5, endColumn: 35 },
        { messageId: "undefinedService", data: { service: "api", value: "${DB_HOST:-db}", key: "depends_on", hint: "" }, line: 8, column: 7, endLine: 8, endColumn: 21 },
      ],
      output: null,
    },
    {
      name: "a host path in a long-syntax mount without type: add type: bind, as a suggestion",
      code: "services:\n  web:\n    volumes:\n      - source: /var/lib/app\n        target: /data\n      - source: ./conf\n        target: /conf\n        read_only: true\n",
      errors: [
        {
          messageId: "bindWithoutType",
          data: { service: "web", value: "/var/lib/app" },
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 29,
          suggestions: [{ messageId: "addBindType", output: "services:\n  web:\n    volumes:\n      - source: /var/lib/app\n        target: /data\n        type: bind\n      - source: ./conf\n        target: /conf\n        read_only: true\n" }],
        },
        { messageId: "bindWithoutType", data: { service: "web", value: "./conf" }, line: 6, column: 17, endLine: 6, endColumn: 23 },
      ],
      output: null,
    },
  ],
});
