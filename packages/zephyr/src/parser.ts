/**
 * The parser's entry: template text in, AST out (design.md §1). One grammar, Chevrotain's, parses every template:
 *
 * - `parser/grammar.ts`  the grammar (one instance, reused), embedded actions that build block items
 * - `parser/nodes.ts`    the node builders those actions call
 * - `parser/limits.ts`   template size and nesting depth
 * - `parser/hints.ts`    syntax errors worded for Zephyr, with hints and fixes
 * - `parser/context.ts`  what one parse knows (source, line index, limits), passed to all of the above
 */
import type { IToken } from "chevrotain";
import type { Node, TemplateAst } from "./ast.js";
import { buildBlocks } from "./blocks.js";
import { ZephyrError } from "./errors.js";
import { offsetLexer } from "./lexer.js";
import { DEFAULT_LIMITS, type Limits } from "./options.js";
import { ParseContext } from "./parser/context.js";
import { createValidatedParser, grammarParser } from "./parser/grammar.js";
import { lexError, parseError } from "./parser/hints.js";
import { checkNesting, scanTokens, templateTooLarge } from "./parser/limits.js";

export { createValidatedParser };

export interface ParseOptions {
  filename?: string;
  limits?: Partial<Limits>;
}

/** Parses a template into its AST. Throws a ZephyrError (with `related` errors when there are several). */
export function parse(source: string, options: ParseOptions = {}): TemplateAst {
  const limits = options.limits ? { ...DEFAULT_LIMITS, ...options.limits } : DEFAULT_LIMITS;
  try {
    if (source.length > limits.templateSize) throw templateTooLarge(source.length, limits.templateSize);
    const ctx = new ParseContext(source, limits.depth);
    const lexed = offsetLexer.tokenize(source);
    const tokens: IToken[] = lexed.tokens;
    const errors: ZephyrError[] = lexed.errors.map((e) => lexError(ctx, e.offset, e.length));
    const stop = errors.length ? (errors[0].span?.offset ?? 0) : Number.POSITIVE_INFINITY;
    const scan = scanTokens(ctx, tokens, limits.depth);
    const structural = scan.error;
    if (structural && (structural.span?.offset ?? 0) < stop) errors.unshift(structural);

    let body: Node[] = [];
    if (!errors.length) {
      const parsed = grammarParser().parseItems(ctx, tokens);
      for (const e of parsed.errors) errors.push(parseError(ctx, e, parsed.tagStart, tokens));
      if (!errors.length) body = buildBlocks(parsed.items);
    }
    if (errors.length) {
      errors.sort((a, b) => (a.span?.offset ?? 0) - (b.span?.offset ?? 0));
      const [first, ...rest] = errors;
      throw new ZephyrError({
        code: first.code,
        message: first.message,
        span: first.span,
        hint: first.hint,
        fix: first.fix,
        related: [first, ...rest],
      });
    }
    if (scan.depthBound > limits.depth) checkNesting(body, limits.depth);
    return { type: "Template", body, source, filename: options.filename };
  } catch (e) {
    if (e instanceof ZephyrError) {
      e.filename ??= options.filename;
      e.source ??= source;
      for (const r of e.related) {
        r.filename ??= options.filename;
        r.source ??= source;
      }
    }
    throw e;
  }
}

/** The grammar's productions, for railroad diagrams. */
export function serializedGrammar() {
  return grammarParser().getSerializedGastProductions();
}
