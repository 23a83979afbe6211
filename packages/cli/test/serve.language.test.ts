// biome-ignore-all lint/suspicious/noTemplateCurlyInString: LSP snippets write placeholders as ${1:name}
/**
 * `POST /api/hover` and `POST /api/completion`: the language server's core answering the playground, in Node on the
 * sources (edge cases, limits) and over HTTP from the built `zephyr serve` (what the page calls).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlaygroundConfig } from "../src/serve/api.js";
import { completionRequest, fromSnippet, hoverRequest } from "../src/serve/language.js";
import { ROOT } from "./run-cli.js";
import { type RunningServer, startServer } from "./serve-harness.js";

const ann = () => JSON.parse(readFileSync(join(ROOT, "fixtures/profiles/ann.json"), "utf8"));
const config = (extra: Partial<PlaygroundConfig> = {}): PlaygroundConfig => ({
  provider: { personalize: () => [] },
  globals: {},
  defaults: { endpoint: "text-send", strict: false },
  ...extra,
});
const labels = (answer: Record<string, any>) => answer.items.map((i: { label: string }) => i.label);

describe("the playground's language API, in Node", () => {
  it("hovers a function with the registry's documentation, and a profile field with the sample value", async () => {
    const fn = await hoverRequest(config(), { template: "Hi {upper(first_name)}", offset: 6 });
    expect(fn.hover?.markdown).toContain("upper(string s) → string");
    expect(fn.hover?.markdown).toContain("upper case");
    expect([fn.hover?.start, fn.hover?.end]).toEqual([4, 9]);
    const field = await hoverRequest(config(), { template: "{profile.vars.loyalty_tier}", offset: 20, profile: ann() });
    expect(field.hover?.markdown).toContain('"gold"');
    expect(await hoverRequest(config(), { template: "plain text", offset: 3 })).toEqual({ hover: null });
  });

  it("takes the cursor as a 0-based line and character as well as an offset", async () => {
    const template = "line one\n{upper('x')}";
    const byOffset = await hoverRequest(config(), { template, offset: 11 });
    const byPosition = await hoverRequest(config(), { template, line: 1, character: 2 });
    expect(byPosition).toEqual(byOffset);
    expect(byOffset.hover).not.toBeNull();
  });

  it("completes profile.vars. with the given profile's fields, and nothing from a profile not given", async () => {
    const template = "{profile.vars.}";
    const answer = await completionRequest(config(), { template, offset: 14, profile: ann() });
    expect(labels(answer)).toEqual(["first_name", "last_name", "loyalty_tier"]);
    expect(answer.items[0]).toMatchObject({ kind: "field", start: 14, end: 14, text: "first_name" });
    expect(answer.items[0].documentation).toContain('"Ann"');
    const other = await completionRequest(config(), { template, offset: 14, profile: { vars: { tier: 1 } } });
    expect(labels(other)).toEqual(["tier"]);
  });

  it("completes functions as text with the first argument selected, keeping what starts with the typed word", async () => {
    const answer = await completionRequest(config(), { template: "{upp", offset: 4 });
    expect(labels(answer)).toEqual(["upper"]);
    expect(answer.items[0]).toMatchObject({ kind: "function", start: 1, end: 4, text: "upper(s)", select: [6, 7] });
    expect(answer.items[0].documentation).toContain("upper case");
    // The core's order: closers of open blocks first, then keywords, variables, functions. (A `{` followed by a
    // space or the end is text in Zephyr: the cursor is in `{}`, as an editor's auto-closing leaves it.)
    const inBlock = await completionRequest(config(), { template: "{if x}{}", offset: 7 });
    const all = labels(inBlock);
    expect(all[0]).toBe("/if");
    expect(all).toContain("foreach");
    expect(all.indexOf("foreach")).toBeLessThan(all.indexOf("upper"));
  });

  it("completes the endpoint's field values in the JSON, and snippet names in {include '…'}", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zephyr-lang-"));
    try {
      mkdirSync(join(dir, "snips"));
      writeFileSync(join(dir, "snips", "footer.zephyr"), "bye");
      writeFileSync(join(dir, "snips", "header.txt"), "hi");
      const template = '{\n"subscriptionType": "';
      const values = await completionRequest(config(), { template, offset: template.length });
      expect(labels(values).sort()).toEqual(["MARKETING", "TRANSACTIONAL"]);
      const none = await completionRequest(config(), { template, offset: template.length, endpoint: "none" });
      expect(labels(none)).toEqual([]);
      const include = "{include '";
      const snippets = await completionRequest(config({ snippetsDir: join(dir, "snips") }), {
        template: include,
        offset: include.length,
      });
      expect(labels(snippets)).toEqual(["footer", "header"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses malformed requests with a message naming the field, and templates over the size limit", async () => {
    const bad = async (body: unknown, cfg = config()) => {
      try {
        await completionRequest(cfg, body);
      } catch (e) {
        return e as { status: number; message: string };
      }
      throw new Error("no error");
    };
    expect(await bad({ template: "x" })).toMatchObject({ status: 400, message: expect.stringContaining("offset") });
    expect(await bad({ template: "x", offset: 2 })).toMatchObject({ status: 400 });
    expect(await bad({ template: "x", offset: -1 })).toMatchObject({ status: 400 });
    expect(await bad({ template: "x", line: 0 })).toMatchObject({ status: 400 });
    expect(await bad({ template: 1, offset: 0 })).toMatchObject({ status: 400 });
    expect(await bad({ template: "x", offset: 0, profile: [] })).toMatchObject({ status: 400 });
    expect(await bad({ template: "x", offset: 0, endpoint: "fax" })).toMatchObject({ status: 400 });
    expect(await bad({ template: "x", offset: 0, cursor: 1 })).toMatchObject({
      status: 400,
      message: expect.stringContaining('"cursor"'),
    });
    const small = config({ limits: { templateSize: 100 } });
    expect(await bad({ template: "x".repeat(101), offset: 0 }, small)).toMatchObject({
      status: 413,
      message: expect.stringContaining("100 characters"),
    });
    expect((await completionRequest(small, { template: "{upp", offset: 4 })).items.length).toBe(1);
  });

  it("answers a large hostile template in bounded time", async () => {
    const template = `${"{if a}".repeat(20_000)}{profile.`;
    const started = performance.now();
    const answer = await completionRequest(config(), { template, offset: template.length, profile: ann() });
    await hoverRequest(config(), { template, offset: 3 });
    expect(labels(answer)).toContain("vars");
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("answers a member chain as long as the size limit allows in linear time (chainBefore was quadratic: minutes)", async () => {
    const template = `{profile${".a".repeat(490_000)}.`;
    const started = performance.now();
    const answer = await completionRequest(config(), { template, offset: template.length, profile: ann() });
    expect(answer.items).toEqual([]);
    const hovered = await hoverRequest(config(), { template, offset: template.length - 2, profile: ann() });
    expect(hovered.hover?.markdown).toContain("Not in the sample profile");
    expect(performance.now() - started).toBeLessThan(8000);
  }, 30_000);

  it("turns LSP snippets into text and a selection", () => {
    expect(fromSnippet("upper(${1:s})")).toEqual({ text: "upper(s)", select: [6, 7] });
    expect(fromSnippet("f(${2:b}, ${1:a})$0")).toEqual({ text: "f(b, a)", select: [5, 6] });
    expect(fromSnippet("x$0y")).toEqual({ text: "xy", select: [1, 1] });
    expect(fromSnippet("a\\$b\\}")).toEqual({ text: "a$b}", select: [4, 4] });
    expect(fromSnippet("plain")).toEqual({ text: "plain", select: [5, 5] });
  });
});

describe("zephyr serve: POST /api/hover and /api/completion over HTTP", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(["--now", "2024-03-15T12:00:00Z"]);
  });
  afterAll(async () => {
    await server?.stop();
  });
  const post = async (path: string, body: unknown, type = "application/json") => {
    const res = await fetch(new URL(path, server.url), {
      method: "POST",
      headers: { "Content-Type": type },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };

  it("hover on upper( answers its documentation", async () => {
    const { status, json } = await post("api/hover", { template: "{upper(first_name)}", offset: 3 });
    expect(status).toBe(200);
    expect(json.hover.markdown).toMatch(/^```zephyr\nupper\(string s\) → string\n```/);
    expect(json.hover.markdown).toContain("Example:");
  });

  it("completion after profile.vars. lists the selected profile's fields", async () => {
    const template = "Hi {profile.vars.}";
    const { status, json } = await post("api/completion", { template, offset: 17, profile: ann() });
    expect(status).toBe(200);
    expect(labels(json)).toEqual(Object.keys(ann().vars).sort());
  });

  it("refuses bad requests and other methods", async () => {
    expect((await post("api/completion", { template: "x" })).status).toBe(400);
    expect((await post("api/hover", { template: "x", offset: 0 }, "text/plain")).status).toBe(415);
    const get = await fetch(new URL("api/hover", server.url));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });
});
