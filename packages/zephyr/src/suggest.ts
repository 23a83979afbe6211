/**
 * Edit distance for did-you-mean suggestions, case-insensitive: insertions, deletions, substitutions and swaps of
 * two neighbouring characters each cost 1 (optimal string alignment), so `phnoe` is one edit from `phone`.
 */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= y.length; j++) d[0][j] = j;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}

/** The candidate closest to `name`, if it is close enough to be a likely typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 3));
  for (const c of candidates) {
    // The distance is at least the difference in length: a long name (a 1 MB key) is never compared in full.
    const gap = Math.abs(name.length - c.length);
    if (gap > bestDistance || (gap === bestDistance && best !== undefined)) continue;
    const d = editDistance(name, c);
    if (d < bestDistance || (d === bestDistance && best === undefined)) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Names other languages (and Sailthru's own demo code) use for Zephyr functions: `num(1)` is `number(1)`. Only
 * names that are not Zephyr functions themselves; a suggestion is made only when the target exists.
 */
const FUNCTION_ALIASES: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, {
    num: "number",
    format_number: "number",
    number_format: "number",
    len: "length",
    count: "length",
    size: "length",
    strlen: "length",
    uppercase: "upper",
    toupper: "upper",
    strtoupper: "upper",
    lowercase: "lower",
    tolower: "lower",
    strtolower: "lower",
    substring: "substr",
    indexof: "strpos",
    index_of: "strpos",
    urlencode: "u",
    url_encode: "u",
    encodeuricomponent: "u",
    htmlspecialchars: "h",
    html_escape: "h",
    htmlentities: "h",
    implode: "join",
    explode: "split",
    floor: "int",
    trunc: "int",
    parseint: "int",
    intval: "int",
    has: "contains",
    includes: "contains",
    in_array: "contains",
    now: "time",
    strtotime: "time",
  }),
);

/**
 * The function to suggest for an unknown `name`: a known alias (`num` → `number`), else the closest name by edit
 * distance; undefined when nothing is likely.
 */
export function suggestFunction(name: string, functions: readonly string[]): string | undefined {
  const alias = FUNCTION_ALIASES[name.toLowerCase()];
  if (alias !== undefined && functions.includes(alias)) return alias;
  return closest(name, functions);
}
