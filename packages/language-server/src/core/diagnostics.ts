/** Diagnostics: the engine's syntax errors and lint findings, and the sample render's payload validation. */
import { type PayloadResult, renderPayloadAsync } from "@zephyr/attentive/internal";
import {
  compile,
  compileParsed,
  DEFAULT_LIMITS,
  type Diagnostic,
  type Limits,
  lint,
  type Template,
  type TemplateAst,
  ZephyrError,
} from "@zephyr/zephyr/internal";
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range } from "vscode-languageserver-types";
import { matchingBrace } from "./actions.js";
import type { Analysis } from "./analysis.js";
import type { ProjectContext } from "./context.js";
import { changedRange, reparse } from "./incremental.js";

/**
 * The documentation of a diagnostic code: payload codes (`AT_…`) are in @zephyr/attentive's README, project codes
 * (`ZP_…`) in @zephyr/project's, the language's (`ZE_…`, `ZL_…`) in @zephyr/zephyr's. `base` is the URL of the
 * repository's root (ending in `/`).
 */
export function codeHref(code: string, base: string): string {
  if (code.startsWith("AT_")) return `${base}packages/attentive/README.md#diagnostic-codes`;
  if (code.startsWith("ZP_")) return `${base}packages/project/README.md#errors`;
  if (code.startsWith("ZLS_")) return `${base}packages/language-server/README.md#diagnostics`;
  return `${base}packages/zephyr/README.md#error-codes`;
}

export interface DiagnoseResult {
  diagnostics: LspDiagnostic[];
  /** The tree of the compiled template (of the text, or of the text with broken tags blanked out), when it compiled. */
  tree?: TemplateAst;
  /** The sample render, when there was one. */
  payload?: PayloadResult;
  /** The engine's diagnostics, as they came (code actions read their hints). */
  engine: Diagnostic[];
  /** Those of `engine` that came from the sample render (its payload's findings, its errors), last in `engine`. */
  rendered: Diagnostic[];
}

/** Names the lint need not report as unassigned: the sample profiles' vars and the data's keys. */
export function knownGlobals(ctx: ProjectContext): string[] {
  const names = new Set<string>(Object.keys(ctx.data));
  for (const p of ctx.profiles) {
    const vars = p.vars;
    if (vars && typeof vars === "object" && !Array.isArray(vars)) for (const k of Object.keys(vars)) names.add(k);
  }
  return [...names];
}

export interface DiagnoseOptions {
  /**
   * Asked between the steps (after the compile, after the lint): resolves to true when the document has changed
   * since, and the run then stops and resolves to undefined instead of finishing diagnostics nobody will see. A host
   * lets its pending messages (the newer edit) in before it answers (the Node server waits for the event loop).
   */
  superseded?: () => Promise<boolean>;
  /**
   * The quick diagnostics of this very text (`quickDiagnose`): their tree is compiled as it is (no second parse) and
   * their lint reused (the same input gives the same findings).
   */
  quick?: QuickResult;
  /**
   * The tree of a recent text of this document (the last run's): a text with a tag that does not parse is rendered
   * with that tag blanked out, and the blanked text's tree is rebuilt from this one around the edit (`reparse`)
   * instead of parsed whole, when that can be done exactly.
   */
  base?: TemplateAst;
}

/** What `quickDiagnose` found: the tree it built and the lint of it. */
export interface QuickResult extends DiagnoseResult {
  text: string;
  ast: TemplateAst;
  lints: Diagnostic[];
}

/**
 * Syntax and lint, then (with a sample profile) the payload of a sample render. A template that compiles is parsed
 * once: the compiled template's AST serves the lint and the editor's features too. Undefined only when
 * `options.superseded` said so.
 */
