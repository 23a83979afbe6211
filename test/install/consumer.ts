// A service that embeds the published packages, as a user writes it. scripts: test/packages.test.ts copies this
// folder into a fresh project outside the workspace, installs the tarballs there, type-checks this file with the
// strictest settings (module nodenext and bundler), runs it from ESM in Node and bundles it for a browser.
import { type PayloadResult, renderPayload, validatePayload } from "@zephyr/attentive";
import { StaticProvider } from "@zephyr/personalize";
import { compile, type RenderOptions, ZephyrError, type ZephyrErrorCode } from "@zephyr/zephyr";

export interface Inputs {
  /** fixtures/seed/profile-data.zephyr and content-recommendations.zephyr */
  profileData: string;
  recommendations: string;
  /** fixtures/profiles/ann.json */
  profile: Record<string, unknown>;
  /** fixtures/data/static-content.json's `content` */
  items: Record<string, unknown>[];
}

export function run(inputs: Inputs): Record<string, unknown> {
  const greeting = compile(inputs.profileData, { filename: "profile-data.zephyr" });
  const recommendations = compile(inputs.recommendations, { filename: "content-recommendations.zephyr" });
  const options: RenderOptions = { now: "2024-03-15T12:00:00Z", provider: new StaticProvider(inputs.items) };
  const first: PayloadResult = renderPayload(greeting, { profile: inputs.profile }, { endpoint: "text-send" });
  const second = renderPayload(recommendations, { profile: inputs.profile }, { endpoint: "text-send", ...options });
  // Compiles under exactOptionalPropertyTypes (the template's filename is `string | undefined`).
  const bare = renderPayload(compile("x"), {}, { endpoint: "none" });
  let syntax: ZephyrErrorCode | undefined;
  let line: number | undefined;
  try {
    compile("Hi {if vip}", { filename: "broken.zephyr" });
  } catch (e) {
    if (e instanceof ZephyrError) {
      syntax = e.code;
      line = e.span?.line;
    }
  }
  let endpoint: string | undefined;
  try {
    renderPayload(greeting, {}, { endpoint: "sms" as "text-send" });
  } catch (e) {
    if (e instanceof ZephyrError) endpoint = e.code;
  }
  const bytes = compile("{md5('hello')} {sha256('')} {base64_encode('Zephyr ✓')} {base64_decode('WmVwaHlyIOKckw==')}");
  return {
    greeting: first.payload,
    recommendation: second.payload,
    ok: first.ok && second.ok,
    segments: second.sms?.segments,
    bare: bare.output,
    invalid: validatePayload({ body: "Hi" }, "text-send").map((d) => d.code),
    syntax,
    line,
    endpoint,
    bytes: bytes.render({}, { escape: "none" }).output,
  };
}
