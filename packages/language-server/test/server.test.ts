/**
 * The server over stdio, driven by a real JSON-RPC client (vscode-languageserver-protocol) in scripted sessions.
 * Needs the build (`pnpm build`), as the CLI's tests do: it runs dist/bin.js as an editor would.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  Diagnostic,
  Hover,
  Location,
  SignatureHelp,
  TextEdit,
} from "vscode-languageserver-protocol";
import { TextDocument } from "vscode-languageserver-textdocument";
import { BIN, type Session, startSession } from "./lsp-client.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const CLI = join(ROOT, "packages/cli/dist/bundle/zephyr.js");
/** Documents live beside fixtures/project/zephyr.config.json (Ann's profile, Maya's as a second sample, Acme). */
const uri = (name: string) => pathToFileURL(join(ROOT, "fixtures/project/templates", name)).href;

const TEMPLATE = `{greeting = "Hi " + profile.vars.first_name +}
{unused = 1}
{tier = upper(profile.vars.loyalty_tier)}
{
"to" : "{profile.keys.sms}",
"body" : "Hello {profile.vars.first_name}, you are {tier}",
"subscriptionType": "marketing"
}
`;

const summary = (ds: Diagnostic[]) =>
  ds.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]);

let s: Session;
let version = 1;
const open = async (name: string, text: string) => {
  await s.connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri: uri(name), languageId: "zephyr", version: ++version, text },
  });
  return version;
};
const change = async (name: string, text: string) => {
  await s.connection.sendNotification("textDocument/didChange", {
    textDocument: { uri: uri(name), version: ++version },
    contentChanges: [{ text }],
  });
  return version;
};
const at = (line: number, character: number) => ({ line, character });
const request = <T>(method: string, name: string, extra: Record<string, unknown> = {}) =>
  s.connection.sendRequest(method, { textDocument: { uri: uri(name) }, ...extra }) as Promise<T>;

beforeAll(async () => {
  s = await startSession({ debounceMs: 10 });
});
afterAll(async () => {
  await s?.close();
});

