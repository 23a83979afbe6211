import { EmbeddedActionsParser, EOF, type IToken, type TokenType, tokenMatcher } from "chevrotain";
import {
  type AssignNode,
  type Expr,
  exprChildren,
  type Node,
  type ObjectEntry,
  type OutputNode,
  type TemplateAst,
} from "./ast.js";
import { type BlockItem, buildBlocks } from "./blocks.js";
import { ZephyrError } from "./errors.js";
import * as T from "./lexer.js";
import { DEFAULT_LIMITS, type Limits } from "./options.js";
import { joinSpans, type Span } from "./span.js";
import { unescapeString } from "./strings.js";

/** Span from the first character of `a` to the last character of `b`. */
function tokenSpan(a: IToken, b: IToken = a): Span {
  return {
    offset: a.startOffset,
    endOffset: (b.endOffset ?? b.startOffset) + 1,
    line: a.startLine ?? 1,
    column: a.startColumn ?? 1,
    endLine: b.endLine ?? a.startLine ?? 1,
    endColumn: (b.endColumn ?? b.startColumn ?? 0) + 1,
  };
}

/**
 * The Zephyr grammar. It parses a template into a flat list of items (text, comments and tags); `buildBlocks`
 * then nests `{if}`/`{foreach}`/... bodies, which lets block errors point at the opening tag.
 * One instance is reused for every parse (Chevrotain's advice: construction is the expensive part).
 */
class ZephyrParser extends EmbeddedActionsParser {
  /** Expression nesting depth, checked against `maxDepth` so deep input is an error, not a stack overflow. */
  private depth = 0;
  maxDepth = DEFAULT_LIMITS.depth;
  /** The opening token of the tag being parsed (for "tag never closed" errors). */
  tagStart: IToken | undefined;

