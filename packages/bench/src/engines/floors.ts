/** Hand-written floors: what the payloads cost with no template engine at all. */
import type { Ctx } from "../data.js";
import { type Engine, FLOOR, type Render, type TemplateId } from "./engine.js";

const q = JSON.stringify;

/** The T3 body: a conditional greeting, five titles joined, the name in upper case. */
function t3Body(ctx: Ctx): string {
  const name = ctx.profile.vars.first_name;
  const greeting = name ? `Hi ${name.toUpperCase()}!` : "Hi there!";
  let titles = "";
  for (const item of ctx.data.items) titles += (titles ? ", " : "") + item.title;
  return `${greeting} New for you: ${titles}`;
}

// Each template's output, byte for byte: the blank lines come from the seed templates' assignment tags.
const literal: Record<TemplateId, Render> = {
  T1: (ctx) => `
{
"to" : ${q(ctx.profile.keys.sms)},
"body" : ${q(`Hi, ${ctx.profile.vars.first_name ?? ""} !`)},
"subscriptionType": "MARKETING",
"useShortLinks": false,
"skipFatigue": false
}
`,
  T2: (ctx) => `


{
"to" : ${q(ctx.profile.keys.sms)},
"body" : ${q(`Picked for you! ${ctx.data.item.title}`)},
"subscriptionType": "MARKETING",
"useShortLinks": false,
"skipFatigue": false
}
`,
  T3: (ctx) => `


{
"to" : ${q(ctx.profile.keys.sms)},
"body" : ${q(t3Body(ctx))},
"subscriptionType": "MARKETING",
"useShortLinks": false,
"skipFatigue": false
}
`,
};

const payload = (to: string, body: string) =>
  JSON.stringify({ to, body, subscriptionType: "MARKETING", useShortLinks: false, skipFatigue: false });

const object: Record<TemplateId, Render> = {
  T1: (ctx) => payload(ctx.profile.keys.sms, `Hi, ${ctx.profile.vars.first_name ?? ""} !`),
  T2: (ctx) => payload(ctx.profile.keys.sms, `Picked for you! ${ctx.data.item.title}`),
  T3: (ctx) => payload(ctx.profile.keys.sms, t3Body(ctx)),
};

export const engines: Engine[] = [
  {
    name: FLOOR,
    jsonSafety: "JSON.stringify on each value",
    compile: (t) => literal[t],
  },
  {
    name: "floor (object)",
    jsonSafety: "JSON.stringify on the whole payload object",
    compile: (t) => object[t],
    compareParsed: true,
  },
];
