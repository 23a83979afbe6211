export {
  CONFIG_FILE,
  CONFIG_KEYS,
  configFor,
  endpointNames,
  findConfig,
  LIMIT_KEYS,
  type LimitKey,
  type LoadedConfig,
  loadConfig,
  parseConfig,
  resolveConfig,
  type ZephyrConfig,
} from "./config.js";
export { ProjectError, type ProjectErrorCode } from "./errors.js";
export { initConfigText } from "./init.js";
export { escapePointer, type JsonDocument, type ParsedDocument, parseJsonDocument } from "./json-document.js";
export {
  clockOptions,
  compileTemplateFile,
  configSettings,
  contentSource,
  type Endpoint,
  prepareInputs,
  prepareRender,
  type RenderSettings,
  type RenderSetup,
  renderInput,
  renderOptions,
} from "./prepare.js";
export {
  decodeText,
  firstInvalidUtf8,
  isInside,
  parseJson,
  readJsonObject,
  readSnippetFile,
  readText,
  reason,
  type SnippetOptions,
  snippetDirectory,
  snippetFile,
} from "./read.js";