describe("zephyr-language-server --stdio", () => {
  it("publishes the syntax error, the lint warning and the payload error with their ranges and codes", async () => {
    const v = await open("session.zephyr", TEMPLATE);
    const ds = await s.diagnostics(uri("session.zephyr"), v);
    const codes = summary(ds);
    // The `}` where an expression was expected; `unused`; the literal "marketing" in the template.
    expect(codes).toContainEqual(["ZE_SYNTAX", 0, 45, 0, 46]);
    expect(codes).toContainEqual(["ZL_UNUSED", 1, 1, 1, 7]);
    expect(codes).toContainEqual(["AT_SUBSCRIPTION_TYPE_INVALID", 6, 20, 6, 31]);
    const payloadError = ds.find((d) => d.code === "AT_SUBSCRIPTION_TYPE_INVALID")!;
    expect(payloadError.message).toContain("(at /subscriptionType)");
    expect(payloadError.codeDescription?.href).toMatch(/packages\/attentive\/README\.md#diagnostic-codes$/);
    expect(ds.find((d) => d.code === "ZE_SYNTAX")!.codeDescription?.href).toMatch(/packages\/zephyr\/README\.md#/);
    // No "never assigned" noise for the sample profile's vars.
    expect(ds.some((d) => d.code === "ZL_UNASSIGNED")).toBe(false);
  });

  it("updates the diagnostics after an edit", async () => {
    const fixed = TEMPLATE.replace("first_name +}", "first_name}").replace('"marketing"', '"MARKETING"');
    const v = await change("session.zephyr", fixed);
    const codes = summary(await s.diagnostics(uri("session.zephyr"), v)).map((c) => c[0]);
    expect(codes).not.toContain("ZE_SYNTAX");
    expect(codes).not.toContain("AT_SUBSCRIPTION_TYPE_INVALID");
    expect(codes.filter((c) => c === "ZL_UNUSED")).toHaveLength(2); // greeting is now parsed, and unused too
  });

  it("hovers on upper( with the function's documentation", async () => {
    const h = await request<Hover>("textDocument/hover", "session.zephyr", { position: at(2, 9) });
    const value = (h.contents as { value: string }).value;
    expect(value).toContain("upper(string s) → string");
    expect(value).toContain("The string in upper case.");
    expect(value).toContain("{upper('Hello, World')}");
    expect(h.range).toEqual({ start: at(2, 8), end: at(2, 13) });
  });

  it("hovers on a profile field with its sample value, and on a variable with where it is assigned", async () => {
    const field = await request<Hover>("textDocument/hover", "session.zephyr", { position: at(2, 30) });
    expect((field.contents as { value: string }).value).toContain('"gold"');
    const variable = await request<Hover>("textDocument/hover", "session.zephyr", { position: at(5, 53) });
    expect((variable.contents as { value: string }).value).toContain("line 3: `{tier = upper(");
  });

  it("completes profile.vars. with the sample profiles' fields", async () => {
    const v = await open("complete.zephyr", "{x = profile.vars.}\n{profile.k}");
    await s.diagnostics(uri("complete.zephyr"), v);
    const items = await request<CompletionItem[]>("textDocument/completion", "complete.zephyr", {
      position: at(0, 18),
    });
    const labels = items.map((i) => i.label).sort();
    // Ann's vars and Maya's (the second sample profile) together.
    expect(labels).toEqual(["city", "first_name", "last_name", "loyalty_tier"]);
    const keys = await request<CompletionItem[]>("textDocument/completion", "complete.zephyr", { position: at(1, 10) });
    expect(keys.map((i) => i.label)).toContain("keys");
  });

  it("completes snippet names in {include '…'} and block closers", async () => {
    const v = await open("blocks.zephyr", "{if profile.email}\n{include 'si\n");
    await s.diagnostics(uri("blocks.zephyr"), v);
    const names = await request<CompletionItem[]>("textDocument/completion", "blocks.zephyr", { position: at(1, 12) });
    expect(names.map((i) => i.label)).toEqual(["sign-off"]);
    await change("blocks.zephyr", "{if profile.email}\n{foreach [1] as n}{n}\n{/");
    const closers = await request<CompletionItem[]>("textDocument/completion", "blocks.zephyr", { position: at(2, 2) });
    expect(closers.map((i) => i.label)).toEqual(["/foreach", "/if"]);
  });

  it("completes the endpoint's field names and a field's values in the JSON body", async () => {
    await open("json.zephyr", '{\n  "media\n}');
    const fields = await request<CompletionItem[]>("textDocument/completion", "json.zephyr", { position: at(1, 8) });
    expect(fields.map((i) => i.label)).toContain("mediaUrl");
    expect(fields.map((i) => i.label)).toContain("subscriptionType");
    await change("json.zephyr", '{\n  "subscriptionType": "T\n}');
    const values = await request<CompletionItem[]>("textDocument/completion", "json.zephyr", { position: at(1, 23) });
    expect(values.map((i) => i.label)).toEqual(["MARKETING", "TRANSACTIONAL"]);
  });

  it("gives signature help inside a call", async () => {
    await open("sig.zephyr", "{substr('abc', 1, }");
    const help = await request<SignatureHelp>("textDocument/signatureHelp", "sig.zephyr", { position: at(0, 18) });
    expect(help.signatures[0].label).toMatch(/^substr\(/);
    expect(help.activeParameter).toBe(2);
  });

  it("formats like zephyr fmt", async () => {
    const text = '{if   profile.email}{x=1+2}\n"a" : "{  upper( x ) }"\n{/if}\n';
    await open("fmt.zephyr", text);
    const edits = await request<TextEdit[]>("textDocument/formatting", "fmt.zephyr", {
      options: { tabSize: 2, insertSpaces: true },
    });
    const formatted = TextDocument.applyEdits(TextDocument.create("x", "zephyr", 1, text), edits);
    const dir = mkdtempSync(join(tmpdir(), "zephyr-ls-fmt-"));
    writeFileSync(join(dir, "t.zephyr"), text);
    const fmt = spawnSync(process.execPath, [CLI, "fmt", join(dir, "t.zephyr")], { encoding: "utf8" });
    expect(fmt.status).toBe(0);
    expect(formatted).toBe(fmt.stdout);
    expect(formatted).not.toBe(text);
  });

  it("goes to a variable's assignment and to an included snippet", async () => {
    const text = "{n = 1}\n{n = n + 1}\n{include 'sign-off'}{n}";
    await open("def.zephyr", text);
    const locations = await request<Location[]>("textDocument/definition", "def.zephyr", { position: at(2, 21) });
    expect(locations.map((l) => l.range.start)).toEqual([at(0, 1), at(1, 1)]);
    const snippet = await request<Location[]>("textDocument/definition", "def.zephyr", { position: at(2, 12) });
    expect(snippet[0].uri).toBe(pathToFileURL(join(ROOT, "fixtures/project/snippets/sign-off.zephyr")).href);
  });

  it("offers the engine's did-you-mean fix as a code action that applies", async () => {
    const text = "{uper('x')}";
    const v = await open("fix.zephyr", text);
    const ds = await s.diagnostics(uri("fix.zephyr"), v);
    expect(summary(ds)).toContainEqual(["ZE_UNKNOWN_FUNCTION", 0, 1, 0, 5]);
    const actions = await request<CodeAction[]>("textDocument/codeAction", "fix.zephyr", {
      range: { start: at(0, 2), end: at(0, 2) },
      context: { diagnostics: ds },
    });
    const action = actions.find((a) => a.title === "call upper()")!; // the engine's own fix
    expect(action.diagnostics?.[0].code).toBe("ZE_UNKNOWN_FUNCTION");
    const edits = action.edit!.changes![uri("fix.zephyr")];
    expect(TextDocument.applyEdits(TextDocument.create("x", "zephyr", 1, text), edits)).toBe("{upper('x')}");
  });

  it("shows the SMS facts of the sample render on the body line", async () => {
    const lenses = await request<CodeLens[]>("textDocument/codeLens", "session.zephyr");
    expect(lenses).toHaveLength(1);
    expect(lenses[0].range.start.line).toBe(5);
    // "Acme: Hello Ann, you are GOLD": the brand counts.
    expect(lenses[0].command?.title).toBe("SMS: GSM-7 · 29 characters · 1 segment");
  });

  it("answers zephyr/renderPayload (advertised) with the render's report, with the configured or a given profile", async () => {
    const render = (params: Record<string, unknown>) =>
      s.connection.sendRequest("zephyr/renderPayload", params) as Promise<{
        ok: boolean;
        output: string | null;
        payload: { body: string } | null;
        sms?: { segments: number };
        diagnostics: { code: string }[];
      } | null>;
    expect(s.capabilities.experimental).toEqual({ zephyr: { renderPayload: true } });
    const configured = await render({ textDocument: { uri: uri("session.zephyr") } });
    expect(configured?.payload?.body).toBe("Hello Ann, you are GOLD");
    expect(configured?.sms?.segments).toBe(1);
    const maya = await render({
      textDocument: { uri: uri("session.zephyr") },
      profile: join(ROOT, "fixtures/profiles/shopper-maya.json"),
    });
    expect(maya?.payload?.body).toBe("Hello Maya, you are GOLD");
    const broken = await render({ textDocument: { uri: uri("fix.zephyr") } });
    expect(broken).toMatchObject({
      ok: false,
      output: null,
      payload: null,
      diagnostics: [{ code: "ZE_UNKNOWN_FUNCTION" }],
    });
    const missing = await render({ textDocument: { uri: uri("session.zephyr") }, profile: "/nope.json" });
    expect(missing).toMatchObject({ ok: false, diagnostics: [{ code: "ZP_INPUT" }] });
    expect(await render({ textDocument: { uri: uri("nope.zephyr") } })).toBeNull();
  });

  it("returns semantic tokens, symbols and folding ranges", async () => {
    const tokens = await request<{ data: number[] }>("textDocument/semanticTokens/full", "session.zephyr");
    expect(tokens.data.length % 5).toBe(0);
    expect(tokens.data.length).toBeGreaterThan(20);
    const symbols = await request<{ name: string }[]>("textDocument/documentSymbol", "session.zephyr");
    expect(symbols.map((x) => x.name)).toEqual(["greeting", "unused", "tier"]);
    await open("fold.zephyr", "{if a}\nx\ny\n{/if}\n{*\nnote\n*}");
    const ranges = await request<{ startLine: number; endLine: number }[]>("textDocument/foldingRange", "fold.zephyr");
    expect(ranges.map((r) => [r.startLine, r.endLine])).toEqual([
      [0, 2],
      [4, 6],
    ]);
  });

  it("reads a sample profile again when it changes on disk", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zephyr-ls-reload-"));
    writeFileSync(join(dir, "zephyr.config.json"), '{"profile": "p.json", "endpoint": "none"}');
    writeFileSync(join(dir, "p.json"), '{"vars": {"name": "Ann"}}');
    const doc = pathToFileURL(join(dir, "t.zephyr")).href;
    await s.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: doc, languageId: "zephyr", version: 1, text: "{profile.vars.name}" },
    });
    const hoverText = async () => {
      const h = (await s.connection.sendRequest("textDocument/hover", {
        textDocument: { uri: doc },
        position: at(0, 16),
      })) as Hover;
      return (h.contents as { value: string }).value;
    };
    expect(await hoverText()).toContain('"Ann"');
    await new Promise((r) => setTimeout(r, 30));
    writeFileSync(join(dir, "p.json"), '{"vars": {"name": "Bea"}}');
    expect(await hoverText()).toContain('"Bea"');
  });

  it("reports a broken zephyr.config.json on the template, pointing into the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zephyr-ls-config-"));
    writeFileSync(join(dir, "zephyr.config.json"), '{\n  "profil": "p.json"\n}\n');
    const doc = pathToFileURL(join(dir, "t.zephyr")).href;
    await s.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: doc, languageId: "zephyr", version: 1, text: "hello" },
    });
    const [d] = await s.diagnostics(doc, 1);
    expect(d.code).toBe("ZP_CONFIG_KEY");
    expect(d.message).toContain('unknown key "profil"; did you mean "profile"?');
    expect(d.relatedInformation?.[0].location).toEqual({
      uri: pathToFileURL(join(dir, "zephyr.config.json")).href,
      range: { start: at(1, 2), end: at(1, 2) },
    });
  });
});

