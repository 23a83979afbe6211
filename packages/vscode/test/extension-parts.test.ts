import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { configFor } from "@zephyr/project";
import { afterAll, describe, expect, it } from "vitest";
import { docLine, docLineFragment, docsBaseUrl, serverInitializationOptions } from "../src/docs.js";
import { escapeHtml, previewHtml } from "../src/preview-html.js";
import { findConfig, profilesFor, readProfile } from "../src/profiles.js";
import { advertisesRender, asPreviewResult, type PreviewResult, renderInProcess } from "../src/render.js";
import { BUNDLED_SERVER, serverModule } from "../src/server-path.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "zephyr-vscode-parts-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const META = {
  title: "t.zephyr",
  profile: "ann.json",
  renderedBy: "engine" as const,
  cspSource: "vscode-x:",
  nonce: "n0",
};

describe("serverModule", () => {
  it("is the bundled server unless the setting names another, relative to the workspace folder", () => {
    expect(serverModule("/ext", undefined)).toBe(join("/ext", BUNDLED_SERVER));
    expect(serverModule("/ext", "  ")).toBe(join("/ext", BUNDLED_SERVER));
    expect(serverModule("/ext", "/opt/ls/bin.js", "/ws")).toBe("/opt/ls/bin.js");
    expect(serverModule("/ext", "ls/dist/bin.js", "/ws")).toBe(join("/ws", "ls/dist/bin.js"));
  });
});

describe("the documentation the server links to", () => {
  it("is the docs/ folder the .vsix ships, else this repository when run from it, else the server's default", () => {
    const ext = join(tmp, "ext");
    mkdirSync(join(ext, "docs/packages/attentive"), { recursive: true });
    writeFileSync(join(ext, "docs/packages/attentive/README.md"), "# codes");
    expect(docsBaseUrl(ext)).toBe(pathToFileURL(join(ext, "docs/")).href);
    expect(serverInitializationOptions(ext)).toEqual({ docsBaseUrl: pathToFileURL(join(ext, "docs/")).href });
    const dev = join(ROOT, "packages/vscode");
    expect(docsBaseUrl(dev)).toBe(pathToFileURL(ROOT).href.replace(/\/?$/, "/"));
    const bare = join(tmp, "bare/a/b");
    mkdirSync(bare, { recursive: true });
    expect(docsBaseUrl(bare)).toBeUndefined();
    expect(serverInitializationOptions(bare)).toEqual({});
  });

  it("a code's link lands on its table row, else on the heading its anchor names (VS Code ignores heading anchors)", () => {
    const md =
      "# Pkg\n\nSee `ZE_B` below.\n\n## Error codes\n\n| code | meaning |\n|---|---|\n| `ZE_A` | a |\n| `ZE_B` | b |\n";
    expect(docLine(md, "ZE_B", "error-codes")).toBe(10);
    expect(docLine(md, "ZE_C", "error-codes")).toBe(5);
    expect(docLine(md, "ZE_C", "nowhere")).toBeUndefined();
    const file = join(tmp, "codes.md");
    writeFileSync(file, md);
    expect(docLineFragment(file, "ZE_A", "error-codes")).toBe("L9");
    expect(docLineFragment(file, "ZE_A", "")).toBeUndefined();
    expect(docLineFragment(file, "ZE_A", "L3")).toBeUndefined();
    expect(docLineFragment(join(tmp, "missing.md"), "ZE_A", "error-codes")).toBeUndefined();
  });

  it("every README and anchor the server links to (language-server README, docsBaseUrl) has a line for its codes", () => {
    // [the server's link (codeHref), a code documented there]
    const links: [string, string][] = [
      ["packages/attentive/README.md#diagnostic-codes", "AT_SUBSCRIPTION_TYPE_INVALID"],
      ["packages/zephyr/README.md#error-codes", "ZE_PERSONALIZE_NO_CATALOG"],
      ["packages/zephyr/README.md#error-codes", "ZL_UNUSED"],
      ["packages/project/README.md#errors", "ZP_CONFIG_KEY"],
      ["packages/language-server/README.md#diagnostics", "ZLS_CANCELLED"],
    ];
    for (const [link, code] of links) {
      const [file, anchor] = link.split("#");
      const text = readFileSync(join(ROOT, file), "utf8");
      const line = docLine(text, code, anchor);
      expect(line, `${code} in ${file}`).toBeDefined();
      const at = text.split("\n")[(line as number) - 1];
      expect(at.includes(`\`${code}\``) || at.startsWith("#"), `${file}:${line}: ${at}`).toBe(true);
      // and the heading the anchor names exists, for codes without a row of their own
      expect(docLine(text, "NO_SUCH_CODE", anchor), `#${anchor} in ${file}`).toBeDefined();
    }
  });
});

