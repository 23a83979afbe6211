/**
 * Sailthru platform functions: recognised names (so a template that uses them compiles and lints) that need the
 * platform's services or data. Calling one fails with a clear error that names it and says why it cannot run here,
 * unless the render runs with `platform: "stub"`: then each returns a documented placeholder, as the platform's own
 * preview does (a promotion code is `sample_code`), and side effects do nothing.
 * The pure ones of the same families (`distance`, `filter_content`, `content_intersect`) are implemented in their
 * families instead.
 */
import { getMember, isPlainObject } from "../values.js";
import { param, UNAVAILABLE_ERROR } from "./helpers.js";
import type { FunctionDef, FunctionFamily } from "./registry.js";

function platform(
  name: string,
  signature: string,
  description: string,
  reason: string,
  stub: NonNullable<FunctionDef["stub"]>,
  example: [template: string, output: string],
): FunctionDef {
  return {
    name,
    signature,
    description,
    // Any arguments: the platform error wins over an arity or type error.
    params: [param("args", "any", { rest: true, nullable: true })],
    // Rendered with platform stubs (the examples test and the reference say so).
    examples: [{ template: example[0], output: example[1] }],
    unavailable: reason,
    stub,
    call(ctx) {
      return ctx.fail(
        UNAVAILABLE_ERROR,
        `${name}() is not available outside Sailthru: ${reason}`,
        "preview it with platform stubs (CLI: --platform stub, the default of preview and serve), or guard the call",
      );
    },
  };
}

/** A side effect under stubs: nothing happens. */
function sideEffect(what: string): NonNullable<FunctionDef["stub"]> {
  return { placeholder: `does nothing (${what}) and returns null`, call: () => null };
}

/** A stub that returns a fixed value (a fresh copy each call, so the template may change it). */
function fixed(placeholder: string, value: () => unknown): NonNullable<FunctionDef["stub"]> {
  return { placeholder, call: value };
}

/** The placeholder home of `user_geo_home()` under stubs. */
const SAMPLE_GEO = (): Record<string, unknown> => ({
  city: "New York",
  state: "NY",
  country: "US",
  zip: "10001",
  latitude: 40.7128,
  longitude: -74.006,
});