describe("feeds", () => {
  it("a configured feed is fetched only when the client allows it", async () => {
    let requests = 0;
    const feed = createServer((_req, res) => {
      requests++;
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          content: [
            {
              title: "Fetched item",
              url: "https://shop.example.com/p/x",
              image: "https://cdn.example.com/x.jpg",
              tags: ["a"],
              price: 100,
            },
          ],
        }),
      );
    });
    await new Promise<void>((r) => feed.listen(0, "127.0.0.1", r));
    const { port } = feed.address() as AddressInfo;
    const dir = mkdtempSync(join(tmpdir(), "zephyr-ls-feed-"));
    writeFileSync(join(dir, "p.json"), "{}");
    writeFileSync(
      join(dir, "zephyr.config.json"),
      JSON.stringify({ profile: "p.json", endpoint: "none", feed: `http://127.0.0.1:${port}/feed.json` }),
    );
    const doc = pathToFileURL(join(dir, "t.zephyr")).href;
    const text = "{personalize({'algorithm': 'trending', 'size': 1})[0].title}";
    try {
      for (const fetchFeeds of [false, true]) {
        const session = await startSession({ debounceMs: 0, fetchFeeds });
        try {
          await session.connection.sendNotification("textDocument/didOpen", {
            textDocument: { uri: doc, languageId: "zephyr", version: 1, text },
          });
          const codes = (await session.diagnostics(doc, 1)).map((d) => [d.code, d.severity]);
          if (fetchFeeds) {
            expect(requests).toBe(1);
            expect(codes).toEqual([]);
            const preview = (await session.connection.sendRequest("zephyr/renderPayload", {
              textDocument: { uri: doc },
            })) as { output: string };
            expect(preview.output).toBe("Fetched item");
          } else {
            expect(requests).toBe(0);
            expect(codes).toContainEqual(["ZLS_FEED_NOT_FETCHED", 3]);
          }
        } finally {
          await session.close();
        }
      }
    } finally {
      feed.close();
    }
  });
});

