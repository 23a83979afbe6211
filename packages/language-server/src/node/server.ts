/** The Language Server Protocol over a connection (stdio for `zephyr-language-server --stdio`). */

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readJsonObject } from "@zephyr/project";
import {
  CodeLensRefreshRequest,
  type Connection,
  DidChangeWatchedFilesNotification,
  type InitializeResult,
  TextDocumentSyncKind,
  TextDocuments,
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { LEGEND } from "../core/semantic.js";
import { LanguageService } from "../core/service.js";
import { NodeProjectHost } from "./host.js";

export interface ServerOptions {
  /** Quiet time after an edit before diagnostics run (initializationOptions.debounceMs overrides it). */
  debounceMs?: number;
  /** The repository root's URL for diagnostic code documentation (initializationOptions.docsBaseUrl overrides it). */
  docsBase?: string;
}

/**
 * `zephyr/renderPayload` `{ textDocument: { uri }, profile?: path }` → `PreviewResult` (`zephyr render --format json`'s
 * report), or null for a document the server does not have open.
 */
export const RENDER_REQUEST = "zephyr/renderPayload";

/** A file every documentation base holds (the payload codes' table), relative to the base. */
export const DOCS_PROBE = "packages/attentive/README.md";

/**
 * The documentation's default home: the nearest folder above this server's file that holds the packages' READMEs
 * (`packages/<name>/README.md`) itself or in a `docs/` folder. That is the repository it was built in (dist/node →
 * the root), or the copy the VS Code extension ships beside its bundled server (`<extension>/docs/`). Empty (no
 * links on diagnostics) when there is none, as in an npm install: a link that leads nowhere helps no one.
 */
export function defaultDocsBase(from: string = import.meta.url): string {
  let dir = new URL("./", from);
  for (let hops = 0; hops < 6; hops++) {
    for (const base of [dir, new URL("docs/", dir)])
      if (existsSync(fileURLToPath(new URL(DOCS_PROBE, base)))) return base.href;
    const up = new URL("../", dir);
    if (up.href === dir.href) break;
    dir = up;
  }
  return "";
}

/**
 * `initializationOptions.docsBaseUrl`: an absolute http(s) or file URL, made to end in `/`; undefined (the default
 * stays) for anything else, so that a client cannot make diagnostics link to `javascript:` or `command:` URIs.
 */
export function docsBaseOption(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (!["http:", "https:", "file:"].includes(url.protocol)) return undefined;
  url.search = "";
  url.hash = "";
  return url.href.replace(/\/?$/, "/");
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const hostOptions: { fetchFeeds?: boolean } = {};
  const host = new NodeProjectHost(hostOptions);
  let debounceMs = options.debounceMs ?? 250;
  let docsBase = options.docsBase ?? defaultDocsBase();
  let canRefreshLenses = false;
  let watchDynamically = false;
  const service = new LanguageService((uri) => host.contextFor(uri), {
    get docsBase() {
      return docsBase;
    },
  });
  const timers = new Map<string, NodeJS.Timeout>();

  connection.onInitialize((params): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as {
      debounceMs?: unknown;
      docsBaseUrl?: unknown;
      fetchFeeds?: unknown;
    };
    hostOptions.fetchFeeds = init.fetchFeeds === true;
    if (typeof init.debounceMs === "number" && init.debounceMs >= 0) debounceMs = init.debounceMs;
    const docsOption = docsBaseOption(init.docsBaseUrl);
    if (docsOption !== undefined) docsBase = docsOption;
    else if (init.docsBaseUrl !== undefined)
      connection.console.warn(
        `zephyr: initializationOptions.docsBaseUrl must be an absolute http(s) or file URL; keeping ${docsBase || "no links"}`,
      );
    canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    watchDynamically = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [".", "{", "'", '"', "/"] },
        signatureHelpProvider: { triggerCharacters: ["(", ","] },
        definitionProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ["quickfix"] },
        codeLensProvider: { resolveProvider: false },
        semanticTokensProvider: { legend: LEGEND, full: true },
        experimental: { zephyr: { renderPayload: true } },
      },
      serverInfo: { name: "zephyr-language-server", version: "0.1.0" },
    };
  });

  connection.onInitialized(() => {
    if (watchDynamically)
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: "**/zephyr.config.json" },
          { globPattern: "**/*.json" },
          { globPattern: "**/*.{zephyr,zph,txt}" },
        ],
      });
  });

  /**
   * Whether a document has moved on from `version`, after letting the messages that have come in be handled: one
   * turn of the event loop reads them, and vscode-jsonrpc dispatches each on a later turn (`setImmediate`).
   */
  const superseded = (uri: string, version: number) => async () => {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    return documents.get(uri)?.version !== version;
  };
  const validate = async (doc: TextDocument) => {
    // The manager's document object changes in place with each edit: the version this run is for is the one now.
    const { uri, version } = doc;
    try {
      // First the quick diagnostics (syntax and lint of the edit, the last render's findings moved with it), then the
      // full run's (compile, render, payload), unless they are the same.
      const quick = await service.quickDiagnostics(doc);
      if (quick !== undefined && documents.get(uri)?.version === version)
        await connection.sendDiagnostics({ uri, version, diagnostics: quick });
      // Edited while the quick ones were sent: `doc` holds the newer text now, and the newer edit's run reports.
      if (documents.get(uri)?.version !== version) return;
      // A run that a newer edit overtakes stops between its steps (the newer edit's run reports).
      const diagnostics = await service.diagnostics(doc, { superseded: superseded(uri, version) });
      if (diagnostics === undefined || documents.get(uri)?.version !== version) return; // edited since
      if (quick === undefined || JSON.stringify(quick) !== JSON.stringify(diagnostics))
        await connection.sendDiagnostics({ uri, version, diagnostics });
      if (canRefreshLenses) await connection.sendRequest(CodeLensRefreshRequest.type);
    } catch (e) {
      connection.console.error(`zephyr: diagnostics failed for ${uri}: ${e instanceof Error ? e.stack : e}`);
    }
  };
  const schedule = (doc: TextDocument) => {
    clearTimeout(timers.get(doc.uri));
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        void validate(doc);
      }, debounceMs),
    );
  };

  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    service.close(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onDidChangeWatchedFiles(() => {
    host.clear();
    service.invalidate();
    for (const doc of documents.all()) schedule(doc);
  });

  const doc = (uri: string) => documents.get(uri);
  connection.onHover((p) => {
    const d = doc(p.textDocument.uri);
    return d ? service.hover(d, p.position) : null;
  });
  connection.onCompletion((p) => {
    const d = doc(p.textDocument.uri);
    return d ? service.completion(d, p.position) : [];
  });
  connection.onSignatureHelp((p) => {
    const d = doc(p.textDocument.uri);
    return d ? service.signatureHelp(d, p.position) : null;
  });
  connection.onDefinition((p) => {
    const d = doc(p.textDocument.uri);
    return d ? service.definition(d, p.position) : [];
  });
  connection.onDocumentSymbol((p) => {
    const d = doc(p.textDocument.uri);
    return d ? service.documentSymbols(d) : [];
  });
  connection.onFoldingRanges((p) => {
    const d = doc(p.textDocument.uri);
    return d ? service.foldingRanges(d) : [];
  });
  connection.onDocumentFormatting((p) => {
    const d = doc(p.textDocument.uri);
    return d ? service.format(d) : [];
  });
  connection.onDocumentRangeFormatting((p) => {
    const d = doc(p.textDocument.uri);
    return d ? service.formatRange(d, p.range) : [];
  });
  connection.onCodeAction((p) => {
    const d = doc(p.textDocument.uri);
    return d ? service.codeActions(d, p.range) : [];
  });
  connection.onCodeLens((p) => {
    const d = doc(p.textDocument.uri);
    return d ? service.codeLenses(d) : [];
  });
  connection.languages.semanticTokens.on((p) => {
    const d = doc(p.textDocument.uri);
    return d ? service.semanticTokens(d) : { data: [] };
  });

  // The VS Code extension's "Preview payload": the document rendered as the configuration says (advertised as
  // capabilities.experimental.zephyr.renderPayload).
  connection.onRequest(RENDER_REQUEST, async (p: { textDocument: { uri: string }; profile?: string }) => {
    const d = doc(p.textDocument.uri);
    if (!d) return null;
    let profile: Record<string, unknown> | undefined;
    if (typeof p.profile === "string") {
      try {
        profile = readJsonObject(p.profile, "profile");
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        return {
          ok: false,
          output: null,
          payload: null,
          diagnostics: [{ severity: "error", code: "ZP_INPUT", message }],
        };
      }
    }
    return service.renderPayload(d, profile);
  });

  documents.listen(connection);
  connection.listen();
}
