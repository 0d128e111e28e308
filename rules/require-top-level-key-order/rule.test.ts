import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [{ code: "x-common: &common\n  restart: always\nname: shop\nservices:\n  web:\n    <<: *common\n    image: nginx\nvolumes:\n  data: {}\n" }],
  invalid: [
    {
      name: "sections move whole; extensions, which hold anchors, go first",
      code: "volumes:\n  data: {}\n\nservices:\n  web:\n    image: nginx\n    volumes: [data:/data]\n\nname: shop\n",
      errors: [
        {
          messageId: "order",
          data: { expected: "name", before: "volumes", order: "x-*, version, name, include, services, networks, volumes, secrets, configs, models" },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 8,
        },
      ],
      output: "name: shop\n\nservices:\n  web:\n    image: nginx\n    volumes: [data:/data]\n\nvolumes:\n  data: {}\n",
    },
    {
      name: "an extension after the services that alias it: moving it first keeps each anchor before its alias",
      code: "services:\n  web:\n    logging: *logging\nx-logging: &logging\n  driver: local\n",
      errors: [{ messageId: "order", data: { expected: "x-logging", before: "services", order: "x-*, version, name, include, services, networks, volumes, secrets, configs, models" }, line: 1, column: 1, endLine: 1, endColumn: 9 }],
      output: null,
    },
  ],
});
