/**
 * The extension's package.json checked against the files and the code: every contribution points at a file that
 * exists and says what the code does, `main` is what the bundle script writes, the bundled extension activates
 * (against a stand-in `vscode` module) and registers exactly the contributed commands, and vsce packages it.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cp } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle, EXTENSION_OUT, SERVER_ENTRY, SERVER_OUT } from "../scripts/bundle.mjs";
import { DOC_PACKAGES, packageVsix, shippedManifest } from "../scripts/package.mjs";
import { docsBaseUrl, DOC_PACKAGES as SHIPPED_DOCS } from "../src/docs.js";
import { BUNDLED_SERVER } from "../src/server-path.js";

const DIR = fileURLToPath(new URL("../", import.meta.url));
const manifest = JSON.parse(readFileSync(join(DIR, "package.json"), "utf8"));
const contributes = manifest.contributes;
const require = createRequire(import.meta.url);

const rel = (path: string) => join(DIR, path);
const readJson = (path: string) => JSON.parse(readFileSync(rel(path), "utf8"));

let out: string;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "zephyr-vscode-"));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("package.json of the extension", () => {
  it("is a private package for VS Code with an engine range the language client accepts", () => {
    expect(manifest.private).toBe(true);
    expect(manifest.publisher).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    const client = JSON.parse(readFileSync(rel("node_modules/vscode-languageclient/package.json"), "utf8"));
    const minimum = (range: string) =>
      range
        .replace(/^[\^~>=]+/, "")
        .split(".")
        .map(Number);
    const [ours, theirs] = [minimum(manifest.engines.vscode), minimum(client.engines.vscode)];
    expect(ours[0] * 1e6 + ours[1] * 1e3 + ours[2]).toBeGreaterThanOrEqual(
      theirs[0] * 1e6 + theirs[1] * 1e3 + theirs[2],
    );
    // vsce refuses @types/vscode newer than the engine range's minimum.
    expect(manifest.devDependencies["@types/vscode"]).toBe(minimum(manifest.engines.vscode).join("."));
  });

  it("contributes the zephyr language for *.zephyr with a language configuration that exists", () => {
    const [language] = contributes.languages;
    expect(language.id).toBe("zephyr");
    expect(language.extensions).toEqual([".zephyr"]);
    const config = readJson(language.configuration);
    expect(config.comments.blockComment).toEqual(["{*", "*}"]);
    expect(config.brackets).toContainEqual(["{", "}"]);
    expect(config.autoClosingPairs).toContainEqual(expect.objectContaining({ open: "{*", close: " *}" }));
    for (const key of ["start", "end"]) expect(() => new RegExp(config.folding.markers[key])).not.toThrow();
    expect(new RegExp(config.folding.markers.start).test("  {foreach items as item}")).toBe(true);
    expect(new RegExp(config.folding.markers.end).test("{/foreach}")).toBe(true);
    expect(new RegExp(config.indentationRules.increaseIndentPattern).test("{if x > 1}")).toBe(true);
    expect(new RegExp(config.indentationRules.decreaseIndentPattern).test("  {/if}")).toBe(true);
  });

  it("contributes grammars that exist, with the scope name they declare, for contributed languages", () => {
    const ids = new Set(contributes.languages.map((l: { id: string }) => l.id));
    for (const grammar of contributes.grammars) {
      expect(existsSync(rel(grammar.path))).toBe(true);
      expect(readJson(grammar.path).scopeName).toBe(grammar.scopeName);
      expect(ids.has(grammar.language)).toBe(true);
    }
  });

  it("names contributed commands in its menus, and activates on its language", () => {
    const commands = new Set(contributes.commands.map((c: { command: string }) => c.command));
    expect(commands).toEqual(new Set(["zephyr.previewPayload", "zephyr.renderWithProfile"]));
    for (const c of contributes.commands) expect(c.category).toBe("Zephyr");
    for (const entries of Object.values(contributes.menus) as { command: string }[][])
      for (const entry of entries) expect(commands.has(entry.command)).toBe(true);
    const ids = contributes.languages.map((l: { id: string }) => l.id);
    for (const event of manifest.activationEvents as string[]) {
      const [kind, value] = event.split(":");
      if (kind === "onLanguage") expect(ids).toContain(value);
      else expect(kind).toBe("workspaceContains");
    }
  });

  it("points main at the bundle the build writes, and the client at the bundled server", () => {
    expect(manifest.main).toBe(`./${EXTENSION_OUT}`);
    expect(BUNDLED_SERVER).toBe(SERVER_OUT);
    const ignore = readFileSync(rel(".vscodeignore"), "utf8");
    for (const file of [
      EXTENSION_OUT,
      SERVER_OUT,
      contributes.grammars[0].path,
      contributes.languages[0].configuration,
    ])
      expect(ignore).toContain(`!${file.replace(/^\.\//, "")}`);
  });
});

/** What the stand-in `vscode` module saw: commands registered, warnings shown, webview pages set. */
interface Seen {
  commands: Map<string, (...args: unknown[]) => unknown>;
  warnings: string[];
  errors: string[];
  pages: string[];
  activeEditor?: { document: Record<string, unknown> };
}

