/** Member chains in the token stream, and the sample values they name. */
import { BUILTINS, type FunctionDef, isPlainObject } from "@zephyr/zephyr/internal";
import { KEYWORD_TOKENS, type Token } from "./analysis.js";
import type { ProjectContext } from "./context.js";

export const isName = (t: Token | undefined): boolean =>
  t !== undefined && (t.type === "Identifier" || KEYWORD_TOKENS.has(t.type));

/** The names of `a.b.c` ending at token `i` (a name), or ending just before it when `i` is a Dot. */
export function chainBefore(tokens: readonly Token[], i: number): string[] {
  const names: string[] = [];
  let j = i;
  if (tokens[j]?.type === "Dot") j--;
  else {
    names.unshift(tokens[j].image);
    if (tokens[j - 1]?.type !== "Dot") return names;
    j -= 2;
  }
  while (j >= 0 && isName(tokens[j])) {
    names.unshift(tokens[j].image);
    if (tokens[j - 1]?.type !== "Dot") break;
    j -= 2;
  }
  return names;
}

/** The sample value of a name or member chain: `profile.…`, `email`, a profile var or a data global. */
export function sampleValue(ctx: ProjectContext, chain: readonly string[]): { found: boolean; value: unknown } {
  const profile = ctx.profiles[0];
  let value: unknown;
  const [root, ...rest] = chain;
  if (root === "profile") {
    if (!profile) return { found: false, value: undefined };
    value = profile;
  } else if (root === "email" && profile && "email" in profile) value = profile.email;
  else if (Object.hasOwn(ctx.data, root)) value = ctx.data[root];
  else if (profile && isPlainObject(profile.vars) && Object.hasOwn(profile.vars, root))
    value = (profile.vars as Record<string, unknown>)[root];
  else return { found: false, value: undefined };
  for (const name of rest) {
    if (!isPlainObject(value) || !Object.hasOwn(value, name)) return { found: false, value: undefined };
    value = (value as Record<string, unknown>)[name];
  }
  return { found: true, value };
}

/** Field names at a member chain, across every sample profile (and the data), with one sample value each. */
export function fieldsAt(ctx: ProjectContext, chain: readonly string[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const roots: unknown[] = [];
  const [root, ...rest] = chain;
  if (root === "profile") roots.push(...ctx.profiles);
  else if (Object.hasOwn(ctx.data, root)) roots.push(ctx.data[root]);
  else
    for (const p of ctx.profiles)
      if (isPlainObject(p.vars) && Object.hasOwn(p.vars, root)) roots.push((p.vars as Record<string, unknown>)[root]);
  for (let value of roots) {
    for (const name of rest) {
      value = isPlainObject(value) && Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
    }
    if (isPlainObject(value))
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (!out.has(k)) out.set(k, v);
  }
  return out;
}

/** A value as a short JSON block for hovers and completion details. */
export function showValue(value: unknown, max = 600): string {
  let json = JSON.stringify(value, null, 2) ?? "undefined";
  if (json.length > max) json = `${json.slice(0, max)}\n…`;
  return json;
}

export function functionDef(name: string): FunctionDef | undefined {
  return Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
}

/** A function's documentation in Markdown: signature, description, first example, platform note. */
export function functionMarkdown(def: FunctionDef): string {
  const parts = [`\`\`\`zephyr\n${def.signature}\n\`\`\``, def.description];
  const example = def.examples[0];
  if (example) parts.push(`Example: \`${example.template}\` → \`${example.output}\``);
  if (def.unavailable) parts.push(`Only inside Sailthru: ${def.unavailable}.`);
  return parts.join("\n\n");
}
