export { CONFIG_FILE_NAMES, ConfigResolver, DEFAULT_CONFIG, readConfigFile, type FileConfig } from "./config-files.js";
export {
  COMPOSE_FILE_GLOB,
  discoverFiles,
  isIgnoredByConfig,
  PathError,
  readLintableFile,
  readThrough,
  writeFileAtomic,
  type DiscoveredFile,
  type ReadResult,
} from "./files.js";
export { composeFilesFor, defaultComposeFiles, loadProject, type ProjectOptions } from "./project.js";
