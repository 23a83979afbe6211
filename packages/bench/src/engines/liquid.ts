/** LiquidJS: capture the text, then the `json` filter writes each value as a complete JSON string. */
import { Liquid } from "liquidjs";
import { type Engine, PAYLOAD_TAIL, type TemplateId } from "./engine.js";

const SOURCES: Record<TemplateId, string> = {
  T1: `{% capture body %}Hi, {{ profile.vars.first_name }} !{% endcapture %}
{
"to" : {{ profile.keys.sms | json }},
"body" : {{ body | json }},
${PAYLOAD_TAIL}`,
  T2: `{% assign item = data.item %}
{% assign body = "Picked for you! " | append: item.title %}
{% assign mediaUrl = item.image %}
{
"to" : {{ profile.keys.sms | json }},
"body" : {{ body | json }},
${PAYLOAD_TAIL}`,
  // Liquid treats "" as true, so the greeting tests for it explicitly.
  T3: `{% capture greeting %}{% if profile.vars.first_name and profile.vars.first_name != "" %}Hi {{ profile.vars.first_name | upcase }}!{% else %}Hi there!{% endif %}{% endcapture %}
{% capture titles %}{% for item in data.items %}{% unless forloop.first %}, {% endunless %}{{ item.title }}{% endfor %}{% endcapture %}
{% assign body = greeting | append: " New for you: " | append: titles %}
{
"to" : {{ profile.keys.sms | json }},
"body" : {{ body | json }},
${PAYLOAD_TAIL}`,
};

const liquid = new Liquid();

export const engines: Engine[] = [
  {
    name: "liquidjs",
    jsonSafety: "`| json` filter on each value (value context, no quotes in the template)",
    compile(t) {
      const template = liquid.parse(SOURCES[t]);
      return (ctx) => liquid.renderSync(template, ctx) as string;
    },
    cold(t) {
      const source = SOURCES[t];
      return (ctx) => liquid.parseAndRenderSync(source, ctx) as string;
    },
  },
];
