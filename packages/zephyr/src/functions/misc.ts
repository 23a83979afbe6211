/** Type inspection, assignment by name, and the two ways a template ends a render as cancelled. */
import { print, toJson, truthy, typeOf } from "../values.js";
import { param } from "./helpers.js";
import type { FnContext, FunctionFamily } from "./registry.js";

export const misc: FunctionFamily = [
  {
    name: "type",
    signature: "type(any x) → string",
    description: "The type of a value: 'null', 'boolean', 'number', 'string', 'list', 'object' or 'lambda'.",
    params: [param("x", "any", { nullable: true })],
    examples: [
      { template: "{type(42)}", output: "number" },
      { template: "{type(4.2)}", output: "number" },
      { template: "{type('42')}", output: "string" },
      { template: "{type([1])}", output: "list" },
      { template: "{type({'a': 1})}", output: "object" },
      { template: "{type(null)}", output: "null" },
      { template: "{type(lambda x: x)}", output: "lambda" },
    ],
    call(_ctx, [x]) {
      return typeOf(x);
    },
  },
  {
    name: "set",
    signature: "set(string variable, any value) → null",
    description: "Assigns `value` to the variable named `variable`, like `{variable = value}`; prints nothing.",
    params: [param("variable", "string"), param("value", "any", { nullable: true })],
    namesVariable: true,
    examples: [{ template: "{set('myvar', [1, 2, 'three'])}{myvar[2]}", output: "three" }],
    call(ctx, [variable, value]) {
      ctx.setVar(variable as string, value);
      return null;
    },
  },
  {
    name: "assert",
    signature: "assert(any condition [, any message]) → null",
    description:
      'Cancels the render (a result, not an error) with `message` when `condition` is falsy (null, false, 0, ""); otherwise prints nothing. A list or object message is stored as compact JSON, as the platform does.',
    params: [
      param("condition", "any", { nullable: true }),
      param("message", "any", { optional: true, nullable: true }),
    ],
    examples: [{ template: "{assert(1 + 1 == 2, 'math is broken')}ok", output: "ok" }],
    call(ctx, [condition, message]) {
      if (!truthy(condition))
        ctx.cancel(messageText(ctx, message) || `assert failed: the condition is ${print(condition) || "empty"}`);
      return null;
    },
  },
  {
    name: "cancel",
    signature: "cancel(any condition [, any message]) → null",
    description:
      "Cancels the render (a result, not an error) with `message` when `condition` is truthy; otherwise prints nothing. A list or object message is stored as compact JSON.",
    params: [
      param("condition", "any", { nullable: true }),
      param("message", "any", { optional: true, nullable: true }),
    ],
    examples: [{ template: "{cancel(length([1]) < 1, 'no content')}sent", output: "sent" }],
    call(ctx, [condition, message]) {
      if (truthy(condition)) ctx.cancel(messageText(ctx, message) || "cancelled by cancel()");
      return null;
    },
  },
];

/** A cancel message: a string as it is, a list or an object as compact JSON (`{"a":1}`), anything else printed. */
function messageText(ctx: FnContext, message: unknown): string {
  if (message === undefined || message === null) return "";
  if (typeof message === "string") return message;
  const t = typeOf(message);
  const limit = ctx.limits.outputSize;
  return t === "list" || t === "object" ? toJson(message, limit) : print(message, limit);
}
