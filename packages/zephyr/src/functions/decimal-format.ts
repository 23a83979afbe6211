/**
 * Java `java.text.DecimalFormat` patterns (en-US symbols), for `number(x, pattern)`.
 *
 * Rounding is exact: a double is expanded to its exact binary value (as BigInt rationals) and rounded HALF_EVEN,
 * as DecimalFormat does by default since JDK 8. So 0.125 → "0.12", 0.375 → "0.38", and 2.675 (stored as
 * 2.67499999…) → "2.67".
 */

export type RoundingMode = "half-even" | "half-up";

/** Exact value of a finite non-negative double as `mant · 2^exp`. */
function decompose(x: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const e = (hi >>> 20) & 0x7ff;
  const m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (e === 0) return { mant: m, exp: -1074 };
  return { mant: m | (1n << 52n), exp: e - 1075 };
}

/**
 * `round(x · 10^digits)` for a finite non-negative double, computed exactly. `half-even` rounds ties to the even
 * neighbour (Java's default); `half-up` rounds ties away from zero.
 */
export function roundScaled(x: number, digits: number, mode: RoundingMode): bigint {
  const { mant, exp } = decompose(x);
  let num = mant;
  let den = 1n;
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  if (digits >= 0) num *= 10n ** BigInt(digits);
  else den *= 10n ** BigInt(-digits);
  const q = num / den;
  const twice = (num % den) * 2n;
  if (twice < den) return q;
  if (twice > den) return q + 1n;
  return mode === "half-up" || q % 2n === 1n ? q + 1n : q;
}

/** The decimal exponent of a finite positive double: k with 10^k ≤ x < 10^(k+1), exactly. */
function decimalExponent(x: number): number {
  let k = Math.floor(Math.log10(x));
  const { mant, exp } = decompose(x);
  // x >= 10^k  <=>  mant · 2^exp · 10^-k >= 1
  const atLeast = (p: number): boolean => {
    let num = mant;
    let den = 1n;
    if (exp >= 0) num <<= BigInt(exp);
    else den <<= BigInt(-exp);
    if (p >= 0) den *= 10n ** BigInt(p);
    else num *= 10n ** BigInt(-p);
    return num >= den;
  };
  while (!atLeast(k)) k--;
  while (atLeast(k + 1)) k++;
  return k;
}

/** `x` rounded to `digits` decimal places (ties per `mode`), as a double. */
export function roundTo(x: number, digits: number, mode: RoundingMode): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const q = roundScaled(Math.abs(x), digits, mode);
  const v = Number(`${q}e${-digits}`);
  return x < 0 ? -v : v;
}

export interface DecimalPattern {
  posPrefix: string;
  posSuffix: string;
  negPrefix: string;
  negSuffix: string;
  multiplier: number;
  minInt: number;
  maxInt: number;
  minFrac: number;
  maxFrac: number;
  groupingSize: number;
  decimalAlwaysShown: boolean;
  /** Minimum exponent digits; 0 when the pattern has no exponent. */
  minExp: number;
}

/** A malformed pattern; the message says what is wrong. */
export class PatternError extends Error {}

const MAX_DIGITS = 340;

const patternCache = new Map<string, DecimalPattern>();

/** Parses a DecimalFormat pattern (cached). Throws PatternError. */
export function parseDecimalPattern(pattern: string): DecimalPattern {
  let p = patternCache.get(pattern);
  if (!p) {
    p = parsePattern(pattern);
    if (patternCache.size > 200) patternCache.clear();
    patternCache.set(pattern, p);
  }
  return p;
}

interface SubPattern {
  prefix: string;
  suffix: string;
  multiplier: number;
  digitLeft: number;
  zeroDigits: number;
  digitRight: number;
  decimalPos: number;
  grouping: number;
  minExp: number;
  useExp: boolean;
}

