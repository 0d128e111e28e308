import { RuleTester } from "@compose-lint/rule-tester";
import rule from "./rule.js";

new RuleTester().run(rule, {
  valid: [
    { code: "services:\n  web:\n    deploy:\n      resources:\n        limits:\n          memory: 512m\n          cpus: '1.0'\n          pids: 200\n" },
    { code: "services:\n  web:\n    mem_limit: 512m\n    cpus: 1\n    pids_limit: 200\n" },
  ],
  invalid: [
    {
      code: "services:\n  web:\n    image: nginx\n  worker:\n    mem_limit: 1g\n    deploy:\n      resources:\n        limits:\n          cpus: '0.5'\n",
      errors: [
        { messageId: "missing", data: { service: "web", missing: "memory, CPU, process (pids)" }, line: 2, column: 3, endLine: 2, endColumn: 6 },
        { messageId: "missing", data: { service: "worker", missing: "process (pids)" }, line: 4, column: 3, endLine: 4, endColumn: 9 },
      ],
      output: null,
    },
  ],
});
