export { compareCodeUnits, SourceText, type Range, type Position, type Location } from "./source.js";
export { parseSource, parseOptions, type ParsedSource, type YamlComment, type SyntaxProblem } from "./parse.js";
export * from "./yaml-nodes.js";
export * from "./model/compose.js";
export * from "./model/references.js";
export * from "./model/ports.js";
export * from "./model/address.js";
export * from "./model/interpolation.js";
export * from "./model/exposure.js";
export * from "./model/volumes.js";
export * from "./model/internal.js";
export * from "./model/values.js";
export { typedValueProblems, type TypedValueProblem } from "./schema/typed-values.js";
export * from "./rule.js";
export * from "./fixer.js";
export * from "./config.js";
export { parseDirectives, DirectiveFilter, type Directive, type DirectiveKind } from "./directives.js";
export {
  Linter,
  mergeOptions,
  MAX_TEXT_LENGTH,
  type LintMessage,
  type LintSuggestion,
  type LintOptions,
  type FixReport,
  type ProjectFileResult,
  type ProjectFixReport,
  type ProjectLintOptions,
} from "./linter.js";
export * from "./project/types.js";
export { parseDotenv, type Dotenv, type DotenvProblem } from "./project/dotenv.js";
export { mergeEntryLists } from "./project/merge.js";
export { validateComposeDocument, type SchemaProblem, type SchemaProblemKind } from "./schema/validate.js";
export { composeSchema } from "./schema/compose-schema.js";
export { evaluateSchema, unsupportedKeywords, type SchemaError } from "./schema/evaluate.js";
export { exposureEntries, EXTERNAL_REASONS, reachesEveryPort, type ExposureEntry, type ExposureReason } from "./project/exposure-report.js";
export { reorderItems } from "./reorder.js";
export { RuleTimings } from "./rule-timing.js";
export { parseConfigText, type LoadedConfig } from "./config-text.js";
