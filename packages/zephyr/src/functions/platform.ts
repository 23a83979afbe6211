/**
 * Sailthru platform functions: recognised names (so a template that uses them compiles and lints) that need the
 * platform's services or data. Calling one fails with a clear error that names it and says why it cannot run here.
 * The pure ones of the same families (`distance`, `filter_content`, `content_intersect`) are implemented in their
 * families instead.
 */
import { param, UNAVAILABLE_ERROR } from "./helpers.js";
import type { FunctionDef, FunctionFamily } from "./registry.js";

function platform(name: string, signature: string, description: string, reason: string): FunctionDef {
  return {
    name,
    signature,
    description,
    // Any arguments: the platform error wins over an arity or type error.
    params: [param("args", "any", { rest: true, nullable: true })],
    examples: [],
    unavailable: reason,
    call(ctx) {
      return ctx.fail(
        UNAVAILABLE_ERROR,
        `${name}() is not available outside Sailthru: ${reason}`,
        "remove the call, or guard it so previews skip it",
      );
    },
  };
}

export const platformFunctions: FunctionFamily = [
  platform(
    "api_send",
    "api_send(string template [, string email [, object vars [, string schedule_time [, object options [, object evars]]]]]) → null",
    "Sends another message through the Send API (trigger scripts only).",
    "it sends a message through the Sailthru Send API",
  ),
  platform(
    "api_user",
    "api_user(object options [, string id]) → null",
    "Updates the user's profile through the User API (vars, lists, opt-out).",
    "it writes to the Sailthru user profile",
  ),
  platform(
    "api_event",
    "api_event(object event) → null",
    "Fires a custom event through the Event API (trigger scripts only).",
    "it posts an event to the Sailthru Event API",
  ),
  platform(
    "append_user_var",
    "append_user_var(string name, any value [, number cap]) → null",
    "Prepends a value to an array var stored on the profile, keeping at most `cap` entries.",
    "it writes to the Sailthru user profile",
  ),
  platform(
    "promotion",
    "promotion([string name]) → object",
    "Allocates a unique promotion code for this user (`promotion().code`).",
    "promotion codes are allocated from a Sailthru promotion pool",
  ),
  platform(
    "ad",
    "ad(string zone, …) → string",
    "HTML of an AdTargeter ad section.",
    "ads are served by Sailthru AdTargeter",
  ),
  platform(
    "adinfo",
    "adinfo(string zone) → object",
    "Metadata of the AdTargeter banner for a zone (width, height, image, url, ...), or null.",
    "ads are served by Sailthru AdTargeter",
  ),
  platform(
    "user_engagement",
    "user_engagement() → number",
    "The user's engagement level, an integer 0–6.",
    "engagement levels are computed by Sailthru",
  ),
  platform(
    "user_geo_home",
    "user_geo_home([string field]) → any",
    "The user's geolocated home (city, state, country, coordinates).",
    "geolocation comes from Sailthru's tracking data",
  ),
  platform(
    "user_geo_select_region",
    "user_geo_select_region(list regions) → any",
    "Picks the region nearest to the user's geolocated home.",
    "geolocation comes from Sailthru's tracking data",
  ),
  platform(
    "horizon_count",
    "horizon_count(string tags) → number",
    "The user's pageview count for a tag (comma-separated tags are summed).",
    "pageview counts come from Sailthru's onsite tracking",
  ),
  platform(
    "message_id",
    "message_id() → string",
    "The id of the message being sent, for link parameters.",
    "message ids are assigned by Sailthru when it sends",
  ),
  platform(
    "signup_confirm",
    "signup_confirm(list lists) → string",
    "An opt-in confirmation URL for the given lists.",
    "confirmation links are signed by Sailthru",
  ),
  platform(
    "public_share",
    "public_share(string type [, string status]) → string",
    "A shareable, non-personalized URL of this message.",
    "share URLs point at Sailthru's hosted copy of the message",
  ),
  platform(
    "social_share",
    "social_share(string mode, string url, …) → string",
    "A per-item social share URL.",
    "share URLs are generated and tracked by Sailthru",
  ),
];
