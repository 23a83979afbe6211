/**
 * `POST /api/hover` and `POST /api/completion`: the language server's own hover and completion (the runtime-agnostic
 * core of @zephyr/language-server, the functions `zephyr-language-server` answers with), with the page's profile and
 * data as the sample inputs. The page only shows what these answer: it has no language knowledge of its own.
 *
 * Both are cheap (the engine's lexer and parser over one template, no render) and run on the server's thread,
 * bounded by the template size limit and the core's own limits.
 */
import { readdir } from "node:fs/promises";
import {
  Analysis,
  complete,
  emptyContext,
  endpointSchema,
  hover,
  type ProjectContext,
  TextDocument,
} from "@zephyr/language-server";
import { DEFAULT_LIMITS } from "@zephyr/zephyr/internal";
import { ENDPOINT_CHOICES } from "../setup.js";
import type { PlaygroundConfig } from "./api.js";
import { HttpError } from "./http.js";

const FIELDS = new Set(["template", "offset", "line", "character", "profile", "data", "endpoint"]);
const SNIPPET_EXTENSIONS = /\.(zephyr|zph|txt)$/;
const MAX_SNIPPETS = 500;
/** Completion answers at most this many items (the core offers every built-in function at a tag's start). */
export const MAX_ITEMS = 400;

/** LSP CompletionItemKind numbers → the names the page shows. */
const KINDS: Record<number, string> = {
  3: "function",
  5: "field",
  6: "variable",
  9: "module",
  10: "property",
  14: "keyword",
  17: "file",
  20: "value",
};

type Json = Record<string, unknown>;
type CoreItem = ReturnType<typeof complete>[number];

interface Located {
  doc: TextDocument;
  offset: number;
  context: ProjectContext;
}

/** The request checked: the template, the cursor (an offset, or a 0-based line and character) and the samples. */
async function locate(config: PlaygroundConfig, body: unknown): Promise<Located> {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw new HttpError(400, "the request body must be a JSON object");
  const req = body as Json;
  for (const key of Object.keys(req))
    if (!FIELDS.has(key))
      throw new HttpError(400, `unknown field ${JSON.stringify(key)}; the fields are: ${[...FIELDS].join(", ")}`);
  if (typeof req.template !== "string") throw new HttpError(400, "template must be a string (the template source)");
  const template = req.template;
  const max = config.limits?.templateSize ?? DEFAULT_LIMITS.templateSize;
  if (template.length > max)
    throw new HttpError(413, `the template is longer than the template size limit (${max} characters)`);
  const doc = TextDocument.create("playground:///playground.zephyr", "zephyr", 1, template);
  const whole = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
  let offset: number;
  if (req.offset !== undefined) {
    if (!whole(req.offset) || (req.offset as number) > template.length)
      throw new HttpError(400, `offset must be a whole number from 0 to the template's length (${template.length})`);
    offset = req.offset as number;
  } else if (req.line !== undefined || req.character !== undefined) {
    if (!whole(req.line) || !whole(req.character))
      throw new HttpError(400, "line and character must both be whole numbers (0-based, characters in UTF-16 units)");
    offset = doc.offsetAt({ line: req.line as number, character: req.character as number });
  } else throw new HttpError(400, "give the cursor as offset, or as line and character");
  const context = emptyContext();
  const profile = req.profile;
  if (profile !== undefined && profile !== null) {
    if (typeof profile !== "object" || Array.isArray(profile))
      throw new HttpError(400, "profile must be a JSON object");
    context.profiles = [profile as Json];
  }
  const data = req.data;
  if (data !== undefined && data !== null && (typeof data !== "object" || Array.isArray(data)))
    throw new HttpError(400, "data must be a JSON object");
  context.data = { ...config.globals, ...(data as Json | null | undefined) };
  const endpoint = req.endpoint ?? config.defaults.endpoint;
  if (typeof endpoint !== "string" || !(ENDPOINT_CHOICES as readonly string[]).includes(endpoint))
    throw new HttpError(400, `endpoint must be one of ${ENDPOINT_CHOICES.map((c) => JSON.stringify(c)).join(", ")}`);
  context.endpoint = endpoint;
  context.schema = endpointSchema(endpoint);
  context.snippets = await snippetNames(config.snippetsDir);
  return { doc, offset, context };
}

async function snippetNames(dir: string | undefined): Promise<string[]> {
  if (!dir) return [];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    const names = entries
      .filter((d) => d.isFile() && !d.name.startsWith(".") && SNIPPET_EXTENSIONS.test(d.name))
      .map((d) => d.name.replace(SNIPPET_EXTENSIONS, ""));
    return [...new Set(names)].sort().slice(0, MAX_SNIPPETS);
  } catch {
    return [];
  }
}