  /** `validate`: run Chevrotain's grammar checks (a test does; they cost start-up time and never change at run time). */
  constructor(validate = false) {
    super(T.ALL_TOKENS, { maxLookahead: 3, recoveryEnabled: false, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  override reset(): void {
    super.reset();
    this.depth = 0;
    this.tagStart = undefined;
  }

  public template = this.RULE("template", (): BlockItem[] => {
    const items: BlockItem[] = [];
    this.MANY(() => {
      const item = this.OR([
        { ALT: () => this.SUBRULE(this.text) },
        { ALT: () => this.SUBRULE(this.comment) },
        { ALT: () => this.SUBRULE(this.tag) },
      ]);
      this.ACTION(() => items.push(item));
    });
    return items;
  });

  private text = this.RULE("text", (): BlockItem => {
    const t = this.CONSUME(T.Text);
    return this.ACTION(
      () => ({ kind: "node", node: { type: "Text", value: t.image, span: tokenSpan(t) } }) as BlockItem,
    );
  });

  private comment = this.RULE("comment", (): BlockItem => {
    const t = this.CONSUME(T.Comment);
    return this.ACTION(
      () => ({ kind: "node", node: { type: "Comment", value: t.image.slice(2, -2), span: tokenSpan(t) } }) as BlockItem,
    );
  });

  /** `{ body }` or `{{ body }}`. */
  private tag = this.RULE("tag", (): BlockItem => {
    let double = false;
    const open = this.OR([
      { ALT: () => this.CONSUME(T.TagOpen) },
      {
        ALT: () => {
          double = true;
          return this.CONSUME(T.DoubleOpen);
        },
      },
    ]);
    this.ACTION(() => {
      this.tagStart = open;
    });
    const body = this.SUBRULE(this.tagBody);
    const close = double ? this.CONSUME(T.DoubleClose) : this.CONSUME(T.RCurly);
    return this.ACTION(() => body(tokenSpan(open, close), double));
  });

  /** The inside of a tag; returns a function that builds the item once the whole tag's span is known. */
  private tagBody = this.RULE("tagBody", (): ((span: Span, double: boolean) => BlockItem) => {
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Slash);
          const kw = this.OR2([
            { ALT: () => this.CONSUME(T.If) },
            { ALT: () => this.CONSUME(T.Foreach) },
            { ALT: () => this.CONSUME(T.Switch) },
            { ALT: () => this.CONSUME(T.Case) },
            { ALT: () => this.CONSUME(T.Select) },
          ]);
          return (span: Span) => ({ kind: "end", block: kw.image as "if", span });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.If);
          const test = this.SUBRULE(this.expression);
          return (span: Span) => ({ kind: "if", test, span });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Else);
          let test: Expr | undefined;
          this.OPTION(() => {
            this.CONSUME3(T.If);
            test = this.SUBRULE2(this.expression);
          });
          return (span: Span) => (test ? { kind: "elseif", test, span } : { kind: "else", span });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.Foreach);
          const iterable = this.SUBRULE3(this.expression);
          this.CONSUME(T.As);
          const first = this.CONSUME(T.Identifier).image;
          let second: string | undefined;
          this.OPTION2(() => {
            this.CONSUME(T.Comma);
            second = this.CONSUME2(T.Identifier).image;
          });
          return (span: Span) =>
            second === undefined
              ? { kind: "foreach", iterable, key: undefined, value: first, span }
              : { kind: "foreach", iterable, key: first, value: second, span };
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.Switch);
          const discriminant = this.SUBRULE4(this.expression);
          return (span: Span) => ({ kind: "switch", discriminant, span });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.Case);
          const test = this.SUBRULE5(this.expression);
          return (span: Span) => ({ kind: "case", test, span });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.Select);
          return (span: Span) => ({ kind: "select", span });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Break);
          return (span: Span) => ({ kind: "node", node: { type: "Break", span } });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Continue);
          return (span: Span) => ({ kind: "node", node: { type: "Continue", span } });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Include);
          const name = this.SUBRULE6(this.expression);
          return (span: Span) => ({ kind: "node", node: { type: "Include", name, span } });
        },
      },
      {
        ALT: () => {
          const expr = this.SUBRULE7(this.expression);
          let value: Expr | undefined;
          let assignTok: IToken | undefined;
          this.OPTION3(() => {
            assignTok = this.CONSUME(T.Assign);
            value = this.SUBRULE8(this.expression);
          });
          return (span: Span, double: boolean): BlockItem => {
            if (value === undefined) {
              const node: OutputNode = { type: "Output", expr, double, span };
              return { kind: "node", node };
            }
            if (expr.type !== "Identifier" && expr.type !== "Member" && expr.type !== "Index") {
              throw new ZephyrError({
                code: "ZE_SYNTAX",
                message: "the left side of '=' must be a variable, a member (x.y) or an index (x[i])",
                span: joinSpans(expr.span, tokenSpan(assignTok as IToken)),
                hint: "to compare two values, write '=='",
              });
            }
            const node: AssignNode = { type: "Assign", target: expr, value, double, span };
            return { kind: "node", node };
          };
        },
      },
    ]);
  });

  public expression = this.RULE("expression", (): Expr => {
    this.ACTION(() => {
      if (++this.depth > this.maxDepth) throw tooDeep(this.LA(1), this.maxDepth);
    });
    const e = this.OR([{ ALT: () => this.SUBRULE(this.lambda) }, { ALT: () => this.SUBRULE(this.ternary) }]);
    this.ACTION(() => {
      this.depth--;
    });
    return e;
  });

  private lambda = this.RULE("lambda", (): Expr => {
    const start = this.CONSUME(T.LambdaKw);
    const params: string[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const p = this.CONSUME(T.Identifier);
        this.ACTION(() => params.push(p.image));
      },
    });
    this.CONSUME(T.Colon);
    const body = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ type: "Lambda", params, body, span: joinSpans(tokenSpan(start), body.span) }) as Expr);
  });

  /** `a ? b : c` and `a ?: b`, right-associative, loosest binding. */
  private ternary = this.RULE("ternary", (): Expr => {
    const test = this.SUBRULE(this.disjunction);
    let result = test;
    this.OPTION(() => {
      this.CONSUME(T.Question);
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Colon);
            const right = this.SUBRULE(this.expression);
            this.ACTION(() => {
              result = { type: "Elvis", left: test, right, span: joinSpans(test.span, right.span) };
            });
          },
        },
        {
          ALT: () => {
            const consequent = this.SUBRULE2(this.expression);
            this.CONSUME2(T.Colon);
            const alternate = this.SUBRULE3(this.expression);
            this.ACTION(() => {
              result = { type: "Conditional", test, consequent, alternate, span: joinSpans(test.span, alternate.span) };
            });
          },
        },
      ]);
    });
    return result;
  });

  private disjunction = this.RULE("disjunction", (): Expr => {
    let left = this.SUBRULE(this.conjunction);
    this.MANY(() => {
      this.CONSUME(T.OrOr);
      const right = this.SUBRULE2(this.conjunction);
      this.ACTION(() => {
        left = { type: "Logical", operator: "||", left, right, span: joinSpans(left.span, right.span) };
      });
    });
    return left;
  });

  private conjunction = this.RULE("conjunction", (): Expr => {
    let left = this.SUBRULE(this.equality);
    this.MANY(() => {
      this.CONSUME(T.AndAnd);
      const right = this.SUBRULE2(this.equality);
      this.ACTION(() => {
        left = { type: "Logical", operator: "&&", left, right, span: joinSpans(left.span, right.span) };
      });
    });
    return left;
  });

  private equality = this.RULE(
    "equality",
    (): Expr =>
      this.binaryLevel(
        T.EqualityOp,
        () => this.SUBRULE(this.relational),
        () => this.SUBRULE2(this.relational),
      ),
  );
  private relational = this.RULE(
    "relational",
    (): Expr =>
      this.binaryLevel(
        T.RelationalOp,
        () => this.SUBRULE(this.additive),
        () => this.SUBRULE2(this.additive),
      ),
  );
  private additive = this.RULE(
    "additive",
    (): Expr =>
      this.binaryLevel(
        T.AdditiveOp,
        () => this.SUBRULE(this.multiplicative),
        () => this.SUBRULE2(this.multiplicative),
      ),
  );
  private multiplicative = this.RULE(
    "multiplicative",
    (): Expr =>
      this.binaryLevel(
        T.MultiplicativeOp,
        () => this.SUBRULE(this.unary),
        () => this.SUBRULE2(this.unary),
      ),
  );

  /** One left-associative precedence level: operand (op operand)*. */
  private binaryLevel(opCategory: TokenType, first: () => Expr, next: () => Expr): Expr {
    let left = first();
    this.MANY(() => {
      const op = this.CONSUME(opCategory);
      const right = next();
      this.ACTION(() => {
        left = { type: "Binary", operator: op.image as "+", left, right, span: joinSpans(left.span, right.span) };
      });
    });
    return left;
  }

  /** Prefix `!` and `-`, as a loop (no recursion, so `!!!!…` cannot overflow the stack). */
  private unary = this.RULE("unary", (): Expr => {
    const ops: IToken[] = [];
    this.MANY(() => {
      const op = this.CONSUME(T.UnaryOp);
      this.ACTION(() => ops.push(op));
    });
    const operand = this.SUBRULE(this.postfix);
    return this.ACTION(() => {
      let e = operand;
      for (let i = ops.length - 1; i >= 0; i--) {
        e = { type: "Unary", operator: ops[i].image as "!", operand: e, span: joinSpans(tokenSpan(ops[i]), e.span) };
      }
      return e;
    });
  });

  private postfix = this.RULE("postfix", (): Expr => {
    let e = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            const name = this.CONSUME(T.Name);
            this.ACTION(() => {
              e = { type: "Member", object: e, property: name.image, span: joinSpans(e.span, tokenSpan(name)) };
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            const index = this.SUBRULE(this.expression);
            const close = this.CONSUME(T.RBracket);
            this.ACTION(() => {
              e = { type: "Index", object: e, index, span: joinSpans(e.span, tokenSpan(close)) };
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            const args: Expr[] = [];
            this.MANY_SEP({
              SEP: T.Comma,
              DEF: () => {
                const a = this.SUBRULE2(this.expression);
                this.ACTION(() => args.push(a));
              },
            });
            const close = this.CONSUME(T.RParen);
            this.ACTION(() => {
              e = { type: "Call", callee: e, args, span: joinSpans(e.span, tokenSpan(close)) };
            });
          },
        },
      ]);
    });
    return e;
  });

  private primary = this.RULE("primary", (): Expr => {
    return this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.NumberLiteral);
          return this.ACTION(
            () => ({ type: "Literal", value: Number(t.image), raw: t.image, span: tokenSpan(t) }) as Expr,
          );
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.StringLiteral);
          return this.ACTION(
            () => ({ type: "Literal", value: unescapeString(t.image), raw: t.image, span: tokenSpan(t) }) as Expr,
          );
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.True);
          return this.ACTION(() => ({ type: "Literal", value: true, raw: "true", span: tokenSpan(t) }) as Expr);
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.False);
          return this.ACTION(() => ({ type: "Literal", value: false, raw: "false", span: tokenSpan(t) }) as Expr);
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Null);
          return this.ACTION(() => ({ type: "Literal", value: null, raw: "null", span: tokenSpan(t) }) as Expr);
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Identifier);
          return this.ACTION(() => ({ type: "Identifier", name: t.image, span: tokenSpan(t) }) as Expr);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const e = this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
          return e;
        },
      },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.object) },
    ]);
  });

  /** `[a, b]` or a comprehension `[e for v in xs if c]`. */
  private list = this.RULE("list", (): Expr => {
    const open = this.CONSUME(T.LBracket);
    const elements: Expr[] = [];
    let comprehension: { variable: string; iterable: Expr; condition: Expr | undefined } | undefined;
    this.OPTION(() => {
      const first = this.SUBRULE(this.expression);
      this.ACTION(() => elements.push(first));
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.For);
            const variable = this.CONSUME(T.Identifier).image;
            this.CONSUME(T.In);
            const iterable = this.SUBRULE2(this.expression);
            let condition: Expr | undefined;
            this.OPTION2(() => {
              this.CONSUME(T.If);
              condition = this.SUBRULE3(this.expression);
            });
            this.ACTION(() => {
              comprehension = { variable, iterable, condition };
            });
          },
        },
        {
          ALT: () => {
            this.MANY(() => {
              this.CONSUME(T.Comma);
              const e = this.SUBRULE4(this.expression);
              this.ACTION(() => elements.push(e));
            });
          },
        },
      ]);
    });
    const close = this.CONSUME(T.RBracket);
    return this.ACTION((): Expr => {
      const span = tokenSpan(open, close);
      if (comprehension) return { type: "Comprehension", element: elements[0], ...comprehension, span };
      return { type: "Array", elements, span };
    });
  });

  /** `{'key': value, ...}` (keys quoted as in JSON; bare names and numbers are accepted too). */
  private object = this.RULE("object", (): Expr => {
    const open = this.CONSUME(T.LCurly);
    const entries: ObjectEntry[] = [];
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        const key = this.OR([
          { ALT: () => this.CONSUME(T.StringLiteral) },
          { ALT: () => this.CONSUME(T.Name) },
          { ALT: () => this.CONSUME(T.NumberLiteral) },
        ]);
        this.CONSUME(T.Colon);
        const value = this.SUBRULE(this.expression);
        this.ACTION(() => {
          const k = tokenMatcher(key, T.StringLiteral) ? unescapeString(key.image) : key.image;
          entries.push({ key: k, rawKey: key.image, value, span: joinSpans(tokenSpan(key), value.span) });
        });
      },
    });
    const close = this.CONSUME(T.RCurly);
    return this.ACTION(() => ({ type: "Object", entries, span: tokenSpan(open, close) }) as Expr);
  });
}