export const platformFunctions: FunctionFamily = [
  platform(
    "api_send",
    "api_send(string template [, string email [, object vars [, string schedule_time [, object options [, object evars]]]]]) → null",
    "Sends another message through the Send API (trigger scripts only).",
    "it sends a message through the Sailthru Send API",
    sideEffect("no message is sent"),
    ["{api_send('welcome', email)}sent", "sent"],
  ),
  platform(
    "api_user",
    "api_user(object options [, string id]) → null",
    "Updates the user's profile through the User API (vars, lists, opt-out).",
    "it writes to the Sailthru user profile",
    sideEffect("the profile is not changed"),
    ["{api_user({'vars': {'seen': 1}})}ok", "ok"],
  ),
  platform(
    "api_event",
    "api_event(object event) → null",
    "Fires a custom event through the Event API (trigger scripts only).",
    "it posts an event to the Sailthru Event API",
    sideEffect("no event is posted"),
    ["{api_event({'name': 'viewed'})}ok", "ok"],
  ),
  platform(
    "append_user_var",
    "append_user_var(string name, any value [, number cap]) → null",
    "Prepends a value to an array var stored on the profile, keeping at most `cap` entries.",
    "it writes to the Sailthru user profile",
    sideEffect("the profile is not changed"),
    ["{append_user_var('viewed', 'sku-1', 10)}ok", "ok"],
  ),
  platform(
    "promotion",
    "promotion([string name]) → object",
    "Allocates a unique promotion code for this user (`promotion().code`).",
    "promotion codes are allocated from a Sailthru promotion pool",
    fixed('returns `{"code": "sample_code"}`, so `promotion().code` prints `sample_code`', () => ({
      code: "sample_code",
    })),
    ["{promotion('spring').code}", "sample_code"],
  ),
  platform(
    "ad",
    "ad(string zone, …) → string",
    "HTML of an AdTargeter ad section.",
    "ads are served by Sailthru AdTargeter",
    fixed('returns `""` (no ad HTML)', () => ""),
    ["[{ad('top')}]", "[]"],
  ),
  platform(
    "adinfo",
    "adinfo(string zone) → object",
    "Metadata of the AdTargeter banner for a zone (width, height, image, url, ...), or null.",
    "ads are served by Sailthru AdTargeter",
    fixed("returns null (no banner for the zone)", () => null),
    ["{adinfo('top') ?: 'no banner'}", "no banner"],
  ),
  platform(
    "user_engagement",
    "user_engagement() → number",
    "The user's engagement level, an integer 0–6.",
    "engagement levels are computed by Sailthru",
    fixed("returns `3`, a middle engagement level", () => 3),
    ["{user_engagement()}", "3"],
  ),
  platform(
    "user_geo_home",
    "user_geo_home([string field]) → any",
    "The user's geolocated home (city, state, country, coordinates).",
    "geolocation comes from Sailthru's tracking data",
    {
      placeholder:
        'returns `{"city": "New York", "state": "NY", "country": "US", "zip": "10001", "latitude": 40.7128, "longitude": -74.006}`, or that field of it when given one (`user_geo_home(\'city\')` → `New York`)',
      call: (_ctx, [field]) => (typeof field === "string" ? (getMember(SAMPLE_GEO(), field) ?? null) : SAMPLE_GEO()),
    },
    ["{user_geo_home('city')}", "New York"],
  ),
  platform(
    "user_geo_select_region",
    "user_geo_select_region(list regions) → any",
    "Picks the region nearest to the user's geolocated home.",
    "geolocation comes from Sailthru's tracking data",
    {
      placeholder: "returns the first region of the list (null for an empty list)",
      call: (_ctx, [regions]) =>
        Array.isArray(regions) && regions.length > 0
          ? regions[0]
          : isPlainObject(regions)
            ? (Object.values(regions)[0] ?? null)
            : null,
    },
    ["{user_geo_select_region(['east', 'west'])}", "east"],
  ),
  platform(
    "horizon_count",
    "horizon_count(string tags) → number",
    "The user's pageview count for a tag (comma-separated tags are summed).",
    "pageview counts come from Sailthru's onsite tracking",
    fixed("returns `0`", () => 0),
    ["{horizon_count('shoes')}", "0"],
  ),
  platform(
    "message_id",
    "message_id() → string",
    "The id of the message being sent, for link parameters.",
    "message ids are assigned by Sailthru when it sends",
    fixed("returns `sample_message_id`", () => "sample_message_id"),
    ["{message_id()}", "sample_message_id"],
  ),
  platform(
    "signup_confirm",
    "signup_confirm(list lists) → string",
    "An opt-in confirmation URL for the given lists.",
    "confirmation links are signed by Sailthru",
    fixed("returns `https://example.com/signup_confirm?sample`", () => "https://example.com/signup_confirm?sample"),
    ["{signup_confirm(['News'])}", "https://example.com/signup_confirm?sample"],
  ),
  platform(
    "public_share",
    "public_share(string type [, string status]) → string",
    "A shareable, non-personalized URL of this message.",
    "share URLs point at Sailthru's hosted copy of the message",
    fixed("returns `https://example.com/public_share?sample`", () => "https://example.com/public_share?sample"),
    ["{public_share('web')}", "https://example.com/public_share?sample"],
  ),
  platform(
    "social_share",
    "social_share(string mode, string url, …) → string",
    "A per-item social share URL.",
    "share URLs are generated and tracked by Sailthru",
    fixed("returns `https://example.com/social_share?sample`", () => "https://example.com/social_share?sample"),
    ["{social_share('twitter', 'https://example.com/a')}", "https://example.com/social_share?sample"],
  ),
];
