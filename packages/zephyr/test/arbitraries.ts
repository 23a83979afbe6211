/** fast-check generators of Zephyr source: well-formed expressions and templates, for property tests. */
import fc from "fast-check";

const NAMES = ["x", "y", "name", "items", "first_name", "c", "total"];
const FUNCS: [string, number][] = [
  ["upper", 1],
  ["length", 1],
  ["replace", 3],
  ["contains", 2],
  ["join", 2],
  ["number", 2],
];

const name = fc.constantFrom(...NAMES);
const stringLiteral = fc
  .string({ maxLength: 8, unit: fc.constantFrom("a", "b", " ", "'", '"', "\\", "{", "}", "é", "😀", "\n") })
  .map((s) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`);
const numberLiteral = fc.oneof(fc.nat({ max: 1000 }).map(String), fc.constantFrom("0.5", "2.0", "1e3", "3.25"));
const leaf = fc.oneof(name, stringLiteral, numberLiteral, fc.constantFrom("true", "false", "null"));

/** An expression that parses, with every operator, literal and postfix form. */
export const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    leaf,
    fc
      .tuple(tie("e"), fc.constantFrom("+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||"), tie("e"))
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(fc.constantFrom("!", "-"), tie("e")).map(([op, a]) => `${op}(${a})`),
    fc.tuple(tie("e"), tie("e"), tie("e")).map(([a, b, c]) => `(${a} ? ${b} : ${c})`),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `(${a} ?: ${b})`),
    fc.tuple(name, fc.constantFrom("title", "vars", "case", "if")).map(([a, p]) => `${a}.${p}`),
    fc.tuple(name, tie("e")).map(([a, i]) => `${a}[${i}]`),
    fc
      .constantFrom(...FUNCS)
      .chain(([f, n]) => fc.array(tie("e"), { minLength: n, maxLength: n }).map((args) => `${f}(${args.join(", ")})`)),
    fc.array(tie("e"), { maxLength: 3 }).map((xs) => `[${xs.join(", ")}]`),
    fc
      .array(fc.tuple(fc.constantFrom("'a'", '"b"', "c"), tie("e")), { maxLength: 3 })
      .map((kv) => `({${kv.map(([k, v]) => `${k}: ${v}`).join(", ")}})`),
    fc.tuple(name, tie("e")).map(([p, b]) => `(lambda ${p}: ${b})`),
    fc.tuple(tie("e"), name, tie("e")).map(([el, v, xs]) => `[${el} for ${v} in ${xs}]`),
    tie("e").map((a) => `(${a})`),
  ),
})).e;

/** Literal text: never a tag opener, but with `{ `, `}` and JSON-looking pieces. */
export const text = fc
  .array(fc.constantFrom("Hi ", "a", "\n", '"', "{ ", "}", ": ", ",", "é😀", " ", "\\"), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(""));

/** A well-formed template: text, outputs, assignments, comments and nested blocks. */
export const template: fc.Arbitrary<string> = fc.letrec<{ body: string; item: string }>((tie) => ({
  body: fc.array(tie("item"), { maxLength: 5 }).map((xs) => xs.join("")),
  item: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    expression.map((e) => `{${e}}`),
    expression.map((e) => `{{${e}}}`),
    fc.tuple(name, expression).map(([n, e]) => `{${n} = ${e}}`),
    fc.constantFrom("{* note *}", "{*x*}"),
    fc
      .tuple(expression, tie("body"), fc.option(tie("body")))
      .map(([c, a, b]) => `{if ${c}}${a}${b === null ? "" : `{else}${b}`}{/if}`),
    fc.tuple(expression, tie("body")).map(([xs, b]) => `{foreach ${xs} as k, v}${b}{if k}{break}{/if}{/foreach}`),
    fc
      .tuple(expression, expression, tie("body"))
      .map(([d, c, b]) => `{switch ${d}}\n  {case ${c}}${b}{/case}\n{/switch}`),
    fc.tuple(expression, tie("body")).map(([c, b]) => `{select}{case ${c}}${b}{/case}{/select}`),
  ),
})).body;

/** Any string, biased toward Zephyr's special characters, for totality tests. */
export const anySource = fc.string({
  maxLength: 60,
  unit: fc.oneof(
    fc.constantFrom(
      "{",
      "}",
      "{{",
      "}}",
      "{*",
      "*}",
      "(",
      ")",
      "[",
      "]",
      "'",
      '"',
      "\\",
      " ",
      "\n",
      "\r\n",
      "if",
      "/if",
      "foreach",
      "as",
      "=",
      "==",
      "?",
      ":",
      "lambda",
      ",",
      ".",
      "1",
      "x",
    ),
    fc.string({ maxLength: 1 }),
  ),
});