describe("profiles", () => {
  it("are the ones @zephyr/project loads: profile then profiles, relative to the file, without repeats", async () => {
    const project = join(tmp, "labels");
    mkdirSync(join(project, "t"), { recursive: true });
    const config = {
      "// note": "comment keys are allowed",
      profile: "p/ann.json",
      profiles: ["p/bob.json", "p/ann.json"],
    };
    writeFileSync(join(project, "zephyr.config.json"), `\ufeff${JSON.stringify(config)}`);
    const template = join(project, "t/x.zephyr");
    expect(await profilesFor(template)).toEqual([
      { path: join(project, "p/ann.json"), label: join("p", "ann.json") },
      { path: join(project, "p/bob.json"), label: join("p", "bob.json") },
    ]);
    // The very list the CLI and the language server use.
    expect((await profilesFor(template)).map((p) => p.path)).toEqual(configFor(template)?.profiles);
  });

  it("finds the nearest zephyr.config.json above a template, as the CLI and the language server do", async () => {
    const project = join(tmp, "proj");
    mkdirSync(join(project, "templates/deep"), { recursive: true });
    writeFileSync(join(project, "zephyr.config.json"), JSON.stringify({ profiles: ["ann.json"] }));
    writeFileSync(join(project, "ann.json"), JSON.stringify({ vars: { first_name: "Ann" } }));
    const template = join(project, "templates/deep/t.zephyr");
    expect(findConfig(template)).toBe(join(project, "zephyr.config.json"));
    expect(await profilesFor(template)).toEqual([{ path: join(project, "ann.json"), label: "ann.json" }]);
    expect(await readProfile(join(project, "ann.json"))).toEqual({ vars: { first_name: "Ann" } });
  });

  it("offers none from a configuration @zephyr/project refuses (the language server reports why)", async () => {
    const project = join(tmp, "invalid");
    mkdirSync(project, { recursive: true });
    const template = join(project, "t.zephyr");
    for (const text of [
      JSON.stringify({ profile: "ann.json", profles: ["bob.json"] }), // unknown key (did you mean "profiles"?)
      JSON.stringify({ profiles: ["ann.json", 3] }),
      '{ "profile": "ann.json", }',
      "[]",
    ]) {
      writeFileSync(join(project, "zephyr.config.json"), text);
      expect(() => configFor(template)).toThrow(/zephyr\.config\.json|profiles|JSON/);
      expect(await profilesFor(template)).toEqual([]);
    }
  });

  it("says which profile file is wrong and why", async () => {
    writeFileSync(join(tmp, "list.json"), "[1]");
    writeFileSync(join(tmp, "bad.json"), "{");
    await expect(readProfile(join(tmp, "list.json"))).rejects.toThrow(/list\.json must hold a JSON object/);
    await expect(readProfile(join(tmp, "bad.json"))).rejects.toThrow(/bad\.json/);
    await expect(readProfile(join(tmp, "missing.json"))).rejects.toThrow(/missing\.json/);
  });
});

