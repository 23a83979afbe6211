/** What the service knows about one version of a document: the engine's tokens, AST, lint and assignments. */
import {
  DEFAULT_LIMITS,
  type Diagnostic,
  type Expr,
  exprChildren,
  type IdentifierExpr,
  type IncludeNode,
  lint,
  type Node,
  offsetLexer,
  parse,
  type Span,
  type TemplateAst,
  ZephyrError,
} from "@zephyr/zephyr/internal";
import { type TextDocument, TextDocument as TextDocumentImpl } from "vscode-languageserver-textdocument";

/** A token of the engine's lexer, reduced to what the editor needs. */
export interface Token {
  /** The lexer's token type name (`Identifier`, `StringLiteral`, `TagOpen`, `If`, …). */
  type: string;
  offset: number;
  end: number;
  image: string;
}

/** A place where a variable gets a value. */
export interface Assignment {
  name: string;
  /** The name as written (for `foreach … as k, v`, the name inside the tag). */
  nameOffset: number;
  /** The whole tag. */
  span: Span;
  kind: "assign" | "foreach" | "set" | "comprehension" | "lambda";
}

export const KEYWORD_TOKENS = new Set([
  "If",
  "Else",
  "Foreach",
  "As",
  "Switch",
  "Case",
  "Select",
  "Break",
  "Continue",
  "Include",
  "Lambda",
  "For",
  "In",
  "True",
  "False",
  "Null",
]);

export class Analysis {
  private tokenCache: Token[] | undefined;
  private astCache: TemplateAst | null | undefined;
  private parseErrors: Diagnostic[] = [];
  private assignmentCache: Assignment[] | undefined;

  /** The text and version analysed (an editor's document object changes in place; this does not). */
  readonly text: string;
  readonly version: number;
  /** A snapshot of the document at that version, for offset ↔ position conversion. */
  readonly doc: TextDocument;

  constructor(
    doc: TextDocument,
    readonly filename: string,
  ) {
    this.text = doc.getText();
    this.version = doc.version;
    this.doc = snapshot(doc, this.text);
  }

  /** This analysis for a later version of the same text: what it has computed carries over. */
  forVersion(doc: TextDocument): Analysis {
    const a = new Analysis(doc, this.filename);
    if (a.text !== this.text) throw new Error("forVersion: the text differs");
    a.tokenCache = this.tokenCache;
    a.astCache = this.astCache;
    a.parseErrors = this.parseErrors;
    a.assignmentCache = this.assignmentCache;
    return a;
  }

  /**
   * The engine lexer's tokens (skipped whitespace excluded), in order. None for a text over the engine's template
   * size limit: the diagnostics say it is too large, and nothing else works on it (bounded work per keystroke).
   */
  get tokens(): Token[] {
    if (!this.tokenCache) {
      const out: Token[] = [];
      if (this.text.length > DEFAULT_LIMITS.templateSize) return (this.tokenCache = out);
      for (const t of offsetLexer.tokenize(this.text).tokens)
        out.push({
          type: t.tokenType.name,
          offset: t.startOffset,
          end: t.startOffset + t.image.length,
          image: t.image,
        });
      this.tokenCache = out;
    }
    return this.tokenCache;
  }

  /** The AST, or null when the template does not parse. */
  get ast(): TemplateAst | null {
    if (this.astCache === undefined) {
      try {
        this.astCache = parse(this.text, { filename: this.filename });
      } catch (e) {
        if (!(e instanceof ZephyrError)) throw e;
        this.astCache = null;
        this.parseErrors = (e.related.length ? e.related : [e]).map((x) => x.toDiagnostic());
      }
    }
    return this.astCache;
  }

  /** Syntax errors and lint findings. */
  lint(globals: Iterable<string>): Diagnostic[] {
    const ast = this.ast; // parsed once and kept: the next edit's quick diagnostics start from it
    if (ast === null) return [...this.parseErrors];
    return lint(this.text, { filename: this.filename, globals, ast });
  }

  /** The AST if it is known already (parsed, or adopted from a compile), without parsing; null if it does not parse. */
  get knownAst(): TemplateAst | null | undefined {
    return this.astCache;
  }

  /**
   * The parse errors of this very text, when something else parsed it with the same limits and it did not parse (a
   * compile that failed in its parse).
   */
  adoptParseFailure(e: ZephyrError): void {
    if (this.astCache !== undefined) return;
    this.astCache = null;
    this.parseErrors = (e.related.length ? e.related : [e]).map((x) => x.toDiagnostic());
  }

  /** The AST of this very text, when something else parsed it (the compiled template of the sample render). */
  adoptAst(ast: TemplateAst): void {
    if (this.astCache === undefined && ast.source === this.text) this.astCache = ast;
  }

