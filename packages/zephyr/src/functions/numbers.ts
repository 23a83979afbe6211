/** Number functions: formatting (`number`), conversion, rounding, arithmetic, random numbers, comparison. */
import { describeType, FloatValue, print, toNumber } from "../values.js";
import { formatDecimal, PatternError, parseDecimalPattern, precisionPattern, roundTo } from "./decimal-format.js";
import { argError, naturalCompare, param, reserveText, stepBudget, toInt } from "./helpers.js";
import type { FunctionFamily } from "./registry.js";

/** A string of digits without a leading zero is a precision (`'2'`); any other string is a pattern (`'0000'`). */
const PRECISION_STRING = /^\s*[1-9]\d*\s*$/;
const LEADING_NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;

const EARTH_RADIUS: Record<string, number> = {
  mi: 3958.7613,
  miles: 3958.7613,
  km: 6371.0088,
  kilometers: 6371.0088,
  kilometres: 6371.0088,
};

export const numbers: FunctionFamily = [
  {
    name: "number",
    signature: "number(number x [, number precision | string pattern]) → string",
    description:
      "Formats a number with thousands separators: rounded to `precision` decimals (default 0), or by a Java DecimalFormat pattern; ties round to even as in Java.",
    params: [param("x", "number"), param("format", "any", { optional: true, nullable: true })],
    examples: [
      { template: "{number(1500, 2)}", output: "1,500.00" },
      { template: "{number(1500 / 100, 2)}", output: "15.00" },
      { template: "{number(1234567.891)}", output: "1,234,568" },
      { template: "{number(1234.5, '$#,##0.00')}", output: "$1,234.50" },
      { template: "{number(0.4567, '0.0%')}", output: "45.7%" },
      { template: "{number(2.5, '0.#')}", output: "2.5" },
      { template: "{number(2.0, '0.#')}", output: "2" },
      { template: "{number(0.125, '0.00')}", output: "0.12" },
      { template: "{number(-42, '#,##0;(#,##0)')}", output: "(42)" },
    ],
    call(ctx, [x, rawFormat]) {
      const format = rawFormat instanceof FloatValue ? rawFormat.value : rawFormat;
      let pattern: string;
      if (format === undefined || format === null) pattern = precisionPattern(0);
      else if (typeof format === "number" || (typeof format === "string" && PRECISION_STRING.test(format))) {
        const p = toInt(ctx, "number", "the precision", Number(format));
        if (p < 0 || p > 340) argError(ctx, "number", `the precision must be between 0 and 340, got ${p}`);
        pattern = precisionPattern(p);
      } else if (typeof format === "string") pattern = format;
      else {
        return argError(
          ctx,
          "number",
          `the second argument must be a number of decimals or a DecimalFormat pattern string, got ${describeType(format)}`,
        );
      }
      let parsed: ReturnType<typeof parseDecimalPattern>;
      try {
        parsed = parseDecimalPattern(pattern);
      } catch (e) {
        if (!(e instanceof PatternError)) throw e;
        return argError(
          ctx,
          "number",
          `'${pattern}' is not a valid DecimalFormat pattern: ${e.message}`,
          "use a Java DecimalFormat pattern such as '#,##0.00', '0.#', '$#,##0' or '0%'",
        );
      }
      const out = formatDecimal(x as number, parsed);
      reserveText(ctx, "number", out.length);
      return out;
    },
  },
  {
    name: "int",
    signature: "int(any x) → number",
    description:
      "Converts to an integer, dropping any fraction (toward zero): numbers, numeric strings (leading digits of '12px'), booleans; null and other strings give 0.",
    params: [param("x", "any", { nullable: true })],
    examples: [
      { template: "{int(3.99)}", output: "3" },
      { template: "{int('42')}", output: "42" },
      { template: "{int('12px')}", output: "12" },
      { template: "{int(-2.5)}", output: "-2" },
    ],
    call(ctx, [x]) {
      let n: number | undefined;
      if (typeof x === "string") {
        n = toNumber(x);
        if (n === undefined) {
          const m = LEADING_NUMBER.exec(x);
          if (m) n = Number(m[0]);
          else if (ctx.strict && x.trim() !== "") argError(ctx, "int", `'${x}' is not a number`);
        }
      } else if (x === null || x === undefined) n = 0;
      else n = toNumber(x);
      if (n === undefined) {
        if (ctx.strict) argError(ctx, "int", `expected a number or a numeric string, got ${describeType(x)}`);
        return 0;
      }
      if (!Number.isFinite(n)) return Number.isNaN(n) ? 0 : n;
      return Math.trunc(n) + 0; // + 0 turns -0 into 0
    },
  },
  {
    name: "round",
    signature: "round(number x [, number decimals]) → float",
    description:
      "Rounds to the nearest integer (or to `decimals` places), ties away from zero. Returns a float, as on the platform: a whole result prints with `.0` (`51.0`), also in JSON output, and stays a float through arithmetic; `int(round(x))` gives the whole number.",
    params: [param("x", "number"), param("decimals", "number", { optional: true })],
    examples: [
      { template: "{round(50.5)}", output: "51.0" },
      { template: "{int(round(50.5))}", output: "51" },
      { template: "{replace(round(4.2), '.0', '')}", output: "4" },
      { template: "{round(-2.5)}", output: "-3.0" },
      { template: "{round(2.5) + 1}", output: "4.0" },
      { template: "{round(3.14159, 2)}", output: "3.14" },
      { template: "{round(1234, -2)}", output: "1200.0" },
    ],
    call(ctx, [x, decimals]) {
      const d = decimals === undefined ? 0 : toInt(ctx, "round", "decimals", decimals as number);
      if (d > 100 || d < -308) argError(ctx, "round", `decimals must be between -308 and 100, got ${d}`);
      return new FloatValue(roundTo(x as number, d, "half-up") + 0);
    },
  },
  {
    name: "abs",
    signature: "abs(number x) → number",
    description: "Absolute value.",
    params: [param("x", "number")],
    examples: [{ template: "{abs(-4.5)}", output: "4.5" }],
    call(_ctx, [x]) {
      return Math.abs(x as number);
    },
  },
  {
    name: "exp",
    signature: "exp(number value, number power) → number",
    description: "`value` raised to `power` (not eˣ).",
    params: [param("value", "number"), param("power", "number")],
    examples: [
      { template: "{exp(2, 10)}", output: "1024" },
      { template: "{exp(9, 0.5)}", output: "3" },
    ],
    call(ctx, [value, power]) {
      const r = (value as number) ** (power as number);
      if (!Number.isFinite(r)) {
        argError(
          ctx,
          "exp",
          Number.isNaN(r)
            ? `${print(value)} to the power ${print(power)} is not a real number`
            : `${print(value)} to the power ${print(power)} is too large`,
        );
      }
      return r;
    },
  },
  {
    name: "sqrt",
    signature: "sqrt(number x) → number",
    description: "Square root of a number ≥ 0.",
    params: [param("x", "number")],
    examples: [
      { template: "{sqrt(16)}", output: "4" },
      { template: "{sqrt(2)}", output: "1.4142135623730951" },
    ],
    call(ctx, [x]) {
      if ((x as number) < 0) argError(ctx, "sqrt", `expected a number ≥ 0, got ${print(x)}`);
      return Math.sqrt(x as number);
    },
  },
  {
    name: "random",
    signature: "random([number limit]) → number",
    description:
      "Without an argument, a number in [0, 1); with a limit, an integer in [0, limit). Seeded by the render's `seed` option.",
    params: [param("limit", "number", { optional: true, nullable: true })],
    examples: [
      { template: "{random(1)}", output: "0" },
      { template: "{random(10) < 10}", output: "true" },
    ],
    call(ctx, [limit]) {
      if (limit === undefined || limit === null) return ctx.random();
      const n = toInt(ctx, "random", "the limit", limit as number);
      if (n < 1) argError(ctx, "random", `the limit must be an integer ≥ 1, got ${print(limit)}`);
      return Math.floor(ctx.random() * n);
    },
  },
  {
    name: "compare",
    signature: "compare(any a, any b) → number",
    description:
      "-1, 0 or 1 as `a` sorts before, with or after `b` (numbers and numeric strings numerically, other strings by character code).",
    params: [param("a", "any", { nullable: true }), param("b", "any", { nullable: true })],
    examples: [
      { template: "{compare(2, 10)}", output: "-1" },
      { template: "{compare('b', 'a')}", output: "1" },
      { template: "{compare('9.99', '12.99')}", output: "-1" },
      { template: "{compare(3, 3.0)}", output: "0" },
    ],
    call(ctx, [a, b]) {
      return naturalCompare(a, b, stepBudget(ctx));
    },
  },
  {
    name: "distance",
    signature: "distance(number lat1, number lon1, number lat2, number lon2 [, string units]) → number",
    description:
      "Great-circle (haversine) distance between two points in degrees, in miles (`'mi'`, default) or kilometres (`'km'`).",
    params: [
      param("lat1", "number"),
      param("lon1", "number"),
      param("lat2", "number"),
      param("lon2", "number"),
      param("units", "string", { optional: true }),
    ],
    examples: [
      { template: "{int(round(distance(40.7128, -74.006, 34.0522, -118.2437)))}", output: "2446" },
      { template: "{int(round(distance(48.8566, 2.3522, 51.5074, -0.1278, 'km')))}", output: "344" },
    ],
    call(ctx, [lat1, lon1, lat2, lon2, units]) {
      const u = units === undefined || units === "" ? "mi" : (units as string).toLowerCase();
      const radius = EARTH_RADIUS[u];
      if (radius === undefined) argError(ctx, "distance", `unknown units '${units}'; use 'mi' or 'km'`);
      for (const [v, what] of [
        [lat1, "lat1"],
        [lat2, "lat2"],
      ] as const) {
        if (Math.abs(v as number) > 90)
          argError(ctx, "distance", `${what} must be between -90 and 90, got ${print(v)}`);
      }
      const rad = Math.PI / 180;
      const p1 = (lat1 as number) * rad;
      const p2 = (lat2 as number) * rad;
      const dp = p2 - p1;
      const dl = ((lon2 as number) - (lon1 as number)) * rad;
      const h = Math.sin(dp / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) ** 2;
      return 2 * radius * Math.asin(Math.min(1, Math.sqrt(h)));
    },
  },
];
