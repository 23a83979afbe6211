/**
 * SMS facts for a message text: encoding, length in encoding units, segment count, and the characters that force
 * UCS-2. See the reference notes §6 for the numbers (160/153 septets, 70/67 UTF-16 units).
 */
import { gsmCodeSeptets, gsmReplacement } from "./gsm.js";

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface Ucs2Character {
  /** The character (a whole code point: a surrogate pair counts as one). */
  char: string;
  /** UTF-16 offset in the body (or in the brand name, when `inBrand`). */
  index: number;
  codePoint: number;
  /** A GSM-7 character to use instead, when there is a usual one ("" means: delete it). */
  replacement?: string;
  /** The character is in the brand name that Attentive puts in front of the body. */
  inBrand?: true;
}

export interface SmsFacts {
  encoding: SmsEncoding;
  /** Length in encoding units: septets for GSM-7 (extension characters count 2), UTF-16 units for UCS-2. */
  units: number;
  /** Characters as a person counts them (grapheme clusters: 👍🏽 is one). */
  characters: number;
  /** Number of SMS parts; 0 for an empty text. */
  segments: number;
  /** Units per part: 160 / 70 for a single SMS, 153 / 67 for each part of a concatenated one. */
  unitsPerSegment: number;
  /** Every character that is not in the GSM-7 alphabet, in order. Empty for GSM-7. */
  ucs2Characters: Ucs2Character[];
}

export interface SmsOptions {
  /**
   * The brand name. Attentive always starts a message with it; this counts it as the prefix `"<brand>: "`
   * (the exact separator Attentive uses is not documented; a colon and a space is what its composer shows).
   */
  brand?: string;
}

const LIMITS: Record<SmsEncoding, { single: number; multi: number }> = {
  "GSM-7": { single: 160, multi: 153 },
  "UCS-2": { single: 70, multi: 67 },
};

let graphemes: Intl.Segmenter | undefined;

/**
 * The SMS facts of a message body as Attentive would send it.
 *
 * One pass over the text with the GSM-7 septet table: when every character is in the alphabet (the usual case),
 * units, segments and characters follow from counters. Only a text with a non-GSM character takes the UCS-2 path.
 */
export function smsFacts(body: string, options: SmsOptions = {}): SmsFacts {
  const prefix = options.brand ? `${options.brand}: ` : "";
  const text = prefix === "" ? body : prefix + body;
  const { single, multi } = LIMITS["GSM-7"];
  let units = 0;
  let parts = 1;
  let used = 0;
  let crlf = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const cost = gsmCodeSeptets(code);
    if (cost === 0) return ucs2Facts(text, prefix.length);
    units += cost;
    // A part holds `multi` septets and an escape pair is never split: it moves whole to the next part.
    if (used + cost > multi) {
      parts++;
      used = 0;
    }
    used += cost;
    if (code === 10 && i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
  }
  return {
    encoding: "GSM-7",
    units,
    // Every GSM-7 character is one code unit and its own grapheme, except CR LF, which is one.
    characters: text.length - crlf,
    segments: units === 0 ? 0 : units <= single ? 1 : parts,
    unitsPerSegment: units <= single ? single : multi,
    ucs2Characters: [],
  };
}

/** Every character of `text` is in the GSM-7 alphabet (basic or extension table). */
export function isGsmText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (gsmCodeSeptets(text.charCodeAt(i)) === 0) return false;
  return true;
}

/**
 * Every character of `text` that is not in the GSM-7 alphabet, in order (`SmsFacts.ucs2Characters`). The first
 * `prefixLength` code units are the brand prefix.
 */
export function nonGsmCharacters(text: string, prefixLength = 0): Ucs2Character[] {
  const found: Ucs2Character[] = [];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (gsmCodeSeptets(code) !== 0) continue;
    const codePoint = text.codePointAt(index)!;
    const char = codePoint > 0xffff ? text.slice(index, index + 2) : text[index];
    const inBrand = index < prefixLength;
    const entry: Ucs2Character = { char, index: inBrand ? index : index - prefixLength, codePoint };
    const replacement = gsmReplacement(char);
    if (replacement !== undefined) entry.replacement = replacement;
    if (inBrand) entry.inBrand = true;
    found.push(entry);
    if (codePoint > 0xffff) index++;
  }
  return found;
}

