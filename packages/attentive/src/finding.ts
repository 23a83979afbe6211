import type { Diagnostic } from "@zephyr/zephyr";

/** A range of text, end exclusive. */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * A diagnostic plus where exactly it points, used to find the template span. Only the `Diagnostic`
 * fields are ever returned to callers (see `toDiagnostic`).
 */
export interface Finding extends Diagnostic {
  /** Point at the property name rather than at its value (unknown and duplicate fields). */
  onKey?: boolean;
  /** A range of the string value at `path`, in UTF-16 units of the decoded string. */
  within?: TextRange;
  /** An explicit range of the output text (when the JSON pointer alone is ambiguous, as for duplicate keys). */
  output?: TextRange;
}

/** What a rule may know besides the payload. */
export interface RuleContext {
  /** The render clock (`now`, `--now`) in milliseconds since 1970: the send time, for `occurredAt`. */
  now: number;
}

/** A semantic rule: looks at a payload object and reports what is wrong with it. */
export type Rule = (payload: Record<string, unknown>, context: RuleContext) => Finding[];

export function toDiagnostic({ onKey: _k, within: _w, output: _o, ...diagnostic }: Finding): Diagnostic {
  return diagnostic;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Present and not null: what Attentive's docs mean by "must be null". */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A JSON pointer (RFC 6901) one level below `parent`. */
export function childPointer(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}/${key}`;
  if (!key.includes("~") && !key.includes("/")) return `${parent}/${key}`;
  return `${parent}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/** The field name a marketer recognises for a JSON pointer: `/user/phone` → `user.phone`. */
export function fieldName(pointer: string): string {
  if (pointer === "") return "the payload";
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

/** A value described in plain words: `the text "true"`, `the number 5`, `null`, `a list`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return value === "" ? "empty text" : `the text ${JSON.stringify(shorten(value))}`;
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "a list";
  return "an object";
}

/** A value quoted in a message: JSON, cut to 40 characters (data can be megabytes). */
export function quote(value: unknown): string {
  return JSON.stringify(typeof value === "string" ? shorten(value) : value) ?? String(value);
}

function shorten(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** How many findings of one code are listed before the rest are summed up in one finding. */
export const FINDINGS_PER_CODE = 5;

/**
 * The first `FINDINGS_PER_CODE` findings of each code, in order, and for a code with more, one last finding that
 * says how many more there are (pointing at the first one left out). A body of 80 000 `{` is then six findings,
 * not 80 000: the output stays readable and placing the findings in the template stays cheap.
 */
export function capFindings(findings: Finding[], max = FINDINGS_PER_CODE): Finding[] {
  if (findings.length <= max) return findings;
  const counts = new Map<string, number>();
  const kept: Finding[] = [];
  const firstLeftOut = new Map<string, Finding>();
  for (const finding of findings) {
    const n = (counts.get(finding.code) ?? 0) + 1;
    counts.set(finding.code, n);
    if (n <= max) kept.push(finding);
    else if (n === max + 1) firstLeftOut.set(finding.code, finding);
  }
  if (firstLeftOut.size === 0) return findings;
  for (const [code, first] of firstLeftOut) {
    const more = (counts.get(code) ?? 0) - max;
    const { hint: _hint, ...rest } = first;
    kept.push({
      ...rest,
      message: `…and ${more} more ${code} finding${more === 1 ? "" : "s"} like the ${max} above (not listed); the first is here.`,
    });
  }
  return kept;
}
