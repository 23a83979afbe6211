import { EmbeddedActionsParser, EOF, type IOrAlt, type IToken, type TokenType, tokenMatcher } from "chevrotain";
import {
  type AssignNode,
  type BinaryOperator,
  type Expr,
  exprChildren,
  type Node,
  type ObjectEntry,
  type OutputNode,
  type TemplateAst,
} from "./ast.js";
import { type BlockItem, buildBlocks } from "./blocks.js";
import { type Fix, ZephyrError } from "./errors.js";
import * as T from "./lexer.js";
import { DEFAULT_LIMITS, type Limits } from "./options.js";
import { joinSpans, type Span } from "./span.js";
import { unescapeString } from "./strings.js";

/**
 * Line starts of the source being parsed, with a cursor: the lexer gives tokens their offsets only (cheaper), and
 * spans are asked for in nearly increasing order, so finding an offset's line is a step or two from the last one.
 * Line breaks are \n, \r\n and a lone \r, as Chevrotain counts them (and LineIndex).
 */
class SourceLines {
  readonly starts: number[] = [0];
  private cur = 0;
  constructor(source: string) {
    const starts = this.starts;
    if (source.indexOf("\r") < 0) {
      for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < source.length; i++) {
        const c = source.charCodeAt(i);
        if (c === 10 || (c === 13 && source.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
      }
    }
  }
  /** The 0-based line of an offset. */
  lineOf(offset: number): number {
    const starts = this.starts;
    let i = this.cur;
    while (i > 0 && starts[i] > offset) i--;
    while (i + 1 < starts.length && starts[i + 1] <= offset) i++;
    this.cur = i;
    return i;
  }
}

/** The lines of the source being parsed (set by `parse` before it builds any span). */
let lines = new SourceLines("");

/**
 * Span from the first character of `a` to the last character of `b`: the positions Chevrotain's full position
 * tracking gave, including its one quirk: a token ending in a line break after another line break ends at column 1.
 */
function tokenSpan(a: IToken, b: IToken = a): Span {
  const starts = lines.starts;
  const startLine = lines.lineOf(a.startOffset);
  const last = b.startOffset + b.image.length - 1;
  const endLine = lines.lineOf(last);
  let endColumn = last - starts[endLine] + 1;
  if (endLine > startLine && endLine > lines.lineOf(b.startOffset)) {
    const lastChar = b.image.charCodeAt(b.image.length - 1);
    if (lastChar === 10 || lastChar === 13) endColumn = 1; // the quirk
  }
  return {
    offset: a.startOffset,
    endOffset: last + 1,
    line: startLine + 1,
    column: a.startOffset - starts[startLine] + 1,
    endLine: endLine + 1,
    endColumn: endColumn + 1,
  };
}

/** Binding strength of the binary operators (all left-associative). */
const PRECEDENCE: Readonly<Record<string, number>> = {
  "||": 1,
  "&&": 2,
  "==": 3,
  "!=": 3,
  "<": 4,
  "<=": 4,
  ">": 4,
  ">=": 4,
  "+": 5,
  "-": 5,
  "*": 6,
  "/": 6,
  "%": 6,
};

/** `left op right` (`&&` and `||` are Logical nodes, the other operators Binary ones). */
function binaryNode(op: IToken, left: Expr, right: Expr): Expr {
  const span = joinSpans(left.span, right.span);
  return op.image === "||" || op.image === "&&"
    ? { type: "Logical", operator: op.image, left, right, span }
    : { type: "Binary", operator: op.image as BinaryOperator, left, right, span };
}

// ---- Node builders, shared by the grammar and the fast path (so both build the very same objects) ----------------

function textItem(t: IToken): BlockItem {
  return { kind: "node", node: { type: "Text", value: t.image, span: tokenSpan(t) } };
}
function commentItem(t: IToken): BlockItem {
  return { kind: "node", node: { type: "Comment", value: t.image.slice(2, -2), span: tokenSpan(t) } };
}
function numberNode(t: IToken): Expr {
  return { type: "Literal", value: Number(t.image), raw: t.image, span: tokenSpan(t) };
}
function stringNode(t: IToken): Expr {
  return { type: "Literal", value: unescapeString(t.image), raw: t.image, span: tokenSpan(t) };
}
function constantNode(t: IToken, value: boolean | null, raw: "true" | "false" | "null"): Expr {
  return { type: "Literal", value, raw, span: tokenSpan(t) };
}
function identifierNode(t: IToken): Expr {
  return { type: "Identifier", name: t.image, span: tokenSpan(t) };
}
function memberNode(object: Expr, name: IToken): Expr {
  return { type: "Member", object, property: name.image, span: joinSpans(object.span, tokenSpan(name)) };
}
function indexNode(object: Expr, index: Expr, close: IToken): Expr {
  return { type: "Index", object, index, span: joinSpans(object.span, tokenSpan(close)) };
}
function callNode(callee: Expr, args: Expr[], close: IToken): Expr {
  return { type: "Call", callee, args, span: joinSpans(callee.span, tokenSpan(close)) };
}
function unaryNode(op: IToken, operand: Expr): Expr {
  return { type: "Unary", operator: op.image as "!", operand, span: joinSpans(tokenSpan(op), operand.span) };
}

interface ComprehensionParts {
  variable: string;
  iterable: Expr;
  condition: Expr | undefined;
}
function listNode(open: IToken, elements: Expr[], comprehension: ComprehensionParts | undefined, close: IToken): Expr {
  const span = tokenSpan(open, close);
  if (comprehension) return { type: "Comprehension", element: elements[0], ...comprehension, span };
  return { type: "Array", elements, span };
}
function objectEntry(key: IToken, value: Expr): ObjectEntry {
  const k = tokenMatcher(key, T.StringLiteral) ? unescapeString(key.image) : key.image;
  return { key: k, rawKey: key.image, value, span: joinSpans(tokenSpan(key), value.span) };
}
function lambdaNode(start: IToken, params: string[], body: Expr): Expr {
  return { type: "Lambda", params, body, span: joinSpans(tokenSpan(start), body.span) };
}
function elvisNode(left: Expr, right: Expr): Expr {
  return { type: "Elvis", left, right, span: joinSpans(left.span, right.span) };
}
function conditionalNode(test: Expr, consequent: Expr, alternate: Expr): Expr {
  return { type: "Conditional", test, consequent, alternate, span: joinSpans(test.span, alternate.span) };
}

/** `{expr}` or `{target = value}`. */
function outputOrAssign(expr: Expr, assignment: [IToken, Expr] | undefined, span: Span, double: boolean): BlockItem {
  if (assignment === undefined) {
    const node: OutputNode = { type: "Output", expr, double, span };
    return { kind: "node", node };
  }
  const [assignTok, value] = assignment;
  if (expr.type !== "Identifier" && expr.type !== "Member" && expr.type !== "Index") {
    throw new ZephyrError({
      code: "ZE_SYNTAX",
      message: "the left side of '=' must be a variable, a member (x.y) or an index (x[i])",
      span: joinSpans(expr.span, tokenSpan(assignTok)),
      hint: "to compare two values, write '=='",
    });
  }
  const node: AssignNode = { type: "Assign", target: expr, value, double, span };
  return { kind: "node", node };
}

function foreachItem(iterable: Expr, first: string, second: string | undefined, span: Span): BlockItem {
  return second === undefined
    ? { kind: "foreach", iterable, key: undefined, value: first, span }
    : { kind: "foreach", iterable, key: first, value: second, span };
}

/**
 * The tree of `first (operators[i] operands[i])*` from `base` on: tighter operators bind first, equal ones from the
 * left (the tree a one-rule-per-level grammar builds).
 */
function combineChain(first: Expr, operators: readonly IToken[], operands: readonly Expr[], base: number): Expr {
  const end = operators.length;
  // Common case: one precedence level throughout (`a + b + c`): a left fold.
  const level = PRECEDENCE[operators[base].image];
  let same = true;
  for (let i = base + 1; i < end && same; i++) same = PRECEDENCE[operators[i].image] === level;
  if (same) {
    let result = first;
    for (let i = base; i < end; i++) result = binaryNode(operators[i], result, operands[i]);
    return result;
  }
  // Shunting-yard: an operator waits until the next one binds no tighter.
  const values: Expr[] = [first];
  const pending: IToken[] = [];
  for (let i = base; i <= end; i++) {
    const p = i < end ? PRECEDENCE[operators[i].image] : 0;
    while (pending.length > 0 && PRECEDENCE[pending[pending.length - 1].image] >= p) {
      const right = values.pop() as Expr;
      values.push(binaryNode(pending.pop() as IToken, values.pop() as Expr, right));
    }
    if (i < end) {
      pending.push(operators[i]);
      values.push(operands[i]);
    }
  }
  return values[0];
}

/** Drops the items of `stack` from `length` on (`pop`: setting `length` is a call into the runtime, even when equal). */
function truncate<T>(stack: T[], length: number): void {
  while (stack.length > length) stack.pop();
}

/** What a rule returns while Chevrotain records the grammar (the result is never looked at then). */
const RECORDING = undefined as unknown as Expr;
const NO_ITEM = undefined as unknown as BlockItem;

/**
 * The Zephyr grammar. It parses a template into a flat list of items (text, comments and tags); `buildBlocks`
 * then nests `{if}`/`{foreach}`/... bodies, which lets block errors point at the opening tag.
 * One instance is reused for every parse (Chevrotain's advice: construction is the expensive part). Most valid
 * templates are parsed by the fast path below instead; this grammar parses what it gives up on, and reports every
 * syntax error.
 *
 * Parsing is most of a cold compile, so the rules are written for it: binary operators are one loop whose operands
 * are combined by precedence afterwards (one rule per precedence level cost ten rule calls per operand), unary,
 * primary and postfix forms are one rule, and the alternatives and loop bodies passed to OR/MANY/OPTION are built
 * once per parser rather than once per call. State that those shared bodies need lives on the parser: `cur` (the
 * expression a postfix or `?` applies to; read before any sub-rule runs) and stacks with a base index per call.
 * Results are built only when `ready` (after the grammar is recorded: the recording run has no real tokens).
 */
class ZephyrParser extends EmbeddedActionsParser {
  /** Expression nesting depth, checked against `maxDepth` so deep input is an error, not a stack overflow. */
  private depth = 0;
  maxDepth = DEFAULT_LIMITS.depth;
  /** The opening token of the tag being parsed (for "tag never closed" errors). */
  tagStart: IToken | undefined;
  /** False while Chevrotain records the grammar (the constructor), true for real parses. */
  private ready = false;
  /** Whether the tag being parsed opened with `{{`. */
  private double = false;
  /** The expression the postfix or ternary part being parsed applies to. */
  private cur: Expr = RECORDING;
  /** Operators and right operands of the binary chains being parsed, and prefix operators, and call arguments. */
  private readonly operators: IToken[] = [];
  private readonly operands: Expr[] = [];
  private readonly prefixes: IToken[] = [];
  private readonly args: Expr[] = [];

