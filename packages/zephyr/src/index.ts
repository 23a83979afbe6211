export type * from "./ast.js";
export { codeFrame, type Diagnostic, type Fix, type Severity, ZephyrError } from "./errors.js";
export { format, printTemplate } from "./format.js";
export { BUILTINS } from "./functions/index.js";
export type { FnContext, FunctionDef, FunctionExample, ParamSpec, ParamType } from "./functions/registry.js";
export { escapeJsonString, jsonValue } from "./json-context.js";
export { isPayloadTemplate, type LintOptions, lint } from "./lint.js";
export {
  DEFAULT_LIMITS,
  type EscapeMode,
  type Limits,
  type PlatformMode,
  type RenderInput,
  type RenderOptions,
  type RenderResult,
  type Segment,
  type SnippetResolver,
} from "./options.js";
export { type ParseOptions, parse } from "./parser.js";
export type { ContentItem, ContentProvider, PersonalizeRequest, ProviderContext } from "./provider.js";
export { createRandom } from "./random.js";
export { LineIndex, type Span } from "./span.js";
export { closest, editDistance } from "./suggest.js";
export { type CompileOptions, compile, Template } from "./template.js";
export { equals, FloatValue, getMember, isPlainObject, Lambda, print, toNumber, truthy, typeOf } from "./values.js";
