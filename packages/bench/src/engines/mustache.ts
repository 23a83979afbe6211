/** Mustache: the `escape` render option swapped for JSON string escaping; logic lives in view functions. */
import Mustache from "mustache";
import type { Ctx } from "../data.js";
import { type Engine, jsonString, PAYLOAD_TAIL, type Render, type TemplateId } from "./engine.js";

// Mustache has no assignments: the leading newlines reproduce the seed templates' assignment lines.
const SOURCES: Record<TemplateId, string> = {
  T1: `
{
"to" : "{{profile.keys.sms}}",
"body" : "Hi, {{profile.vars.first_name}} !",
${PAYLOAD_TAIL}`,
  T2: `


{
"to" : "{{profile.keys.sms}}",
"body" : "Picked for you! {{data.item.title}}",
${PAYLOAD_TAIL}`,
  T3: `


{
"to" : "{{profile.keys.sms}}",
"body" : "{{#profile.vars.first_name}}Hi {{#upper}}{{{profile.vars.first_name}}}{{/upper}}!{{/profile.vars.first_name}}{{^profile.vars.first_name}}Hi there!{{/profile.vars.first_name}} New for you: {{titles}}",
${PAYLOAD_TAIL}`,
};

const CONFIG = { escape: jsonString };

/**
 * Logic-less helpers, as a parent context: `upper` is a section lambda (it renders the raw name, upper-cases it, then
 * escapes it itself, since a lambda's result is not escaped); Mustache has no loop index, so the ", " join is a
 * computed property.
 */
const helpers = new Mustache.Context({
  upper: () => (text: string, render: (s: string) => string) => jsonString(render(text).toUpperCase()),
  titles(this: Ctx) {
    return this.data.items.map((item) => item.title).join(", ");
  },
});

function view(t: TemplateId): (ctx: Ctx) => Ctx | Mustache.Context {
  return t === "T3" ? (ctx) => new Mustache.Context(ctx, helpers) : (ctx) => ctx;
}

export const engines: Engine[] = [
  {
    name: "mustache",
    jsonSafety: "`escape` option = JSON string escaping, applied to every `{{x}}`",
    compile(t): Render {
      const source = SOURCES[t];
      const wrap = view(t);
      Mustache.parse(source); // fills Mustache's template cache, which render() then uses
      return (ctx) => Mustache.render(source, wrap(ctx), undefined, CONFIG);
    },
    cold(t): Render {
      const source = SOURCES[t];
      const wrap = view(t);
      // A fresh Writer has an empty template cache, so every call parses.
      return (ctx) => new Mustache.Writer().render(source, wrap(ctx), undefined, CONFIG);
    },
  },
];