  /** `validate`: run Chevrotain's grammar checks (a test does; they cost start-up time and never change at run time). */
  constructor(validate = false) {
    super(T.ALL_TOKENS, { maxLookahead: 3, recoveryEnabled: false, skipValidations: !validate });
    this.performSelfAnalysis();
    this.ready = true;
  }

  override reset(): void {
    super.reset();
    this.depth = 0;
    this.tagStart = undefined;
    this.cur = RECORDING;
    truncate(this.operators, 0);
    truncate(this.operands, 0);
    truncate(this.prefixes, 0);
    truncate(this.args, 0);
  }

  public template = this.RULE("template", (): BlockItem[] => {
    const items: BlockItem[] = [];
    this.MANY(() => {
      const item = this.OR(this.itemAlts);
      if (this.ready) items.push(item);
    });
    return items;
  });

  private readonly itemAlts: IOrAlt<BlockItem>[] = [
    {
      ALT: () => {
        const t = this.CONSUME(T.Text);
        return this.ready ? textItem(t) : NO_ITEM;
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.Comment);
        return this.ready ? commentItem(t) : NO_ITEM;
      },
    },
    { ALT: () => this.SUBRULE(this.tag) },
  ];

  /** `{ body }` or `{{ body }}`; the body's alternative returns a function that builds the item from the tag's span. */
  private tag = this.RULE("tag", (): BlockItem => {
    const open = this.OR(this.openAlts);
    // While recording, both alternatives run and the last one leaves `double` set: `}}` is the close recorded.
    const double = this.double;
    if (this.ready) this.tagStart = open;
    const body = this.OR2(this.tagAlts);
    const close = double ? this.CONSUME(T.DoubleClose) : this.CONSUME(T.RCurly);
    return this.ready ? body(tokenSpan(open, close), double) : NO_ITEM;
  });