  /** Index of the token that contains `offset` or ends at it (the one the cursor is on), or -1. */
  tokenAt(offset: number): number {
    const tokens = this.tokens;
    let lo = 0;
    let hi = tokens.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (tokens[mid].offset <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return -1;
    if (offset < tokens[found].end) return found;
    // At the end of a token (cursor right after a name): that token.
    if (offset === tokens[found].end) return found;
    return -1;
  }

  /** Index of the name token under the cursor (or just before it, as editors place a cursor after a word), or -1. */
  nameAt(offset: number): number {
    const tokens = this.tokens;
    const i = this.tokenAt(offset);
    if (i < 0) return -1;
    const isName = (t: Token | undefined) => t !== undefined && (t.type === "Identifier" || KEYWORD_TOKENS.has(t.type));
    if (isName(tokens[i])) return i;
    if (tokens[i].offset === offset && isName(tokens[i - 1]) && tokens[i - 1].end === offset) return i - 1;
    return -1;
  }

  /** Every place a variable is assigned (by the AST; empty when the template does not parse). */
  get assignments(): Assignment[] {
    if (this.assignmentCache) return this.assignmentCache;
    const out: Assignment[] = [];
    const ast = this.ast;
    if (ast) {
      const text = this.text;
      walkNodes(ast.body, (n) => {
        if (n.type === "Assign") {
          let t: Expr = n.target;
          while (t.type === "Member" || t.type === "Index") t = t.object;
          if (t.type === "Identifier")
            out.push({ name: t.name, nameOffset: t.span.offset, span: n.span, kind: "assign" });
        } else if (n.type === "Foreach") {
          const tag = text.slice(n.openSpan.offset, n.openSpan.endOffset);
          const m = /\bas\s+([A-Za-z_$][\w$]*)(?:\s*,\s*([A-Za-z_$][\w$]*))?\s*\}*$/d.exec(tag);
          const names = n.key === undefined ? [n.value] : [n.key, n.value];
          names.forEach((name, i) => {
            const at = m?.indices?.[i + 1]?.[0];
            out.push({
              name,
              nameOffset: n.openSpan.offset + (at ?? 0),
              span: n.openSpan,
              kind: "foreach",
            });
          });
        }
        forEachExpr(n, (e) => {
          if (
            e.type === "Call" &&
            e.callee.type === "Identifier" &&
            (e.callee.name === "set" || e.callee.name === "push") &&
            e.args[0]?.type === "Literal" &&
            typeof e.args[0].value === "string"
          )
            out.push({ name: e.args[0].value, nameOffset: e.args[0].span.offset + 1, span: e.span, kind: "set" });
        });
      });
    }
    out.sort((a, b) => a.nameOffset - b.nameOffset);
    this.assignmentCache = out;
    return out;
  }

  /** The `{include 'name'}` tags whose name is a string literal. */
  get includes(): { name: string; span: Span; nameSpan: Span }[] {
    const out: { name: string; span: Span; nameSpan: Span }[] = [];
    const ast = this.ast;
    if (!ast) return out;
    walkNodes(ast.body, (n) => {
      if (n.type === "Include" && (n as IncludeNode).name.type === "Literal") {
        const lit = n.name as Extract<Expr, { type: "Literal" }>;
        if (typeof lit.value === "string") out.push({ name: lit.value, span: n.span, nameSpan: lit.span });
      }
    });
    return out;
  }
}

function snapshot(doc: TextDocument, text: string): TextDocument {
  return TextDocumentImpl.create(doc.uri, doc.languageId, doc.version, text);
}

/** Calls `f` on every node, depth first, in source order. */
export function walkNodes(nodes: readonly Node[], f: (n: Node) => void): void {
  for (const n of nodes) {
    f(n);
    switch (n.type) {
      case "If":
        for (const b of n.branches) walkNodes(b.body, f);
        if (n.alternate) walkNodes(n.alternate, f);
        break;
      case "Foreach":
        walkNodes(n.body, f);
        break;
      case "Switch":
      case "Select":
        for (const c of n.cases) walkNodes(c.body, f);
        break;
    }
  }
}

/** The expressions directly held by a node (tests, values, iterables), each walked fully. */
export function forEachExpr(n: Node, f: (e: Expr) => void): void {
  const roots: Expr[] = [];
  switch (n.type) {
    case "Output":
      roots.push(n.expr);
      break;
    case "Assign":
      roots.push(n.target, n.value);
      break;
    case "If":
      for (const b of n.branches) roots.push(b.test);
      break;
    case "Foreach":
      roots.push(n.iterable);
      break;
    case "Switch":
      roots.push(n.discriminant);
      for (const c of n.cases) roots.push(c.test);
      break;
    case "Select":
      for (const c of n.cases) roots.push(c.test);
      break;
    case "Include":
      roots.push(n.name);
      break;
  }
  const stack = roots.reverse();
  while (stack.length) {
    const e = stack.pop()!;
    f(e);
    const kids = exprChildren(e);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

export type { IdentifierExpr };
