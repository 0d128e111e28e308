export { CONFIG_FILE_NAMES, ConfigResolver, DEFAULT_CONFIG, isOtherLintersConfig, readConfigFile, type FileConfig } from "./config-files.js";
export {
  COMPOSE_FILE_NAME,
  comparePaths,
  composeFilesIn,
  isComposeFile,
  looksLikeComposeText,
  discoverFiles,
  FolderListings,
  isIgnoredByConfig,
  PathError,
  readLintableFile,
  readingOnce,
  readThrough,
  writeFileAtomic,
  type DiscoveredFile,
  type ReadResult,
} from "./files.js";
export { composeFilesFor, defaultComposeFiles, isComposeDocument, isInside, loadProject, projectBoundary, reusingParser, type ProjectOptions } from "./project.js";
export { describePlans, groupProjects, mentionsIncludeOrExtends, ownersFirst, planNamedFiles, planProjects, referenceQuestions, settlePlan, type PlanContext, type ProjectPlan } from "./plan.js";