  private readonly openAlts: IOrAlt<IToken>[] = [
    {
      ALT: () => {
        this.double = false;
        return this.CONSUME(T.TagOpen);
      },
    },
    {
      ALT: () => {
        this.double = true;
        return this.CONSUME(T.DoubleOpen);
      },
    },
  ];

  private readonly tagAlts: IOrAlt<(span: Span, double: boolean) => BlockItem>[] = [
    {
      ALT: () => {
        this.CONSUME(T.Slash);
        const kw = this.OR3(this.endAlts);
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
        const test = this.OPTION(this.elseIf);
        return (span: Span) => (test ? { kind: "elseif", test, span } : { kind: "else", span });
      },
    },
    {
      ALT: () => {
        this.CONSUME2(T.Foreach);
        const iterable = this.SUBRULE3(this.expression);
        this.CONSUME(T.As);
        const first = this.CONSUME(T.Identifier).image;
        const second = this.OPTION2(this.foreachValue);
        return (span: Span) => foreachItem(iterable, first, second, span);
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
        const assignment = this.OPTION3(this.assignment);
        return (span: Span, double: boolean) => outputOrAssign(expr, assignment, span, double);
      },
    },
  ];

  private readonly endAlts: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.If) },
    { ALT: () => this.CONSUME(T.Foreach) },
    { ALT: () => this.CONSUME(T.Switch) },
    { ALT: () => this.CONSUME(T.Case) },
    { ALT: () => this.CONSUME(T.Select) },
  ];

  private readonly elseIf = (): Expr => {
    this.CONSUME3(T.If);
    return this.SUBRULE2(this.expression);
  };

  private readonly foreachValue = (): string => {
    this.CONSUME(T.Comma);
    return this.CONSUME2(T.Identifier).image;
  };

  private readonly assignment = (): [IToken, Expr] | undefined => {
    const assignTok = this.CONSUME(T.Assign);
    const value = this.SUBRULE8(this.expression);
    return this.ready ? [assignTok, value] : undefined;
  };

  /** A lambda, or operands joined by binary operators, optionally followed by `? b : c` or `?: b`. */
  public expression = this.RULE("expression", (): Expr => {
    if (this.ready && ++this.depth > this.maxDepth) throw tooDeep(this.LA(1), this.maxDepth);
    const e = this.OR(this.expressionAlts);
    if (this.ready) this.depth--;
    return e;
  });

  private readonly expressionAlts: IOrAlt<Expr>[] = [
    { ALT: () => this.SUBRULE(this.lambda) },
    {
      ALT: () => {
        const first = this.SUBRULE(this.operand);
        const base = this.operators.length;
        this.MANY(this.binaryStep);
        this.cur = this.ready && this.operators.length > base ? this.combine(first, base) : first;
        this.OPTION(this.ternaryTail);
        return this.cur;
      },
    },
  ];

  /** `op operand` in a chain of binary operators; `combine` builds the tree once the chain is read. */
  private readonly binaryStep = (): void => {
    const op = this.CONSUME(T.BinaryOp);
    const right = this.SUBRULE2(this.operand);
    if (this.ready) {
      this.operators.push(op);
      this.operands.push(right);
    }
  };

  /**
   * The tree of `first (operators[i] operands[i])*` from `base` on: tighter operators bind first, equal ones from the
   * left (the tree the one-rule-per-level grammar built). Pops what it used.
   */
  private combine(first: Expr, base: number): Expr {
    const result = combineChain(first, this.operators, this.operands, base);
    truncate(this.operators, base);
    truncate(this.operands, base);
    return result;
  }

  /** `? b : c` or `?: b` after `cur`: right-associative, looser than every binary operator. */
  private readonly ternaryTail = (): void => {
    this.CONSUME(T.Question);
    this.OR2(this.ternaryAlts);
  };

  private readonly ternaryAlts: IOrAlt<void>[] = [
    {
      ALT: () => {
        const left = this.cur;
        this.CONSUME(T.Colon);
        const right = this.SUBRULE(this.expression);
        if (this.ready) this.cur = elvisNode(left, right);
      },
    },
    {
      ALT: () => {
        const test = this.cur;
        const consequent = this.SUBRULE2(this.expression);
        this.CONSUME2(T.Colon);
        const alternate = this.SUBRULE3(this.expression);
        if (this.ready) this.cur = conditionalNode(test, consequent, alternate);
      },
    },
  ];

  private lambda = this.RULE("lambda", (): Expr => {
    const start = this.CONSUME(T.LambdaKw);
    const params: string[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const p = this.CONSUME(T.Identifier);
        if (this.ready) params.push(p.image);
      },
    });
    this.CONSUME(T.Colon);
    const body = this.SUBRULE(this.expression);
    return this.ready ? lambdaNode(start, params, body) : RECORDING;
  });

  /**
   * Prefix `!` and `-` (a loop: `!!!!…` cannot overflow the stack), a primary expression, then `.name`, `[index]` and
   * `(args)` suffixes. Prefixes apply to the whole suffixed expression: `-a.b` is `-(a.b)`.
   */
  private operand = this.RULE("operand", (): Expr => {
    const base = this.prefixes.length;
    this.MANY(this.prefix);
    const primary = this.OR(this.primaryAlts);
    this.cur = primary;
    this.MANY2(this.postfix);
    let e = this.cur;
    if (!this.ready) return RECORDING;
    const prefixes = this.prefixes;
    for (let i = prefixes.length - 1; i >= base; i--) {
      e = unaryNode(prefixes[i], e);
    }
    truncate(prefixes, base);
    return e;
  });

  private readonly prefix = (): void => {
    const op = this.CONSUME(T.UnaryOp);
    if (this.ready) this.prefixes.push(op);
  };

  private readonly postfix = (): void => {
    this.OR2(this.postfixAlts);
  };

  private readonly postfixAlts: IOrAlt<void>[] = [
    {
      ALT: () => {
        this.CONSUME(T.Dot);
        const name = this.CONSUME(T.Name);
        if (this.ready) this.cur = memberNode(this.cur, name);
      },
    },
    {
      ALT: () => {
        const object = this.cur;
        this.CONSUME(T.LBracket);
        const index = this.SUBRULE2(this.expression);
        const close = this.CONSUME(T.RBracket);
        if (this.ready) this.cur = indexNode(object, index, close);
      },
    },
    {
      ALT: () => {
        const callee = this.cur;
        this.CONSUME2(T.LParen);
        const base = this.args.length;
        this.MANY_SEP(this.callArgs);
        const close = this.CONSUME2(T.RParen);
        if (this.ready) this.cur = callNode(callee, this.args.splice(base), close);
      },
    },
  ];

  private readonly callArgs = {
    SEP: T.Comma,
    DEF: (): void => {
      const a = this.SUBRULE3(this.expression);
      if (this.ready) this.args.push(a);
    },
  };

  private readonly primaryAlts: IOrAlt<Expr>[] = [
    {
      ALT: () => {
        const t = this.CONSUME(T.NumberLiteral);
        return this.ready ? numberNode(t) : RECORDING;
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.StringLiteral);
        return this.ready ? stringNode(t) : RECORDING;
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.True);
        return this.ready ? constantNode(t, true, "true") : RECORDING;
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.False);
        return this.ready ? constantNode(t, false, "false") : RECORDING;
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.Null);
        return this.ready ? constantNode(t, null, "null") : RECORDING;
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.Identifier);
        return this.ready ? identifierNode(t) : RECORDING;
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
  ];

  /** `[a, b]` or a comprehension `[e for v in xs if c]`. */
  private list = this.RULE("list", (): Expr => {
    const open = this.CONSUME(T.LBracket);
    const elements: Expr[] = [];
    let comprehension: ComprehensionParts | undefined;
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
    return this.ready ? listNode(open, elements, comprehension, close) : RECORDING;
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
        if (this.ready) entries.push(objectEntry(key, value));
      },
    });
    const close = this.CONSUME(T.RCurly);
    return this.ready ? { type: "Object", entries, span: tokenSpan(open, close) } : RECORDING;
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