/** The facts of a text with at least one non-GSM character: UCS-2, one or two UTF-16 units per code point. */
function ucs2Facts(text: string, prefixLength: number): SmsFacts {
  const { single, multi } = LIMITS["UCS-2"];
  const units = text.length;
  let parts = 1;
  if (units > single) {
    let used = 0;
    for (let index = 0; index < units; index++) {
      // A surrogate pair is never split: it moves whole to the next part.
      const size = text.codePointAt(index)! > 0xffff ? 2 : 1;
      if (used + size > multi) {
        parts++;
        used = 0;
      }
      used += size;
      index += size - 1;
    }
  }
  return {
    encoding: "UCS-2",
    units,
    characters: graphemeCount(text),
    segments: units <= single ? 1 : parts,
    unitsPerSegment: units <= single ? single : multi,
    ucs2Characters: nonGsmCharacters(text, prefixLength),
  };
}

/**
 * Characters as a person counts them (grapheme clusters). A "simple" code unit (see `simpleGrapheme`) is a cluster
 * of its own, CR LF being one, so only the runs of other code units go through `Intl.Segmenter`, each with the
 * simple code unit on either side (which they may join: a combining mark, a ZWJ after ©, a prepended mark).
 * Runs one simple code unit apart are segmented together.
 */
function graphemeCount(text: string): number {
  const n = text.length;
  let count = 0;
  let crlf = 0; // CR LF pairs counted as two clusters
  let from = 0; // everything before `from` is counted
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (simpleGrapheme(code)) {
      if (code === 10 && i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
      continue;
    }
    let k = i + 1;
    for (;;) {
      while (k < n && !simpleGrapheme(text.charCodeAt(k))) k++;
      if (k + 1 < n && !simpleGrapheme(text.charCodeAt(k + 1))) k += 1;
      else break;
    }
    const start = Math.max(i - 1, from);
    const end = Math.min(k + 1, n);
    // The simple code units before the span count one each; a CR LF inside the span is one cluster for the
    // segmenter, and one across its edge was counted twice, like those outside (`crlf`).
    count += start - from + segmentCount(text.slice(start, end));
    from = end;
    i = end - 1;
  }
  return count + n - from - crlf;
}

/** Cluster counts of the short runs segmented so far: a batch meets the same emoji runs (in item titles) again and again. */
const segmentCounts = new Map<string, number>();
const SEGMENT_CACHE_SIZE = 4096;
/** Runs up to this long are cached. */
const CACHED_RUN = 256;
/**
 * `Intl.Segmenter` takes time quadratic in the length of what it segments (80 000 emoji: 20 s), so a long run is
 * segmented in windows of this many code units (see `windowedCount`).
 */
const SEGMENT_WINDOW = 2048;

function segmentCount(text: string): number {
  if (text.length > CACHED_RUN) return windowedCount(text);
  let count = segmentCounts.get(text);
  if (count !== undefined) return count;
  count = countSegments(text);
  if (segmentCounts.size >= SEGMENT_CACHE_SIZE) segmentCounts.clear();
  segmentCounts.set(text, count);
  return count;
}

function countSegments(text: string): number {
  graphemes ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

/**
 * Clusters of a long text, a window at a time, in time linear in its length. Each window starts at a cluster
 * boundary; every boundary inside it is final (a grapheme break depends on the text before it and the one code
 * code point after it), except that the window's last cluster may go on past its end: it is not counted, and the next
 * window starts with it. A window that is one cluster is doubled until it holds two or reaches the end.
 */
function windowedCount(text: string): number {
  graphemes ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  const n = text.length;
  let count = 0;
  let from = 0;
  let size = SEGMENT_WINDOW;
  while (from < n) {
    let to = Math.min(n, from + size);
    // Never between the halves of a surrogate pair: the break before a code point depends on all of it.
    if (to < n && isHighSurrogate(text.charCodeAt(to - 1))) to++;
    let clusters = 0;
    let lastStart = 0;
    for (const { index } of graphemes.segment(text.slice(from, to))) {
      clusters++;
      lastStart = index;
    }
    if (to === n) return count + clusters;
    if (clusters < 2) {
      size *= 2;
      continue;
    }
    count += clusters - 1;
    from += lastStart;
    size = SEGMENT_WINDOW;
  }
  return count;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * A code unit whose grapheme cluster break property is Other, Control, CR or LF (not a surrogate, mark, joiner,
 * prepended mark, Hangul jamo or regional indicator): two of them in a row are two clusters, except CR LF. The sms
 * tests check every one of them against `Intl.Segmenter`.
 */
export function simpleGrapheme(code: number): boolean {
  return (
    code < 0x0300 ||
    (code >= 0x2010 && code <= 0x2027) ||
    (code >= 0x2030 && code <= 0x205e) ||
    (code >= 0x20a0 && code <= 0x20c0) ||
    code === 0x2122 ||
    (code >= 0x4e00 && code <= 0x9fff)
  );
}
