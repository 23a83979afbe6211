/**
 * What `personalize()` and `horizon_select()` call. Implementations live in `@zephyr/personalize`
 * (catalog, HTTP feed, static list); embedders may write their own.
 *
 * A provider may answer synchronously (a value) or asynchronously (a promise). `Template.render()` accepts only
 * synchronous answers; `Template.renderAsync()` accepts both.
 */
export interface ContentProvider {
  /** `personalize({...})`: the ranked items for this user, strongest first. */
  personalize(request: PersonalizeRequest, context: ProviderContext): ContentItem[] | Promise<ContentItem[]>;
  /** `horizon_select(items, n)`: up to `n` of `items`, ordered by the user's interest. Optional. */
  horizonSelect?(
    items: ContentItem[],
    quantity: number,
    context: ProviderContext,
  ): ContentItem[] | Promise<ContentItem[]>;
}

/** The object literal given to `personalize()`, as plain data (`algorithm`, `size`, `content`, tag filters, ...). */
export type PersonalizeRequest = Record<string, unknown>;

/** A content item in Sailthru's feed shape (`title`, `url`, `image`, `tags`, `price` in cents, `vars`, ...). */
export type ContentItem = Record<string, unknown>;

/** What a provider knows of the render that calls it. */
export interface ProviderContext {
  /** The profile being rendered (read-only plain data). */
  readonly profile: Record<string, unknown>;
  /** The render clock, in milliseconds since the epoch (the `now` option). */
  readonly now: number;
  /** A seeded random number in [0, 1), from the render's `seed`: the same inputs always draw the same numbers. */
  random(): number;
  /** The user's interest scores (tag → score, 1 = average), including `horizon_set_interest` changes made so far. */
  readonly interests: Readonly<Record<string, number>>;
  /** Render limits: a provider that does I/O should give up after `timeoutMs`. */
  readonly timeoutMs: number;
}