function tooDeep(token: IToken, max: number): ZephyrError {
  return new ZephyrError({
    code: "ZE_LIMIT_DEPTH",
    message: `expressions are nested more than ${max} levels deep`,
    span: token.tokenType === EOF ? undefined : tokenSpan(token),
    hint: "simplify the expression, or raise limits.depth (CLI: --max-depth)",
  });
}

/** A parser with Chevrotain's grammar validations on (for tests: a grammar mistake fails them). */
export function createValidatedParser(): ZephyrParser {
  return new ZephyrParser(true);
}

let shared: ZephyrParser | undefined;
/** The one parser instance (built on first use). */
export function grammarParser(): ZephyrParser {
  if (!shared) shared = new ZephyrParser();
  return shared;
}

export interface ParseOptions {
  filename?: string;
  limits?: Partial<Limits>;
}

/** Parses a template into its AST. Throws a ZephyrError (with `related` errors when there are several). */
export function parse(source: string, options: ParseOptions = {}): TemplateAst {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const withFile = (e: ZephyrError) => {
    e.filename ??= options.filename;
    e.source ??= source;
    for (const r of e.related) {
      r.filename ??= options.filename;
      r.source ??= source;
    }
    return e;
  };
  if (source.length > limits.templateSize) {
    throw withFile(
      new ZephyrError({
        code: "ZE_LIMIT_TEMPLATE_SIZE",
        message: `the template is ${source.length} characters long; the limit is ${limits.templateSize}`,
        hint: "raise limits.templateSize (CLI: --max-template-size) if this template is meant to be this large",
      }),
    );
  }
  try {
    const lexed = T.lexer.tokenize(source);
    const errors: ZephyrError[] = lexed.errors.map((e) => lexError(source, e.offset, e.length, e.line, e.column));
    const stop = errors.length ? (errors[0].span?.offset ?? 0) : Number.POSITIVE_INFINITY;
    const structural = scanTokens(lexed.tokens, limits.depth);
    if (structural && (structural.span?.offset ?? 0) < stop) errors.unshift(structural);

    const parser = grammarParser();
    parser.maxDepth = limits.depth;
    parser.input = lexed.tokens;
    const items = errors.length ? [] : parser.template();
    if (!errors.length)
      for (const e of parser.errors) errors.push(parseError(e, parser.tagStart, lexed.tokens, source));
    if (errors.length) {
      errors.sort((a, b) => (a.span?.offset ?? 0) - (b.span?.offset ?? 0));
      const [first, ...rest] = errors;
      throw new ZephyrError({
        code: first.code,
        message: first.message,
        span: first.span,
        hint: first.hint,
        related: [first, ...rest],
      });
    }
    const body: Node[] = buildBlocks(items);
    checkNesting(body, limits.depth);
    return { type: "Template", body, source, filename: options.filename };
  } catch (e) {
    if (e instanceof ZephyrError) throw withFile(e);
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      const at = grammarParser().tagStart;
      throw withFile(tooDeep(at ?? ({ tokenType: EOF } as IToken), limits.depth));
    }
    throw e;
  }
}