// ---- Fast path ------------------------------------------------------------------------------------------------------
//
// Parsing is most of a cold compile, and most of parsing is Chevrotain's per-rule and per-decision bookkeeping. Most
// templates are valid. For those, a plain recursive descent over the same tokens builds the same items with the same
// builders; it follows the grammar's LL(1) decisions exactly (the same first tokens pick the same alternatives, the
// loops are greedy like MANY) and gives up (returns undefined) at the first token the grammar would not accept, and
// at expressions nested deeper than FAST_PATH_DEPTH or the limit. The grammar then parses the template from
// scratch and is the one that reports errors, so error messages have one source (ZE_LIMIT_DEPTH too, and the stack
// overflow that deep nesting within a raised limit can cause in Chevrotain: so the fast path stops early). A test
// checks both paths build the same AST on the fixtures and on generated expressions and templates.

/** Token categories the fast path tests, by `tokenTypeIdx` (one array read instead of a tokenMatcher call). */
const IS_BINARY: boolean[] = [];
const IS_UNARY: boolean[] = [];
const IS_NAME: boolean[] = [];
for (const type of T.ALL_TOKENS) {
  const probe = { tokenTypeIdx: type.tokenTypeIdx, tokenType: type } as IToken;
  const idx = type.tokenTypeIdx as number;
  IS_BINARY[idx] = tokenMatcher(probe, T.BinaryOp);
  IS_UNARY[idx] = tokenMatcher(probe, T.UnaryOp);
  IS_NAME[idx] = tokenMatcher(probe, T.Name);
}

/** Expression nesting the fast path handles: deeper ones go to the grammar, which checks the limit. */
const FAST_PATH_DEPTH = 100;

/** The tokens, position and expression nesting of the fast path (one parse at a time; parsing is synchronous). */
let fastTokens: IToken[] = [];
let fastPos = 0;
let fastDepth = 0;
let fastMaxDepth = 0;

/** The template's items, or undefined when the grammar must parse it. */
function fastTemplate(tokens: IToken[], maxDepth: number): BlockItem[] | undefined {
  fastTokens = tokens;
  fastPos = 0;
  fastDepth = 0;
  // A limit that is not a number (undefined from a spread) checks nothing in the grammar: 100 here, like its stack.
  fastMaxDepth = Number.isNaN(Number(maxDepth)) ? FAST_PATH_DEPTH : Math.min(maxDepth, FAST_PATH_DEPTH);
  const items: BlockItem[] = [];
  try {
    while (fastPos < tokens.length) {
      const t = tokens[fastPos++];
      const type = t.tokenType;
      let item: BlockItem | undefined;
      if (type === T.Text) item = textItem(t);
      else if (type === T.Comment) item = commentItem(t);
      else if (type === T.TagOpen || type === T.DoubleOpen) item = fastTag(t, type === T.DoubleOpen);
      if (item === undefined) return undefined;
      items.push(item);
    }
    return items;
  } finally {
    fastTokens = [];
  }
}

function fastPeek(): TokenType | undefined {
  return fastTokens[fastPos]?.tokenType;
}

/** Consumes the tag's closing brace; the tag's span, or undefined when it is not next. */
function fastClose(open: IToken, double: boolean): Span | undefined {
  const close = fastTokens[fastPos];
  if (close === undefined || close.tokenType !== (double ? T.DoubleClose : T.RCurly)) return undefined;
  fastPos++;
  return tokenSpan(open, close);
}

function fastTag(open: IToken, double: boolean): BlockItem | undefined {
  const first = fastTokens[fastPos];
  if (first === undefined) return undefined;
  const type = first.tokenType;
  if (type === T.Slash) {
    const kw = fastTokens[fastPos + 1];
    const k = kw?.tokenType;
    if (k !== T.If && k !== T.Foreach && k !== T.Switch && k !== T.Case && k !== T.Select) return undefined;
    fastPos += 2;
    const span = fastClose(open, double);
    return span && { kind: "end", block: kw.image as "if", span };
  }
  if (type === T.If || type === T.Switch || type === T.Case || type === T.Include) {
    fastPos++;
    const e = fastExpression();
    const span = e && fastClose(open, double);
    if (span === undefined || e === undefined) return undefined;
    if (type === T.If) return { kind: "if", test: e, span };
    if (type === T.Switch) return { kind: "switch", discriminant: e, span };
    if (type === T.Case) return { kind: "case", test: e, span };
    return { kind: "node", node: { type: "Include", name: e, span } };
  }
  if (type === T.Else) {
    fastPos++;
    let test: Expr | undefined;
    if (fastPeek() === T.If) {
      fastPos++;
      test = fastExpression();
      if (test === undefined) return undefined;
    }
    const span = fastClose(open, double);
    return span && (test ? { kind: "elseif", test, span } : { kind: "else", span });
  }
  if (type === T.Foreach) {
    fastPos++;
    const iterable = fastExpression();
    if (iterable === undefined || fastPeek() !== T.As) return undefined;
    const first = fastTokens[++fastPos];
    if (first?.tokenType !== T.Identifier) return undefined;
    fastPos++;
    let second: string | undefined;
    if (fastPeek() === T.Comma) {
      const t = fastTokens[++fastPos];
      if (t?.tokenType !== T.Identifier) return undefined;
      fastPos++;
      second = t.image;
    }
    const span = fastClose(open, double);
    return span && foreachItem(iterable, first.image, second, span);
  }
  if (type === T.Select || type === T.Break || type === T.Continue) {
    fastPos++;
    const span = fastClose(open, double);
    if (span === undefined) return undefined;
    if (type === T.Select) return { kind: "select", span };
    return { kind: "node", node: { type: type === T.Break ? "Break" : "Continue", span } };
  }
  const expr = fastExpression();
  if (expr === undefined) return undefined;
  let assignment: [IToken, Expr] | undefined;
  if (fastPeek() === T.Assign) {
    const assignTok = fastTokens[fastPos++];
    const value = fastExpression();
    // A target that is not a name, member or index is an error: the grammar reports it.
    if (value === undefined || (expr.type !== "Identifier" && expr.type !== "Member" && expr.type !== "Index")) {
      return undefined;
    }
    assignment = [assignTok, value];
  }
  const span = fastClose(open, double);
  return span && outputOrAssign(expr, assignment, span, double);
}

