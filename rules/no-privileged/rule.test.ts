import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  web:\n    image: nginx\n" },
    { code: "services:\n  web:\n    privileged: false\n" },
    { name: "the spellings Compose reads as false", code: 'services:\n  a:\n    privileged: "FALSE"\n  b:\n    privileged: no\n  c:\n    privileged: ${PRIVILEGED:-off}\n' },
    { name: "a string Compose refuses is valid-schema's to report", code: "services:\n  web:\n    privileged: maybe\n" },
  ],
  invalid: [
    {
      code: "services:\n  web:\n    privileged: true\n",
      errors: [{ messageId: "privileged", data: { service: "web", value: "true" }, line: 3, column: 17, endLine: 3, endColumn: 21 }],
      output: null,
    },
    {
      name: "through a merge key: reported where it is written",
      code: "x-base: &base\n  privileged: true\nservices:\n  a:\n    <<: *base\n",
      errors: [{ messageId: "privileged", data: { service: "a", value: "true" }, line: 2, column: 15, endLine: 2, endColumn: 19 }],
      output: null,
    },
    {
      name: "the spellings Compose reads as true: any case, yes and on, an interpolation default",
      code: 'services:\n  a:\n    privileged: "True"\n  b:\n    privileged: yes\n  c:\n    privileged: ${PRIVILEGED:-on}\n',
      errors: [
        { messageId: "privileged", data: { service: "a", value: "True" }, line: 3, column: 17, endLine: 3, endColumn: 23 },
        { messageId: "privileged", data: { service: "b", value: "yes" }, line: 5, column: 17, endLine: 5, endColumn: 20 },
        { messageId: "privileged", data: { service: "c", value: "${PRIVILEGED:-on}" }, line: 7, column: 17, endLine: 7, endColumn: 34 },
      ],
      output: null,
    },
  ],
});
