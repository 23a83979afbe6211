import type { ContentProvider } from "./provider.js";
import type { Span } from "./span.js";

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
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  templateSize: 1_000_000,
  depth: 100,
  steps: 1_000_000,
  outputSize: 1_000_000,
  includeDepth: 10,
  providerTimeoutMs: 5_000,
});

/**
 * Resolves `{include 'name'}`: the snippet's source, or undefined when there is none. It may answer with a promise
 * (a database, an HTTP store) under `renderAsync()`; `render()` then fails with `ZE_INCLUDE`. It is asked on every
 * include: compiled snippets are cached by their text, so an answer that changes is compiled again.
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
}
