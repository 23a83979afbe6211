/**
 * Helpers shared between this workspace's own packages (the CLI's playground, the editor tooling). Not part of the
 * public API of design.md §5a: they may change in any release.
 */
export { lexer } from "./lexer.js";
export { classifyTokens, type SourceToken, type TokenKind } from "./tokens.js";