export async function diagnose(
  analysis: Analysis,
  ctx: ProjectContext,
  docsBase: string,
  options: DiagnoseOptions = {},
): Promise<DiagnoseResult | undefined> {
  const globals = knownGlobals(ctx);
  const compileOptions = { filename: analysis.filename, limits: ctx.options.limits };
  const rendering = ctx.profiles.length > 0;
  const quick = options.quick;
  let template: Template | undefined;
  if (rendering) {
    try {
      // After a quick phase, its tree (rebuilt from the last one, equal to a whole parse) is compiled as it is.
      template =
        quick?.text === analysis.text
          ? compileParsed(quick.ast, compileOptions)
          : compile(analysis.text, compileOptions);
      analysis.adoptAst(template.ast);
    } catch (e) {
      if (!(e instanceof ZephyrError)) throw e;
      // Failed in its parse, with the limits the editor's parse has: those are the text's syntax errors (no second
      // parse to find them again).
      if (parseFailure(e) && sameParseLimits(ctx)) analysis.adoptParseFailure(e);
    }
    if (await options.superseded?.()) return undefined;
  }
  // The template compiled from the quick tree: the quick lint is this text's lint.
  const engine = quick && template?.ast === quick.ast ? [...quick.lints] : analysis.lint(globals);
  let rendered = engine.length;
  let payload: PayloadResult | undefined;
  if (rendering) {
    if (await options.superseded?.()) return undefined;
    // Tags with errors are blanked out (same length, line breaks kept), so the rest still renders and the payload's
    // problems show while one tag is being written.
    let ranges: [number, number][] = [];
    if (!template) {
      const blanked = blankErrors(analysis, engine);
      if (blanked?.ranges.length) {
        ranges = blanked.ranges;
        // A tag that does not parse hides every other finding of the lint: lint the rest.
        // The blanked text is parsed once: its compiled template's tree serves its lint.
        try {
          const tree = options.base && rebuild(options.base, blanked.text, compileOptions);
          template = tree ? compileParsed(tree, compileOptions) : compile(blanked.text, compileOptions);
        } catch (e) {
          if (!(e instanceof ZephyrError)) throw e;
        }
        const seen = new Set(engine.map((d) => `${d.code}@${d.span?.offset}`));
        for (const d of lint(blanked.text, { filename: analysis.filename, globals, ast: template?.ast }))
          if (d.severity !== "error" && !seen.has(`${d.code}@${d.span?.offset}`) && outside(ranges, d)) engine.push(d);
      }
    }
    rendered = engine.length;
    if (template) {
      try {
        // Late segments: the render runs on the code compile() built (no segment map), and a payload with findings
        // renders again with segments to place them. Sample inputs are pure (a catalog, or a feed's items), and a
        // second render whose output differs stands alone (attentive's renderPayload), so the findings are the same.
        payload = await renderPayloadAsync(
          template,
          { profile: ctx.profiles[0], data: ctx.data },
          { ...ctx.options, lateSegments: true, endpoint: ctx.endpoint as "text-send", brand: ctx.brand },
        );
        engine.push(...payload.diagnostics.filter((d) => outside(ranges, d)));
        if (payload.cancelled)
          engine.push({
            severity: "info",
            code: "ZLS_CANCELLED",
            message: `the sample render was cancelled: ${payload.cancelled.message || "(no message)"}`,
            span: payload.cancelled.span,
          });
      } catch (e) {
        if (!(e instanceof ZephyrError)) throw e;
        const errors = (e.related.length ? e.related : [e]).map((x) => x.toDiagnostic());
        engine.push(...errors.filter((d) => outside(ranges, d) && (ranges.length === 0 || d.span)));
      }
    }
  }
  return {
    diagnostics: lspDiagnostics(engine, analysis, ctx, docsBase),
    tree: template?.ast,
    payload,
    engine,
    rendered: engine.slice(rendered),
  };
}

/**
 * The quick diagnostics of an edit, published before the full run's: the syntax and lint of the new text, on a tree
 * built from the previous version's (core/incremental.ts; no compile, no render), and the previous version's render
 * findings moved with the edit (those the edit touched are dropped). Undefined when the tree cannot be built that
 * way (then only the full run reports). The full run that follows has the last word.
 */
export function quickDiagnose(
  analysis: Analysis,
  previous: { text: string; ast: TemplateAst; result: DiagnoseResult },
  ctx: ProjectContext,
  docsBase: string,
): QuickResult | undefined {
  const ast = reparse(previous.ast, analysis.text, { filename: analysis.filename, limits: ctx.options.limits });
  if (!ast) return undefined;
  const lints = lint(analysis.text, { filename: analysis.filename, globals: knownGlobals(ctx), ast });
  const { start, oldEnd, delta } = changedRange(previous.text, analysis.text);
  const rendered: Diagnostic[] = [];
  for (const d of previous.result.rendered) {
    if (!d.span || d.span.endOffset <= start) rendered.push(d);
    else if (d.span.offset >= oldEnd || (d.span.offset <= start && d.span.endOffset >= oldEnd)) {
      // After the edit: moved; around it (the payload's whole object): its end moved.
      const offset = d.span.offset >= oldEnd ? d.span.offset + delta : d.span.offset;
      const endOffset = d.span.endOffset + delta;
      const from = analysis.doc.positionAt(offset);
      const to = analysis.doc.positionAt(endOffset);
      const span = {
        offset,
        endOffset,
        line: from.line + 1,
        column: from.character + 1,
        endLine: to.line + 1,
        endColumn: to.character + 1,
      };
      const { fix: _stale, ...rest } = d; // a fix's edit is of the old text
      rendered.push({ ...rest, span });
    }
  }
  const engine = [...lints, ...rendered];
  return {
    diagnostics: lspDiagnostics(engine, analysis, ctx, docsBase),
    payload: previous.result.payload,
    engine,
    rendered,
    text: analysis.text,
    ast,
    lints,
  };
}

