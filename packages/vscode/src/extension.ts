/**
 * The VS Code extension: starts the bundled Zephyr language server for `zephyr` documents and adds the
 * "Preview payload" and "Render with profile…" commands. Language logic lives in the server and the engine.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { basename } from "node:path";
import * as vscode from "vscode";
import {
  ErrorCodes,
  LanguageClient,
  type LanguageClientOptions,
  ResponseError,
  type ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node.js";
import { docLineFragment, serverInitializationOptions } from "./docs.js";
import { previewHtml } from "./preview-html.js";
import { type ProfileChoice, profilesFor, readProfile } from "./profiles.js";
import {
  advertisesRender,
  asPreviewResult,
  type PreviewResult,
  RENDER_REQUEST,
  type RenderPayloadParams,
  renderInProcess,
} from "./render.js";
import { serverModule } from "./server-path.js";

let client: LanguageClient | undefined;

function startClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const setting = vscode.workspace.getConfiguration("zephyr").get<string>("server.path");
  const module = serverModule(context.extensionPath, setting, folder);
  if (!existsSync(module)) {
    log.appendLine(`Zephyr language server not found at ${module}: highlighting and the preview work without it.`);
    void vscode.window.showWarningMessage(
      `Zephyr: the language server was not found at ${module} (check the zephyr.server.path setting).`,
    );
    return undefined;
  }
  // `--stdio` is added by the client for the stdio transport: the server runs as `zephyr-language-server --stdio`.
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ["--nolazy", "--inspect=6009"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "zephyr" },
      { scheme: "untitled", language: "zephyr" },
    ],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/zephyr.config.json") },
    // Diagnostics link to the documentation shipped in the extension (docs/packages/<name>/README.md).
    initializationOptions: serverInitializationOptions(context.extensionPath),
    outputChannel: log,
    middleware: {
      handleDiagnostics(uri, diagnostics, next) {
        for (const d of diagnostics) d.code = atDocLine(d.code);
        next(uri, diagnostics);
      },
    },
  };
  const c = new LanguageClient("zephyr", "Zephyr language server", serverOptions, clientOptions);
  c.start().catch((e: unknown) => log.appendLine(`Zephyr language server did not start: ${String(e)}`));
  return c;
}

/** A diagnostic code's link to a shipped README, pointed at the line that documents the code (see docLineFragment). */
function atDocLine(code: vscode.Diagnostic["code"]): vscode.Diagnostic["code"] {
  if (typeof code !== "object" || code.target.scheme !== "file") return code;
  const fragment = docLineFragment(code.target.fsPath, String(code.value), code.target.fragment);
  return fragment ? { value: code.value, target: code.target.with({ fragment }) } : code;
}

/** Whether the running server said it answers the render request (asking one that does not shows an error). */
function serverRenders(c: LanguageClient): boolean {
  return advertisesRender(c.initializeResult?.capabilities);
}

