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
import { type DiagnoseOptions, type DiagnoseResult, diagnose, type QuickResult, quickDiagnose } from "./diagnostics.js";
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
  /**
   * Where the documentation of diagnostic codes lives: a URL ending in `/` under which `packages/<name>/README.md`
   * are found (the repository root, or a copy of those files). Empty: diagnostics carry no documentation link.
   */
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
  /**
   * The last diagnostics run per document: its version and text, and its result once it has one (a later version
   * with the same text, as after typing a character and deleting it within the debounce, reuses it).
   */
  private readonly results = new Map<
    string,
    {
      version: number;
      text: string;
      analysis: Analysis;
      context: ProjectContext | Promise<ProjectContext>;
      result: Promise<DiagnoseResult | undefined>;
      settled?: DiagnoseResult;
    }
  >();
  /** The quick diagnostics of a document's latest edit, for its full run to reuse. */
  private readonly quick = new Map<string, QuickResult>();

  constructor(
    private readonly contextFor: (uri: string) => ProjectContext | Promise<ProjectContext>,
    private readonly options: ServiceOptions,
  ) {}

  /** The analysis of a document's current version (cached until it changes; kept when its text does not). */
  analysis(doc: TextDocument): Analysis {
    const cached = this.analyses.get(doc.uri);
    if (cached && cached.version === doc.version && cached.doc.uri === doc.uri) return cached;
    const a =
      cached && cached.doc.uri === doc.uri && cached.text === doc.getText()
        ? cached.forVersion(doc)
        : new Analysis(doc, filenameOf(doc.uri));
    this.analyses.set(doc.uri, a);
    return a;
  }

  close(uri: string): void {
    this.analyses.delete(uri);
    this.quick.delete(uri);
    this.results.delete(uri);
  }

  /** Forget every sample render (the project's files changed). */
  invalidate(): void {
    this.results.clear();
  }

  /**
   * Syntax, lint and the sample render's payload problems: one computation per document text and context (a version
   * whose text is the last one's reuses its result). Undefined only when `options.superseded` stopped the run.
   */
  diagnose(doc: TextDocument): Promise<DiagnoseResult>;
  diagnose(doc: TextDocument, options: DiagnoseOptions): Promise<DiagnoseResult | undefined>;
  async diagnose(doc: TextDocument, options?: DiagnoseOptions): Promise<DiagnoseResult | undefined> {
    if (options?.superseded) return this.run(doc, options);
    // Without a way to stop, a stopped run shared with another caller is done again (the stopped run is forgotten).
    for (;;) {
      const r = await this.run(doc, {});
      if (r) return r;
    }
  }

  private run(doc: TextDocument, options: DiagnoseOptions): Promise<DiagnoseResult | undefined> {
    const context = this.contextFor(doc.uri);
    const cached = this.results.get(doc.uri);
    if (cached && cached.context === context) {
      if (cached.version === doc.version) return cached.result;
      if (cached.settled && cached.text === doc.getText()) {
        cached.version = doc.version;
        return cached.result;
      }
    }
    const analysis = this.analysis(doc);
    const quick = this.quick.get(doc.uri);
    this.quick.delete(doc.uri);
    // The last run's tree (same context: the same limits) is where a blanked text's tree is rebuilt from.
    const base = cached?.context === context ? cached.settled?.tree : undefined;
    const runOptions: DiagnoseOptions = { ...options };
    if (quick?.text === analysis.text) runOptions.quick = quick;
    if (base) runOptions.base = base;
    const entry: NonNullable<typeof cached> = {
      version: doc.version,
      text: analysis.text,
      analysis,
      context,
      result: (async () => diagnose(analysis, await context, this.options.docsBase, runOptions))(),
    };
    entry.result.then(
      (r) => {
        if (r) entry.settled = r;
        // A stopped run is forgotten: the next request for this version computes it again.
        else if (this.results.get(doc.uri) === entry) this.results.delete(doc.uri);
      },
      () => {
        if (this.results.get(doc.uri) === entry) this.results.delete(doc.uri);
      },
    );
    this.results.set(doc.uri, entry);
    return entry.result;
  }

  /**
   * The quick diagnostics of an edit (`quickDiagnose`: syntax and lint on a tree built from the last diagnosed
   * version's, and that version's render findings moved with the edit), to publish before the full run's; undefined
   * when there is no last version to start from or the tree cannot be built that way. The full run reuses its lint.
   */
  async quickDiagnostics(doc: TextDocument): Promise<LspDiagnostic[] | undefined> {
    const context = this.contextFor(doc.uri);
    const previous = this.results.get(doc.uri);
    if (!previous?.settled || previous.context !== context || previous.version === doc.version) return undefined;
    const ast = previous.analysis.knownAst;
    if (!ast) return undefined;
    const analysis = this.analysis(doc);
    if (analysis.text === previous.text) return undefined;
    const ctx = await context;
    let quick: QuickResult | undefined;
    try {
      quick = quickDiagnose(
        analysis,
        { text: previous.text, ast, result: previous.settled },
        ctx,
        this.options.docsBase,
      );
    } catch {
      // Best effort (a tree deeper than the stack, under a raised depth limit): the full run reports.
      return undefined;
    }
    if (quick) this.quick.set(doc.uri, quick);
    return quick?.diagnostics;
  }

  /** The diagnostics of a document; undefined only when `options.superseded` stopped the run. */
  diagnostics(doc: TextDocument): Promise<LspDiagnostic[]>;
  diagnostics(doc: TextDocument, options: DiagnoseOptions): Promise<LspDiagnostic[] | undefined>;
  async diagnostics(doc: TextDocument, options?: DiagnoseOptions): Promise<LspDiagnostic[] | undefined> {
    return (await (options ? this.diagnose(doc, options) : this.diagnose(doc)))?.diagnostics;
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
