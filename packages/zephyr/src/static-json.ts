import type { Node, OutputNode, TextNode } from "./ast.js";
import { IN_ESCAPE, IN_STRING, type JsonState, jsonStateAfter, OUTSIDE } from "./json-context.js";

/** Thrown inside the analysis when a state cannot be known at compile time. */
const UNKNOWN = Symbol("unknown JSON state");

/**
 * Payload mode, decided at compile time: the JSON state before every text and output tag, when the template's literal text
 * fixes it whatever path a render takes. Text alone moves the state (values never do, see json-context.ts), so
 * walking the template once is enough: both arms of a branch must leave the same state, a loop body must leave the
 * state it started in (at its end and at every `{break}`/`{continue}`), and an `{include}` is unknown. Null when any
 * output's state depends on the path taken; the render then tracks the state as it goes.
 */
export function planJsonStates(body: readonly Node[]): Map<TextNode | OutputNode, JsonState> | null {
  const states = new Map<TextNode | OutputNode, JsonState>();
  /** The state each enclosing loop body starts in (and must end in), innermost last. */
  const loops: JsonState[] = [];
  const same = (a: JsonState, b: JsonState): JsonState => {
    if (a !== b) throw UNKNOWN;
    return a;
  };
  const run = (nodes: readonly Node[], start: JsonState): JsonState => {
    let s = start;
    for (const n of nodes) {
      switch (n.type) {
        case "Text":
          states.set(n, s);
          s = jsonStateAfter(n.value, s);
          break;
        case "Output":
          states.set(n, s);
          if (s === IN_ESCAPE) s = IN_STRING; // the writer escapes the template's backslash
          break;
        case "If": {
          let out = n.alternate ? run(n.alternate, s) : s;
          for (const b of n.branches) out = same(out, run(b.body, s));
          s = out;
          break;
        }
        case "Switch":
        case "Select": {
          // No case may match: the state before is one of the outcomes.
          let out = s;
          for (const c of n.cases) out = same(out, run(c.body, s));
          s = out;
          break;
        }
        case "Foreach":
          loops.push(s);
          same(run(n.body, s), s);
          loops.pop();
          break;
        case "Break":
        case "Continue":
          if (loops.length === 0) throw UNKNOWN;
          same(s, loops[loops.length - 1]);
          break;
        case "Include":
          throw UNKNOWN;
        case "Comment":
        case "Assign":
          break;
      }
    }
    return s;
  };
  try {
    run(body, OUTSIDE);
    return states;
  } catch (e) {
    if (e === UNKNOWN) return null;
    throw e;
  }
}
