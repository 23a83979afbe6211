/**
 * The Zephyr grammar (Chevrotain, embedded actions): tokens in, block items out. The nodes are built by nodes.ts;
 * errors are worded by hints.ts; the nesting limit is checked by limits.ts.
 */
import { EmbeddedActionsParser, EOF, type IOrAlt, type IToken } from "chevrotain";
import type { Expr, ObjectEntry } from "../ast.js";
import type { BlockItem } from "../blocks.js";
import * as T from "../lexer.js";
import type { Span } from "../span.js";
import type { ParseContext } from "./context.js";
import type { RecognitionError } from "./hints.js";
import { tooDeep } from "./limits.js";
import {
  type ComprehensionParts,
  callNode,
  combineChain,
  commentItem,
  conditionalNode,
  constantNode,
  elvisNode,
  foreachItem,
  identifierNode,
  indexNode,
  lambdaNode,
  listNode,
  memberNode,
  numberNode,
  objectEntry,
  objectNode,
  outputOrAssign,
  stringNode,
  textItem,
  unaryNode,
} from "./nodes.js";

/** Drops the items of `stack` from `length` on (`pop`: setting `length` is a call into the runtime, even when equal). */
function truncate<T>(stack: T[], length: number): void {
  while (stack.length > length) stack.pop();
}

/** What a rule returns while Chevrotain records the grammar (the result is never looked at then). */
const RECORDING = undefined as unknown as Expr;
const NO_ITEM = undefined as unknown as BlockItem;
/** The parser's context outside a parse (never read then: results are built only when `ready`). */
const NO_CONTEXT = undefined as unknown as ParseContext;

/**
 * The Zephyr grammar. It parses a template into a flat list of items (text, comments and tags); `buildBlocks`
 * then nests `{if}`/`{foreach}`/... bodies, which lets block errors point at the opening tag.
 * One instance is reused for every parse (Chevrotain's advice: construction is the expensive part); what one parse
 * needs to know (the source's lines, the limits) comes in a ParseContext, and `parseItems` clears it afterwards.
 * It is the only parser (design.md §1): it builds every AST and reports every syntax error.
 *
 * Parsing is most of a cold compile, so the rules are written for it: binary operators are one loop whose operands
 * are combined by precedence afterwards (one rule per precedence level cost ten rule calls per operand), unary,
 * primary and postfix forms are one rule, and the alternatives and loop bodies passed to OR/MANY/OPTION are built
 * once per parser rather than once per call. State that those shared bodies need lives on the parser: `cur` (the
 * expression a postfix or `?` applies to; read before any sub-rule runs) and stacks with a base index per call.
 * Results are built only when `ready` (after the grammar is recorded: the recording run has no real tokens).
 */
export class ZephyrParser extends EmbeddedActionsParser {
  /** The parse in progress (none while Chevrotain records the grammar, nor between parses). */
  private ctx: ParseContext = NO_CONTEXT;
  /** Expression nesting depth, checked against the context's `maxDepth` so deep input is an error, not a stack overflow. */
  private depth = 0;
  /** The opening token of the tag being parsed (for "tag never closed" errors). */
  tagStart: IToken | undefined;
  /** False while Chevrotain records the grammar (the constructor), true for real parses. */
  private ready = false;
  /** The expression the postfix or ternary part being parsed applies to. */
  private cur: Expr = RECORDING;
  /** Where the operands of the chain being parsed start on `operands`. */
  private chainBase = 0;
  /** Operators and operands of the binary chains being parsed, and prefix operators, and call arguments. */
  private readonly operators: IToken[] = [];
  private readonly operands: Expr[] = [];
  private readonly prefixes: IToken[] = [];
  private readonly args: Expr[] = [];
  /** Elements of the lists, and entries of the objects, being parsed. */
  private readonly elements: Expr[] = [];
  private readonly entries: ObjectEntry[] = [];

  /** `validate`: run Chevrotain's grammar checks (a test does; they cost start-up time and never change at run time). */
  constructor(validate = false) {
    super(T.ALL_TOKENS, { maxLookahead: 1, recoveryEnabled: false, skipValidations: !validate });
    this.performSelfAnalysis();
    this.ready = true;
  }