/** An expression, counted like the grammar's depth (its limit error is the grammar's to report). */
function fastExpression(): Expr | undefined {
  if (++fastDepth > fastMaxDepth) return undefined;
  const e = fastExpressionBody();
  fastDepth--;
  return e;
}

/** A lambda, or operands joined by binary operators, then maybe `? b : c` or `?: b`. */
function fastExpressionBody(): Expr | undefined {
  if (fastPeek() === T.LambdaKw) return fastLambda();
  const first = fastOperand();
  if (first === undefined) return undefined;
  let test = first;
  let t = fastTokens[fastPos];
  if (t !== undefined && IS_BINARY[t.tokenTypeIdx]) {
    const operators: IToken[] = [];
    const operands: Expr[] = [];
    while (t !== undefined && IS_BINARY[t.tokenTypeIdx]) {
      fastPos++;
      const right = fastOperand();
      if (right === undefined) return undefined;
      operators.push(t);
      operands.push(right);
      t = fastTokens[fastPos];
    }
    test = combineChain(first, operators, operands, 0);
  }
  if (t?.tokenType !== T.Question) return test;
  fastPos++;
  if (fastPeek() === T.Colon) {
    fastPos++;
    const right = fastExpression();
    return right && elvisNode(test, right);
  }
  const consequent = fastExpression();
  if (consequent === undefined || fastPeek() !== T.Colon) return undefined;
  fastPos++;
  const alternate = fastExpression();
  return alternate && conditionalNode(test, consequent, alternate);
}

function fastLambda(): Expr | undefined {
  const start = fastTokens[fastPos++];
  const params: string[] = [];
  for (;;) {
    const p = fastTokens[fastPos];
    if (p?.tokenType !== T.Identifier) return undefined;
    fastPos++;
    params.push(p.image);
    if (fastPeek() !== T.Comma) break;
    fastPos++;
  }
  if (fastPeek() !== T.Colon) return undefined;
  fastPos++;
  const body = fastExpression();
  return body && lambdaNode(start, params, body);
}

/** Prefix operators, a primary (no list, no object), then `.name`, `[index]` and `(args)`. */
function fastOperand(): Expr | undefined {
  const tokens = fastTokens;
  const prefixStart = fastPos;
  while (fastPos < tokens.length && IS_UNARY[tokens[fastPos].tokenTypeIdx]) fastPos++;
  const prefixEnd = fastPos;
  let e = fastPrimary();
  if (e === undefined) return undefined;
  for (;;) {
    const type = fastPeek();
    if (type === T.Dot) {
      const name = tokens[fastPos + 1];
      if (name === undefined || !IS_NAME[name.tokenTypeIdx]) return undefined;
      fastPos += 2;
      e = memberNode(e, name);
    } else if (type === T.LBracket) {
      fastPos++;
      const index = fastExpression();
      const close = tokens[fastPos];
      if (index === undefined || close?.tokenType !== T.RBracket) return undefined;
      fastPos++;
      e = indexNode(e, index, close);
    } else if (type === T.LParen) {
      fastPos++;
      const args: Expr[] = [];
      if (fastPeek() !== T.RParen) {
        for (;;) {
          const a = fastExpression();
          if (a === undefined) return undefined;
          args.push(a);
          if (fastPeek() !== T.Comma) break;
          fastPos++;
        }
      }
      const close = tokens[fastPos];
      if (close?.tokenType !== T.RParen) return undefined;
      fastPos++;
      e = callNode(e, args, close);
    } else break;
  }
  for (let i = prefixEnd - 1; i >= prefixStart; i--) e = unaryNode(tokens[i], e);
  return e;
}

function fastPrimary(): Expr | undefined {
  const t = fastTokens[fastPos];
  if (t === undefined) return undefined;
  const type = t.tokenType;
  fastPos++;
  if (type === T.Identifier) return identifierNode(t);
  if (type === T.StringLiteral) return stringNode(t);
  if (type === T.NumberLiteral) return numberNode(t);
  if (type === T.True) return constantNode(t, true, "true");
  if (type === T.False) return constantNode(t, false, "false");
  if (type === T.Null) return constantNode(t, null, "null");
  if (type === T.LParen) {
    const e = fastExpression();
    if (e === undefined || fastPeek() !== T.RParen) return undefined;
    fastPos++;
    return e;
  }
  if (type === T.LBracket) return fastList(t);
  if (type === T.LCurly) return fastObject(t);
  return undefined;
}

/** After `[`: `[a, b]` or `[e for v in xs if c]`. */
function fastList(open: IToken): Expr | undefined {
  const elements: Expr[] = [];
  let comprehension: ComprehensionParts | undefined;
  if (fastPeek() !== T.RBracket) {
    const first = fastExpression();
    if (first === undefined) return undefined;
    elements.push(first);
    if (fastPeek() === T.For) {
      const variable = fastTokens[++fastPos];
      if (variable?.tokenType !== T.Identifier || fastTokens[fastPos + 1]?.tokenType !== T.In) return undefined;
      fastPos += 2;
      const iterable = fastExpression();
      if (iterable === undefined) return undefined;
      let condition: Expr | undefined;
      if (fastPeek() === T.If) {
        fastPos++;
        condition = fastExpression();
        if (condition === undefined) return undefined;
      }
      comprehension = { variable: variable.image, iterable, condition };
    } else {
      while (fastPeek() === T.Comma) {
        fastPos++;
        const e = fastExpression();
        if (e === undefined) return undefined;
        elements.push(e);
      }
    }
  }
  const close = fastTokens[fastPos];
  if (close?.tokenType !== T.RBracket) return undefined;
  fastPos++;
  return listNode(open, elements, comprehension, close);
}

