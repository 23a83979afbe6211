/**
 * Every command that takes an endpoint knows the seven (from @zephyr/attentive's ENDPOINT_NAMES): render, validate,
 * lint, preview, check, batch and the playground, on the seed templates and payload fixtures of each.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENDPOINT_NAMES, ENDPOINTS } from "@zephyr/attentive/internal";
import { afterAll, describe, expect, it } from "vitest";
import { ENDPOINTS as CASE_FILE_ENDPOINTS } from "../src/check/case-file.js";
import { type PlaygroundConfig, renderRequest, validateRequest } from "../src/serve/api.js";
import { ENDPOINT_CHOICES } from "../src/setup.js";
import { runInProcess } from "./in-process.js";
import { runCliAsync } from "./run-cli.js";

const NEW = ["custom-events", "custom-attributes", "product-view", "add-to-cart", "purchase"] as const;
const NOW = "2024-03-15T12:00:00Z";
const MAYA = "fixtures/profiles/shopper-maya.json";
const seed = (endpoint: string) => `fixtures/seed/${endpoint}.zephyr`;
/** The inputs each seed template needs. */
const INPUTS: Record<(typeof NEW)[number], string[]> = {
  "custom-events": ["--profile", MAYA, "--now", NOW],
  "custom-attributes": ["--profile", MAYA],
  "product-view": ["--profile", MAYA, "--data", "fixtures/data/viewed-product.json"],
  "add-to-cart": ["--profile", MAYA, "--now", "2025-03-15T00:00:00Z"],
  purchase: ["--profile", MAYA, "--now", "2025-02-03T01:00:00Z"],
};

