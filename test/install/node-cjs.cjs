// (b) CommonJS: require() of the published packages on Node 20, the same renders as consumer.ts.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { compile, ZephyrError } = require("@zephyr/zephyr");
const { renderPayload, validatePayload } = require("@zephyr/attentive");
const { StaticProvider } = require("@zephyr/personalize");

const inputs = JSON.parse(readFileSync(join(__dirname, "inputs.json"), "utf8"));
const greeting = compile(inputs.profileData, { filename: "profile-data.zephyr" });
const recommendations = compile(inputs.recommendations, { filename: "content-recommendations.zephyr" });
const provider = new StaticProvider(inputs.items);
let syntax;
try {
  compile("Hi {if vip}");
} catch (e) {
  syntax = e instanceof ZephyrError ? e.code : String(e);
}
process.stdout.write(
  JSON.stringify({
    greeting: renderPayload(greeting, { profile: inputs.profile }).payload,
    recommendation: renderPayload(
      recommendations,
      { profile: inputs.profile },
      { now: "2024-03-15T12:00:00Z", provider },
    ).payload,
    invalid: validatePayload({ body: "Hi" }, "text-send").map((d) => d.code),
    syntax,
  }),
);
