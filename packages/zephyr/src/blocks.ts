import type { CaseBranch, Expr, ForeachNode, IfNode, Node, SelectNode, SwitchNode } from "./ast.js";
import type { ZephyrErrorCode } from "./codes.js";
import { ZephyrError } from "./errors.js";
import { joinSpans, type Span } from "./span.js";

/** What the grammar yields for each text run, comment and tag, before blocks are nested. */
export type BlockItem =
  | { kind: "node"; node: Node }
  | { kind: "if"; test: Expr; span: Span }
  | { kind: "elseif"; test: Expr; span: Span }
  | { kind: "else"; span: Span }
  | { kind: "foreach"; iterable: Expr; key: string | undefined; value: string; span: Span }
  | { kind: "switch"; discriminant: Expr; span: Span }
  | { kind: "case"; test: Expr; span: Span }
  | { kind: "select"; span: Span }
  | { kind: "end"; block: "if" | "foreach" | "switch" | "case" | "select"; span: Span };

type Frame =
  | { kind: "root"; body: Node[] }
  | { kind: "if"; node: IfNode; body: Node[] }
  | { kind: "foreach"; node: ForeachNode; body: Node[] }
  | { kind: "switch" | "select"; node: SwitchNode | SelectNode; body: Node[] }
  | { kind: "case"; branch: CaseBranch; body: Node[] };

function openSpanOf(frame: Frame): Span {
  switch (frame.kind) {
    case "if":
    case "foreach":
    case "switch":
    case "select":
      return frame.node.openSpan;
    case "case":
      return frame.branch.span;
    default:
      throw new Error("root has no span");
  }
}

function where(span: Span): string {
  return `line ${span.line}, column ${span.column}`;
}

/** Nests block bodies with a stack; errors name the tag at fault (for an unclosed block: its opening tag). */
export function buildBlocks(items: readonly BlockItem[]): Node[] {
  const root: Frame = { kind: "root", body: [] };
  const stack: Frame[] = [root];
  const top = () => stack[stack.length - 1];
  const fail = (code: ZephyrErrorCode, message: string, span: Span, hint?: string): never => {
    throw new ZephyrError({ code, message, span, hint });
  };

  for (const item of items) {
    const frame = top();
    if ((frame.kind === "switch" || frame.kind === "select") && item.kind !== "case" && item.kind !== "end") {
      // Between cases only blank text and comments are allowed; they render nothing but are kept for fmt.
      if (
        item.kind === "node" &&
        (item.node.type === "Comment" || (item.node.type === "Text" && item.node.value.trim() === ""))
      ) {
        frame.node.trailing.push(item.node);
        continue;
      }
      fail(
        "ZE_BLOCK",
        `only {case} blocks may stand directly inside {${frame.kind}}`,
        item.kind === "node" ? item.node.span : item.span,
      );
    }
    switch (item.kind) {
      case "node":
        if ((item.node.type === "Break" || item.node.type === "Continue") && !stack.some((f) => f.kind === "foreach")) {
          fail("ZE_BLOCK", `{${item.node.type.toLowerCase()}} can only be used inside {foreach}`, item.node.span);
        }
        frame.body.push(item.node);
        break;
      case "if": {
        const node: IfNode = {
          type: "If",
          branches: [{ test: item.test, body: [], span: item.span }],
          alternate: undefined,
          elseSpan: undefined,
          span: item.span,
          openSpan: item.span,
        };
        stack.push({ kind: "if", node, body: node.branches[0].body });
        break;
      }
      case "elseif":
      case "else": {
        const label = item.kind === "else" ? "{else}" : "{else if}";
        if (frame.kind !== "if") {
          fail(
            "ZE_BLOCK",
            `${label} without an open {if}`,
            item.span,
            frame.kind === "root" ? undefined : `close the {${frame.kind}} opened at ${where(openSpanOf(frame))} first`,
          );
          break;
        }
        if (frame.node.alternate) fail("ZE_BLOCK", `${label} after {else}: {else} must be the last branch`, item.span);
        if (item.kind === "else") {
          frame.node.alternate = [];
          frame.node.elseSpan = item.span;
          frame.body = frame.node.alternate;
        } else {
          const branch = { test: item.test, body: [], span: item.span };
          frame.node.branches.push(branch);
          frame.body = branch.body;
        }
        break;
      }
      case "foreach": {
        const node: ForeachNode = {
          type: "Foreach",
          iterable: item.iterable,
          key: item.key,
          value: item.value,
          body: [],
          span: item.span,
          openSpan: item.span,
        };
        stack.push({ kind: "foreach", node, body: node.body });
        break;
      }
      case "switch": {
        const node: SwitchNode = {
          type: "Switch",
          discriminant: item.discriminant,
          cases: [],
          trailing: [],
          span: item.span,
          openSpan: item.span,
        };
        stack.push({ kind: "switch", node, body: [] });
        break;
      }
      case "select": {
        const node: SelectNode = { type: "Select", cases: [], trailing: [], span: item.span, openSpan: item.span };
        stack.push({ kind: "select", node, body: [] });
        break;
      }
      case "case": {
        if (frame.kind !== "switch" && frame.kind !== "select") {
          fail(
            "ZE_BLOCK",
            "{case} outside {switch} or {select}",
            item.span,
            frame.kind === "case"
              ? `close the previous {case} (opened at ${where(frame.branch.span)}) with {/case}`
              : undefined,
          );
          break;
        }
        const branch: CaseBranch = { test: item.test, body: [], span: item.span, leading: frame.node.trailing };
        frame.node.trailing = [];
        frame.node.cases.push(branch);
        stack.push({ kind: "case", branch, body: branch.body });
        break;
      }
      case "end": {
        if (frame.kind === "root") {
          fail(
            "ZE_BLOCK",
            `stray {/${item.block}}: no {${item.block}} is open here`,
            item.span,
            "remove it, or add the opening tag it was meant to close",
          );
          break;
        }
        if (frame.kind !== item.block) {
          const open = openSpanOf(frame);
          fail(
            "ZE_BLOCK",
            `{/${item.block}} cannot close the {${frame.kind}} opened at ${where(open)}`,
            item.span,
            stack.some((f) => f.kind === item.block)
              ? `close the {${frame.kind}} first with {/${frame.kind}}`
              : `no {${item.block}} is open; did you mean {/${frame.kind}}?`,
          );
          break;
        }
        stack.pop();
        const parent = top();
        if (frame.kind === "case") break; // already attached to its switch/select
        frame.node.span = joinSpans(frame.node.openSpan, item.span);
        parent.body.push(frame.node);
        break;
      }
    }
  }
  if (stack.length > 1) {
    const frame = top();
    const open = openSpanOf(frame);
    fail(
      "ZE_UNCLOSED_BLOCK",
      `{${frame.kind}} is never closed: add {/${frame.kind}}`,
      open,
      `the block opened here needs a matching {/${frame.kind}} before the end of the template`,
    );
  }
  return root.body;
}
