/**
 * The language service: pure functions of a document's text and its project context, with a small cache per
 * document version. Runtime-agnostic (no Node APIs): the Node server and any other host drive it.
 */
import { type PayloadResult, renderPayloadAsync } from "@zephyr/attentive/internal";
import { compile, type Diagnostic, ZephyrError } from "@zephyr/zephyr/internal";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  Diagnostic as LspDiagnostic,
  Position,
  Range,
  SemanticTokens,
  SignatureHelp,
  TextEdit,
} from "vscode-languageserver-types";
import { codeActions } from "./actions.js";
import { Analysis } from "./analysis.js";
import { complete } from "./completion.js";
import type { ProjectContext } from "./context.js";
import { type DiagnoseResult, diagnose } from "./diagnostics.js";
import { formatDocument, formatRange } from "./formatting.js";
import { hover } from "./hover.js";
import { definition, documentSymbols, foldingRanges } from "./navigation.js";
import { semanticTokens } from "./semantic.js";
import { signatureHelp } from "./signature.js";
import { smsLens } from "./sms.js";

/** The `zephyr/renderPayload` answer: `zephyr render --format json`'s report (design.md §5). */
export interface PreviewResult {
  ok: boolean;
  cancelled?: { message: string };
  /** Null when the template does not compile or render. */
  output: string | null;
  payload: unknown;
  diagnostics: Diagnostic[];
  sms?: PayloadResult["sms"];
}

export interface ServiceOptions {
  /** Where the documentation of diagnostic codes lives: the repository root's URL, ending in `/`. */
  docsBase: string;
}

/** The file name the engine reports for a document URI (`file:///a/b.zephyr` → `/a/b.zephyr`). */
export function filenameOf(uri: string): string {
  if (!uri.startsWith("file:")) return uri;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

export class LanguageService {
  private readonly analyses = new Map<string, Analysis>();
  private readonly results = new Map<
    string,
    { version: number; context: ProjectContext | Promise<ProjectContext>; result: Promise<DiagnoseResult> }
  >();

  constructor(
    private readonly contextFor: (uri: string) => ProjectContext | Promise<ProjectContext>,
    private readonly options: ServiceOptions,
  ) {}

  /** The analysis of a document's current version (cached until it changes). */
  analysis(doc: TextDocument): Analysis {
    const cached = this.analyses.get(doc.uri);
    if (cached && cached.version === doc.version && cached.doc.uri === doc.uri) return cached;
    const a = new Analysis(doc, filenameOf(doc.uri));
    this.analyses.set(doc.uri, a);
    return a;
  }

  close(uri: string): void {
    this.analyses.delete(uri);
    this.results.delete(uri);
  }

  /** Forget every sample render (the project's files changed). */
  invalidate(): void {
    this.results.clear();
  }

  /** Syntax, lint and the sample render's payload problems (one computation per document version and context). */
  diagnose(doc: TextDocument): Promise<DiagnoseResult> {
    const context = this.contextFor(doc.uri);
    const cached = this.results.get(doc.uri);
    if (cached && cached.version === doc.version && cached.context === context) return cached.result;
    const result = (async () => diagnose(this.analysis(doc), await context, this.options.docsBase))();
    this.results.set(doc.uri, { version: doc.version, context, result });
    return result;
  }

  async diagnostics(doc: TextDocument): Promise<LspDiagnostic[]> {
    return (await this.diagnose(doc)).diagnostics;
  }

  async hover(doc: TextDocument, position: Position): Promise<Hover | null> {
    return hover(this.analysis(doc), await this.contextFor(doc.uri), doc.offsetAt(position));
  }

  async completion(doc: TextDocument, position: Position): Promise<CompletionItem[]> {
    return complete(this.analysis(doc), await this.contextFor(doc.uri), doc.offsetAt(position));
  }

  signatureHelp(doc: TextDocument, position: Position): SignatureHelp | null {
    return signatureHelp(this.analysis(doc), doc.offsetAt(position));
  }

  async definition(doc: TextDocument, position: Position): Promise<Location[]> {
    return definition(this.analysis(doc), await this.contextFor(doc.uri), doc.offsetAt(position));
  }

  documentSymbols(doc: TextDocument): DocumentSymbol[] {
    return documentSymbols(this.analysis(doc));
  }

  foldingRanges(doc: TextDocument): FoldingRange[] {
    return foldingRanges(this.analysis(doc));
  }

  format(doc: TextDocument): TextEdit[] {
    return formatDocument(this.analysis(doc));
  }

  formatRange(doc: TextDocument, range: Range): TextEdit[] {
    return formatRange(this.analysis(doc), range);
  }

  async codeActions(doc: TextDocument, range: Range): Promise<CodeAction[]> {
    const { engine, diagnostics } = await this.diagnose(doc);
    return codeActions(this.analysis(doc), engine, diagnostics, range);
  }

  async codeLenses(doc: TextDocument): Promise<CodeLens[]> {
    return smsLens(this.analysis(doc), (await this.diagnose(doc)).payload);
  }

  /**
   * A document rendered as the project's configuration says, for a preview: `zephyr render --format json`'s report.
   * `profile` replaces the configured sample profile (without either, the render has no profile).
   */
  async renderPayload(doc: TextDocument, profile?: Record<string, unknown>): Promise<PreviewResult> {
    const ctx = await this.contextFor(doc.uri);
    const analysis = this.analysis(doc);
    try {
      const template = compile(analysis.text, { filename: analysis.filename, limits: ctx.options.limits });
      const r = await renderPayloadAsync(
        template,
        { profile: profile ?? ctx.profiles[0], data: ctx.data },
        { ...ctx.options, endpoint: ctx.endpoint as "text-send", brand: ctx.brand },
      );
      const out: PreviewResult = { ok: r.ok, output: r.output, payload: r.payload ?? null, diagnostics: r.diagnostics };
      if (r.cancelled) out.cancelled = { message: r.cancelled.message };
      if (r.sms) out.sms = r.sms;
      return out;
    } catch (e) {
      if (!(e instanceof ZephyrError)) throw e;
      const errors = e.related.length ? e.related : [e];
      return { ok: false, output: null, payload: null, diagnostics: errors.map((x) => x.toDiagnostic()) };
    }
  }

  semanticTokens(doc: TextDocument): SemanticTokens {
    return semanticTokens(this.analysis(doc));
  }
}