function parsePattern(pattern: string): DecimalPattern {
  if (pattern === "") throw new PatternError("the pattern is empty");
  const pos = parseSub(pattern, 0);
  let neg: SubPattern | undefined;
  if (pos.end < pattern.length) {
    const n = parseSub(pattern, pos.end + 1);
    if (n.end < pattern.length) throw new PatternError("more than one ';'");
    if (pos.end + 1 < pattern.length) neg = n.sub;
  }
  const s = pos.sub;
  if (s.digitLeft + s.zeroDigits + s.digitRight === 0) throw new PatternError("no digit placeholder ('0' or '#')");
  // Patterns without a '0' ("#,###.##"): Java reads "##.###" as "#0.###" and ".###" as ".0##".
  if (s.zeroDigits === 0 && s.digitLeft > 0 && s.decimalPos >= 0) {
    let n = s.decimalPos;
    if (n === 0) n++;
    s.digitRight = s.digitLeft - n;
    s.digitLeft = n - 1;
    s.zeroDigits = 1;
  }
  if (
    (s.decimalPos < 0 && s.digitRight > 0) ||
    (s.decimalPos >= 0 && (s.decimalPos < s.digitLeft || s.decimalPos > s.digitLeft + s.zeroDigits))
  ) {
    throw new PatternError("'0' placeholders must come after '#' in the integer part and before '#' in the fraction");
  }
  if (s.grouping === 0) throw new PatternError("a ',' with no digits after it");
  if (s.useExp && s.grouping > 0) throw new PatternError("a scientific pattern (with 'E') cannot use ',' grouping");
  const total = s.digitLeft + s.zeroDigits + s.digitRight;
  const effectiveDecimal = s.decimalPos >= 0 ? s.decimalPos : total;
  const minInt = effectiveDecimal - s.digitLeft;
  const maxFrac = s.decimalPos >= 0 ? total - s.decimalPos : 0;
  const minFrac = s.decimalPos >= 0 ? s.digitLeft + s.zeroDigits - s.decimalPos : 0;
  if (maxFrac > MAX_DIGITS || minInt > MAX_DIGITS) throw new PatternError(`more than ${MAX_DIGITS} digits`);
  return {
    posPrefix: s.prefix,
    posSuffix: s.suffix,
    negPrefix: neg ? neg.prefix : `-${s.prefix}`,
    negSuffix: neg ? neg.suffix : s.suffix,
    multiplier: s.multiplier,
    minInt,
    maxInt: s.useExp ? s.digitLeft + minInt : Number.POSITIVE_INFINITY,
    minFrac,
    maxFrac,
    groupingSize: Math.max(s.grouping, 0),
    decimalAlwaysShown: s.decimalPos === 0 || s.decimalPos === total,
    minExp: s.useExp ? s.minExp : 0,
  };
}

/** Parses one subpattern from `start` up to `;` or the end. */
function parseSub(pattern: string, start: number): { sub: SubPattern; end: number } {
  const sub: SubPattern = {
    prefix: "",
    suffix: "",
    multiplier: 1,
    digitLeft: 0,
    zeroDigits: 0,
    digitRight: 0,
    decimalPos: -1,
    grouping: -1,
    minExp: 0,
    useExp: false,
  };
  let phase = 0; // 0 prefix, 1 number, 2 suffix
  let affix = "";
  let i = start;
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (phase === 1) {
      if (c === "#") {
        if (sub.zeroDigits > 0) sub.digitRight++;
        else sub.digitLeft++;
        if (sub.grouping >= 0 && sub.decimalPos < 0) sub.grouping++;
        continue;
      }
      if (c === "0") {
        if (sub.digitRight > 0) throw new PatternError("'0' after '#' in the fraction");
        sub.zeroDigits++;
        if (sub.grouping >= 0 && sub.decimalPos < 0) sub.grouping++;
        continue;
      }
      if (c === ",") {
        if (sub.decimalPos >= 0) throw new PatternError("',' in the fraction");
        sub.grouping = 0;
        continue;
      }
      if (c === ".") {
        if (sub.decimalPos >= 0) throw new PatternError("two '.'");
        sub.decimalPos = sub.digitLeft + sub.zeroDigits + sub.digitRight;
        continue;
      }
      if (c === "E") {
        if (sub.useExp) throw new PatternError("two 'E'");
        sub.useExp = true;
        while (pattern[i + 1] === "0") {
          sub.minExp++;
          i++;
        }
        if (sub.minExp === 0) throw new PatternError("'E' must be followed by at least one '0'");
        sub.prefix = affix;
        affix = "";
        phase = 2;
        continue;
      }
      // End of the number part.
      sub.prefix = affix;
      affix = "";
      phase = 2;
    }
    // Prefix or suffix.
    if (c === ";") {
      if (phase === 0) throw new PatternError("no digits before ';'");
      break;
    }
    if (c === "0" || c === "#" || c === "," || c === ".") {
      if (phase === 0) {
        phase = 1;
        i--;
        continue;
      }
      throw new PatternError(`'${c}' in the suffix (quote it, e.g. '${c}')`);
    }
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        affix += "'";
        i++;
        continue;
      }
      // '' inside quotes is a literal quote.
      let j = i + 1;
      for (;;) {
        const k = pattern.indexOf("'", j);
        if (k < 0) throw new PatternError("an unterminated quote");
        affix += pattern.slice(j, k);
        if (pattern[k + 1] === "'") {
          affix += "'";
          j = k + 2;
          continue;
        }
        i = k;
        break;
      }
      continue;
    }
    if (c === "%") {
      if (sub.multiplier !== 1) throw new PatternError("more than one '%' or '‰'");
      sub.multiplier = 100;
      affix += "%";
      continue;
    }
    if (c === "\u2030") {
      if (sub.multiplier !== 1) throw new PatternError("more than one '%' or '‰'");
      sub.multiplier = 1000;
      affix += "\u2030";
      continue;
    }
    if (c === "\u00a4") {
      if (pattern[i + 1] === "\u00a4") {
        affix += "USD";
        i++;
      } else affix += "$";
      continue;
    }
    affix += c;
  }
  if (phase === 1) {
    sub.prefix = affix;
    affix = "";
  } else if (phase === 0) {
    sub.prefix = affix;
    affix = "";
  }
  sub.suffix = affix;
  return { sub, end: i };
}

