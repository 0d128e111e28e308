export { RuleTester, type ValidCase, type InvalidCase, type ExpectedError, type ExpectedSuggestion } from "./rule-tester.js";
export { lintWithRule } from "./lint-with-rule.js";
export { runFixtures } from "./fixtures.js";
