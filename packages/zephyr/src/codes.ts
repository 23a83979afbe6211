/**
 * Every code a `ZephyrError` can carry, with what it means: the one source of truth. `ZephyrErrorCode` is derived from
 * it, and the table in packages/zephyr/README.md is generated from it (`node scripts/gen-error-codes.mjs`; a test
 * fails when the table is stale or a `ZE_*` code in the sources is missing here).
 */
export const ERROR_CODES = {
  // Syntax (the lexer and the parser)
  ZE_SYNTAX: "the template is not valid Zephyr syntax (an unexpected or missing token)",
  ZE_UNCLOSED_TAG: "a `{` tag is never closed by `}`",
  ZE_UNCLOSED_STRING: "a string literal inside a tag is never closed",
  ZE_UNCLOSED_COMMENT: "a `{* … *}` comment is never closed",
  ZE_UNCLOSED_BLOCK: "an `{if}`, `{foreach}`, `{switch}` or `{select}` block has no closing tag",
  ZE_BLOCK:
    "a block tag stands where it is not allowed (an `{else}` without `{if}`, text directly inside `{switch}`, …)",
  // Compile time
  ZE_UNKNOWN_FUNCTION: "a call names a function that does not exist (the message suggests the closest name)",
  ZE_ARITY: "a function is called with too few or too many arguments",
  ZE_ASSIGN: "the left side of an assignment is not something that can be assigned",
  ZE_LIMIT_TEMPLATE_SIZE: "the template is larger than `limits.templateSize`",
  // Render time
  ZE_UNDEFINED: "strict mode: a variable or member is not defined",
  ZE_NULL_MEMBER: "strict mode: a member of null is read",
  ZE_FOREACH_MUTATION:
    "a `{foreach}` body changes the list or object it iterates (assigns it or its members, `push`/`set` onto it)",
  ZE_TYPE: "a value has the wrong type for what the template does with it (e.g. `foreach` over a number)",
  ZE_ARGUMENT_TYPE: "a function argument has the wrong type (strict mode, or a type that cannot be converted)",
  ZE_FUNCTION_ARGUMENT:
    "a function argument has a value the function cannot use (a bad date pattern, a negative size, …)",
  ZE_FUNCTION_FAILED: "a custom function threw: the error's `cause` is what it threw",
  ZE_NOT_CALLABLE: "a value that is not a function or lambda is called",
  ZE_NOT_A_LAMBDA: "a function that needs a lambda argument (`map`, `filter`, `sort`, …) received something else",
  ZE_DIVISION_BY_ZERO: "a division or remainder by zero",
  ZE_UNAVAILABLE:
    'a platform-only function (`api_send`, `promotion`, …) is called outside Sailthru without `platform: "stub"`',
  ZE_OPTION: "a render option has an invalid value (`now`, `tz`, `seed`, `limits`, …)",
  ZE_INCLUDE: "`{include}` cannot find or load a snippet (no resolver, unknown name, or the resolver failed)",
  ZE_INCLUDE_CYCLE: "snippets include each other in a cycle",
  // Limits
  ZE_LIMIT_DEPTH: "expressions, blocks, lambda calls or data nest deeper than `limits.depth`",
  ZE_LIMIT_STEPS: "the render takes more than `limits.steps` evaluation steps",
  ZE_LIMIT_OUTPUT: "the output, or a string the template builds, is longer than `limits.outputSize`",
  ZE_LIMIT_MEMORY:
    "the render builds more than `limits.memory` bytes of strings, lists and objects (the cost model is in SECURITY.md)",
  ZE_LIMIT_INCLUDE_DEPTH: "`{include}` nests deeper than `limits.includeDepth`",
  // Content providers (`personalize()`, `horizon_select()`)
  ZE_NO_PROVIDER: "`personalize()` or `horizon_select()` is called and no content provider is configured",
  ZE_PROVIDER: "the content provider threw or answered something that is not a list of items (`cause` holds the error)",
  ZE_ASYNC_PROVIDER:
    "the content provider answered with a promise during a synchronous `render()`: use `renderAsync()`",
  ZE_PROVIDER_TIMEOUT: "the content provider did not answer within `limits.providerTimeoutMs`",
  ZE_PERSONALIZE_MISSING_PARAM: "a `personalize()` request lacks a required key",
  ZE_PERSONALIZE_UNKNOWN_PARAM: "a `personalize()` request has a key the platform does not know",
  ZE_PERSONALIZE_BAD_PARAM: "a `personalize()` request key has a value of the wrong type or range",
  ZE_PERSONALIZE_UNKNOWN_ALGORITHM: "a `personalize()` request names an algorithm that does not exist",
  ZE_PERSONALIZE_NO_CATALOG: "the provider has no items to recommend from",
  ZE_HORIZON_BAD_ITEMS: "`horizon_select()`'s first argument is not a list of items",
  ZE_HORIZON_BAD_QUANTITY: "`horizon_select()`'s quantity is not a whole number ≥ 0",
  ZE_CATALOG_READ: "a catalog file cannot be read (`loadCatalog`)",
  ZE_CATALOG_NOT_JSON: "a catalog file is not JSON",
  ZE_CATALOG_INVALID: 'a catalog does not have the feed shape (`{"content": [items]}`)',
  ZE_FEED_URL: "a feed URL is not an http: or https: URL",
  ZE_FEED_NETWORK: "the feed could not be reached",
  ZE_FEED_HTTP: "the feed answered with an HTTP error status",
  ZE_FEED_TIMEOUT: "the feed did not answer in time",
  ZE_FEED_TOO_LARGE: "the feed's answer is larger than allowed",
  ZE_FEED_NOT_JSON: "the feed's answer is not JSON",
  ZE_FEED_NOT_UTF8: "the feed's answer is not valid UTF-8",
  // Payloads (@zephyr/attentive)
  ZE_UNKNOWN_ENDPOINT:
    "`renderPayload` or `validatePayload` is given an endpoint name that does not exist (the message lists the valid ones)",
  // zephyr batch (diagnostics of a rejected input line)
  ZE_BATCH_NOT_JSON: "`zephyr batch`: an input line is not JSON",
  ZE_BATCH_NOT_OBJECT: "`zephyr batch`: an input line is not a JSON object (a profile)",
  ZE_BATCH_NOT_UTF8: "`zephyr batch`: an input line is not valid UTF-8",
  ZE_BATCH_WORKER_DIED:
    "`zephyr batch`: the line stopped its worker thread twice (out of memory, or a crash); it is rejected, the batch goes on",
  ZE_BATCH_INTERNAL: "`zephyr batch`: rendering the line raised an unexpected exception (a bug: report it)",
  // zephyr serve (the playground)
  ZE_SERVE_STOPPED: "`zephyr serve`: the render's worker thread stopped (out of memory); the worker is replaced",
  ZE_SERVE_TIMEOUT: "`zephyr serve`: the render took longer than the playground allows; the worker is replaced",
} as const satisfies Record<string, string>;

/** The code of a `ZephyrError`: stable across versions; see the table in packages/zephyr/README.md. */
export type ZephyrErrorCode = keyof typeof ERROR_CODES;

/** Whether a string is a known error code. */
export function isErrorCode(code: string): code is ZephyrErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** The README table of error codes (generated; see scripts/gen-error-codes.mjs). */
export function errorCodeTable(): string {
  const rows = Object.entries(ERROR_CODES).map(
    ([code, meaning]) => `| \`${code}\` | ${meaning.replace(/\|/g, "\\|")} |`,
  );
  return ["| code | meaning |", "|---|---|", ...rows].join("\n");
}