/**
 * The AST's depth, measured without recursion: blocks inside blocks, and expressions inside expressions (a chain
 * `a + b + c` nests too). Past `max` it is a ZE_LIMIT_DEPTH error, so the compiler, the formatter and the renderer,
 * which do recurse, never meet a tree deeper than the limit.
 */
function checkNesting(body: readonly Node[], max: number): void {
  const stack: [Node | Expr, number][] = body.map((n) => [n, 1]);
  while (stack.length > 0) {
    const [x, depth] = stack.pop() as [Node | Expr, number];
    if (depth > max) {
      throw new ZephyrError({
        code: "ZE_LIMIT_DEPTH",
        message: `blocks or expressions are nested (or chained) more than ${max} levels deep`,
        span: x.span,
        hint: "simplify the template, or raise limits.depth (CLI: --max-depth)",
      });
    }
    for (const child of nested(x)) stack.push([child, depth + 1]);
  }
}

function nested(x: Node | Expr): (Node | Expr)[] {
  switch (x.type) {
    case "Output":
      return [x.expr];
    case "Assign":
      return [x.target, x.value];
    case "If":
      return [...x.branches.flatMap((b) => [b.test, ...b.body]), ...(x.alternate ?? [])];
    case "Foreach":
      return [x.iterable, ...x.body];
    case "Switch":
      return [x.discriminant, ...x.cases.flatMap((c) => [c.test, ...c.body])];
    case "Select":
      return x.cases.flatMap((c) => [c.test, ...c.body]);
    case "Include":
      return [x.name];
    default:
      return exprChildren(x as Expr);
  }
}

