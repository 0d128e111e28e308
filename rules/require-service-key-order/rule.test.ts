import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  web:\n    image: nginx\n    restart: always\n    ports: ['127.0.0.1:80:80']\n    x-note: kept last\n" },
    { name: "keys the order does not name keep their place after the named ones", code: "services:\n  web:\n    image: nginx\n    stop_signal: SIGINT\n    init: true\n" },
    { name: "a custom order", code: "services:\n  web:\n    ports: ['127.0.0.1:80:80']\n    image: nginx\n", options: [{ order: ["ports", "image"] }] },
    { name: "a service with a merge key is left as it is", code: "x-base: &base\n  restart: always\nservices:\n  web:\n    ports: ['127.0.0.1:80:80']\n    <<: *base\n    image: nginx\n" },
  ],
  invalid: [
    {
      name: "a key with its nested value and its comment moves as one",
      code: "services:\n  web:\n    # published on loopback only\n    ports:\n      - '127.0.0.1:8080:80'\n    healthcheck:\n      test: [CMD, curl, -f, http://localhost]\n    image: nginx:1.27\n",
      errors: [
        {
          messageId: "order",
          data: { service: "web", expected: "image", before: "ports", order: "image, build, container_name, hostname, profiles, restart, depends_on, entrypoint, ..." },
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 10,
        },
      ],
      output: "services:\n  web:\n    image: nginx:1.27\n    # published on loopback only\n    ports:\n      - '127.0.0.1:8080:80'\n    healthcheck:\n      test: [CMD, curl, -f, http://localhost]\n",
    },
  ],
});
