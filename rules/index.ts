import type { AnyRule } from "@compose-lint/core";
import noAllInterfacePublish from "./no-all-interface-publish/rule.js";
import preferExposeForInternal from "./prefer-expose-for-internal/rule.js";

/** Every built-in rule, in id order. */
export const rules: readonly AnyRule[] = [noAllInterfacePublish, preferExposeForInternal];

export { noAllInterfacePublish, preferExposeForInternal };
