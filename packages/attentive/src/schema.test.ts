import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "./endpoints.js";
import { loadSchema, schemaFindings } from "./schema.js";

const packageDir = new URL("../", import.meta.url);
const script = fileURLToPath(new URL("../../../scripts/gen-validators.mjs", import.meta.url));

interface Generator {
  SCHEMAS: string[];
  generateValidators(): Map<string, string>;
}

describe("the generated validators (src/generated/)", () => {
  it("are what scripts/gen-validators.mjs generates now: run `node scripts/gen-validators.mjs` when this fails", async () => {
    const { generateValidators } = (await import(/* @vite-ignore */ script)) as Generator;
    const files = generateValidators();
    const committed = readdirSync(new URL("src/generated/", packageDir)).map((f) => `src/generated/${f}`);
    expect(committed.sort()).toEqual([...files.keys()].sort());
    for (const [path, text] of files) expect(readFileSync(new URL(path, packageDir), "utf8"), path).toBe(text);
  });

  it("carry the schema files, so loadSchema reads no file", () => {
    for (const { schemaFile: file } of Object.values(ENDPOINTS)) {
      expect(loadSchema(file)).toEqual(JSON.parse(readFileSync(new URL(`schemas/${file}`, packageDir), "utf8")));
      expect(loadSchema(file)).toBe(loadSchema(file));
    }
  });

  it("exist for the schema file of every endpoint", async () => {
    const { SCHEMAS } = (await import(/* @vite-ignore */ script)) as Generator;
    for (const endpoint of Object.values(ENDPOINTS)) expect(SCHEMAS).toContain(endpoint.schemaFile);
  });

  it("report what ajv reports when it compiles the schema at run time", () => {
    const payloads: unknown[] = [
      {},
      [],
      "x",
      null,
      { to: 5, body: ["x"], subscriptionType: 1, messageName: "", subscriberExternalId: 1.5, skipFatigue: "false" },
      { to: null, subscriberExternalId: null, body: "Hi", subscriptionType: "PROMO", messageId: "7", mediaUrl: 3 },
      { user: "ann", locale: "en-US", externalIdentifiers: { customIdentifiers: [{ name: 1 }, "x"] } },
      { user: { phone: 1, email: false }, signUpSourceId: 357280, singleOptIn: "yes", subscriptionType: "x" },
      { type: 5, properties: [], user: { phon: "+1", externalIdentifiers: { customIdentifiers: [{ value: 1 }] } } },
      { properties: { a: [1] }, user: null, occurredAt: 5, externalEventId: {} },
      { items: {}, user: { email: "a@b.co" } },
      { items: [{ productId: 1, price: {} }, { price: [], quantity: 1.5 }, "x"], salesChannel: { channelType: "WWW" } },
      { items: [{ productId: "a", productVariantId: "b", price: [{ value: "1" }, { currency: 1 }] }], orderId: 7 },
    ];
    for (const { schemaFile: file } of Object.values(ENDPOINTS)) {
      const compiled = new Ajv({ allErrors: true, verbose: true }).compile(loadSchema(file));
      for (const payload of payloads) {
        compiled(payload);
        const expected = new Map<string | undefined, unknown>();
        for (const error of compiled.errors ?? []) {
          const path =
            error.keyword === "required"
              ? `${error.instancePath}/${error.params.missingProperty}`
              : error.keyword === "additionalProperties"
                ? `${error.instancePath}/${error.params.additionalProperty}`
                : error.instancePath;
          if (!expected.has(path)) expected.set(path, error.keyword);
        }
        const findings = schemaFindings(payload, file);
        expect(
          findings.map((f) => [f.path, f.code]),
          `${file} ${JSON.stringify(payload)}`,
        ).toEqual(
          [...expected].map(([path, keyword]) => [
            path,
            `AT_SCHEMA_${String(keyword)
              .replace(/([a-z])([A-Z])/g, "$1_$2")
              .toUpperCase()}`,
          ]),
        );
      }
    }
  });

  it("mean that no module of the package imports ajv (or anything) at run time, nor generates code", () => {
    const sources = readdirSync(new URL("src/", packageDir), { recursive: true, encoding: "utf8" }).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".test.ts"),
    );
    expect(sources.length).toBeGreaterThan(10);
    for (const file of sources) {
      const text = readFileSync(new URL(`src/${file}`, packageDir), "utf8");
      expect(text, file).not.toMatch(/^import (?!type )[^;]*from "ajv[^"]*";/m);
      expect(text, file).not.toMatch(/\bnew Function\b|\beval\(|\.compile\(|\brequire\(|readFileSync/);
    }
  });
});
