import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, spawnCli } from "./run-cli.js";

const SEED = "fixtures/seed/profile-data.zephyr";
const RECS = "fixtures/seed/content-recommendations.zephyr";
const tmp = mkdtempSync(join(tmpdir(), "zephyr-cli-"));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe("render", () => {
  it("prints the seed payload with the name and phone filled in (exit 0)", () => {
    const r = runCli(["render", SEED, "--profile", "fixtures/profiles/ann.json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      to: "+12025550143",
      body: "Hi, Ann !",
      subscriptionType: "MARKETING",
      useShortLinks: false,
      skipFatigue: false,
    });
  });

  it("--endpoint none prints the raw text", () => {
    const r = runCli(["render", SEED, "--profile", "fixtures/profiles/ann.json", "--endpoint", "none"]);
    expect([r.code, r.stdout]).toEqual([0, readFileSync("fixtures/seed/expected/profile-data--ann.txt", "utf8")]);
  });

  it("keeps a name with quotes and a backslash valid JSON", () => {
    const r = runCli(["render", SEED, "--profile", "fixtures/profiles/the-hammer.json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).body).toBe('Hi, Ann "The Hammer" O\\Neil !');
  });

  it('exits 1 without a phone and names /to and the template line of "to"', () => {
    const r = runCli(["render", SEED, "--profile", "fixtures/profiles/the-hammer-no-phone.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${SEED}:3:9: error AT_TO_NOT_E164 /to:`);
  });

  it("--format json carries sms.encoding and sms.segments", () => {
    const r = runCli(["render", SEED, "--profile", "fixtures/profiles/ann.json", "--format", "json"]);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      ok: true,
      payload: { to: "+12025550143" },
      sms: { encoding: "GSM-7", segments: 1 },
    });
    expect(Object.keys(report)).toEqual(["ok", "output", "payload", "diagnostics", "sms"]);
  });

  it("puts the catalog's top trending title in body", () => {
    const r = runCli([
      "render",
      RECS,
      "--profile",
      "fixtures/profiles/ann.json",
      "--catalog",
      "fixtures/catalogs/store.json",
      "--now",
      "2025-03-15T12:00:00Z",
    ]);
    expect(r.code).toBe(0);
    const catalog = JSON.parse(readFileSync("fixtures/catalogs/store.json", "utf8"));
    const titles = new Set(catalog.content.map((i: { title: string }) => i.title));
    const body = JSON.parse(r.stdout).body as string;
    expect(body.startsWith("Picked for you! ")).toBe(true);
    expect(titles.has(body.slice("Picked for you! ".length))).toBe(true);
  });

  it("exits 2 with file:line:column for an unclosed {if}, pointing at the opening tag", () => {
    const r = runCli(["render", file("unclosed.zephyr", "hello\n  {if vip}\nbody"), "--endpoint", "none"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unclosed\.zephyr:2:3: error ZE_UNCLOSED_BLOCK/);
    expect(r.stderr).toContain("^^^^^^^^");
  });

  it("exits 2 with a message that says why for api_send()", () => {
    const r = runCli(["render", file("api.zephyr", "{api_send('welcome')}"), "--endpoint", "none"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/api_send\(\) is not available outside Sailthru/);
  });

  it("exits 3 when assert() cancels the render", () => {
    const r = runCli([
      "render",
      file("assert.zephyr", "{assert(profile.vars.vip, 'not a VIP')}x"),
      "--profile",
      "fixtures/profiles/ann.json",
    ]);
    expect([r.code, r.stderr.trim()]).toEqual([3, "cancelled: not a VIP"]);
  });

  it("renders {4+3}, literal { name } and a numeric comparison", () => {
    const r = runCli(["render", "-", "--endpoint", "none"], { input: "{4+3} { name } {if 2 == 2.0}x{/if}" });
    expect(r.stdout).toBe("7 { name } x");
  });

  it("applies --strict, --now, --tz and --seed", () => {
    expect(runCli(["render", "-", "--endpoint", "none", "--strict"], { input: "{nope}" }).code).toBe(2);
    const r = runCli(
      ["render", "-", "--endpoint", "none", "--now", "2024-03-15T12:00:00Z", "--tz", "America/New_York", "--seed", "7"],
      {
        input: "{date('yyyy-MM-dd HH:mm')} {random(1000)}",
      },
    );
    const again = runCli(
      ["render", "-", "--endpoint", "none", "--now", "2024-03-15T12:00:00Z", "--tz", "America/New_York", "--seed", "7"],
      {
        input: "{date('yyyy-MM-dd HH:mm')} {random(1000)}",
      },
    );
    expect(r.stdout).toMatch(/^2024-03-15 08:00 \d+$/);
    expect(again.stdout).toBe(r.stdout);
  });

  it("exits 64 with the usage line for bad flags and unreadable input", () => {
    const bad = runCli(["render", SEED, "--bogus"]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain("unknown option '--bogus'");
    const missing = runCli(["render", "nope.zephyr"]);
    expect([missing.code, missing.stderr.trim()]).toEqual([
      64,
      "zephyr: cannot read template nope.zephyr: no such file",
    ]);
    expect(runCli(["render", SEED, "--profile", file("bad.json", "{\n  oops\n}")]).stderr).toMatch(
      /bad\.json:2:3 is not valid JSON/,
    );
    expect(runCli(["render", SEED, "--now", "yesterday"]).code).toBe(64);
  });

  it("--format curl shows the webhook request with the token redacted unless --show-secrets", () => {
    const env = { ATTENTIVE_API_KEY: "sk_live_secret123" };
    const redacted = runCli(["render", SEED, "--profile", "fixtures/profiles/ann.json", "--format", "curl"], { env });
    expect(redacted.stdout).toContain("curl -X POST 'https://api.attentivemobile.com/v1/text/send'");
    expect(redacted.stdout).toContain("Content-Type: application/json");
    expect(redacted.stdout).not.toContain("sk_live_secret123");
    const shown = runCli(
      ["render", SEED, "--profile", "fixtures/profiles/ann.json", "--format", "curl", "--show-secrets"],
      { env },
    );
    expect(shown.stdout).toContain("Authorization: Bearer sk_live_secret123");
  });
});

describe("preview", () => {
  it("shows the message in a bubble with the brand, encoding and segments", () => {
    const r = runCli(["preview", SEED, "--profile", "fixtures/profiles/ann.json", "--brand", "Acme"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("│ Acme: Hi, Ann !");
    expect(r.stdout).toMatch(/GSM-7 · 15 characters · 15 septets · 1 segment/);
  });

  it("lists the characters that forced UCS-2 with replacements", () => {
    const profile = file(
      "zoe.json",
      JSON.stringify({ keys: { sms: "+12025550143" }, vars: { first_name: "Zoë’s 🎉" } }),
    );
    const r = runCli(["preview", SEED, "--profile", profile]);
    expect(r.stdout).toMatch(/UCS-2 · /);
    expect(r.stdout).toContain('’ U+2019 → "\'"');
    expect(r.stdout).toContain("🎉 U+1F389");
  });

  it("prints diagnostics with a code frame and exits 1 when invalid", () => {
    const r = runCli(["preview", SEED, "--profile", "fixtures/profiles/the-hammer-no-phone.json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('3 | "to" : "{profile.keys.sms}",');
  });
});

describe("validate", () => {
  it("accepts a valid payload and rejects an invalid one with line and column in the file", () => {
    expect(runCli(["validate", "fixtures/payloads/valid-text-send.json"]).code).toBe(0);
    const r = runCli(["validate", "fixtures/payloads/braces-in-body.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/braces-in-body\.json:\d+:\d+: error AT_BODY_BRACES \/body/);
  });

  it("reads standard input and reports JSON", () => {
    const r = runCli(["validate", "-", "--format", "json", "--endpoint", "subscriptions"], {
      input: readFileSync("fixtures/payloads/subscriptions-valid.json", "utf8"),
    });
    expect(JSON.parse(r.stdout).ok).toBe(true);
  });
});

describe("lint", () => {
  it("warns about the seed's unused mediaUrl and passes the profile template", () => {
    const r = runCli(["lint", RECS, SEED]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning ZL_UNUSED: 'mediaUrl' is assigned but never used");
    expect(r.stdout).toContain(`${SEED}: ok`);
  });

  it("catches a missing comma and a misspelled field in the JSON skeleton", () => {
    const t = file("skeleton.zephyr", '{\n"to": "{profile.keys.sms}"\n"body": "Hi"\n}');
    const r = runCli(["lint", t]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/skeleton\.zephyr:3:1: error AT_JSON_SYNTAX/);
    const typo = runCli([
      "lint",
      file(
        "typo.zephyr",
        '{\n"to": "{profile.keys.sms}", "body": "Hi", "subscriptionType": "MARKETING", "mediaURL": "https://x.example/a.jpg"\n}',
      ),
    ]);
    expect(typo.stderr).toMatch(/AT_UNKNOWN_FIELD/);
    expect(typo.stderr).toContain("mediaUrl");
  });

  it("reports unknown functions and wrong arity", () => {
    const r = runCli(["lint", file("fn.zephyr", "{uper(x)}{replace('a')}")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("did you mean upper()?");
  });
});

describe("fmt", () => {
  it("prints, checks and rewrites the canonical form", () => {
    const t = file("fmt.zephyr", "{x=1+2}\n{ literal }\n");
    expect(runCli(["fmt", t]).stdout).toBe("{x = 1 + 2}\n{ literal }\n");
    expect(runCli(["fmt", "--check", t]).code).toBe(1);
    expect(runCli(["fmt", "--write", t]).code).toBe(0);
    expect(readFileSync(t, "utf8")).toBe("{x = 1 + 2}\n{ literal }\n");
    expect(runCli(["fmt", "--check", t]).code).toBe(0);
  });
});

describe("help", () => {
  it.each(["render", "preview", "validate", "lint", "fmt"])("%s --help shows an example", (cmd) => {
    const r = runCli([cmd, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples?:\n\s+\$ zephyr/);
  });

  it("stops quietly when the reader closes the pipe early (zephyr batch --help | head -1)", async () => {
    const child = spawnCli(["batch", "--help"]);
    child.stdout.destroy(); // the reader is gone before the help is written: the write fails with EPIPE
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const code = await new Promise((done) => child.on("close", done));
    expect([code, stderr]).toEqual([0, ""]);
  });
});
