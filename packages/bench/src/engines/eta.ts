/** Eta: `<%= %>` interpolations go through `escapeFunction`, set to JSON string escaping. */
import { Eta } from "eta";
import { type Engine, jsonString, PAYLOAD_TAIL, type TemplateId } from "./engine.js";

const SOURCES: Record<TemplateId, string> = {
  T1: `<% const body = "Hi, " + (it.profile.vars.first_name ?? "") + " !" %>
{
"to" : "<%= it.profile.keys.sms %>",
"body" : "<%= body %>",
${PAYLOAD_TAIL}`,
  T2: `<% const item = it.data.item %>
<% const body = "Picked for you! " + item.title %>
<% const mediaUrl = item.image %>
{
"to" : "<%= it.profile.keys.sms %>",
"body" : "<%= body %>",
${PAYLOAD_TAIL}`,
  T3: `<% const name = it.profile.vars.first_name; const greeting = name ? "Hi " + name.toUpperCase() + "!" : "Hi there!" %>
<% let titles = ""; for (const item of it.data.items) titles += (titles ? ", " : "") + item.title %>
<% const body = greeting + " New for you: " + titles %>
{
"to" : "<%= it.profile.keys.sms %>",
"body" : "<%= body %>",
${PAYLOAD_TAIL}`,
};

// autoTrim off: keep the text exactly as written, like the other engines.
const eta = new Eta({ autoEscape: true, escapeFunction: jsonString, autoTrim: false });

export const engines: Engine[] = [
  {
    name: "eta",
    jsonSafety: "`escapeFunction` = JSON string escaping, applied to every `<%= %>`",
    compile(t) {
      const template = eta.compile(SOURCES[t]);
      return (ctx) => eta.render(template, ctx);
    },
    cold(t) {
      const source = SOURCES[t];
      return (ctx) => eta.renderString(source, ctx);
    },
  },
];