/** The preview panel: one at a time, following a document and a chosen profile, re-rendered as the text changes. */
class Preview {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  private profile: ProfileChoice | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Set once the server answered MethodNotFound to the render request: render in process from then on. */
  private serverCannotRender = false;
  private generation = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    context.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel && e.document === this.document) this.schedule();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d === this.document) this.panel?.dispose();
      }),
    );
  }

  show(document: vscode.TextDocument, profile?: ProfileChoice): void {
    this.document = document;
    if (profile) this.profile = profile;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        "zephyr.preview",
        "Zephyr preview",
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, localResourceRoots: [] },
      );
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      });
      this.context.subscriptions.push(this.panel);
    }
    this.panel.title = `Preview ${basename(document.fileName)}`;
    this.panel.reveal(undefined, true);
    void this.update();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), 300);
  }

  private async configuredProfile(document: vscode.TextDocument): Promise<ProfileChoice | undefined> {
    if (document.uri.scheme !== "file") return undefined;
    return (await profilesFor(document.fileName))[0];
  }

  private async render(
    document: vscode.TextDocument,
  ): Promise<{ result: PreviewResult; by: "language server" | "engine"; profile?: string }> {
    if (client && client.state === State.Running && serverRenders(client) && !this.serverCannotRender) {
      const params: RenderPayloadParams = { textDocument: { uri: document.uri.toString() } };
      if (this.profile) params.profile = this.profile.path;
      try {
        const answer = asPreviewResult(await client.sendRequest(RENDER_REQUEST, params));
        if (answer) return { result: answer, by: "language server" };
        this.log.appendLine(`${RENDER_REQUEST}: the server's answer has no ok/diagnostics; rendering in process.`);
      } catch (e) {
        if (e instanceof ResponseError && e.code === ErrorCodes.MethodNotFound) this.serverCannotRender = true;
        else this.log.appendLine(`${RENDER_REQUEST} failed: ${String(e)}; rendering in process.`);
      }
    }
    // In process: the chosen profile, else the first sample the configuration names.
    const choice = this.profile ?? (await this.configuredProfile(document));
    const profile = choice ? await readProfile(choice.path) : undefined;
    return {
      result: await renderInProcess(document.getText(), document.fileName, profile),
      by: "engine",
      profile: choice?.label,
    };
  }

  private async update(): Promise<void> {
    const panel = this.panel;
    const document = this.document;
    if (!panel || !document) return;
    const generation = ++this.generation;
    let page: string;
    try {
      const { result, by, profile } = await this.render(document);
      page = previewHtml(result, {
        title: basename(document.fileName),
        profile: this.profile?.label ?? profile ?? (by === "engine" ? "none" : "the configuration's sample"),
        renderedBy: by,
        cspSource: panel.webview.cspSource,
        nonce: randomBytes(16).toString("base64"),
      });
    } catch (e) {
      void vscode.window.showErrorMessage(`Zephyr preview: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    // A slower render that started earlier must not overwrite a newer one.
    if (generation === this.generation && this.panel === panel) panel.webview.html = page;
  }
}

function zephyrDocument(uri?: vscode.Uri): Thenable<vscode.TextDocument | undefined> | vscode.TextDocument | undefined {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === "zephyr") return editor.document;
  void vscode.window.showInformationMessage("Zephyr: open a .zephyr template first.");
  return undefined;
}

async function pickProfile(document: vscode.TextDocument): Promise<ProfileChoice | undefined> {
  const configured = document.uri.scheme === "file" ? await profilesFor(document.fileName) : [];
  const found = await vscode.workspace.findFiles("**/profiles/*.json", "**/node_modules/**", 200);
  type Item = vscode.QuickPickItem & { choice?: ProfileChoice };
  const seen = new Set(configured.map((p) => p.path));
  const items: Item[] = [
    ...configured.map((choice) => ({ label: choice.label, description: "zephyr.config.json", choice })),
    ...found
      .filter((uri) => !seen.has(uri.fsPath))
      .map((uri) => ({
        label: vscode.workspace.asRelativePath(uri),
        description: "profiles folder",
        choice: { path: uri.fsPath, label: vscode.workspace.asRelativePath(uri) },
      })),
    { label: "$(folder-opened) Choose a profile file…", alwaysShow: true },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: "Render with profile",
    placeHolder: "A sample profile (JSON: email, keys, vars, purchases)",
  });
  if (!picked) return undefined;
  if (picked.choice) return picked.choice;
  const files = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { "Profile (JSON)": ["json"] },
    title: "A sample profile",
  });
  const file = files?.[0];
  return file ? { path: file.fsPath, label: vscode.workspace.asRelativePath(file) } : undefined;
}

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel("Zephyr", { log: true });
  context.subscriptions.push(log);
  client = startClient(context, log);
  const preview = new Preview(context, log);
  context.subscriptions.push(
    vscode.commands.registerCommand("zephyr.previewPayload", async (uri?: vscode.Uri) => {
      const document = await zephyrDocument(uri);
      if (document) preview.show(document);
    }),
    vscode.commands.registerCommand("zephyr.renderWithProfile", async (uri?: vscode.Uri) => {
      const document = await zephyrDocument(uri);
      if (!document) return;
      const profile = await pickProfile(document);
      if (profile) preview.show(document, profile);
    }),
  );
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
