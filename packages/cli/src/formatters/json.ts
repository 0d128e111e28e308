import type { Formatter } from "./types.js";

/** ESLint's json formatter shape, so tools that read ESLint's output read ours. */
export const json: Formatter = (results) =>
  JSON.stringify(
    results.map((result) => ({
      filePath: result.filePath,
      messages: result.messages.map((message) => ({
        ruleId: message.ruleId,
        severity: message.severity,
        message: message.message,
        ...(message.messageId === undefined ? {} : { messageId: message.messageId }),
        line: message.line,
        column: message.column,
        endLine: message.endLine,
        endColumn: message.endColumn,
        ...(message.fatal ? { fatal: true } : {}),
        ...(message.fix ? { fix: { range: message.fix.range, text: message.fix.text } } : {}),
        ...(message.suggestions
          ? { suggestions: message.suggestions.map((suggestion) => ({ messageId: suggestion.messageId, desc: suggestion.desc, fix: suggestion.fix })) }
          : {}),
      })),
      suppressedMessages: [],
      errorCount: result.errorCount,
      fatalErrorCount: result.fatalErrorCount,
      warningCount: result.warningCount,
      fixableErrorCount: result.fixableErrorCount,
      fixableWarningCount: result.fixableWarningCount,
      ...(result.output === undefined ? {} : { output: result.output }),
    })),
  );
