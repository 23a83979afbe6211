/**
 * `zephyr serve`: the JSON API and the page's files, over HTTP with fetch (no browser), against the built CLI so
 * that the assets are found from dist/ as a user's install finds them.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ROOT, runCli } from "./run-cli.js";
import { failedStart, type RunningServer, startServer } from "./serve-harness.js";

const NOW = "2024-03-15T12:00:00Z";
const fixture = (path: string) => readFileSync(join(ROOT, path), "utf8");
const ann = () => JSON.parse(fixture("fixtures/profiles/ann.json"));
const filesEndingWith = (dir: string, ext: string) =>
  readdirSync(join(ROOT, dir))
    .filter((name) => name.endsWith(ext))
    .sort();

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function post(path: string, body: unknown, init: RequestInit = {}) {
  const res = await fetch(new URL(path, server.url), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, any> };
}

const render = (body: Record<string, unknown>) => post("/api/render", body);

/** A raw request, for what fetch will not send (dots in the path, a foreign Host header). */
function raw(
  url: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("zephyr serve: starting and stopping", () => {
  it("prints its URL on stdout (127.0.0.1, the port it got) and what it lists on stderr", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await vi.waitFor(() => expect(server.stderr()).toContain("ready"));
    const seed = filesEndingWith("fixtures/seed", ".zephyr").length;
    const profiles = filesEndingWith("fixtures/profiles", ".json").length;
    expect(server.stderr()).toContain(`${seed} templates from ${join(ROOT, "fixtures/seed")}`);
    expect(server.stderr()).toContain(`${profiles} profiles from ${join(ROOT, "fixtures/profiles")}`);
  });

  it("stops on SIGTERM with exit code 0", async () => {
    const other = await startServer();
    expect((await fetch(other.url)).status).toBe(200);
    expect(await other.stop()).toBe(0);
  });

  it("refuses bad flags with usage errors (exit 64) before listening", async () => {
    const [port, dir, now] = await Promise.all([
      failedStart(["--port", "http"]),
      failedStart(["--port", "0", "--templates", "no/such/folder"]),
      failedStart(["--port", "0", "--now", "yesterday"]),
    ]);
    expect(port.code).toBe(64);
    expect(port.stderr).toContain("--port must be a whole number from 0 to 65535");
    expect(dir.code).toBe(64);
    expect(dir.stderr).toContain("--templates no/such/folder: no such folder");
    expect(now.code).toBe(64);
    expect(now.stderr).toContain("--now must be an ISO 8601 date-time");
    expect(dir.stdout + port.stdout + now.stdout).toBe("");
  });

  it("says so when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", done));
    const { port } = blocker.address() as { port: number };
    try {
      const r = await failedStart(["--port", String(port)]);
      expect(r.code).toBe(64);
      expect(r.stderr).toContain(`port ${port} is in use`);
    } finally {
      blocker.close();
    }
  });
});