/** Errors the token stream alone shows: unclosed strings and comments, and nesting deeper than the limit. */
function scanTokens(tokens: IToken[], maxDepth: number): ZephyrError | undefined {
  let depth = 0;
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === T.UnclosedString) {
      return new ZephyrError({
        code: "ZE_UNCLOSED_STRING",
        message: `this string is never closed: no matching ${t.image[0]} follows`,
        span: tokenSpan(t, { ...t, endOffset: t.startOffset, endLine: t.startLine, endColumn: t.startColumn }),
        hint: `close it with ${t.image[0]}; write \\${t.image[0]} for a quote inside the string`,
      });
    }
    if (type === T.UnclosedComment) {
      return new ZephyrError({
        code: "ZE_UNCLOSED_COMMENT",
        message: "this comment is never closed: '{*' needs a matching '*}'",
        span: tokenSpan(t, {
          ...t,
          endOffset: t.startOffset + 1,
          endLine: t.startLine,
          endColumn: (t.startColumn ?? 1) + 1,
        }),
      });
    }
    if (type === T.LParen || type === T.LBracket || type === T.LCurly || type === T.TagOpen || type === T.DoubleOpen) {
      if (++depth > maxDepth) return tooDeep(t, maxDepth);
    } else if (type === T.RParen || type === T.RBracket || type === T.RCurly || type === T.DoubleClose) {
      depth--;
    }
  }
  return undefined;
}

function lexError(source: string, offset: number, length: number, line?: number, column?: number): ZephyrError {
  const ch = source[offset];
  const span: Span = {
    offset,
    endOffset: offset + Math.max(1, length),
    line: line ?? 1,
    column: column ?? 1,
    endLine: line ?? 1,
    endColumn: (column ?? 1) + Math.max(1, length),
  };
  const hints: Record<string, string> = {
    "&": "the 'and' operator is '&&'",
    "|": "the 'or' operator is '||'",
    ";": "Zephyr has no ';': one statement per tag",
    "#": "'#' is not Zephyr syntax",
    "@": "'@' is not Zephyr syntax",
  };
  return new ZephyrError({
    code: "ZE_SYNTAX",
    message: `unexpected character ${JSON.stringify(ch)} inside a tag`,
    span,
    hint: hints[ch],
  });
}