/**
 * A stand-in for the `vscode` module: records registrations; any other member is an empty class or function. The
 * bundle imports it as a namespace (esbuild copies its own keys), so what the extension itself reads is listed.
 */
function fakeVscode(seen: Seen) {
  const disposable = { dispose() {} };
  const event = () => disposable;
  const known: Record<string, unknown> = {
    commands: {
      registerCommand: (name: string, handler: (...args: unknown[]) => unknown) => {
        seen.commands.set(name, handler);
        return disposable;
      },
    },
    workspace: {
      workspaceFolders: undefined,
      getConfiguration: () => ({ get: () => undefined }),
      getWorkspaceFolder: () => undefined,
      createFileSystemWatcher: () => ({ ...disposable, onDidChange: event, onDidCreate: event, onDidDelete: event }),
      onDidChangeTextDocument: event,
      onDidCloseTextDocument: event,
    },
    window: {
      get activeTextEditor() {
        return seen.activeEditor;
      },
      createOutputChannel: () => ({ ...disposable, appendLine() {}, append() {}, info() {}, warn() {}, error() {} }),
      showWarningMessage: async (message: string) => void seen.warnings.push(message),
      showErrorMessage: async (message: string) => void seen.errors.push(message),
      showInformationMessage: async () => undefined,
      createWebviewPanel: () => {
        const webview = {
          cspSource: "vscode-webview:",
          set html(page: string) {
            seen.pages.push(page);
          },
        };
        return { ...disposable, webview, title: "", reveal() {}, onDidDispose: event };
      },
    },
    ViewColumn: { Beside: -2 },
    Uri: class Uri {},
  };
  const anything = (): unknown =>
    new Proxy(class {}, {
      get: (target, key) => (key in target ? (target as never)[key] : anything()),
    });
  return new Proxy(known, { get: (target, key: string) => (key in target ? target[key] : anything()) });
}