describe("zephyr serve: the page's files", () => {
  it("serves the page, its script, styles and icon, with a content security policy", async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<textarea\n              id="template"');
    for (const [path, type] of [
      ["app.js", "text/javascript; charset=utf-8"],
      ["highlight.js", "text/javascript; charset=utf-8"],
      ["preview.js", "text/javascript; charset=utf-8"],
      ["style.css", "text/css; charset=utf-8"],
      ["favicon.svg", "image/svg+xml"],
    ]) {
      const res = await fetch(new URL(path, server.url));
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe(type);
      expect(await res.text()).toBe(fixture(`packages/cli/assets/playground/${path}`));
    }
    const head = await fetch(server.url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("never serves a file outside the assets folder, however the path is written", async () => {
    for (const path of [
      "/../package.json",
      "/../../package.json",
      "/%2e%2e/package.json",
      "/%2e%2e%2fpackage.json",
      "/..%2f..%2f..%2fpackage.json",
      "/..%5c..%5cpackage.json",
      "//etc/passwd",
      "/%2fetc%2fpasswd",
      "/api/../../package.json",
      "/.%2e/.%2e/src/bin.ts",
      "/assets/playground/app.js",
      "/%00app.js",
      "/app.js%00.html",
      "/.hidden.js",
    ]) {
      const r = await raw(server.url, path);
      expect(r.status, path).toBe(404);
      expect(r.body, path).not.toContain("@zephyr/cli");
      expect(r.body, path).not.toContain("root:");
    }
  });

  it("answers other methods on the page's files with 405", async () => {
    const res = await fetch(server.url, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });

  it("answers only requests addressed to localhost (no DNS rebinding)", async () => {
    const evil = await raw(server.url, "/api/templates", { Host: "evil.example:80" });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error).toContain("localhost only");
    for (const host of ["localhost:1234", "127.0.0.1", "[::1]:80"])
      expect((await raw(server.url, "/api/config", { Host: host })).status, host).toBe(200);
  });
});

describe("zephyr serve: GET /api/templates and /api/profiles", () => {
  it("lists the seed templates and the fixture profiles by default, with their contents", async () => {
    const t: any = await (await fetch(new URL("/api/templates", server.url))).json();
    expect(t.dir).toBe("fixtures/seed");
    expect(t.templates.map((f: { name: string }) => f.name)).toEqual(filesEndingWith("fixtures/seed", ".zephyr"));
    expect(t.templates.map((f: { name: string }) => f.name)).toContain("profile-data.zephyr");
    const profileData = t.templates.find((f: { name: string }) => f.name === "profile-data.zephyr");
    expect(profileData.content).toBe(fixture("fixtures/seed/profile-data.zephyr"));
    // Each template comes with the endpoint its case file names, when it names one.
    expect(profileData.endpoint).toBeUndefined();
    const purchase = t.templates.find((f: { name: string }) => f.name === "purchase.zephyr");
    expect(purchase.endpoint).toBe("purchase");
    const p: any = await (await fetch(new URL("/api/profiles", server.url))).json();
    expect(p.dir).toBe("fixtures/profiles");
    expect(p.profiles.map((f: { name: string }) => f.name)).toEqual(filesEndingWith("fixtures/profiles", ".json"));
    const annFile = p.profiles.find((f: { name: string }) => f.name === "ann.json");
    expect(JSON.parse(annFile.content)).toEqual(ann());
  });

  it("lists only the regular *.zephyr / *.json files of the folders given, never what links point to", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zephyr-serve-"));
    try {
      mkdirSync(join(dir, "t"));
      mkdirSync(join(dir, "p"));
      mkdirSync(join(dir, "t", "nested.zephyr"));
      writeFileSync(join(dir, "t", "b.zephyr"), "Hello {name}");
      writeFileSync(join(dir, "t", "a.zephyr"), "{include 'b'}!");
      writeFileSync(join(dir, "t", "notes.txt"), "not a template");
      writeFileSync(join(dir, "secret.zephyr"), "outside");
      symlinkSync(join(dir, "secret.zephyr"), join(dir, "t", "link.zephyr"));
      writeFileSync(join(dir, "p", "zoe.json"), '{"vars": {"name": "Zoë"}}');
      const other = await startServer([
        "--templates",
        join(dir, "t"),
        "--profiles",
        join(dir, "p"),
        "--max-output",
        "20",
      ]);
      try {
        const t: any = await (await fetch(new URL("/api/templates", other.url))).json();
        expect(t.templates).toEqual([
          { name: "a.zephyr", content: "{include 'b'}!" },
          { name: "b.zephyr", content: "Hello {name}" },
        ]);
        const p: any = await (await fetch(new URL("/api/profiles", other.url))).json();
        expect(p.profiles).toEqual([{ name: "zoe.json", content: '{"vars": {"name": "Zoë"}}' }]);
        // {include} finds snippets in the templates folder.
        const res = await fetch(new URL("/api/render", other.url), {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ template: "{include 'b'}!", data: { name: "Zoë" }, endpoint: "none", escape: "none" }),
        });
        expect(((await res.json()) as any).output).toBe("Hello Zoë!");
        // The --max-* flags hold for every render.
        const long = await fetch(new URL("/api/render", other.url), {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            template:
              "{'a' + 'b' + 'c' + 'd' + 'e' + 'f' + 'g' + 'h' + 'i' + 'j' + 'k' + 'l' + 'm' + 'n' + 'o' + 'p' + 'q' + 'r' + 's' + 't' + 'u' + 'v'}",
            endpoint: "none",
          }),
        });
        expect(((await long.json()) as any).diagnostics[0].code).toBe("ZE_LIMIT_OUTPUT");
      } finally {
        await other.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers POST on a listing with 405 and an unknown API with 404, as JSON", async () => {
    const r = await post("/api/templates", {});
    expect(r.status).toBe(405);
    expect(r.headers.get("allow")).toBe("GET, HEAD");
    const missing = await fetch(new URL("/api/nothing", server.url));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "no such API: /api/nothing", status: 404 });
    const get = await fetch(new URL("/api/render", server.url));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });
});