interface RecognitionError {
  name: string;
  message: string;
  token: IToken;
  previousToken?: IToken;
  context: { ruleStack: string[] };
}

/** Turns a Chevrotain recognition error into a ZephyrError with a message and hint for the common mistakes. */
function parseError(e: RecognitionError, tagStart: IToken | undefined, tokens: IToken[], source: string): ZephyrError {
  const tok = e.token;
  const atEnd = tok.tokenType === EOF || Number.isNaN(tok.startOffset);
  if (atEnd && tagStart) {
    return new ZephyrError({
      code: "ZE_UNCLOSED_TAG",
      message: `this tag is never closed: '${tagStart.image}' has no matching '${tagStart.tokenType === T.DoubleOpen ? "}}" : "}"}'`,
      span: tokenSpan(tagStart),
      hint: "add the closing brace; a '{' followed by a space is literal text",
    });
  }
  const span = atEnd ? endSpan(source) : tokenSpan(tok);
  const found = atEnd ? "the end of the template" : describeToken(tok);
  let hint: string | undefined;
  const i = atEnd ? -1 : tokens.indexOf(tok);
  const prev = i > 0 ? tokens[i - 1] : undefined;
  const prev2 = i > 1 ? tokens[i - 2] : undefined;
  if (tok.tokenType === T.Colon && prev?.tokenType === T.StringLiteral && prev2?.tokenType === T.TagOpen) {
    hint =
      "this looks like JSON: a '{' followed by a non-space character opens a Zephyr tag. Put a line break (or a space) after the '{'";
  } else if (tok.tokenType === T.Colon && prev?.tokenType === T.StringLiteral && prev2?.tokenType === T.DoubleOpen) {
    hint =
      "'{{' opens a double-brace tag; write an expression that starts with an object literal in parentheses: {({'a': 1} + {'b': 2})}";
  } else if (tok.tokenType === T.StrayRCurly) {
    hint = "a tag opened with '{{' must be closed with '}}'";
  } else if (
    tok.tokenType === T.Assign &&
    prev &&
    (prev.tokenType === T.Assign || e.context.ruleStack.includes("expression"))
  ) {
    hint = "to compare two values, write '=='";
  } else if (tok.tokenType === T.Identifier && prev?.tokenType === T.Else && tok.image.startsWith("if")) {
    hint = "write '{else if condition}' with a space";
  } else if (tok.tokenType === T.Identifier && (tok.image === "elseif" || tok.image === "elif")) {
    hint = "write '{else if condition}'";
  } else if (tok.tokenType === T.Identifier && (tok.image === "and" || tok.image === "or" || tok.image === "not")) {
    hint = "Zephyr's logical operators are '&&', '||' and '!'";
  }
  const inExpression = e.context.ruleStack.some((r) => r !== "template" && r !== "tag" && r !== "tagBody");
  const message =
    e.name === "MismatchedTokenException"
      ? `${expectedFromMessage(e.message)} but found ${found}`
      : inExpression || e.context.ruleStack.at(-1) === "tagBody"
        ? `expected an expression but found ${found}`
        : `unexpected ${found}`;
  return new ZephyrError({ code: "ZE_SYNTAX", message, span, hint });
}

function expectedFromMessage(message: string): string {
  const m = /Expecting (?:token of type )?--> (.+?) <--/.exec(message);
  return m ? `expected ${m[1]}` : "unexpected input";
}

function describeToken(tok: IToken): string {
  if (tok.tokenType === T.Text) return "text";
  const image = tok.image.length > 20 ? `${tok.image.slice(0, 20)}…` : tok.image;
  return `'${image}'`;
}

function endSpan(source: string): Span {
  let line = 1;
  let col = 1;
  for (let i = 0; i < source.length; i++) {
    if (source[i] === "\n") {
      line++;
      col = 1;
    } else col++;
  }
  return { offset: source.length, endOffset: source.length, line, column: col, endLine: line, endColumn: col };
}

/** The grammar's productions, for railroad diagrams. */
export function serializedGrammar() {
  return grammarParser().getSerializedGastProductions();
}
