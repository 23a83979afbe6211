import type { Span } from "./span.js";

/** The AST: a closed union of node types between parser and compiler. Every node has a span. */

export type Expr =
  | LiteralExpr
  | IdentifierExpr
  | MemberExpr
  | IndexExpr
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | LogicalExpr
  | ConditionalExpr
  | ElvisExpr
  | ArrayExpr
  | ObjectExpr
  | LambdaExpr
  | ComprehensionExpr;

export interface LiteralExpr {
  type: "Literal";
  value: string | number | boolean | null;
  /** The literal as written (`'it\'s'`, `1.50`), kept for `fmt`. */
  raw: string;
  span: Span;
}
export interface IdentifierExpr {
  type: "Identifier";
  name: string;
  span: Span;
}
export interface MemberExpr {
  type: "Member";
  object: Expr;
  property: string;
  span: Span;
}
export interface IndexExpr {
  type: "Index";
  object: Expr;
  index: Expr;
  span: Span;
}
export interface CallExpr {
  type: "Call";
  callee: Expr;
  args: Expr[];
  span: Span;
}
export interface UnaryExpr {
  type: "Unary";
  operator: "!" | "-";
  operand: Expr;
  span: Span;
}
export type BinaryOperator = "+" | "-" | "*" | "/" | "%" | "==" | "!=" | "<" | "<=" | ">" | ">=";
export interface BinaryExpr {
  type: "Binary";
  operator: BinaryOperator;
  left: Expr;
  right: Expr;
  span: Span;
}
export interface LogicalExpr {
  type: "Logical";
  operator: "&&" | "||";
  left: Expr;
  right: Expr;
  span: Span;
}
/** `test ? consequent : alternate` */
export interface ConditionalExpr {
  type: "Conditional";
  test: Expr;
  consequent: Expr;
  alternate: Expr;
  span: Span;
}
/** `left ?: right`: left if truthy, else right. */
export interface ElvisExpr {
  type: "Elvis";
  left: Expr;
  right: Expr;
  span: Span;
}
export interface ArrayExpr {
  type: "Array";
  elements: Expr[];
  span: Span;
}
export interface ObjectEntry {
  key: string;
  /** The key as written, for `fmt`. */
  rawKey: string;
  value: Expr;
  span: Span;
}
export interface ObjectExpr {
  type: "Object";
  entries: ObjectEntry[];
  span: Span;
}
export interface LambdaExpr {
  type: "Lambda";
  params: string[];
  body: Expr;
  span: Span;
}
/** `[element for variable in iterable if condition]` */
export interface ComprehensionExpr {
  type: "Comprehension";
  element: Expr;
  variable: string;
  iterable: Expr;
  condition: Expr | undefined;
  span: Span;
}

export type Node =
  | TextNode
  | CommentNode
  | OutputNode
  | AssignNode
  | IfNode
  | ForeachNode
  | SwitchNode
  | SelectNode
  | BreakNode
  | ContinueNode
  | IncludeNode;

export interface TextNode {
  type: "Text";
  value: string;
  span: Span;
}
export interface CommentNode {
  type: "Comment";
  /** The comment's text between `{*` and `*}`. */
  value: string;
  span: Span;
}
/** `{expr}` or `{{expr}}`: the value is printed. */
export interface OutputNode {
  type: "Output";
  expr: Expr;
  double: boolean;
  span: Span;
}
export interface AssignNode {
  type: "Assign";
  target: IdentifierExpr | MemberExpr | IndexExpr;
  value: Expr;
  double: boolean;
  span: Span;
}
export interface IfBranch {
  test: Expr;
  body: Node[];
  /** The `{if ...}` or `{else if ...}` tag. */
  span: Span;
}
export interface IfNode {
  type: "If";
  branches: IfBranch[];
  alternate: Node[] | undefined;
  /** The `{else}` tag, when there is one. */
  elseSpan: Span | undefined;
  /** From `{if` to the end of `{/if}`. */
  span: Span;
  /** The opening `{if ...}` tag. */
  openSpan: Span;
}
export interface ForeachNode {
  type: "Foreach";
  iterable: Expr;
  key: string | undefined;
  value: string;
  body: Node[];
  span: Span;
  openSpan: Span;
}
export interface CaseBranch {
  test: Expr;
  body: Node[];
  span: Span;
  /** Blank text and comments before this `{case}` (kept for `fmt`; they render nothing). */
  leading: Node[];
}
export interface SwitchNode {
  type: "Switch";
  discriminant: Expr;
  cases: CaseBranch[];
  /** Blank text and comments after the last case (kept for `fmt`). */
  trailing: Node[];
  span: Span;
  openSpan: Span;
}
export interface SelectNode {
  type: "Select";
  cases: CaseBranch[];
  trailing: Node[];
  span: Span;
  openSpan: Span;
}
export interface BreakNode {
  type: "Break";
  span: Span;
}
export interface ContinueNode {
  type: "Continue";
  span: Span;
}
export interface IncludeNode {
  type: "Include";
  name: Expr;
  span: Span;
}

export interface TemplateAst {
  type: "Template";
  body: Node[];
  source: string;
  filename: string | undefined;
}

/** The direct sub-expressions of an expression (every walk over expressions uses this one enumeration). */
export function exprChildren(e: Expr): Expr[] {
  switch (e.type) {
    case "Member":
      return [e.object];
    case "Index":
      return [e.object, e.index];
    case "Call":
      return [e.callee, ...e.args];
    case "Unary":
      return [e.operand];
    case "Binary":
    case "Logical":
    case "Elvis":
      return [e.left, e.right];
    case "Conditional":
      return [e.test, e.consequent, e.alternate];
    case "Array":
      return e.elements;
    case "Object":
      return e.entries.map((x) => x.value);
    case "Lambda":
      return [e.body];
    case "Comprehension":
      return e.condition ? [e.element, e.iterable, e.condition] : [e.element, e.iterable];
    default:
      return [];
  }
}

/** Visits every node and expression of a body. */
export function walk(body: readonly Node[], onNode: (n: Node) => void, onExpr: (e: Expr) => void): void {
  const expr = (e: Expr | undefined): void => {
    if (!e) return;
    onExpr(e);
    for (const child of exprChildren(e)) expr(child);
  };
  const nodes = (list: readonly Node[] | undefined): void => {
    for (const n of list ?? []) {
      onNode(n);
      switch (n.type) {
        case "Output":
          expr(n.expr);
          break;
        case "Assign":
          expr(n.target);
          expr(n.value);
          break;
        case "If":
          for (const b of n.branches) {
            expr(b.test);
            nodes(b.body);
          }
          nodes(n.alternate);
          break;
        case "Foreach":
          expr(n.iterable);
          nodes(n.body);
          break;
        case "Switch":
          expr(n.discriminant);
          for (const c of n.cases) {
            expr(c.test);
            nodes(c.body);
          }
          break;
        case "Select":
          for (const c of n.cases) {
            expr(c.test);
            nodes(c.body);
          }
          break;
        case "Include":
          expr(n.name);
          break;
      }
    }
  };
  nodes(body);
}
