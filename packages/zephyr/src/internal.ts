/** Helpers shared between this workspace's own packages (not the public API of design.md §5a). */
export { lexer, offsetLexer } from "./lexer.js";
