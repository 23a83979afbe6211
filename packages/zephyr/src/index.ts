// The public API of the engine (design.md §5a): compile once, render per request, and the types these need.
// Helpers shared between this project's own packages live on the `@zephyr/zephyr/internal` subpath.
export type { ZephyrErrorCode } from "./codes.js";
export { type Diagnostic, type Fix, type Severity, ZephyrError } from "./errors.js";
export { formatTemplate } from "./format.js";
export type { FnContext, FunctionDef, FunctionExample, ParamSpec, ParamType } from "./functions/registry.js";
export { type LintOptions, lint } from "./lint.js";
export type {
  EscapeMode,
  Limits,
  PlatformMode,
  RenderInput,
  RenderOptions,
  RenderResult,
  Segment,
  SnippetResolver,
} from "./options.js";
export type { ContentItem, ContentProvider, PersonalizeRequest, ProviderContext } from "./provider.js";
export type { Span } from "./span.js";
export { type CodegenMode, type CompileOptions, compile, Template } from "./template.js";