const tmp = mkdtempSync(join(tmpdir(), "zephyr-endpoints-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the --endpoint choices come from ENDPOINT_NAMES", () => {
  it("in the rendering commands, validate, lint and case files", async () => {
    expect(ENDPOINT_CHOICES).toEqual([...ENDPOINT_NAMES, "none"]);
    expect(CASE_FILE_ENDPOINTS).toEqual([...ENDPOINT_NAMES, "none"]);
    const listed = `choices: ${[...ENDPOINT_NAMES].map((e) => `"${e}"`).join(", ")}`;
    for (const command of ["render", "preview", "batch", "serve", "lint", "validate"]) {
      const help = (await runInProcess([command, "--help"])).stdout.replace(/\s+/g, " ");
      expect(help, command).toContain(listed);
    }
    const bad = await runInProcess(["validate", "fixtures/payloads/purchase-valid.json", "--endpoint", "orders"]);
    expect([bad.code, bad.stderr]).toEqual([64, expect.stringContaining("add-to-cart, purchase")]);
  });
});

describe.each(NEW)("%s", (endpoint) => {
  it("render: the seed template gives a valid payload, exit 0", async () => {
    const r = await runInProcess(["render", seed(endpoint), "--endpoint", endpoint, ...INPUTS[endpoint]]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(JSON.parse(r.stdout)).toEqual(expect.objectContaining({ user: expect.any(Object) }));
  });

  it("render --format curl: the request goes to the endpoint's address", async () => {
    const r = await runInProcess([
      "render",
      seed(endpoint),
      "--endpoint",
      endpoint,
      "--format",
      "curl",
      ...INPUTS[endpoint],
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`curl -X POST '${ENDPOINTS[endpoint].url}'`);
  });

  it("render --format json: no SMS facts for a payload that is not a text message", async () => {
    const r = await runInProcess([
      "render",
      seed(endpoint),
      "--endpoint",
      endpoint,
      "--format",
      "json",
      ...INPUTS[endpoint],
    ]);
    const report = JSON.parse(r.stdout);
    expect([report.ok, report.sms, report.diagnostics]).toEqual([true, undefined, []]);
  });

  it("validate: the valid fixture passes and an invalid one names its errors (exit 1)", async () => {
    const ok = await runInProcess([
      "validate",
      `fixtures/payloads/${endpoint}-valid.json`,
      "--endpoint",
      endpoint,
      "--now",
      NOW,
    ]);
    expect([ok.code, ok.stdout]).toEqual([0, `fixtures/payloads/${endpoint}-valid.json: valid ${endpoint} payload\n`]);
    // The same file against text-send is not valid: the endpoint matters.
    expect((await runInProcess(["validate", `fixtures/payloads/${endpoint}-valid.json`])).code).toBe(1);
  });

  it("lint: the seed template passes its endpoint's skeleton check", async () => {
    // The data the template reads (lint warns about a variable that neither it nor the data assigns).
    const data = {
      "product-view": ["--data", "fixtures/data/viewed-product.json"],
      purchase: ["--data", "fixtures/data/order.json"],
    };
    const r = await runInProcess([
      "lint",
      seed(endpoint),
      "--endpoint",
      endpoint,
      ...(data[endpoint as keyof typeof data] ?? []),
    ]);
    expect([r.code, r.stdout]).toEqual([0, `${seed(endpoint)}: ok\n`]);
  });

  it("preview: shows the request, not a phone bubble with SMS facts", async () => {
    const r = await runInProcess(["preview", seed(endpoint), "--endpoint", endpoint, ...INPUTS[endpoint]]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`POST https://api.attentivemobile.com/v1/`);
    expect(r.stdout).toContain("no SMS facts");
    expect(r.stdout).not.toMatch(/segment|GSM-7|╭/);
    expect(r.stdout).toContain(`✓ valid ${endpoint} payload (0 errors, 0 warnings)`);
  });

  // batch renders on worker threads, which only the built CLI has
  it("batch: one compact payload per profile line, in order", async () => {
    const profiles = join(tmp, `${endpoint}-profiles.ndjson`);
    const maya = JSON.parse(readFileSync(MAYA, "utf8"));
    const other = { ...maya, email: "maya.2@example.com" };
    writeFileSync(profiles, `${JSON.stringify(maya)}\n${JSON.stringify(other)}\n`);
    const out = join(tmp, `${endpoint}.ndjson`);
    const inputs = INPUTS[endpoint].slice(2); // without --profile
    const r = await runCliAsync([
      "batch",
      seed(endpoint),
      "--endpoint",
      endpoint,
      "--profiles",
      profiles,
      "--out",
      out,
      "--workers",
      "1",
      ...inputs,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    if (endpoint !== "product-view") expect(lines.map((p) => p.user.email)).toEqual([maya.email, other.email]);
  });
});

describe("validate --now and the event rules", () => {
  it("compares occurredAt with --now, and rejects a bad --now (exit 64)", async () => {
    const file = "fixtures/payloads/purchase-stale-no-items.json";
    const stale = await runInProcess(["validate", file, "--endpoint", "purchase", "--now", NOW]);
    expect(stale.code).toBe(0);
    expect(stale.stderr).toContain("warning AT_OCCURRED_AT_STALE /occurredAt");
    expect(stale.stderr).toContain("warning AT_ECOM_NO_ITEMS /items");
    const fresh = await runInProcess(["validate", file, "--endpoint", "purchase", "--now", "2024-03-14T10:00:00Z"]);
    expect(fresh.stderr).not.toContain("AT_OCCURRED_AT_STALE");
    expect((await runInProcess(["validate", file, "--endpoint", "purchase", "--now", "later"])).code).toBe(64);
  });

  it("reports each invalid fixture's errors with their line and column", async () => {
    const expected: [string, string, string[]][] = [
      [
        "custom-events-invalid.json",
        "custom-events",
        [
          "2:18: error AT_EVENT_TYPE_CHARS",
          "4:5: error AT_EVENT_KEY_CHARS",
          "error AT_OCCURRED_AT_INVALID",
          "error AT_PHONE_NOT_E164",
          "warning AT_EVENT_LIST_IN_SMS",
        ],
      ],
      [
        "custom-attributes-list-value.json",
        "custom-attributes",
        ["error AT_ATTRIBUTE_LIST", "error AT_USER_NO_IDENTIFIER", "error AT_EXTERNAL_IDS_OUTSIDE_USER"],
      ],
      [
        "add-to-cart-price-object.json",
        "add-to-cart",
        [
          "6:16: error AT_ECOM_PRICE_SHAPE",
          "error AT_SCHEMA_TYPE /items/0/quantity",
          "warning AT_OCCURRED_AT_OFFSET_FORMAT",
        ],
      ],
    ];
    for (const [file, endpoint, found] of expected) {
      const r = await runInProcess(["validate", `fixtures/payloads/${file}`, "--endpoint", endpoint, "--now", NOW]);
      expect(r.code, file).toBe(1);
      for (const text of found) expect(r.stderr, file).toContain(text);
    }
  });
});

describe("lint of an event template", () => {
  it("reports what the template's own text gets wrong for the endpoint, as errors", async () => {
    const file = join(tmp, "bad-event.zephyr");
    writeFileSync(
      file,
      '{\n  "type": "Order (Shipped)",\n  "properties": { "order|id": "{first_name}" },\n  "user": { "email": "{email}", "phon": "1" }\n}\n',
    );
    const r = await runInProcess(["lint", file, "--endpoint", "custom-events"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad-event.zephyr:2:18: error AT_EVENT_TYPE_CHARS");
    expect(r.stderr).toContain("bad-event.zephyr:3:19: error AT_EVENT_KEY_CHARS");
    expect(r.stderr).toContain("bad-event.zephyr:4:33: error AT_FIELD_NOT_ALLOWED");
  });
});

describe("check", () => {
  it("accepts every endpoint in a case file and names them all for an unknown one (exit 64)", async () => {
    writeFileSync(join(tmp, "event.zephyr"), '{ "type": "Order Shipped", "user": { "email": "{email}" } }');
    const cases = (endpoint: string) =>
      JSON.stringify({ endpoint, cases: [{ name: "a", data: { email: "ann@example.com" }, ok: true }] });
    writeFileSync(join(tmp, "event.cases.json"), cases("custom-events"));
    expect((await runInProcess(["check", join(tmp, "event.cases.json")])).code).toBe(0);
    writeFileSync(join(tmp, "event.cases.json"), cases("orders"));
    const bad = await runInProcess(["check", join(tmp, "event.cases.json")]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain(
      `"endpoint" must be one of ${[...ENDPOINT_NAMES, "none"].map((e) => `"${e}"`).join(", ")}`,
    );
  });

  it("runs the seed case files of every endpoint", async () => {
    const r = await runInProcess(["check", ...NEW.map((e) => `fixtures/seed/${e}.cases.json`)]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/\d+ passed, 0 failed/);
  });
});

describe("the playground API", () => {
  const config: PlaygroundConfig = {
    provider: { personalize: () => [] },
    globals: {},
    defaults: { endpoint: "purchase", strict: false, now: NOW },
  };

  it("renders for any endpoint, and defaults to the server's", async () => {
    const template = readFileSync(seed("custom-events"), "utf8");
    const profile = JSON.parse(readFileSync(MAYA, "utf8"));
    const answer = await renderRequest(config, { template, profile, endpoint: "custom-events" });
    expect([answer.ok, answer.diagnostics]).toEqual([true, []]);
    const purchase = await renderRequest(config, { template: '{ "items": [] }', profile });
    expect(purchase.diagnostics.map((d) => d.code)).toContain("AT_SCHEMA_REQUIRED");
    await expect(renderRequest(config, { template: "x", endpoint: "orders" })).rejects.toThrow(/"purchase", "none"/);
  });

  it("validates for any endpoint, with the request's clock, and SMS facts only for text-send", () => {
    const payload = readFileSync("fixtures/payloads/purchase-stale-no-items.json", "utf8");
    const answer = validateRequest(config, { payload });
    expect((answer.diagnostics as { code: string }[]).map((d) => d.code)).toEqual([
      "AT_ECOM_NO_ITEMS",
      "AT_OCCURRED_AT_STALE",
    ]);
    expect(answer.sms).toBeUndefined();
    const earlier = validateRequest(config, { payload, now: "2024-03-14T10:00:00Z" });
    expect((earlier.diagnostics as { code: string }[]).map((d) => d.code)).toEqual(["AT_ECOM_NO_ITEMS"]);
    const text = validateRequest(config, {
      payload: readFileSync("fixtures/payloads/valid-text-send.json", "utf8"),
      endpoint: "text-send",
    });
    expect(text.sms).toBeDefined();
  });
});
