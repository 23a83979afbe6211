// biome-ignore-all lint/suspicious/noTemplateCurlyInString: LSP snippets write placeholders as ${1:name}
/** Completion: functions, block keywords and closers, variables, profile fields, snippet names, payload fields. */
import { BUILTINS } from "@zephyr/zephyr/internal";
import { type CompletionItem, CompletionItemKind, InsertTextFormat, type Range } from "vscode-languageserver-types";
import type { Analysis } from "./analysis.js";
import type { ProjectContext, SchemaNode } from "./context.js";
import { knownGlobals } from "./diagnostics.js";
import { chainBefore, fieldsAt, functionMarkdown, isName, showValue } from "./samples.js";
import { scanTo } from "./scan.js";

const BLOCK_KEYWORDS: [label: string, snippet: string, detail: string][] = [
  ["if", "if ${1:condition}", "{if condition} … {/if}"],
  ["else if", "else if ${1:condition}", "another branch of {if}"],
  ["else", "else", "the last branch of {if}"],
  ["foreach", "foreach ${1:list} as ${2:item}", "{foreach list as item} … {/foreach}"],
  ["switch", "switch ${1:value}", "{switch value}{case 1}…{/case}{/switch}"],
  ["select", "select", "{select}{case condition}…{/case}{/select}"],
  ["case", "case ${1:value}", "a branch of {switch} or {select}"],
  ["break", "break", "leave the {foreach}"],
  ["continue", "continue", "next item of the {foreach}"],
  ["include", "include '${1:name}'", "a snippet"],
];

export function complete(analysis: Analysis, ctx: ProjectContext, offset: number): CompletionItem[] {
  const text = analysis.text;
  const cursor = scanTo(analysis, offset);
  const { tokens, tagStart } = cursor;
  const at = analysis.doc.positionAt(offset);
  if (tagStart < 0) return jsonCompletion(text, offset, at, schemaAt(analysis, offset, ctx.schema));
  const last = tokens[tokens.length - 1];
  // Inside an unclosed string: snippet names after `include`.
  if (last?.type === "UnclosedString" && last.end === offset) {
    if (tokens[tokens.length - 2]?.type !== "Include") return [];
    const range: Range = { start: analysis.doc.positionAt(last.offset + 1), end: at };
    return ctx.snippets.map((name) => ({
      label: name,
      kind: CompletionItemKind.File,
      textEdit: { range, newText: name },
    }));
  }
  const typing = last && isName(last) && last.end === offset ? last : undefined;
  const wordStart = typing ? typing.offset : offset;
  const range: Range = { start: analysis.doc.positionAt(wordStart), end: at };
  const beforeIndex = tokens.length - 1 - (typing ? 1 : 0);
  const before = tokens[beforeIndex];
  if (before?.type === "Dot") {
    const chain = chainBefore(tokens, beforeIndex);
    return [...fieldsAt(ctx, chain)].map(([name, value]) => ({
      label: name,
      kind: value !== null && typeof value === "object" ? CompletionItemKind.Module : CompletionItemKind.Field,
      detail: `${chain.join(".")}.${name}`,
      documentation: { kind: "markdown", value: `Sample value:\n\`\`\`json\n${showValue(value, 300)}\n\`\`\`` },
      textEdit: { range, newText: name },
    }));
  }
  const items: CompletionItem[] = [];
  if (before && beforeIndex === tagStart + 1 && before.type === "Slash") return closers(cursor.openBlocks, range);
  if (beforeIndex === tagStart) {
    items.push(...closers(cursor.openBlocks, range).map((c) => ({ ...c, label: c.label, sortText: `0${c.label}` })));
    for (const [label, snippet, detail] of BLOCK_KEYWORDS)
      items.push({
        label,
        kind: CompletionItemKind.Keyword,
        detail,
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range, newText: snippet },
        sortText: `1${label}`,
      });
  }
  for (const def of Object.values(BUILTINS)) {
    const required = def.params.filter((p) => !p.optional && !p.rest);
    const args = required.map((p, i) => `\${${i + 1}:${p.name}}`).join(", ");
    items.push({
      label: def.name,
      kind: CompletionItemKind.Function,
      detail: def.signature,
      documentation: { kind: "markdown", value: functionMarkdown(def) },
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: `${def.name}(${args})` },
      sortText: `3${def.name}`,
    });
  }
  const seen = new Set<string>();
  for (const a of assignedBefore(analysis, tokens, offset)) {
    if (seen.has(a)) continue;
    seen.add(a);
    items.push({ label: a, kind: CompletionItemKind.Variable, detail: "assigned above", sortText: `2${a}` });
  }
  for (const name of ["profile", "email", ...knownGlobals(ctx)]) {
    if (seen.has(name)) continue;
    seen.add(name);
    items.push({ label: name, kind: CompletionItemKind.Variable, detail: "sample input", sortText: `2${name}` });
  }
  for (const word of ["true", "false", "null", "lambda"])
    items.push({ label: word, kind: CompletionItemKind.Keyword, sortText: `4${word}` });
  for (const item of items) if (!item.textEdit) item.textEdit = { range, newText: item.label };
  return items;
}

