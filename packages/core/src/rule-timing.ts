import type { RuleListeners } from "./rule.js";

/**
 * Time spent in each rule, as ESLint's `TIMING=1` reports it: a rule's `create` and every call of
 * its hooks. A linter given one times its rules; one given none wraps nothing and pays nothing.
 */
export class RuleTimings {
  /** Milliseconds per rule id. */
  readonly totals = new Map<string, number>();

  /** `listener`, with each hook timed under `id`. */
  wrap(id: string, listener: RuleListeners): RuleListeners {
    const timed: RuleListeners = {};
    for (const hook of ["document", "service", "port", "end"] as const) {
      const call = listener[hook] as ((...args: unknown[]) => void) | undefined;
      if (!call) continue;
      (timed as Record<string, unknown>)[hook] = (...args: unknown[]) => {
        const start = performance.now();
        try {
          call.apply(listener, args);
        } finally {
          this.add(id, performance.now() - start);
        }
      };
    }
    return timed;
  }

  add(id: string, milliseconds: number): void {
    this.totals.set(id, (this.totals.get(id) ?? 0) + milliseconds);
  }

  /**
   * The slowest rules as a table, in ESLint's layout and row count: `TIMING=all` lists every rule,
   * a number above 10 that many, anything else 10.
   */
  format(limit: string | undefined): string {
    const rows = [...this.totals].sort((a, b) => b[1] - a[1]);
    const asked = Number.parseInt(limit ?? "", 10);
    const count = limit?.toLowerCase() === "all" ? rows.length : asked > 10 ? asked : 10;
    const total = rows.reduce((sum, [, time]) => sum + time, 0);
    const shown = rows.slice(0, count).map(([id, time]) => [id, time.toFixed(3), `${total > 0 ? ((time * 100) / total).toFixed(1) : "0.0"}%`]);
    const header = ["Rule", "Time (ms)", "Relative"];
    const widths = header.map((title, column) => Math.max(title.length, ...shown.map((row) => row[column]!.length)));
    const line = (cells: readonly string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(" | ");
    // Markdown's alignment row, as wide as the cells and their padding around " | ".
    const rule = `:${"-".repeat(widths[0]!)}|${"-".repeat(widths[1]! + 1)}:|${"-".repeat(widths[2]!)}:`;
    return [line(header), rule, ...shown.map(line)].join("\n") + "\n";
  }
}