describe("debouncing", () => {
  it("a burst of edits is diagnosed once, at its last version", async () => {
    const session = await startSession({ debounceMs: 300 });
    try {
      const u = uri("burst.zephyr");
      await session.connection.sendNotification("textDocument/didOpen", {
        textDocument: { uri: u, languageId: "zephyr", version: 1, text: "{x = 1}{x}" },
      });
      await session.diagnostics(u, 1);
      for (let v = 2; v <= 6; v++)
        await session.connection.sendNotification("textDocument/didChange", {
          textDocument: { uri: u, version: v },
          contentChanges: [{ text: `{x = ${v}}{y}` }],
        });
      const last = await session.diagnostics(u, 6);
      expect(last.find((d) => d.code === "ZL_UNASSIGNED")?.message).toContain("'y'"); // the last text's
      expect(session.history.filter((p) => p.uri === u).map((p) => p.version)).toEqual([1, 6]);
    } finally {
      await session.close();
    }
  });
});

describe("edits during a run", () => {
  it("an edit that comes while a run is going publishes only its own version's diagnostics", async () => {
    const session = await startSession({ debounceMs: 0 });
    try {
      const u = uri("overtaken.zephyr");
      // Long enough that a run (compile, lint, render) is still going when the next edit comes.
      const body = Array.from({ length: 1500 }, (_, i) => `{v${i} = upper(profile.vars.first_name) + ${i}}`);
      const text = (last: string) => `${body.join("\n")}\n{${last}}`;
      await session.connection.sendNotification("textDocument/didOpen", {
        textDocument: { uri: u, languageId: "zephyr", version: 1, text: text("v0") },
      });
      await session.diagnostics(u, 1);
      const change = (version: number, last: string) =>
        session.connection.sendNotification("textDocument/didChange", {
          textDocument: { uri: u, version },
          contentChanges: [{ text: text(last) }],
        });
      await change(2, "y"); // an unassigned name
      await new Promise((r) => setTimeout(r, 15));
      await change(3, "v1");
      const last = await session.diagnostics(u, 3);
      expect(last.find((d) => d.code === "ZL_UNASSIGNED")).toBeUndefined(); // version 3's, not 2's
      const versions = session.history.filter((p) => p.uri === u).map((p) => p.version);
      expect(versions.at(-1)).toBe(3);
      expect(versions.filter((v) => v === 3)).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 100));
      expect(session.history.filter((p) => p.uri === u).at(-1)?.version).toBe(3); // nothing older after it
      expect(session.stderr()).not.toContain("diagnostics failed");
    } finally {
      await session.close();
    }
  });
});