describe("the bundled extension", () => {
  it("bundles into the file main names, registers the contributed commands, and previews with the configured profile", async () => {
    const files = await bundle({ outdir: out, server: false });
    expect(files).toEqual([join(out, "extension.cjs")]);
    const seen: Seen = { commands: new Map(), warnings: [], errors: [], pages: [] };
    const Module = require("node:module") as { _load: (request: string, ...rest: unknown[]) => unknown };
    const load = Module._load;
    const vscode = fakeVscode(seen);
    Module._load = (request: string, ...rest: unknown[]) => (request === "vscode" ? vscode : load(request, ...rest));
    try {
      const extension = require(join(out, "extension.cjs"));
      const subscriptions: unknown[] = [];
      extension.activate({ extensionPath: out, subscriptions });
      // No server next to this bundle: the extension says so and keeps its other features.
      expect(seen.warnings.join("\n")).toContain(join(out, SERVER_OUT));
      expect([...seen.commands.keys()].sort()).toEqual(
        contributes.commands.map((c: { command: string }) => c.command).sort(),
      );

      // A project: a template beside a zephyr.config.json that names a sample profile.
      const project = join(out, "project");
      mkdirSync(project, { recursive: true });
      writeFileSync(join(project, "zephyr.config.json"), JSON.stringify({ profiles: ["ann.json"] }));
      await cp(join(DIR, "../../fixtures/profiles/ann.json"), join(project, "ann.json"));
      const file = join(project, "profile-data.zephyr");
      const source = readFileSync(join(DIR, "../../fixtures/seed/profile-data.zephyr"), "utf8");
      seen.activeEditor = {
        document: {
          languageId: "zephyr",
          fileName: file,
          uri: { scheme: "file", fsPath: file, toString: () => `file://${file}` },
          getText: () => source,
        },
      };
      await seen.commands.get("zephyr.previewPayload")!();
      for (let i = 0; i < 100 && seen.pages.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(seen.errors).toEqual([]);
      const page = seen.pages.at(-1) ?? "";
      expect(page).toContain('<div class="bubble">Hi, Ann !</div>');
      expect(page).toContain("profile: ann.json · rendered by the engine");
      expect(page).toContain("<dt>Encoding</dt><dd>GSM-7</dd>");
      expect(extension.deactivate()).toBeUndefined();
    } finally {
      Module._load = load;
    }
  });

  it("packages as a .vsix with the package script, offline, holding the manifest, the bundle and the grammar", async () => {
    const stage = join(out, "stage");
    const vsix = await packageVsix({ out: join(out, "zephyr.vsix"), stageDir: stage, server: false });
    // The shipped manifest: VS Code loads main with require() (no "type": "module"), and main is in the package.
    const shipped = JSON.parse(readFileSync(join(stage, "package.json"), "utf8"));
    expect(shipped).toEqual(shippedManifest(manifest));
    expect(shipped.type).toBeUndefined();
    expect(shipped.devDependencies).toBeUndefined();
    expect(existsSync(join(stage, shipped.main))).toBe(true);
    const zip = readFileSync(vsix).toString("latin1");
    for (const entry of [
      "extension/package.json",
      "extension/dist/extension.cjs",
      "extension/syntaxes/zephyr.tmLanguage.json",
      "extension/language-configuration.json",
      "extension/readme.md",
      // The documentation the server's diagnostics link to (src/docs.ts → initializationOptions.docsBaseUrl).
      ...DOC_PACKAGES.map((name) => `extension/docs/packages/${name}/README.md`),
    ])
      expect(zip).toContain(entry);
    expect(DOC_PACKAGES).toEqual([...SHIPPED_DOCS]);
    expect(docsBaseUrl(stage)).toBe(pathToFileURL(join(stage, "docs/")).href);
    expect(zip).not.toContain("extension/src/");
    expect(zip).not.toContain("extension/test/");
  }, 60_000);

  // The language server is another package (packages/language-server); where its build is present, the extension's
  // bundle of it must start as the client starts it and answer the LSP handshake.
  it.skipIf(!existsSync(SERVER_ENTRY))(
    "bundles the language server, which answers initialize over stdio as the client starts it (node server.mjs --stdio)",
    async () => {
      const files = await bundle({ outdir: join(out, "with-server"), server: true });
      const server = join(out, "with-server", "server.mjs");
      expect(files).toContain(server);
      const child = spawn(process.execPath, [server, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
      try {
        const frame = (message: object) => {
          const body = JSON.stringify({ jsonrpc: "2.0", ...message });
          return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
        };
        const answer = new Promise<{ id: number; result: { capabilities: Record<string, unknown> } }>((done, fail) => {
          let buffer = Buffer.alloc(0);
          child.stdout.on("data", (chunk: Buffer) => {
            buffer = Buffer.concat([buffer, chunk]);
            const text = buffer.toString("utf8");
            const m = /Content-Length: (\d+)\r\n\r\n/.exec(text);
            if (!m) return;
            const start = buffer.indexOf("\r\n\r\n") + 4;
            if (buffer.length >= start + Number(m[1]))
              done(JSON.parse(buffer.subarray(start, start + Number(m[1])).toString()));
          });
          child.once("exit", (code) => fail(new Error(`the server exited with ${code}`)));
        });
        child.stdin.write(
          frame({ id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } }),
        );
        const reply = await answer;
        expect(reply.id).toBe(1);
        expect(reply.result.capabilities).toHaveProperty("hoverProvider");
        expect(reply.result.capabilities).toHaveProperty("completionProvider");
      } finally {
        child.kill();
      }
    },
    30_000,
  );
});
