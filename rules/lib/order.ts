import { isScalar, type Node, type YAMLMap, type YAMLSeq } from "yaml";
import { isMergeKey, reorderItems, type RuleContext } from "@compose-lint/core";

/** An item of a collection as an order rule sees it: its name in messages and its sort key. */
export interface OrderedItem {
  name: string;
  /** The node to report at (a key, a list item). */
  node: Node;
  /** The item's text as written, when `name` is a description of it (a port in words). */
  written?: string;
}

/**
 * Reports a collection whose items are not in `expected` order (indexes into `items`), once, at
 * the first item out of place, naming the item that belongs there. The fix moves whole items
 * (see reorderItems), and is left out when the move cannot be made safely.
 */
export function reportOrder<MessageIds extends string>(
  context: RuleContext<MessageIds, readonly unknown[]>,
  collection: YAMLMap | YAMLSeq,
  items: readonly OrderedItem[],
  expected: readonly number[],
  messageId: MessageIds,
  data: Record<string, string> = {},
): void {
  const position = expected.findIndex((index, at) => index !== at);
  if (position === -1) return;
  const misplaced = items[position]!;
  const belongs = items[expected[position]!]!;
  const edit = reorderItems(context.source, collection, expected);
  context.report({
    node: misplaced.node,
    messageId,
    data: { ...data, value: misplaced.written ?? misplaced.name, expected: belongs.name, before: misplaced.name },
    // Text that an alias reuses is not moved: every `*name` would change with it.
    ...(edit ? { fix: (fixer) => (fixer.owns(collection) && !fixer.touchesAliasedText(edit) ? edit : null) } : {}),
  });
}

/** A stable sort of indexes by key: items with equal keys keep their order. */
export function sortedOrder<Key>(keys: readonly Key[], compare: (a: Key, b: Key) => number): number[] {
  return keys.map((_key, index) => index).sort((a, b) => compare(keys[a]!, keys[b]!) || a - b);
}

let collator: Intl.Collator | undefined;

/** Names compared as people read them: case-insensitive, digits by value (web2 before web10). */
export function naturalCompare(a: string, b: string): number {
  // Made on first use: ICU's first collator costs a start ~8 ms, and most runs sort nothing.
  return (collator ??= new Intl.Collator("en", { numeric: true, sensitivity: "base" })).compare(a, b);
}

/** A mapping's keys as order items; undefined when a key is not a plain scalar (`? [a]`, a merge key). */
export function keyedItems(map: YAMLMap): OrderedItem[] | undefined {
  const items: OrderedItem[] = [];
  for (const pair of map.items) {
    if (!isScalar(pair.key) || isMergeKey(pair.key)) return undefined;
    items.push({ name: String(pair.key.value), node: pair.key });
  }
  return items;
}