describe("two-phase diagnostics", () => {
  it("an edit publishes its lint at once and ends with the full set (today's, as a fresh open gives it)", async () => {
    const session = await startSession({ debounceMs: 0 });
    try {
      const u = uri("two-phase.zephyr");
      const before =
        '{greeting = "Hi"}\n{\n"to": "{profile.keys.sms}",\n"body": "{greeting}",\n"subscriptionType": "MARKETING"\n}\n';
      await session.connection.sendNotification("textDocument/didOpen", {
        textDocument: { uri: u, languageId: "zephyr", version: 1, text: before },
      });
      const opened = await session.diagnostics(u, 1);
      expect(opened.map((d) => d.code)).toContain("AT_SHORT_LINKS_MISSING");
      // An unused variable (a lint finding) and an empty body (a payload finding).
      const after = before.replace('{greeting = "Hi"}', '{greeting = "Hi"}{extra = 1}').replace('{greeting}"', '"');
      await session.connection.sendNotification("textDocument/didChange", {
        textDocument: { uri: u, version: 2 },
        contentChanges: [{ text: after }],
      });
      const first = await session.diagnostics(u, 2);
      expect(first.map((d) => d.code)).toContain("ZL_UNUSED"); // the lint, in the first publication
      // The same text opened fresh: the full set, in one publication.
      const v = uri("two-phase-fresh.zephyr");
      await session.connection.sendNotification("textDocument/didOpen", {
        textDocument: { uri: v, languageId: "zephyr", version: 1, text: after },
      });
      const fresh = await session.diagnostics(v, 1);
      expect(fresh.map((d) => d.code)).toContain("AT_BODY_EMPTY");
      const last = () => session.history.filter((p) => p.uri === u && p.version === 2).at(-1)?.diagnostics;
      for (let i = 0; i < 100 && JSON.stringify(last()) !== JSON.stringify(fresh); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(last()).toEqual(fresh);
      expect(session.history.filter((p) => p.uri === u && p.version === 2).length).toBeLessThanOrEqual(2);
    } finally {
      await session.close();
    }
  });
});

describe("payload schemas", () => {
  it("completion knows a schema for every endpoint", async () => {
    const { SCHEMAS } = await import("../src/core/schemas.js");
    const { ENDPOINT_NAMES } = await import("@zephyr/attentive");
    for (const name of ENDPOINT_NAMES)
      expect(Object.keys(SCHEMAS[name]?.properties ?? {}).length, name).toBeGreaterThan(0);
  });
});

describe("the binary", () => {
  it("insists on --stdio and explains itself", () => {
    const r = spawnSync(process.execPath, [BIN], { encoding: "utf8" });
    expect(r.status).toBe(64);
    expect(r.stderr).toContain("--stdio");
    expect(spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" }).stdout).toContain("--stdio");
  });
});

describe("documentation links (initializationOptions.docsBaseUrl)", () => {
  const DOC = "docs-link.zephyr";
  const TEXT = '{unused = 1}\n{\n"to": "{profile.keys.sms}",\n"body": "hi",\n"subscriptionType": "marketing"\n}\n';
  const hrefs = async (session: Session) => {
    const u = uri(DOC);
    await session.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: u, languageId: "zephyr", version: 1, text: TEXT },
    });
    const ds = await session.diagnostics(u, 1);
    return new Map(ds.map((d) => [String(d.code).slice(0, 3), d.codeDescription?.href]));
  };

  it("links each code to its table under the docsBaseUrl the client gives (made to end in /)", async () => {
    const session = await startSession({ debounceMs: 10, docsBaseUrl: "https://docs.example/zephyr/v1" });
    try {
      const links = await hrefs(session);
      expect(links.get("ZL_")).toBe("https://docs.example/zephyr/v1/packages/zephyr/README.md#error-codes");
      expect(links.get("AT_")).toBe("https://docs.example/zephyr/v1/packages/attentive/README.md#diagnostic-codes");
    } finally {
      await session.close();
    }
  });

  it("defaults to the repository the server runs from, whose README files exist", async () => {
    const session = await startSession({ debounceMs: 10 });
    try {
      const href = (await hrefs(session)).get("AT_")!;
      expect(href).toBe(`${pathToFileURL(ROOT).href}/packages/attentive/README.md#diagnostic-codes`);
      const { fileURLToPath } = await import("node:url");
      const { existsSync } = await import("node:fs");
      expect(existsSync(fileURLToPath(href.replace(/#.*/, "")))).toBe(true);
    } finally {
      await session.close();
    }
  });

  it("keeps the default for a docsBaseUrl that is not an http(s) or file URL", async () => {
    for (const bad of ["javascript:alert(1)//", "docs/", 42]) {
      const session = await startSession({ debounceMs: 10, docsBaseUrl: bad });
      try {
        expect((await hrefs(session)).get("AT_")).toMatch(/^file:\/\/.*\/packages\/attentive\/README\.md#/);
      } finally {
        await session.close();
      }
    }
  });
});

describe("defaultDocsBase", () => {
  it("finds the READMEs above the server, or in a docs/ folder beside it (the extension's copy), else none", async () => {
    const { defaultDocsBase } = await import("../src/node/server.js");
    const { mkdirSync } = await import("node:fs");
    const ext = mkdtempSync(join(tmpdir(), "zephyr-docs-"));
    mkdirSync(join(ext, "dist"));
    mkdirSync(join(ext, "docs/packages/attentive"), { recursive: true });
    writeFileSync(join(ext, "docs/packages/attentive/README.md"), "# codes");
    expect(defaultDocsBase(pathToFileURL(join(ext, "dist/server.mjs")).href)).toBe(
      pathToFileURL(join(ext, "docs/")).href,
    );
    expect(defaultDocsBase(pathToFileURL(join(ROOT, "packages/language-server/dist/node/server.js")).href)).toBe(
      `${pathToFileURL(ROOT).href}/`,
    );
    const lonely = mkdtempSync(join(tmpdir(), "zephyr-nodocs-"));
    expect(defaultDocsBase(pathToFileURL(join(lonely, "a/b/server.js")).href)).toBe("");
    const { rmSync } = await import("node:fs");
    rmSync(ext, { recursive: true, force: true });
    rmSync(lonely, { recursive: true, force: true });
  });
});
