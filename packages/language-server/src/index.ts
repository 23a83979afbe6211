/**
 * @zephyr/language-server: the runtime-agnostic language service (pure functions of a document and its project
 * context). The Node stdio server is `zephyr-language-server --stdio` (dist/bin.js); `startServer` is in ./node.
 */

/** The document type the service's functions take (re-exported so hosts need no other import). */
export { TextDocument } from "vscode-languageserver-textdocument";
export { codeActions } from "./core/actions.js";
export { Analysis, type Assignment, type Token } from "./core/analysis.js";
export { complete } from "./core/completion.js";
export { type ContextProblem, emptyContext, type ProjectContext, type SchemaNode } from "./core/context.js";
export {
  codeHref,
  type DiagnoseOptions,
  type DiagnoseResult,
  diagnose,
  knownGlobals,
  type QuickResult,
  quickDiagnose,
} from "./core/diagnostics.js";
export { formatDocument, formatRange, lineHunks } from "./core/formatting.js";
export { hover } from "./core/hover.js";
export { changedRange, reparse, sameAst } from "./core/incremental.js";
export { definition, documentSymbols, foldingRanges } from "./core/navigation.js";
export { endpointSchema, SCHEMAS } from "./core/schemas.js";
export { type ClassifiedToken, classifyTokens, LEGEND, semanticTokens, tokenKinds } from "./core/semantic.js";
export { filenameOf, LanguageService, type PreviewResult, type ServiceOptions } from "./core/service.js";
export { signatureHelp } from "./core/signature.js";
export { smsLens, smsTitle } from "./core/sms.js";
