// Helpers shared between this project's own packages (the CLI, attentive, personalize, the language server).
// Not part of the public API: names here may change in any release. Everything on the main entry is here too, so a
// sibling package can import all it needs from one place.

export type * from "./ast.js";
export { exprChildren } from "./ast.js";
export { ERROR_CODES, errorCodeTable, isErrorCode } from "./codes.js";
export { compileToModule, loadCompiled, type ModuleOptions } from "./compiled.js";
export { codeFrame, type ZephyrErrorInit } from "./errors.js";
export { printTemplate } from "./format.js";
export { BUILTINS } from "./functions/index.js";
export * from "./index.js";
export { escapeJsonString, jsonValue } from "./json-context.js";
export { lexer, offsetLexer } from "./lexer.js";
export { isPayloadTemplate } from "./lint.js";
export { DEFAULT_LIMITS, MEMORY_COST } from "./options.js";
export { type ParseOptions, parse } from "./parser.js";
export { createRandom } from "./random.js";
export { LineIndex } from "./span.js";
export { closest, editDistance } from "./suggest.js";
export { compileParsed } from "./template.js";
export { classifyTokens, type SourceToken, type TokenKind } from "./tokens.js";
export { equals, FloatValue, getMember, isPlainObject, Lambda, print, toNumber, truthy, typeOf } from "./values.js";