  /**
   * The items of a template's tokens, Chevrotain's recognition errors (the items are partial when there are errors)
   * and the tag being parsed when parsing stopped (for "tag never closed"). Nesting deep enough to overflow the stack
   * within a raised depth limit is a ZE_LIMIT_DEPTH error at that tag.
   */
  parseItems(
    ctx: ParseContext,
    tokens: IToken[],
  ): { items: BlockItem[]; errors: RecognitionError[]; tagStart: IToken | undefined } {
    this.ctx = ctx;
    try {
      this.input = tokens;
      const items = this.template();
      return { items, errors: this.errors as unknown as RecognitionError[], tagStart: this.tagStart };
    } catch (e) {
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        throw tooDeep(ctx, this.tagStart ?? ({ tokenType: EOF } as IToken), ctx.maxDepth);
      }
      throw e;
    } finally {
      this.ctx = NO_CONTEXT;
      // (the tokens stay until the next parse: setting `input` resets the whole parser state, which costs)
    }
  }

  override reset(): void {
    super.reset();
    this.depth = 0;
    this.tagStart = undefined;
    this.cur = RECORDING;
    this.chainBase = 0;
    truncate(this.operators, 0);
    truncate(this.operands, 0);
    truncate(this.prefixes, 0);
    truncate(this.args, 0);
    truncate(this.elements, 0);
    truncate(this.entries, 0);
  }

  public template = this.RULE("template", (): BlockItem[] => {
    this.items = [];
    this.MANY(this.item);
    const items = this.items;
    this.items = [];
    return items;
  });

  /** The template's items so far. */
  private items: BlockItem[] = [];

  private readonly item = (): void => {
    const item = this.OR(this.itemAlts);
    if (this.ready) this.items.push(item);
  };

  private readonly itemAlts: IOrAlt<BlockItem>[] = [
    {
      ALT: () => {
        const t = this.CONSUME(T.Text);
        return this.ready ? textItem(this.ctx, t) : NO_ITEM;
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.Comment);
        return this.ready ? commentItem(this.ctx, t) : NO_ITEM;
      },
    },
    { ALT: () => this.tag() },
  ];

  /**
   * `{ body }` or `{{ body }}`; the body's alternative returns a function that builds the item from the tag's span.
   * Part of the template rule (a rule of its own cost a rule call per tag).
   */
  private tag(): BlockItem {
    // `{` or `{{` (one token category: one CONSUME rather than a choice). While recording, `}}` is the close recorded.
    const open = this.CONSUME(T.Open);
    const double = !this.ready || open.tokenType === T.DoubleOpen;
    if (this.ready) this.tagStart = open;
    const body = this.OR2(this.tagAlts);
    const close = double ? this.CONSUME(T.DoubleClose) : this.CONSUME(T.RCurly);
    return this.ready ? body(this.ctx.tokenSpan(open, close), double) : NO_ITEM;
  }

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
        return (span: Span, double: boolean) => outputOrAssign(this.ctx, expr, assignment, span, double);
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
    if (this.ready && ++this.depth > this.ctx.maxDepth) throw tooDeep(this.ctx, this.LA(1), this.ctx.maxDepth);
    const e = this.OR(this.expressionAlts);
    if (this.ready) this.depth--;
    return e;
  });

  private readonly expressionAlts: IOrAlt<Expr>[] = [
    { ALT: () => this.SUBRULE(this.lambda) },
    {
      ALT: () => {
        const opBase = this.operators.length;
        const valBase = this.operands.length;
        const outer = this.chainBase;
        this.chainBase = valBase;
        this.AT_LEAST_ONE_SEP(this.chain);
        this.chainBase = outer;
        if (this.ready) {
          this.cur = this.operators.length > opBase ? this.combine(opBase, valBase) : (this.operands.pop() as Expr);
        }
        this.OPTION(this.ternaryTail);
        return this.cur;
      },
    },
  ];

  /**
   * Operands separated by binary operators. An operand is parsed in place (not by a rule of its own: a rule call
   * per operand was a fifth of parsing): prefix `!` and `-` (a loop: `!!!!…` cannot overflow the stack), a primary
   * expression, then `.name`, `[index]` and `(args)` suffixes. Prefixes apply to the whole suffixed expression:
   * `-a.b` is `-(a.b)`. Operands and the operators before them go on the `operands` / `operators` stacks, from
   * `chainBase` on for the chain being parsed; `combine` builds the tree once the chain is read.
   */
  private readonly chain = {
    SEP: T.BinaryOp,
    DEF: (): void => {
      // The separator just consumed, unless this is the chain's first operand.
      const op = this.ready && this.operands.length > this.chainBase ? this.LA(0) : undefined;
      const base = this.prefixes.length;
      this.MANY(this.prefix);
      this.cur = this.OR3(this.primaryAlts);
      this.MANY2(this.postfix);
      if (!this.ready) return;
      let e = this.cur;
      const prefixes = this.prefixes;
      for (let i = prefixes.length - 1; i >= base; i--) e = unaryNode(this.ctx, prefixes[i], e);
      truncate(prefixes, base);
      if (op !== undefined) this.operators.push(op);
      this.operands.push(e);
    },
  };

  /** The tree of the chain whose operators start at `opBase` and operands at `valBase`. Pops what it used. */
  private combine(opBase: number, valBase: number): Expr {
    const result = combineChain(this.operators, opBase, this.operands, valBase);
    truncate(this.operators, opBase);
    truncate(this.operands, valBase);
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
    return this.ready ? lambdaNode(this.ctx, start, params, body) : RECORDING;
  });

  private readonly prefix = (): void => {
    const op = this.CONSUME(T.UnaryOp);
    if (this.ready) this.prefixes.push(op);
  };

  private readonly postfix = (): void => {
    this.OR4(this.postfixAlts);
  };

  private readonly postfixAlts: IOrAlt<void>[] = [
    {
      ALT: () => {
        this.CONSUME(T.Dot);
        const name = this.CONSUME(T.Name);
        if (this.ready) this.cur = memberNode(this.ctx, this.cur, name);
      },
    },
    {
      ALT: () => {
        const object = this.cur;
        this.CONSUME(T.LBracket);
        const index = this.SUBRULE4(this.expression);
        const close = this.CONSUME(T.RBracket);
        if (this.ready) this.cur = indexNode(this.ctx, object, index, close);
      },
    },
    {
      ALT: () => {
        const callee = this.cur;
        this.CONSUME2(T.LParen);
        const base = this.args.length;
        this.MANY_SEP(this.callArgs);
        const close = this.CONSUME2(T.RParen);
        if (this.ready) this.cur = callNode(this.ctx, callee, this.args.splice(base), close);
      },
    },
  ];

  private readonly callArgs = {
    SEP: T.Comma,
    DEF: (): void => {
      const a = this.SUBRULE5(this.expression);
      if (this.ready) this.args.push(a);
    },
  };

  private readonly primaryAlts: IOrAlt<Expr>[] = [
    {
      ALT: () => {
        const t = this.CONSUME(T.NumberLiteral);
        return this.ready ? numberNode(this.ctx, t) : RECORDING;
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.StringLiteral);
        return this.ready ? stringNode(this.ctx, t) : RECORDING;
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.True);
        return this.ready ? constantNode(this.ctx, t, true, "true") : RECORDING;
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.False);
        return this.ready ? constantNode(this.ctx, t, false, "false") : RECORDING;
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.Null);
        return this.ready ? constantNode(this.ctx, t, null, "null") : RECORDING;
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.Identifier);
        return this.ready ? identifierNode(this.ctx, t) : RECORDING;
      },
    },
    {
      ALT: () => {
        this.CONSUME(T.LParen);
        const e = this.SUBRULE6(this.expression);
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
    const base = this.elements.length;
    const comprehension = this.OPTION(this.listBody);
    const close = this.CONSUME(T.RBracket);
    if (!this.ready) return RECORDING;
    return listNode(this.ctx, open, this.elements.splice(base), comprehension, close);
  });

  /** A list's elements (pushed on `elements`), or its first element and the comprehension's parts. */
  private readonly listBody = (): ComprehensionParts | undefined => {
    const first = this.SUBRULE(this.expression);
    if (this.ready) this.elements.push(first);
    return this.OR(this.listTailAlts);
  };

  private readonly listTailAlts: IOrAlt<ComprehensionParts | undefined>[] = [
    {
      ALT: () => {
        this.CONSUME(T.For);
        const variable = this.CONSUME(T.Identifier).image;
        this.CONSUME(T.In);
        const iterable = this.SUBRULE2(this.expression);
        const condition = this.OPTION2(this.comprehensionIf);
        return this.ready ? { variable, iterable, condition } : undefined;
      },
    },
    {
      ALT: () => {
        this.MANY(this.listElement);
        return undefined;
      },
    },
  ];

  private readonly comprehensionIf = (): Expr => {
    this.CONSUME(T.If);
    return this.SUBRULE3(this.expression);
  };

  private readonly listElement = (): void => {
    this.CONSUME(T.Comma);
    const e = this.SUBRULE4(this.expression);
    if (this.ready) this.elements.push(e);
  };

  /** `{'key': value, ...}` (keys quoted as in JSON; bare names and numbers are accepted too). */
  private object = this.RULE("object", (): Expr => {
    const open = this.CONSUME(T.LCurly);
    const base = this.entries.length;
    this.MANY_SEP(this.objectEntries);
    const close = this.CONSUME(T.RCurly);
    if (!this.ready) return RECORDING;
    return objectNode(this.ctx, open, this.entries.splice(base), close);
  });

  private readonly objectEntries = {
    SEP: T.Comma,
    DEF: (): void => {
      const key = this.OR(this.keyAlts);
      this.CONSUME(T.Colon);
      const value = this.SUBRULE(this.expression);
      if (this.ready) this.entries.push(objectEntry(this.ctx, key, value));
    },
  };

  private readonly keyAlts: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(T.StringLiteral) },
    { ALT: () => this.CONSUME(T.Name) },
    { ALT: () => this.CONSUME(T.NumberLiteral) },
  ];
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