/** After `{` inside a tag: `{'key': value, ...}`. */
function fastObject(open: IToken): Expr | undefined {
  const entries: ObjectEntry[] = [];
  let key = fastTokens[fastPos];
  if (key !== undefined && isObjectKey(key)) {
    for (;;) {
      if (fastTokens[fastPos + 1]?.tokenType !== T.Colon) return undefined;
      fastPos += 2;
      const value = fastExpression();
      if (value === undefined) return undefined;
      entries.push(objectEntry(key, value));
      if (fastPeek() !== T.Comma) break;
      key = fastTokens[++fastPos];
      if (key === undefined || !isObjectKey(key)) return undefined;
    }
  }
  const close = fastTokens[fastPos];
  if (close?.tokenType !== T.RCurly) return undefined;
  fastPos++;
  return { type: "Object", entries, span: tokenSpan(open, close) };
}

function isObjectKey(t: IToken): boolean {
  return t.tokenType === T.StringLiteral || t.tokenType === T.NumberLiteral || IS_NAME[t.tokenTypeIdx];
}

export interface ParseOptions {
  filename?: string;
  limits?: Partial<Limits>;
}

/** Parses a template into its AST. Throws a ZephyrError (with `related` errors when there are several). */
export function parse(source: string, options: ParseOptions = {}): TemplateAst {
  return parseTemplate(source, options, true);
}

/** Whether the fast path parses `source` (for the test that compares the two paths). */
export function takesFastPath(source: string): boolean {
  const lexed = T.offsetLexer.tokenize(source);
  lines = new SourceLines(source);
  return lexed.errors.length === 0 && fastTemplate(lexed.tokens, DEFAULT_LIMITS.depth) !== undefined;
}

/** `parse` without the fast path: every template through the grammar (for the test that compares the two). */
export function parseWithGrammar(source: string, options: ParseOptions = {}): TemplateAst {
  return parseTemplate(source, options, false);
}