function closers(open: readonly string[], range: Range): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (let i = open.length - 1; i >= 0; i--) {
    const label = `/${open[i]}`;
    if (out.some((c) => c.label === label)) continue;
    out.push({
      label,
      kind: CompletionItemKind.Keyword,
      detail: i === open.length - 1 ? `closes the innermost {${open[i]}}` : `closes {${open[i]}}`,
      textEdit: { range, newText: label },
      sortText: `0${String(open.length - i).padStart(3, "0")}`,
    });
  }
  return out;
}

/** Variables assigned before the cursor: from the AST when the template parses, else from the tokens. */
function assignedBefore(analysis: Analysis, tokens: readonly { type: string; image: string }[], offset: number) {
  if (analysis.ast) return analysis.assignments.filter((a) => a.nameOffset < offset).map((a) => a.name);
  const names: string[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== "Identifier") continue;
    const prev = tokens[i - 1].type;
    if ((prev === "TagOpen" || prev === "DoubleOpen") && tokens[i + 1]?.type === "Assign") names.push(t.image);
    else if (prev === "As" || (prev === "Comma" && tokens[i - 3]?.type === "As")) names.push(t.image);
  }
  return names;
}

/**
 * The schema of the JSON object the cursor is in, from the literal text before it (tags skipped): `{ "user": {`
 * → the schema's `properties.user`.
 */
export function schemaAt(analysis: Analysis, offset: number, schema: SchemaNode | undefined): SchemaNode | undefined {
  const frames: { type: "obj" | "arr"; key: string | undefined }[] = [];
  let inString = false;
  let buffer = "";
  let lastString: string | undefined;
  let pendingKey: string | undefined;
  for (const t of analysis.tokens) {
    if (t.offset >= offset) break;
    if (t.type !== "Text") continue;
    const end = Math.min(t.end, offset);
    for (let i = t.offset; i < end; i++) {
      const c = analysis.text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') {
          inString = false;
          lastString = buffer;
        } else buffer += c;
        continue;
      }
      if (c === '"') {
        inString = true;
        buffer = "";
      } else if (c === ":") pendingKey = lastString;
      else if (c === "{" || c === "[") {
        frames.push({ type: c === "{" ? "obj" : "arr", key: pendingKey });
        pendingKey = undefined;
      } else if (c === "}" || c === "]") frames.pop();
      else if (c === ",") pendingKey = undefined;
    }
  }
  // `#/definitions/…` references are followed (the event schemas share their item and user shapes that way).
  const deref = (n: SchemaNode | undefined): SchemaNode | undefined => {
    for (let hops = 0; n && typeof n.$ref === "string" && hops < 8; hops++) {
      const path = n.$ref.startsWith("#/") ? n.$ref.slice(2).split("/") : [];
      let target: unknown = schema;
      for (const part of path) target = (target as Record<string, unknown> | undefined)?.[part];
      n = target as SchemaNode | undefined;
    }
    return n;
  };
  let node = deref(schema);
  for (let i = 1; i < frames.length && node; i++) {
    const key = frames[i].key;
    node = deref(frames[i - 1].type === "arr" ? node.items : key === undefined ? undefined : node.properties?.[key]);
  }
  return frames.at(-1)?.type === "obj" ? node : undefined;
}

/** Inside the JSON around the tags: field names of the endpoint's payload, and the values a field allows. */
function jsonCompletion(
  text: string,
  offset: number,
  at: { line: number; character: number },
  schema: SchemaNode | undefined,
): CompletionItem[] {
  if (!schema?.properties) return [];
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const value = /"([A-Za-z_]\w*)"\s*:\s*"([^"{}]*)$/.exec(before);
  if (value) {
    const prop = schema.properties[value[1]];
    const range = { start: { line: at.line, character: at.character - value[2].length }, end: at };
    return (prop?.enum ?? [])
      .filter((v): v is string => typeof v === "string")
      .map((v) => ({ label: v, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: v } }));
  }
  const key = /(^\s*|[{,]\s*)"([A-Za-z_]*)$/.exec(before);
  if (!key) return [];
  const range = { start: { line: at.line, character: at.character - key[2].length }, end: at };
  return Object.entries(schema.properties).map(([name, prop]) => ({
    label: name,
    kind: CompletionItemKind.Property,
    detail: Array.isArray(prop.type) ? prop.type.join(" | ") : prop.type,
    documentation: prop.description,
    textEdit: { range, newText: name },
  }));
}