describe("renderInProcess", () => {
  it("renders the seed with a profile: the payload, no errors, and the SMS facts", async () => {
    const file = join(ROOT, "fixtures/seed/profile-data.zephyr");
    const profile = JSON.parse(readFileSync(join(ROOT, "fixtures/profiles/ann.json"), "utf8"));
    const r = await renderInProcess(readFileSync(file, "utf8"), file, profile);
    expect(r.ok).toBe(true);
    expect((r.payload as { body: string }).body).toContain("Hi, ");
    expect(r.sms?.segments).toBe(1);
  });

  it("reports a template error as diagnostics with a location, not as an exception", async () => {
    const r = await renderInProcess("{if x}", "t.zephyr");
    expect(r.ok).toBe(false);
    expect(r.output).toBeNull();
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0].span?.line).toBe(1);
  });

  it("asks the server to render only when its capabilities say it can", () => {
    expect(advertisesRender({ experimental: { zephyr: { renderPayload: true } } })).toBe(true);
    for (const c of [undefined, null, {}, { experimental: null }, { experimental: { zephyr: { renderPayload: 1 } } }])
      expect(advertisesRender(c)).toBe(false);
  });

  it("accepts a server's answer only with the fields the preview reads", () => {
    expect(asPreviewResult(null)).toBeUndefined();
    expect(asPreviewResult({ ok: "yes", diagnostics: [] })).toBeUndefined();
    expect(asPreviewResult({ ok: true, diagnostics: [], payload: { body: "x" } })).toEqual({
      ok: true,
      diagnostics: [],
      payload: { body: "x" },
      output: null,
    });
  });
});

describe("previewHtml", () => {
  const hostile = '</pre><script>alert("x")</script><img src=x onerror=alert(1)>';
  const body = `Café ${hostile} \u{1F600}`;
  const result: PreviewResult = {
    ok: false,
    output: "{}",
    payload: { body, mediaUrl: "https://img.example/a.png?x=<b>" },
    diagnostics: [
      { severity: "error", code: "AT_X", message: hostile, path: "/body", span: { line: 3, column: 5 } as never },
    ],
    sms: {
      encoding: "UCS-2",
      units: 90,
      segments: 2,
      characters: 80,
      ucs2Characters: [{ char: "\u{1F600}", codePoint: 0x1f600, index: body.indexOf("\u{1F600}") }],
    },
  };

  it("escapes everything the template produced, and runs no script", () => {
    const html = previewHtml(result, META);
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain(escapeHtml(hostile));
    expect(html).toMatch(
      /Content-Security-Policy" content="default-src &#39;none&#39;; img-src https: data: vscode-x:;/,
    );
    expect(html).toContain('<style nonce="n0">');
  });

  it("shows the phone, the facts, the diagnostics with their place, and the payload", () => {
    const html = previewHtml(result, META);
    expect(html).toContain(
      '<img alt="MMS picture" referrerpolicy="no-referrer" src="https://img.example/a.png?x=&lt;b&gt;">',
    );
    expect(html).toMatch(/<mark title="U\+1F600 is not in GSM-7[^"]*">\u{1F600}<\/mark>/u);
    expect(html).toContain("<dt>Encoding</dt><dd>UCS-2</dd>");
    expect(html).toContain("<dt>Segments</dt><dd>2</dd>");
    expect(html).toContain("<code>AT_X</code> <code>/body</code>");
    expect(html).toContain("(line 3:5)");
    expect(html).toContain("&quot;body&quot;: &quot;Café");
    expect(html).toContain("not valid");
  });

  it("says when the template cancelled the message, and shows no media that is not https", () => {
    const html = previewHtml(
      { ok: false, cancelled: { message: "no stock" }, output: "", payload: null, diagnostics: [] },
      META,
    );
    expect(html).toContain("cancelled by the template — no stock");
    const plain = previewHtml(
      { ok: true, output: "{}", payload: { body: "hi", mediaUrl: "javascript:alert(1)" }, diagnostics: [] },
      META,
    );
    expect(plain).not.toContain("<img");
    expect(plain).toContain("No problems.");
  });
});