function parseTemplate(source: string, options: ParseOptions, fastPath: boolean): TemplateAst {
  const limits = options.limits ? { ...DEFAULT_LIMITS, ...options.limits } : DEFAULT_LIMITS;
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
    const lexed = T.offsetLexer.tokenize(source);
    lines = new SourceLines(source);
    const errors: ZephyrError[] = lexed.errors.length
      ? lexed.errors.map((e) => {
          const line = lines.lineOf(e.offset);
          return lexError(source, e.offset, e.length, line + 1, e.offset - lines.starts[line] + 1);
        })
      : [];
    const stop = errors.length ? (errors[0].span?.offset ?? 0) : Number.POSITIVE_INFINITY;
    const scan = scanTokens(lexed.tokens, limits.depth);
    const structural = scan.error;
    if (structural && (structural.span?.offset ?? 0) < stop) errors.unshift(structural);

    let items = fastPath && !errors.length ? fastTemplate(lexed.tokens, limits.depth) : undefined;
    if (items === undefined) {
      const parser = grammarParser();
      parser.maxDepth = limits.depth;
      parser.input = lexed.tokens;
      items = errors.length ? [] : parser.template();
      if (!errors.length)
        for (const e of parser.errors) errors.push(parseError(e, parser.tagStart, lexed.tokens, source));
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
    const body: Node[] = buildBlocks(items);
    if (scan.depthBound > limits.depth) checkNesting(body, limits.depth);
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

/**
 * What the token stream alone shows: the first unclosed string or comment, or bracket nesting deeper than the limit;
 * and a bound on the AST's depth. Every node on a path down the AST takes at least one token of its own (an operator,
 * a bracket, a keyword, a name), so a node is no deeper than its enclosing blocks (at most one per block keyword)
 * plus the tokens of its tag: when that bound is within the limit, `checkNesting` cannot fail and is skipped.
 */
function scanTokens(tokens: IToken[], maxDepth: number): { error: ZephyrError | undefined; depthBound: number } {
  let depth = 0;
  let blocks = 0;
  let tagTokens = 0;
  let maxTagTokens = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const kind = SCAN_KIND[t.tokenTypeIdx] ?? 0;
    if (kind === 0) {
      if (++tagTokens > maxTagTokens) maxTagTokens = tagTokens;
      continue;
    }
    if (kind & UNCLOSED)
      return {
        error: ranOnTag(tokens, i) ?? unbalancedQuote(tokens, i) ?? unclosed(t),
        depthBound: Number.POSITIVE_INFINITY,
      };
    if (kind & OPENS) {
      if (++depth > maxDepth) return { error: tooDeep(t, maxDepth), depthBound: Number.POSITIVE_INFINITY };
    } else if (kind & CLOSES) depth--;
    if (kind & TEXT) tagTokens = 0;
    else {
      if (kind & STARTS_TAG) tagTokens = 0;
      if (++tagTokens > maxTagTokens) maxTagTokens = tagTokens;
      if (kind & OPENS_BLOCK) blocks++;
    }
  }
  return { error: undefined, depthBound: blocks + maxTagTokens + 1 };
}

const OPENS = 1;
const CLOSES = 2;
const STARTS_TAG = 4;
const TEXT = 8;
const OPENS_BLOCK = 16;
const UNCLOSED = 32;
/** What `scanTokens` looks for in each token type (by `tokenTypeIdx`); 0 for the rest. */
const SCAN_KIND: number[] = [];
for (const [types, kind] of [
  [[T.LParen, T.LBracket, T.LCurly], OPENS],
  [[T.TagOpen, T.DoubleOpen], OPENS | STARTS_TAG],
  [[T.RParen, T.RBracket, T.RCurly, T.DoubleClose], CLOSES],
  [[T.Text, T.Comment], TEXT],
  [[T.If, T.Foreach, T.Switch, T.Select, T.Case], OPENS_BLOCK],
  [[T.UnclosedString, T.UnclosedComment], UNCLOSED],
] as const) {
  for (const type of types) SCAN_KIND[type.tokenTypeIdx as number] = kind;
}

/** The first `length` characters of a token (on its first line). */
function startSpan(t: IToken, length: number): Span {
  const s = tokenSpan(t);
  return {
    offset: s.offset,
    endOffset: s.offset + length,
    line: s.line,
    column: s.column,
    endLine: s.line,
    endColumn: s.column + length,
  };
}

/** The error for an unclosed string or comment token. */
function unclosed(t: IToken): ZephyrError {
  if (t.tokenType === T.UnclosedString) {
    return new ZephyrError({
      code: "ZE_UNCLOSED_STRING",
      message: `this string is never closed: no matching ${t.image[0]} follows`,
      span: startSpan(t, 1),
      hint: `close it with ${t.image[0]}; write \\${t.image[0]} for a quote inside the string`,
    });
  }
  return new ZephyrError({
    code: "ZE_UNCLOSED_COMMENT",
    message: "this comment is never closed: '{*' needs a matching '*}'",
    span: startSpan(t, 2),
  });
}

/** A span from offsets of the source being parsed (end exclusive; equal offsets make a zero-width span). */
function offsetSpan(start: number, end: number): Span {
  const startLine = lines.lineOf(start);
  const endLine = lines.lineOf(end);
  return {
    offset: start,
    endOffset: end,
    line: startLine + 1,
    column: start - lines.starts[startLine] + 1,
    endLine: endLine + 1,
    endColumn: end - lines.starts[endLine] + 1,
  };
}

/**
 * `{contains('abc, 'b')}`: a string missing its closing quote swallows the comma, and its "closing" quote opens the
 * next argument, so the last quote of the tag is left unclosed. When an unclosed quote follows a word that follows a
 * string directly (`'abc, 'b`), the string is what went wrong: point at it and propose the missing quote (before
 * the comma it swallowed) or, without a comma in it, the missing quote and comma.
 */
function unbalancedQuote(tokens: IToken[], i: number): ZephyrError | undefined {
  if (tokens[i].tokenType !== T.UnclosedString) return undefined;
  let j = i - 1;
  while (j >= 0 && (tokenMatcher(tokens[j], T.Name) || tokens[j].tokenType === T.NumberLiteral)) j--;
  if (j === i - 1 || j < 0 || tokens[j].tokenType !== T.StringLiteral) return undefined;
  const str = tokens[j];
  const strEnd = str.startOffset + str.image.length;
  if (tokens[j + 1].startOffset !== strEnd) return undefined; // `'a' b'`: not glued to the string
  const quote = str.image[0];
  const body = str.image.slice(1, -1);
  if (body.includes("\n") || body.includes("\r")) return undefined;
  const comma = body.lastIndexOf(",");
  const replacement =
    comma >= 0
      ? `${quote}${body.slice(0, comma).trimEnd()}${quote}${body.slice(comma)}${quote}`
      : `${quote}${body.trimEnd()}${quote}, ${quote}`;
  const between = sourceText(tokens, j + 1, i);
  const suggestion = `${replacement}${between}${quote}`;
  return new ZephyrError({
    code: "ZE_UNCLOSED_STRING",
    message: `unbalanced quotes: the string ${str.image} runs into ${between}, so the quote after it is never closed`,
    span: tokenSpan(str),
    hint: `a closing quote${comma >= 0 ? "" : " and a comma"} seem${comma >= 0 ? "s" : ""} to be missing: did you mean ${suggestion}?`,
    fix: {
      title: `write ${suggestion}`,
      span: offsetSpan(str.startOffset, strEnd),
      replacement,
    },
  });
}

/** The source text of tokens[from..to) (adjacent tokens; skipped whitespace between them is lost). */
function sourceText(tokens: IToken[], from: number, to: number): string {
  let out = "";
  for (let k = from; k < to; k++) out += tokens[k].image;
  return out;
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
  const special = i >= 0 ? specialError(e, tokens, i, tagStart) : undefined;
  if (special) return special;
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
  let fix: Fix | undefined;
  if (hint === undefined && prev && i >= 0 && !/--> ':' <--/.test(e.message) && missingComma(tokens, i)) {
    // `{personalize({"algorithm": "popular" "size": 3})}`, `{f('a' 'b')}`: two values side by side in a list.
    const at = prev.startOffset + prev.image.length;
    hint = `a comma seems to be missing before ${found}`;
    fix = { title: "insert ','", span: offsetSpan(at, at), replacement: "," };
  }
  const inExpression = e.context.ruleStack.some((r) => r !== "template" && r !== "tag");
  const message =
    e.name === "MismatchedTokenException"
      ? `${expectedFromMessage(e.message)} but found ${found}`
      : inExpression || e.context.ruleStack.at(-1) === "tag" // the tag's body matched no alternative
        ? `expected an expression but found ${found}`
        : `unexpected ${found}`;
  return new ZephyrError({ code: "ZE_SYNTAX", message, span, hint, fix });
}

/** Tokens that end a value, and tokens that start one. */
const ENDS_VALUE: readonly TokenType[] = [
  T.StringLiteral,
  T.NumberLiteral,
  T.Identifier,
  T.True,
  T.False,
  T.Null,
  T.RParen,
  T.RBracket,
  T.RCurly,
];
const STARTS_VALUE: readonly TokenType[] = [
  T.StringLiteral,
  T.NumberLiteral,
  T.Identifier,
  T.True,
  T.False,
  T.Null,
  T.LBracket,
  T.LCurly,
];

/**
 * Whether tokens[i] starts a value right after one ended, inside the brackets of a call, a list or an object of
 * the current tag: the comma between them is probably missing.
 */
function missingComma(tokens: IToken[], i: number): boolean {
  if (i < 1 || !STARTS_VALUE.includes(tokens[i].tokenType) || !ENDS_VALUE.includes(tokens[i - 1].tokenType))
    return false;
  let depth = 0;
  for (let k = i - 1; k >= 0; k--) {
    const t = tokens[k].tokenType;
    if (t === T.TagOpen || t === T.DoubleOpen) return false;
    if (t === T.RParen || t === T.RBracket || t === T.RCurly) depth++;
    else if (t === T.LParen || t === T.LBracket || t === T.LCurly) {
      if (depth === 0) return true;
      depth--;
    }
  }
  return false;
}

/** Keywords that open a condition tag, where `=` is most likely a comparison. */
const CONDITION_TAGS: readonly TokenType[] = [T.If, T.Else, T.Case, T.Switch];
/** Tokens after which a tag goes on to the next line on purpose (an operator, a comma, an opening bracket). */
const CONTINUES: readonly TokenType[] = [
  T.Comma,
  T.Colon,
  T.Question,
  T.Dot,
  T.Assign,
  T.Eq,
  T.NotEq,
  T.LtEq,
  T.GtEq,
  T.Lt,
  T.Gt,
  T.AndAnd,
  T.OrOr,
  T.Bang,
  T.Plus,
  T.Minus,
  T.Star,
  T.Slash,
  T.Percent,
  T.LambdaKw,
  T.As,
  T.In,
  T.For,
  T.If,
  T.Else,
  T.Foreach,
  T.Switch,
  T.Case,
  T.Include,
];
/** Tokens that continue a tag from the start of a line (`\n  + b`, `\n)`). */
const CONTINUES_LINE: readonly TokenType[] = [
  ...CONTINUES.filter((t) => t !== T.Bang && t !== T.Minus),
  T.RParen,
  T.RBracket,
];

/**
 * The mistakes that deserve their own message (issue 16, "lint that teaches"): a tag that runs into the next line,
 * `{elseif …}`, an assignment inside an expression, a ternary without `: else`. Each carries a fix when there is one
 * precise edit to propose.
 */
function specialError(
  e: RecognitionError,
  tokens: IToken[],
  i: number,
  tagStart: IToken | undefined,
): ZephyrError | undefined {
  const tok = tokens[i];
  const prev = i > 0 ? tokens[i - 1] : undefined;
  // The tag's opening token and its first keyword.
  let open = i;
  while (open >= 0 && tokens[open].tokenType !== T.TagOpen && tokens[open].tokenType !== T.DoubleOpen) open--;
  const opener = open >= 0 ? tokens[open] : tagStart;
  const first = open >= 0 && open + 1 < tokens.length ? tokens[open + 1] : undefined;

  const ranOn = ranOnTag(tokens, i, opener);
  if (ranOn) return ranOn;

  const misspelt = tok.image === "elseif" || tok.image === "elif" ? tok : undefined;
  const elseif =
    misspelt ?? (prev && (prev.image === "elseif" || prev.image === "elif") && first === prev ? prev : undefined);
  if (elseif && tokenMatcher(elseif, T.Name) && first === elseif) {
    return new ZephyrError({
      code: "ZE_SYNTAX",
      message: `'{${elseif.image} …}' is not a Zephyr tag: 'else if' is two words`,
      span: tokenSpan(elseif),
      hint: "did you mean {else if …}?",
      fix: { title: "write {else if …}", span: tokenSpan(elseif), replacement: "else if" },
    });
  }

  if (tok.tokenType === T.Assign) {
    const condition = first !== undefined && CONDITION_TAGS.includes(first.tokenType);
    const equals = tokenSpan(tok);
    return new ZephyrError({
      code: "ZE_SYNTAX",
      message: "an assignment cannot be part of an expression: assignments are statements, each in a tag of its own",
      span: equals,
      hint: condition
        ? "to compare two values, write '=='; to assign, write {x = value} in a tag before this one"
        : "write the assignment in a tag of its own, {x = value}, before the tag that uses x",
      fix: condition ? { title: "compare with '=='", span: equals, replacement: "==" } : undefined,
    });
  }

  if (e.name === "MismatchedTokenException" && /--> ':' <--/.test(e.message) && hasOpenTernary(tokens, open, i)) {
    const at = tok.startOffset;
    return new ZephyrError({
      code: "ZE_SYNTAX",
      message: "this ternary has no ': else' part: 'a ? b' needs ': c' for when a is false",
      span: tokenSpan(tok),
      hint: "write {a ? b : c}; for nothing when a is false, {a ? b : ''}",
      fix: { title: "add : ''", span: offsetSpan(at, at), replacement: " : ''" },
    });
  }
  return undefined;
}

/**
 * The error for a tag that ran into the next line (tokens[i] is where parsing failed), at its opening brace; undefined
 * when the tag did not (see `ranIntoNextLine`).
 */
function ranOnTag(tokens: IToken[], i: number, tagStart?: IToken): ZephyrError | undefined {
  let open = i;
  while (open >= 0 && tokens[open].tokenType !== T.TagOpen && tokens[open].tokenType !== T.DoubleOpen) open--;
  const opener = open >= 0 ? tokens[open] : tagStart;
  if (!opener || open < 0) return undefined;
  const ranOn = ranIntoNextLine(tokens, open, i);
  if (ranOn === undefined) return undefined;
  const last = tokens[ranOn];
  const at = last.startOffset + last.image.length;
  const close = opener.tokenType === T.DoubleOpen ? "}}" : "}";
  const openLine = lines.lineOf(opener.startOffset) + 1;
  return new ZephyrError({
    code: "ZE_UNCLOSED_TAG",
    message: `this tag is never closed: '${opener.image}' on line ${openLine} has no '${close}', so the tag runs into line ${lines.lineOf(tokens[ranOn + 1].startOffset) + 1}`,
    span: tokenSpan(opener),
    hint: `add '${close}' at the end of the tag on line ${lines.lineOf(at) + 1}; a '{' followed by a space is literal text`,
    fix: { title: `close the tag with '${close}'`, span: offsetSpan(at, at), replacement: close },
  });
}

/**
 * Whether the tag opened at tokens[open] ran on past its line by mistake: the index of its last token before the
 * first line break where its brackets are all closed and the line does not end with an operator or a comma (so the
 * tag looked complete), when the error comes after that break; undefined otherwise.
 */
function ranIntoNextLine(tokens: IToken[], open: number, error: number): number | undefined {
  if (open < 0) return undefined;
  let depth = 0;
  for (let k = open + 1; k < error; k++) {
    const t = tokens[k].tokenType;
    if (t === T.LParen || t === T.LBracket || t === T.LCurly) depth++;
    else if (t === T.RParen || t === T.RBracket || t === T.RCurly) depth--;
    if (depth > 0 || CONTINUES.includes(t)) continue;
    const here = tokens[k];
    const end = here.startOffset + here.image.length;
    const next = tokens[k + 1];
    if (lines.lineOf(next.startOffset) > lines.lineOf(end - 1) && !CONTINUES_LINE.includes(next.tokenType)) return k;
  }
  return undefined;
}

/** Whether a `?` in tokens(open..error) still waits for its `:`. */
function hasOpenTernary(tokens: IToken[], open: number, error: number): boolean {
  let pending = 0;
  for (let k = Math.max(0, open + 1); k < error; k++) {
    if (tokens[k].tokenType === T.Question) pending++;
    else if (tokens[k].tokenType === T.Colon && pending > 0) pending--;
  }
  return pending > 0;
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
