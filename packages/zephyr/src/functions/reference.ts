/** The functions reference (docs/functions.md), generated from the registry's metadata. */
import { FAMILIES } from "./index.js";
import type { FunctionDef, FunctionFamily } from "./registry.js";

export interface ReferenceFamily {
  title: string;
  summary?: string;
  functions: FunctionFamily;
}

/** A Markdown code span that survives backticks and edge spaces in its text. */
function code(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = "`".repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || (text.startsWith(" ") && text.endsWith(" ")) ? " " : "";
  return fence + pad + text + pad + fence;
}

/** A fenced block that survives backtick fences in its text. */
function block(text: string): string {
  const runs = text.match(/`{3,}/g) ?? [];
  const fence = "`".repeat(Math.max(2, ...runs.map((r) => r.length)) + 1);
  return `${fence}text\n${text}\n${fence}`;
}

/** GitHub's heading anchor for a function heading. */
function anchor(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function renderFunction(def: FunctionDef): string {
  const out: string[] = [`### ${def.name}`, "", code(def.signature), "", def.description, ""];
  if (def.unavailable) {
    out.push(`**Not available outside Sailthru:** ${def.unavailable}.`, "");
  }
  if (def.stub) {
    out.push(
      `**With platform stubs** (\`platform: "stub"\`, CLI \`--platform stub\`): it ${def.stub.placeholder}; the render reports it once as \`ZI_PLATFORM_STUB\` (info).`,
      "",
    );
  }
  if (def.examples.length > 0) {
    out.push(def.unavailable ? "Examples (with platform stubs):" : "Examples:", "");
    for (const ex of def.examples) {
      if (ex.template.includes("\n") || ex.output.includes("\n")) {
        out.push(block(ex.template), "", "prints", "", ex.output === "" ? "*(nothing)*" : block(ex.output), "");
      } else {
        out.push(`- ${code(ex.template)} → ${ex.output === "" ? "*(nothing)*" : code(ex.output)}`);
      }
    }
    if (out[out.length - 1] !== "") out.push("");
  }
  return out.join("\n");
}

/**
 * Markdown for every function of `registry`: a table of contents by family, then each function's signature,
 * description and examples (template → exact output). Functions that are in no family go under "Other".
 */
export function renderFunctionsReference(
  registry: Readonly<Record<string, FunctionDef>>,
  families: readonly ReferenceFamily[] = FAMILIES,
): string {
  const placed = new Set<string>();
  const sections: { title: string; summary?: string; defs: FunctionDef[] }[] = [];
  for (const family of families) {
    const defs = family.functions.filter((d) => registry[d.name] === d);
    for (const d of defs) placed.add(d.name);
    if (defs.length > 0) sections.push({ title: family.title, summary: family.summary, defs });
  }
  const others = Object.keys(registry)
    .filter((name) => !placed.has(name))
    .sort()
    .map((name) => registry[name]);
  if (others.length > 0) sections.push({ title: "Other", defs: others });

  const out: string[] = [
    "# Zephyr functions",
    "",
    "<!-- Generated from the function registry (packages/zephyr/src/functions) by renderFunctionsReference(). Do not edit by hand. -->",
    "",
    "Every example is a test: it renders exactly as shown with the clock at 2024-03-15T12:00:00Z (a Friday), time zone UTC and seed 1.",
    "How ambiguous cases were decided is in [functions-decisions.md](functions-decisions.md).",
    "",
    "## Contents",
    "",
  ];
  for (const s of sections) {
    const names = s.defs.map((d) => `[${d.name}](#${anchor(d.name)})`).join(" · ");
    out.push(`- **[${s.title}](#${anchor(s.title)})**: ${names}`);
  }
  out.push("");
  for (const s of sections) {
    out.push(`## ${s.title}`, "");
    if (s.summary) out.push(s.summary, "");
    for (const d of s.defs) out.push(renderFunction(d));
  }
  return `${out.join("\n").trimEnd()}\n`;
}