describe("zephyr serve: POST /api/render", () => {
  it("answers what `zephyr render --format json` prints, plus lint findings and the time taken", async () => {
    const file = "fixtures/seed/profile-data.zephyr";
    const cli = runCli(["render", file, "--profile", "fixtures/profiles/ann.json", "--format", "json", "--now", NOW]);
    expect(cli.code).toBe(0);
    const r = await render({ template: fixture(file), name: file, profile: ann(), now: NOW });
    expect(r.status).toBe(200);
    const { lint, elapsedMs, ...report } = r.json;
    expect(report).toEqual(JSON.parse(cli.stdout));
    expect(lint).toEqual([]);
    expect(typeof elapsedMs).toBe("number");
    expect(report.payload.body).toBe("Hi, Ann !");
    expect(report.sms).toEqual({ encoding: "GSM-7", units: 9, segments: 1, characters: 9, ucs2Characters: [] });
  });

  it("reports the characters that force UCS-2, and counts the brand", async () => {
    const template = '{\n"to": "+12025550143", "body": "Hi {first_name} 🎉", "subscriptionType": "MARKETING"}';
    const r = await render({ template, profile: { vars: { first_name: "Ann" } }, brand: "Acme" });
    expect(r.json.sms.encoding).toBe("UCS-2");
    expect(r.json.sms.ucs2Characters).toEqual([{ char: "🎉", index: 7, codePoint: 0x1f389 }]);
    expect(r.json.sms.characters).toBe("Acme: Hi Ann 🎉".length - 1);
  });

  it("answers a template error with 200, ok: false and diagnostics with spans", async () => {
    const r = await render({ template: "Hello\n{if x}\nthere", profile: {} });
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(false);
    expect(r.json.output).toBeNull();
    expect(r.json.payload).toBeNull();
    expect(r.json.diagnostics).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "ZE_UNCLOSED_BLOCK",
        file: "playground.zephyr",
        span: expect.objectContaining({ line: 2, column: 1, endLine: 2, endColumn: 7 }),
      }),
    ]);
  });

  it("reports syntax and runtime errors with their span", async () => {
    const syntax = await render({ template: "Hi\n  {a +}" });
    expect(syntax.json.diagnostics[0]).toMatchObject({ code: "ZE_SYNTAX", span: { line: 2 } });
    const strict = await render({ template: "Hi {who}", strict: true, endpoint: "none" });
    expect(strict.json.diagnostics[0]).toMatchObject({ code: "ZE_UNDEFINED", span: { line: 1, column: 5 } });
    const lax = await render({ template: "Hi {who}", endpoint: "none", escape: "none" });
    expect(lax.json).toMatchObject({ ok: true, output: "Hi ", payload: null, diagnostics: [] });
  });

  it("escapes by JSON context for payloads, and not for plain text unless asked (as `zephyr render` does)", async () => {
    const data = { name: 'Zoë "Z"' };
    expect((await render({ template: "Hi {name}", data, endpoint: "none" })).json.output).toBe('Hi Zoë "Z"');
    expect((await render({ template: "Hi {name}", data, endpoint: "none", escape: "json" })).json.output).toBe(
      'Hi "Zoë \\"Z\\""',
    );
  });

  it("points payload problems at the template, and lints what compiled", async () => {
    const template = '{unused = 1}\n{\n"to": "{profile.keys.sms}",\n"body": "Hi {first_name}"\n}';
    const r = await render({ template, profile: { keys: { sms: "+12025550143" }, vars: { first_name: "Al" } } });
    expect(r.json.ok).toBe(false);
    const missing = r.json.diagnostics.find((d: any) => d.code === "AT_SCHEMA_REQUIRED");
    expect(missing).toMatchObject({ path: "/subscriptionType", span: { line: 2 } });
    // first_name is a profile var, so only the variable never read is reported.
    expect(r.json.lint).toEqual([
      expect.objectContaining({ code: "ZL_UNUSED", span: expect.objectContaining({ line: 1 }) }),
    ]);
  });

  it("answers a cancelled render as a result", async () => {
    const r = await render({ template: '{cancel(true, "not today")}', endpoint: "none" });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: false, cancelled: { message: "not today", span: { line: 1 } } });
  });

  it("uses the clock, time zone and seed it is given", async () => {
    const template = "{date('yyyy-MM-dd HH:mm', time('now'))} {random(1000000)}";
    const a = await render({ template, endpoint: "none", escape: "none", now: NOW, tz: "Asia/Tokyo", seed: 7 });
    const b = await render({ template, endpoint: "none", escape: "none", now: NOW, tz: "Asia/Tokyo", seed: "7" });
    expect(a.json.output).toMatch(/^2024-03-15 21:00 \d+$/);
    expect(b.json.output).toBe(a.json.output);
  });

  it("answers 400 with the parser's message for a body that is not JSON", async () => {
    const r = await post("/api/render", '{"template": "Hi",');
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/^the request body is not valid JSON: /);
    expect(r.json.error.length).toBeGreaterThan("the request body is not valid JSON: ".length);
    expect((await post("/api/render", "")).json.error).toContain("empty");
  });

  it("answers 400 naming the field for a bad request", async () => {
    const cases: [unknown, string][] = [
      [[1, 2], "the request body must be a JSON object"],
      [{}, "template must be a string"],
      [{ template: 5 }, "template must be a string"],
      [{ template: "x", profile: [] }, "profile must be a JSON object"],
      [{ template: "x", data: "a" }, "data must be a JSON object"],
      [
        { template: "x", endpoint: "email" },
        'endpoint must be one of "text-send", "subscriptions", "custom-events", "custom-attributes", "product-view", "add-to-cart", "purchase", "none"',
      ],
      [{ template: "x", now: "noon" }, "now must be an ISO 8601 date-time"],
      [{ template: "x", tz: "Mars/Olympus" }, "tz must be an IANA time zone"],
      [{ template: "x", seed: -1 }, "seed must be a whole number"],
      [{ template: "x", seed: true }, "seed must be a whole number"],
      [{ template: "x", strict: "yes" }, "strict must be true or false"],
      [{ template: "x", profle: {} }, 'unknown field "profle"'],
    ];
    for (const [body, message] of cases) {
      const r = await render(body as Record<string, unknown>);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.error, JSON.stringify(body)).toContain(message);
    }
  });

  it("answers 415 for a body not sent as JSON (so other web pages cannot post to it)", async () => {
    const r = await post("/api/render", JSON.stringify({ template: "x" }), {
      headers: { "Content-Type": "text/plain" },
    });
    expect(r.status).toBe(415);
    expect(r.json.error).toContain("Content-Type: application/json");
  });

  it("answers 413 for a body over 1 MB, and keeps serving", async () => {
    const big = JSON.stringify({ template: "x".repeat(1024 * 1024 + 10) });
    const r = await post("/api/render", big);
    expect(r.status).toBe(413);
    expect(r.json).toEqual({ error: "the request body is larger than 1 MB", status: 413 });
    // Without a declared length (chunked), the limit holds as the body streams in.
    const chunked = await fetch(new URL("/api/render", server.url), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: new Blob([big]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await render({ template: "still here", endpoint: "none" })).json.output).toBe("still here");
  });
});

