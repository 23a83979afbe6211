/** Our engine, in payload mode (`escape: "json"`, the JSON-safe default). */
import { readFileSync } from "node:fs";
import { type ContentProvider, compile, type RenderOptions } from "@zephyr/zephyr";
import { ITEMS } from "../data.js";
import { fromRoot } from "../paths.js";
import { type Engine, type Render, type TemplateId, ZEPHYR } from "./engine.js";

export const T3_SOURCE = `{if profile.vars.first_name}{greeting = "Hi " + upper(profile.vars.first_name) + "!"}{else}{greeting = "Hi there!"}{/if}
{titles = ""}{foreach items as i, item}{if i > 0}{titles = titles + ", "}{/if}{titles = titles + item.title}{/foreach}
{body = greeting + " New for you: " + titles}
{
"to" : "{profile.keys.sms}",
"body" : "{body}",
"subscriptionType": "MARKETING",
"useShortLinks": false,
"skipFatigue": false
}
`;

export const SOURCES: Record<TemplateId, string> = {
  T1: readFileSync(fromRoot("fixtures/seed/profile-data.zephyr"), "utf8"),
  T2: readFileSync(fromRoot("fixtures/seed/content-recommendations.zephyr"), "utf8"),
  T3: T3_SOURCE,
};

/** A synchronous provider that always recommends the same one item. */
const provider: ContentProvider = { personalize: () => [ITEMS[0]] };

export const OPTIONS: Record<TemplateId, RenderOptions> = {
  T1: { escape: "json" },
  T2: { escape: "json", provider },
  T3: { escape: "json" },
};

export const engines: Engine[] = [
  {
    name: ZEPHYR,
    jsonSafety: "payload mode: the sink escapes values by JSON context",
    compile(t): Render {
      const template = compile(SOURCES[t], { filename: `${t}.zephyr` });
      const options = OPTIONS[t];
      return (ctx) => template.render(ctx, options).output;
    },
    cold(t): Render {
      const source = SOURCES[t];
      const options = OPTIONS[t];
      return (ctx) => compile(source).render(ctx, options).output;
    },
  },
];