/** `POST /api/hover` → `{ hover: { markdown, start, end } | null }` (offsets of the word the hover is about). */
export interface HoverAnswer {
  hover: { markdown: string; start: number; end: number } | null;
}

export async function hoverRequest(config: PlaygroundConfig, body: unknown): Promise<HoverAnswer> {
  const { doc, offset, context } = await locate(config, body);
  const answer = hover(new Analysis(doc, "playground.zephyr"), context, offset);
  if (!answer) return { hover: null };
  const contents = answer.contents;
  const markdown =
    typeof contents === "string"
      ? contents
      : Array.isArray(contents)
        ? contents.map((c) => (typeof c === "string" ? c : c.value)).join("\n\n")
        : contents.value;
  const range = answer.range ?? { start: doc.positionAt(offset), end: doc.positionAt(offset) };
  return { hover: { markdown, start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) } };
}

/** One item of `POST /api/completion`: what to show, and the edit that applies it (offsets in UTF-16 units). */
export interface CompletionAnswerItem {
  label: string;
  kind: string;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Replace [start, end) of the template with `text`, then select [start + select[0], start + select[1]). */
  start: number;
  end: number;
  text: string;
  select: [number, number];
}

/**
 * `POST /api/completion` → `{ items: [...], start, end }`: the core's items, in its order (sortText, then label),
 * keeping those that start with what is typed before the cursor; an LSP snippet (`upper(${1:value})`) becomes its
 * text with the first placeholder selected.
 */
export interface CompletionAnswer {
  items: CompletionAnswerItem[];
  /** The range the first item replaces (the word being typed). */
  start: number;
  end: number;
  /** Items left out past MAX_ITEMS. */
  more?: number;
}

export async function completionRequest(config: PlaygroundConfig, body: unknown): Promise<CompletionAnswer> {
  const { doc, offset, context } = await locate(config, body);
  const raw = complete(new Analysis(doc, "playground.zephyr"), context, offset);
  const items: { item: CompletionAnswerItem; sort: string }[] = [];
  for (const item of raw) {
    const edit = item.textEdit && "range" in item.textEdit ? item.textEdit : undefined;
    const start = edit ? doc.offsetAt(edit.range.start) : offset;
    const end = edit ? doc.offsetAt(edit.range.end) : offset;
    const typed = doc.getText().slice(start, offset).toLowerCase();
    const filter = (item.filterText ?? item.label).toLowerCase();
    if (typed && !filter.startsWith(typed)) continue;
    const newText = edit?.newText ?? item.insertText ?? item.label;
    const { text, select } = item.insertTextFormat === 2 ? fromSnippet(newText) : plain(newText);
    const out: CompletionAnswerItem = {
      label: item.label,
      kind: KINDS[item.kind ?? 0] ?? "text",
      start,
      end,
      text,
      select,
    };
    if (item.detail) out.detail = item.detail;
    const docs = documentation(item);
    if (docs) out.documentation = docs;
    items.push({ item: out, sort: item.sortText ?? item.label });
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  items.sort((a, b) => order(a.sort, b.sort) || order(a.item.label, b.item.label));
  const shown = items.slice(0, MAX_ITEMS).map((x) => x.item);
  const first = shown[0];
  return {
    items: shown,
    start: first ? first.start : offset,
    end: first ? first.end : offset,
    ...(items.length > shown.length ? { more: items.length - shown.length } : {}),
  };
}

function documentation(item: CoreItem): string | undefined {
  const d = item.documentation;
  if (d === undefined) return undefined;
  return typeof d === "string" ? d : d.value;
}

function plain(text: string): { text: string; select: [number, number] } {
  return { text, select: [text.length, text.length] };
}

/**
 * An LSP snippet's text: `${1:name}` → `name`, `$1`/`${1}`/`$0` → nothing, `\$` `\}` `\\` → the character. The
 * selection is the first placeholder (the lowest number above 0), else `$0`, else the end.
 */
export function fromSnippet(snippet: string): { text: string; select: [number, number] } {
  let text = "";
  let best: { n: number; start: number; end: number } | undefined;
  let final: number | undefined;
  const mark = (n: number, start: number) => {
    if (n === 0) final ??= start;
    else if (!best || n < best.n) best = { n, start, end: text.length };
  };
  const re = /\\([$}\\])|\$\{(\d+):((?:\\.|[^}\\])*)\}|\$\{(\d+)\}|\$(\d+)/g;
  let last = 0;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    text += snippet.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[1] !== undefined) text += m[1];
    else if (m[2] !== undefined) {
      const start = text.length;
      text += m[3].replace(/\\([$}\\])/g, "$1");
      mark(Number(m[2]), start);
    } else mark(Number(m[4] ?? m[5]), text.length);
  }
  text += snippet.slice(last);
  const select: [number, number] = best
    ? [best.start, best.end]
    : final !== undefined
      ? [final, final]
      : [text.length, text.length];
  return { text, select };
}
