/** Helpers shared between this workspace's own packages (not the public API of design.md §5a). */
export { lexer } from "./lexer.js";
export { classifyTokens, type SourceToken, type TokenKind } from "./tokens.js";