function group(digits: string, size: number): string {
  if (size <= 0 || digits.length <= size) return digits;
  let out = "";
  let first = digits.length % size;
  if (first === 0) first = size;
  out = digits.slice(0, first);
  for (let i = first; i < digits.length; i += size) out += `,${digits.slice(i, i + size)}`;
  return out;
}

/** Formats a number with a parsed pattern. Negative results that round to zero print without a minus sign. */
export function formatDecimal(value: number, p: DecimalPattern): string {
  if (Number.isNaN(value)) return "NaN";
  const negative = value < 0;
  let x = Math.abs(value);
  if (p.multiplier !== 1) x *= p.multiplier; // a double product, as Java does
  if (!Number.isFinite(x)) return negative ? `${p.negPrefix}∞${p.negSuffix}` : `${p.posPrefix}∞${p.posSuffix}`;
  const { body, zero } = p.minExp > 0 ? formatScientific(x, p) : formatFixed(x, p);
  const neg = negative && !zero;
  return neg ? p.negPrefix + body + p.negSuffix : p.posPrefix + body + p.posSuffix;
}

function formatFixed(x: number, p: DecimalPattern): { body: string; zero: boolean } {
  const q = roundScaled(x, p.maxFrac, "half-even");
  let digits = q.toString();
  if (digits.length <= p.maxFrac) digits = "0".repeat(p.maxFrac - digits.length + 1) + digits;
  let intPart = digits.slice(0, digits.length - p.maxFrac).replace(/^0+/, "");
  let frac = digits.slice(digits.length - p.maxFrac);
  let end = frac.length;
  while (end > p.minFrac && frac[end - 1] === "0") end--;
  frac = frac.slice(0, end);
  if (intPart.length < p.minInt) intPart = "0".repeat(p.minInt - intPart.length) + intPart;
  intPart = group(intPart, p.groupingSize);
  let body = intPart;
  if (frac.length > 0 || p.decimalAlwaysShown) body += `.${frac}`;
  if (intPart === "" && frac === "") body = `0${body}`;
  return { body, zero: q === 0n };
}

function formatScientific(x: number, p: DecimalPattern): { body: string; zero: boolean } {
  const useEngineering = p.maxInt > p.minInt && p.maxInt > 1;
  const sig = p.minInt + p.maxFrac;
  let digits: string;
  let k: number; // decimal exponent of the first digit
  if (x === 0) {
    digits = "0";
    k = 0;
  } else {
    k = decimalExponent(x);
    if (sig > 0) {
      const q = roundScaled(x, sig - 1 - k, "half-even");
      digits = q.toString();
      if (digits.length > sig) {
        // rounded up to the next power of ten
        k++;
        digits = digits.slice(0, sig);
      }
    } else {
      // no significant-digit limit: the shortest digits that identify the double
      const [mantissa] = x.toExponential().split("e");
      digits = mantissa.replace(".", "");
    }
    digits = digits.replace(/0+$/, "") || "0";
  }
  let exponent: number;
  let intDigits: number;
  if (useEngineering) {
    exponent = Math.floor(k / p.maxInt) * p.maxInt;
    intDigits = k - exponent + 1;
  } else {
    exponent = k - (p.minInt - 1);
    intDigits = p.minInt;
    if (x === 0) exponent = 0;
  }
  if (digits.length < intDigits) digits += "0".repeat(intDigits - digits.length);
  const intPart = digits.slice(0, intDigits);
  let frac = digits.slice(intDigits);
  if (frac.length < p.minFrac) frac += "0".repeat(p.minFrac - frac.length);
  let body = intPart;
  if (frac.length > 0 || p.decimalAlwaysShown) body += `.${frac}`;
  if (body === "" || body[0] === ".") body = `0${body}`;
  const e = String(Math.abs(exponent));
  body += `E${exponent < 0 ? "-" : ""}${"0".repeat(Math.max(0, p.minExp - e.length))}${e}`;
  return { body, zero: x === 0 };
}

/** The pattern `number(x, precision)` uses: `#,##0` plus `precision` zeros after the point. */
export function precisionPattern(precision: number): string {
  return precision > 0 ? `#,##0.${"0".repeat(precision)}` : "#,##0";
}
