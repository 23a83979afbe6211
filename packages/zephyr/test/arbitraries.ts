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

// ---- hostile data (robustness and payload fuzzing) -----------------------------------------------------------------

/** One UTF-16 unit of a lone surrogate (never part of a pair on its own). */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Characters that break naive JSON, templates and terminals. */
const hostileUnit = fc.constantFrom(
  '"',
  "\\",
  "'",
  "{",
  "}",
  "{{",
  "}}",
  "{*",
  "*}",
  "{x}",
  '", "evil": "',
  "\n",
  "\r",
  "\t",
  "\u0000",
  "\u0001",
  "\u001f",
  "\u007f",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\ufffd",
  "é",
  "😀",
  "👩‍👩‍👧",
  "/",
  "</script>",
);

/**
 * Any string: every code point (fast-check's `binary` unit), lone surrogates (which `binary` leaves out) and the
 * characters that break JSON and templates (quotes, backslashes, braces, control characters, U+2028).
 */
export const hostileString: fc.Arbitrary<string> = fc.string({
  maxLength: 24,
  unit: fc.oneof({ weight: 3, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) }, loneSurrogate, {
    weight: 3,
    arbitrary: hostileUnit,
  }),
});

/** Object keys for data: ordinary names, names the sandbox must refuse, and hostile strings. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NAMES, "__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty"),
  hostileString,
);

/** JSON data (what a profile, `--data` file, catalog or feed can hold) whose strings and keys are hostile. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** Globals for every name the generated expressions use (`x`, `items`, `first_name`, ...), bound to hostile JSON. */
export const hostileData: fc.Arbitrary<Record<string, unknown>> = fc.record(
  Object.fromEntries(NAMES.map((n) => [n, hostileJson])) as Record<string, fc.Arbitrary<unknown>>,
  { requiredKeys: [] },
);

/** A profile with hostile vars (the generated names included), keys and purchases. */
export const hostileProfile: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    email: hostileString,
    keys: fc.record({ sms: fc.oneof(hostileString, hostileJson) }, { requiredKeys: [] }),
    vars: fc.oneof(hostileData, fc.dictionary(hostileKey, hostileJson, { maxKeys: 4 })),
    purchases: fc.array(hostileJson, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

/**
 * Units that cost the most in bulk (issue 13): tag soup for `text()`, braces and doubled spaces for the payload
 * rules, emoji and combining runs for SMS character counts, escapes for JSON, lone surrogates.
 */
const bulkUnit = fc.constantFrom(
  "<p",
  "<li",
  "<script",
  "<!--",
  "{ ",
  "}",
  "a  ",
  " ,",
  "é😀",
  "😀",
  "👍🏽",
  "\u0301",
  "\\",
  '"',
  "\u2028",
  "&#1;",
  "x",
  "\r\n",
  "\ud800",
);

/** A string of tens to hundreds of kilobytes: a bulk unit or a short hostile string, repeated. */
export const bigString: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      bulkUnit,
      hostileString.filter((s) => s.length > 0),
    ),
    fc.integer({ min: 20_000, max: 200_000 }),
  )
  .map(([unit, units]) => unit.repeat(Math.max(1, Math.floor(units / unit.length))));

/**
 * A fast-check `reporter` for properties over big values: a failure names the seed, the path and the error, not the
 * counterexample (which would print megabytes). Use it with `endOnFailure: true` (shrinking big values takes
 * minutes); replay with `{ seed, path }` to look at the case.
 */
export function briefReport<Ts>(details: fc.RunDetails<Ts>): void {
  if (!details.failed) return;
  const error = details.errorInstance;
  const message = error instanceof Error ? error.message : String(error);
  throw new Error(
    `Property failed after ${details.numRuns} tests (seed ${details.seed}, path "${details.counterexamplePath}"): ${message.slice(0, 2_000)}`,
  );
}

/** A list of thousands of items: numbers, short strings and a few long ones. */
export const bigList: fc.Arbitrary<unknown[]> = fc
  .tuple(fc.integer({ min: 1_000, max: 50_000 }), bigString)
  .map(([n, long]) => Array.from({ length: n }, (_, i) => (i % 1000 === 7 ? long : i % 3 === 0 ? `s${i % 97}` : i)));

