/** Nunjucks: `{% set %}` blocks build the text, the `dump` filter (JSON.stringify) writes each value. */
import nunjucks from "nunjucks";
import { type Engine, PAYLOAD_TAIL, type TemplateId } from "./engine.js";

const SOURCES: Record<TemplateId, string> = {
  T1: `{% set body %}Hi, {{ profile.vars.first_name }} !{% endset %}
{
"to" : {{ profile.keys.sms | dump }},
"body" : {{ body | dump }},
${PAYLOAD_TAIL}`,
  T2: `{% set content = [data.item] %}
{% set body = "Picked for you! " + content[0].title %}
{% set mediaUrl = content[0].image %}
{
"to" : {{ profile.keys.sms | dump }},
"body" : {{ body | dump }},
${PAYLOAD_TAIL}`,
  T3: `{% set greeting %}{% if profile.vars.first_name %}Hi {{ profile.vars.first_name | upper }}!{% else %}Hi there!{% endif %}{% endset %}
{% set titles %}{% for item in data.items %}{% if not loop.first %}, {% endif %}{{ item.title }}{% endfor %}{% endset %}
{% set body = greeting + " New for you: " + titles %}
{
"to" : {{ profile.keys.sms | dump }},
"body" : {{ body | dump }},
${PAYLOAD_TAIL}`,
};

// autoescape off: HTML escaping is the wrong escaping for JSON; `dump` does the JSON encoding.
const env = new nunjucks.Environment(null, { autoescape: false });

export const engines: Engine[] = [
  {
    name: "nunjucks",
    jsonSafety: "`| dump` filter (JSON.stringify) on each value, autoescape off",
    compile(t) {
      const template = nunjucks.compile(SOURCES[t], env);
      return (ctx) => template.render(ctx);
    },
    cold(t) {
      const source = SOURCES[t];
      return (ctx) => env.renderString(source, ctx);
    },
  },
];