describe("zephyr serve: POST /api/validate", () => {
  it("validates a payload value or JSON text, with the SMS facts", async () => {
    const payload = JSON.parse(fixture("fixtures/payloads/valid-text-send.json"));
    const ok = await post("/api/validate", { payload });
    expect(ok.status).toBe(200);
    expect(ok.json.ok).toBe(true);
    expect(ok.json.sms.encoding).toBe("GSM-7");
    const text = await post("/api/validate", { payload: fixture("fixtures/payloads/missing-to.json") });
    expect(text.json.ok).toBe(false);
    expect(text.json.diagnostics.length).toBeGreaterThan(0);
    const broken = await post("/api/validate", { payload: '{"body": ' });
    expect(broken.json.ok).toBe(false);
    expect(broken.json.payload).toBeNull();
    expect(broken.json.diagnostics[0].severity).toBe("error");
    const subscriptions = await post("/api/validate", {
      payload: JSON.parse(fixture("fixtures/payloads/subscriptions-valid.json")),
      endpoint: "subscriptions",
    });
    expect(subscriptions.json.ok).toBe(true);
    expect(subscriptions.json.sms).toBeUndefined();
  });

  it("answers 400 without a payload or with an unknown endpoint", async () => {
    expect((await post("/api/validate", {})).json.error).toContain("payload is required");
    expect((await post("/api/validate", { payload: {}, endpoint: "none" })).status).toBe(400);
  });
});
