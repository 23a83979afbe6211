/** Handlebars, compiled at run time and precompiled (the build-step path), with a JSON-escaping helper. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Handlebars from "handlebars";
import { type Engine, jsonString, PAYLOAD_TAIL, type Render, TEMPLATES, type TemplateId } from "./engine.js";

// Handlebars has no assignments: the leading newlines reproduce the seed templates' assignment lines.
const SOURCES: Record<TemplateId, string> = {
  T1: `
{
"to" : "{{{jsonEsc profile.keys.sms}}}",
"body" : "Hi, {{{jsonEsc profile.vars.first_name}}} !",
${PAYLOAD_TAIL}`,
  T2: `


{
"to" : "{{{jsonEsc profile.keys.sms}}}",
"body" : "Picked for you! {{{jsonEsc data.item.title}}}",
${PAYLOAD_TAIL}`,
  T3: `


{
"to" : "{{{jsonEsc profile.keys.sms}}}",
"body" : "{{#if profile.vars.first_name}}Hi {{{jsonEsc (upper profile.vars.first_name)}}}!{{else}}Hi there!{{/if}} New for you: {{#each data.items}}{{#unless @first}}, {{/unless}}{{{jsonEsc title}}}{{/each}}",
${PAYLOAD_TAIL}`,
};

const hb = Handlebars.create();
hb.registerHelper("jsonEsc", jsonString);
hb.registerHelper("upper", (s: unknown) => String(s ?? "").toUpperCase());

/** Precompiled specs, loaded as a module the way a build step would ship them (no eval). */
const precompiled = new Map<TemplateId, Parameters<typeof hb.template>[0]>();

export const engines: Engine[] = [
  {
    name: "handlebars",
    jsonSafety: "`{{{jsonEsc x}}}` helper: JSON.stringify(x).slice(1, -1) inside the quotes",
    compile(t) {
      const template = hb.compile(SOURCES[t]);
      template({}); // Handlebars compiles lazily, on the first call
      return template as Render;
    },
    cold(t) {
      const source = SOURCES[t];
      return (ctx) => hb.compile(source)(ctx);
    },
  },
  {
    name: "handlebars (precompiled)",
    jsonSafety: "same helper as handlebars",
    async setup() {
      const dir = mkdtempSync(join(tmpdir(), "zephyr-bench-hbs-"));
      try {
        const file = join(dir, "templates.mjs");
        const specs = TEMPLATES.map((t) => `  ${t}: ${hb.precompile(SOURCES[t]) as unknown as string},`);
        writeFileSync(file, `export default {\n${specs.join("\n")}\n};\n`);
        const mod = (await import(pathToFileURL(file).href)) as { default: Record<TemplateId, never> };
        for (const t of TEMPLATES) precompiled.set(t, mod.default[t]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    compile(t) {
      const spec = precompiled.get(t);
      if (!spec) throw new Error("setup() was not called");
      return hb.template(spec) as Render;
    },
  },
];