/** The engine's diagnostics for the editor, after the project's own problems. */
function lspDiagnostics(
  engine: readonly Diagnostic[],
  analysis: Analysis,
  ctx: ProjectContext,
  docsBase: string,
): LspDiagnostic[] {
  const diagnostics = engine.map((d) => toLsp(d, analysis, docsBase));
  for (const p of ctx.problems) {
    diagnostics.unshift({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: SEVERITY[p.severity ?? "error"],
      code: p.code,
      ...(docsBase ? { codeDescription: { href: codeHref(p.code, docsBase) } } : {}),
      source: "zephyr",
      message: p.message,
      relatedInformation: p.uri
        ? [
            {
              location: {
                uri: p.uri,
                range: {
                  start: { line: p.line ?? 0, character: p.character ?? 0 },
                  end: { line: p.line ?? 0, character: p.character ?? 0 },
                },
              },
              message: p.message,
            },
          ]
        : undefined,
    });
  }
  return diagnostics;
}

/** The codes of the engine's lexer and parser (its compiler's are others: unknown function, arity, …). */
const PARSE_CODES = new Set([
  "ZE_SYNTAX",
  "ZE_BLOCK",
  "ZE_UNCLOSED_BLOCK",
  "ZE_UNCLOSED_COMMENT",
  "ZE_UNCLOSED_STRING",
  "ZE_UNCLOSED_TAG",
  "ZE_LIMIT_DEPTH",
  "ZE_LIMIT_TEMPLATE_SIZE",
]);

function parseFailure(e: ZephyrError): boolean {
  return (e.related.length ? e.related : [e]).every((x) => PARSE_CODES.has(x.code));
}

/** `reparse`, or undefined when it cannot (a tree deeper than the stack, under a raised depth limit, included). */
function rebuild(base: TemplateAst, text: string, options: { filename?: string; limits?: Partial<Limits> }) {
  try {
    return reparse(base, text, options);
  } catch {
    return undefined;
  }
}

/** Whether the project's limits parse as the defaults do (the parser reads only the template size and the depth). */
function sameParseLimits(ctx: ProjectContext): boolean {
  const limits = ctx.options.limits;
  return (
    (limits?.templateSize ?? DEFAULT_LIMITS.templateSize) === DEFAULT_LIMITS.templateSize &&
    (limits?.depth ?? DEFAULT_LIMITS.depth) === DEFAULT_LIMITS.depth
  );
}

/**
 * The template with every tag that has an error replaced by spaces (line breaks kept, so offsets stay), or undefined
 * when an error is outside any tag.
 */
export function blankErrors(
  analysis: Analysis,
  diagnostics: readonly Diagnostic[],
): { text: string; ranges: [number, number][] } | undefined {
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length === 0) return { text: analysis.text, ranges: [] };
  const text = analysis.text;
  const tokens = analysis.tokens;
  const ranges: [number, number][] = [];
  for (const d of errors) {
    if (!d.span) return undefined;
    // The tag opener at or before the error, and the brace that closes it.
    let open = -1;
    for (let i = analysis.tokenAt(d.span.offset); i >= 0; i--) {
      const t = tokens[i];
      if (t === undefined) continue;
      if (t.type === "TagOpen" || t.type === "DoubleOpen") {
        open = t.offset;
        break;
      }
    }
    if (open < 0) {
      const i = tokens.findLastIndex(
        (t) => (t.type === "TagOpen" || t.type === "DoubleOpen") && t.offset <= d.span!.offset,
      );
      if (i < 0) return undefined;
      open = tokens[i].offset;
    }
    const close = matchingBrace(text, open);
    if (close < 0 || close < d.span.offset) return undefined;
    ranges.push([open, close + 1]);
  }
  let out = "";
  let at = 0;
  for (const [a, b] of ranges.sort((x, y) => x[0] - y[0])) {
    if (a < at) continue;
    out += text.slice(at, a) + text.slice(a, b).replace(/[^\r\n]/g, " ");
    at = b;
  }
  return { text: out + text.slice(at), ranges };
}

/** Whether a diagnostic is clear of every blanked range. */
function outside(ranges: readonly [number, number][], d: Diagnostic): boolean {
  return !d.span || !ranges.some(([a, b]) => d.span!.offset < b && d.span!.endOffset > a);
}

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;

export function spanRange(analysis: Analysis, offset: number, endOffset: number): Range {
  return { start: analysis.doc.positionAt(offset), end: analysis.doc.positionAt(endOffset) };
}

function toLsp(d: Diagnostic, analysis: Analysis, docsBase: string): LspDiagnostic {
  const range = d.span
    ? spanRange(analysis, d.span.offset, d.span.endOffset)
    : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  let message = d.path !== undefined ? `${d.message} (at ${d.path || "the payload"})` : d.message;
  if (d.hint) message += `\nhint: ${d.hint}`;
  const out: LspDiagnostic = {
    range,
    severity: SEVERITY[d.severity],
    code: d.code,
    ...(docsBase ? { codeDescription: { href: codeHref(d.code, docsBase) } } : {}),
    source: "zephyr",
    message,
  };
  const data: Record<string, string> = {};
  if (d.hint) data.hint = d.hint;
  if (d.path !== undefined) data.path = d.path;
  if (Object.keys(data).length) out.data = data;
  return out;
}
