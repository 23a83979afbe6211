import type { Diagnostic } from "./errors.js";
import type { ContentProvider } from "./provider.js";
import type { Span } from "./span.js";

/** What Sailthru platform functions do outside Sailthru: fail (`error`), or return preview placeholders (`stub`). */
export type PlatformMode = "stub" | "error";

/** How printed values are written into the output. */
export type EscapeMode = "json" | "none";

/** Resource limits. Exceeding one is a ZephyrError with a code and the span, never a hang or a crash. */
export interface Limits {
  /** Template source size, in UTF-16 units. */
  templateSize: number;
  /** Nesting depth of expressions and blocks, for the parser and at run time (lambdas calling lambdas). */
  depth: number;
  /** Evaluation steps per render (each loop iteration, call and output counts). */
  steps: number;
  /** Output size, in UTF-16 units; also caps any single string built by the template. */
  outputSize: number;
  /** Nested `{include}` depth. */
  includeDepth: number;
  /** Time a provider may take to answer, in milliseconds (async renders). */
  providerTimeoutMs: number;
  /**
   * Bytes of strings, lists and objects a render builds, counted as they are built (see `MEMORY_COST`). It counts
   * what is built, not what is still held: a string grown by appending to it in a loop counts each intermediate.
   */
  memory: number;
}

/**
 * What the memory limit counts for a value a render builds. A string counts its logical length when it is built,
 * even when the engine keeps it as a cheap rope: any later read may flatten it into that many bytes.
 */
export const MEMORY_COST = Object.freeze({
  /** Per string, list or object (its header). */
  value: 16,
  /** Per UTF-16 code unit of a string (V8 stores a string with any non-Latin-1 character in two bytes a unit). */
  stringUnit: 2,
  /** Per list element (a pointer). */
  listElement: 8,
  /** Per object property (key and value pointers). */
  objectEntry: 16,
  /** Per lambda value (its closure). */
  lambda: 64,
  /** Per output segment recorded (renders with `segments`). */
  segment: 48,
});

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  templateSize: 1_000_000,
  depth: 100,
  steps: 1_000_000,
  outputSize: 1_000_000,
  includeDepth: 10,
  providerTimeoutMs: 5_000,
  // 64 MiB: 32 times what the largest output (1 000 000 units, 2 MB) needs, and small enough that a batch's
  // workers together stay far from a default V8 heap (about 4 GB) even when each is at its limit.
  memory: 64 * 1024 * 1024,
});

/**
/**
 * Resolves `{include 'name'}`: the snippet's source, or undefined when there is none. It may answer with a promise
 * (a database, an HTTP store) under `renderAsync()`; `render()` then fails with `ZE_INCLUDE`. It is asked on every
 * include: compiled snippets are cached by their text, so an answer that changes is compiled again. A resolver that
 * throws (a snippet that cannot be used) makes a ZE_INCLUDE error at the {include}, with the thrown message.
 */
export type SnippetResolver = (name: string) => string | undefined | PromiseLike<string | undefined>;

export interface RenderOptions {
  /** Content provider for `personalize()` / `horizon_select()`. */
  provider?: ContentProvider;
  /** The clock: a Date, an ISO string or milliseconds since the epoch. Default: the real time at render start. */
  now?: Date | string | number;
  /** IANA time zone for `date()` and `time()`. Default `UTC`. */
  tz?: string;
  /** Seed for `random()`, `shuffle()` and the provider's random. Default 0. */
  seed?: number;
  /** Undefined variables, members of null and wrong argument types become errors. */
  strict?: boolean;
  /** `json` (default): values written inside a JSON string are escaped, outside one they are JSON values. `none`: raw. */
  escape?: EscapeMode;
  /** Read once per object and cached: to change limits, pass a new object. */
  limits?: Partial<Limits>;
  /** Where `{include 'name'}` finds snippets. */
  snippets?: SnippetResolver;
  /** Record which template span produced each output range (needed to point validation errors at the template). */
  segments?: boolean;
  /**
   * `error` (default): platform functions (`promotion`, `api_user`, ...) fail with ZE_UNAVAILABLE. `stub`: they
   * return placeholders like the platform's preview (a promotion code is `sample_code`), side effects do nothing,
   * and the result's `notices` says so once per function.
   */
  platform?: PlatformMode;
}

export interface RenderInput {
  /** The profile: `profile.email`, `profile.keys.sms`, `profile.vars.*`, `profile.purchases`, ... */
  profile?: Record<string, unknown>;
  /** Globals (send-API vars, feed keys): override profile vars as bare names; assignments override both. */
  data?: Record<string, unknown>;
}

/** One output range and the template span that produced it. */
export interface Segment {
  /** Output offsets, end exclusive. */
  start: number;
  end: number;
  /** `text`: literal template text; `tag`: a printed value. */
  kind: "text" | "tag";
  span: Span;
}

export interface RenderResult {
  output: string;
  /** Present when `assert()` or `cancel()` ended the render: a result, not an error. */
  cancelled?: { message: string; span?: Span };
  /** Output ranges in order, covering the output (empty unless the `segments` option was set). */
  segments: readonly Segment[];
  /**
   * Information about the render (severity `info`), present only when there is some: with `platform: "stub"`,
   * one `ZI_PLATFORM_STUB` per platform function that returned a placeholder, at its first call.
   */
  notices?: Diagnostic[];
}