/** Globals for the generated names, some of them hundreds of kilobytes (the rest as `hostileJson`). */
export const bigData: fc.Arbitrary<Record<string, unknown>> = fc.record(
  Object.fromEntries(NAMES.map((n) => [n, fc.oneof(bigString, bigList, hostileJson)])) as Record<
    string,
    fc.Arbitrary<unknown>
  >,
  { requiredKeys: [] },
);

/** A JSON-ish payload template and what each of its tags reads (the names in `vars`). */
export interface JsonishTemplate {
  /** The template source. */
  source: string;
  /** The JSON skeleton: `string` slots hold literal prefix/suffix around `{name}`, `value` slots a bare `{name}`. */
  skeleton: Skeleton;
  /** Variable names the template reads (`v0`, `v1`, ...). */
  vars: string[];
}

export type Skeleton =
  | { kind: "literal"; json: string }
  | { kind: "string"; prefix: string; name: string; suffix: string }
  | { kind: "value"; name: string }
  | { kind: "array"; items: Skeleton[] }
  | { kind: "object"; entries: [string, Skeleton][] };

/** Literal text inside a JSON string: escapes included, never a tag opener, never a backslash right before a tag. */
const jsonStringText = fc
  .array(
    fc.constantFrom("Hi", " ", "a", "é", "😀", "\\n", '\\"', "\\\\", "\\u00e9", "{ ", "}", "http://x.example/?a=1&b=2"),
    {
      maxLength: 4,
    },
  )
  .map((parts) => parts.join(""));

const jsonKey = fc.constantFrom("to", "body", "subscriptionType", "mediaUrl", "a", "b", "c d", "é", 'q\\"uote');

/** Template text of a skeleton; `{` always followed by a line break so it is literal text, not a tag. */
function skeletonSource(s: Skeleton): string {
  switch (s.kind) {
    case "literal":
      return s.json;
    case "string":
      return `"${s.prefix}{${s.name}}${s.suffix}"`;
    case "value":
      return `{${s.name}}`;
    case "array":
      return `[${s.items.map(skeletonSource).join(", ")}]`;
    case "object":
      return `{\n${s.entries.map(([k, v]) => `"${k}": ${skeletonSource(v)}`).join(",\n")}\n}`;
  }
}

/**
 * A payload template: literal JSON text (nested objects and arrays, numbers, strings with escapes and braces) with
 * string slots `"…{vN}…"` and bare value slots `{vN}`. Object keys are unique within each object.
 */
export const jsonishTemplate: fc.Arbitrary<JsonishTemplate> = fc
  .letrec<{ node: Skeleton; object: Skeleton }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.record({ kind: fc.constant("value" as const), name: fc.constant("") }),
      fc.record({
        kind: fc.constant("string" as const),
        prefix: jsonStringText,
        name: fc.constant(""),
        suffix: jsonStringText,
      }),
      fc
        .oneof(
          fc.constantFrom("1", "-2.5e3", "true", "false", "null", "[]"),
          jsonStringText.map((t) => `"${t}"`),
        )
        .map((json) => ({ kind: "literal" as const, json })),
      fc.array(tie("node"), { maxLength: 3 }).map((items) => ({ kind: "array" as const, items })),
      tie("object"),
    ),
    object: fc
      .uniqueArray(fc.tuple(jsonKey, tie("node")), { maxLength: 5, selector: ([k]) => k })
      .map((entries) => ({ kind: "object" as const, entries })),
  }))
  .object.map((root) => {
    const vars: string[] = [];
    const name = (s: Skeleton): Skeleton => {
      switch (s.kind) {
        case "string":
        case "value":
          vars.push(`v${vars.length}`);
          return { ...s, name: vars[vars.length - 1] };
        case "array":
          return { kind: "array", items: s.items.map(name) };
        case "object":
          return { kind: "object", entries: s.entries.map(([k, v]) => [k, name(v)]) };
        default:
          return s;
      }
    };
    const skeleton = name(root);
    return { source: skeletonSource(skeleton), skeleton, vars };
  });
