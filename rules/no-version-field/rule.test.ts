import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [{ code: "services:\n  web:\n    image: nginx\n" }, { code: "x-version: 1\nservices: {}\n" }],
  invalid: [
    {
      name: "removes exactly the key and its value, comments around it stay",
      code: '# deploy stack\nversion: "3.8" # old\n\nservices:\n  web:\n    image: nginx\n',
      errors: [{ messageId: "obsolete", line: 2, column: 1, endLine: 2, endColumn: 8 }],
      output: "# deploy stack\n\nservices:\n  web:\n    image: nginx\n",
    },
    {
      name: "CRLF, at the end of the file",
      code: "services:\r\n  web:\r\n    image: nginx\r\nversion: '2'\r\n",
      errors: [{ messageId: "obsolete", line: 4, column: 1, endLine: 4, endColumn: 8 }],
      output: "services:\r\n  web:\r\n    image: nginx\r\n",
    },
    {
      name: "a flow-style document is reported without a fix",
      code: '{version: "3", services: {}}\n',
      errors: [{ messageId: "obsolete", line: 1, column: 2, endLine: 1, endColumn: 9 }],
      output: null,
    },
  ],
});
