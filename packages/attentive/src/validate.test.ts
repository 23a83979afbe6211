import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "./endpoints.js";
import { findingFromAjvError } from "./schema.js";
import { validatePayload } from "./validate.js";

const valid = {
  to: "+12125551234",
  subscriptionType: "MARKETING",
  body: "Hi",
  useShortLinks: false,
  skipFatigue: false,
};

describe("validatePayload", () => {
  it("accepts a valid text-send payload given as a value or as JSON text", () => {
    expect(validatePayload(valid, "text-send")).toEqual([]);
    expect(validatePayload(JSON.stringify(valid, null, 2), "text-send")).toEqual([]);
  });

  it("reports a payload that is not an object once", () => {
    for (const payload of [[valid], "42", null]) {
      expect(validatePayload(payload, "text-send")).toEqual([
        expect.objectContaining({ severity: "error", code: "AT_PAYLOAD_NOT_OBJECT", path: "" }),
      ]);
    }
  });

  it("reports a JSON syntax error with its line and column, and nothing else", () => {
    expect(validatePayload('{\n  "to": "+12125551234"\n  "body": "Hi"\n}', "text-send")).toEqual([
      {
        severity: "error",
        code: "AT_JSON_SYNTAX",
        message: `The payload is not valid JSON: expected ',' or '}' after the value of "to", found '"' (line 3, column 3).`,
      },
    ]);
  });

  it("warns about a duplicate key, and checks the value that wins", () => {
    const found = validatePayload(
      '{"to": "+12125551234", "subscriptionType": "MARKETING", "body": "", "useShortLinks": false, "skipFatigue": false, "body": "Hi"}',
      "text-send",
    );
    expect(found).toEqual([
      {
        severity: "warning",
        code: "AT_DUPLICATE_KEY",
        path: "/body",
        message: 'The field "body" appears more than once in the same object; only the last one counts.',
        hint: "Remove the extra copy.",
      },
    ]);
  });

  it("lists errors first, then warnings, then information", () => {
    const found = validatePayload({ to: "+12125551234", subscriptionType: "MARKETING", body: "Hi  ‘x’" }, "text-send");
    expect(found.map((d) => d.severity)).toEqual(["warning", "warning", "info", "info"]);
    expect(validatePayload({ body: "Hi" }, "text-send").map((d) => d.severity)).toEqual([
      "error",
      "error",
      "warning",
      "info",
    ]);
  });
});

describe("schema diagnostics", () => {
  it("names a missing required field with what it is for", () => {
    expect(validatePayload({ ...valid, body: undefined }, "text-send")).toEqual([
      {
        severity: "error",
        code: "AT_SCHEMA_REQUIRED",
        path: "/body",
        message: 'The payload has no "body" (the text of the message). Add it.',
      },
    ]);
  });

  it("explains a wrong type in plain words, with a hint for quoted literals", () => {
    expect(validatePayload({ ...valid, skipFatigue: "false", messageId: "17" }, "text-send")).toEqual([
      {
        severity: "error",
        code: "AT_SCHEMA_TYPE",
        path: "/skipFatigue",
        message: '"skipFatigue" must be true or false, but it is the text "false".',
        hint: "Write false without quotes.",
      },
      {
        severity: "error",
        code: "AT_SCHEMA_TYPE",
        path: "/messageId",
        message: '"messageId" must be a whole number, but it is the text "17".',
        hint: "Write 17 without quotes.",
      },
    ]);
    expect(validatePayload({ ...valid, to: ["+12125551234"] }, "text-send")[0].message).toBe(
      '"to" must be text in double quotes or null, but it is a list.',
    );
  });

  it("reports a wrong type deep inside the payload with its path", () => {
    expect(
      validatePayload(
        {
          user: { email: "a@b.co" },
          signUpSourceId: "1",
          externalIdentifiers: { customIdentifiers: [{ name: "a", value: 5 }] },
        },
        "subscriptions",
      ),
    ).toEqual([
      expect.objectContaining({
        code: "AT_SCHEMA_TYPE",
        path: "/externalIdentifiers/customIdentifiers/0/value",
        message:
          '"externalIdentifiers.customIdentifiers.0.value" must be text in double quotes, but it is the number 5.',
      }),
    ]);
  });

  it("maps an error of any other keyword to AT_SCHEMA_<KEYWORD>", () => {
    expect(
      findingFromAjvError({
        keyword: "maxLength",
        instancePath: "/body",
        schemaPath: "#/x",
        params: {},
        message: "must NOT have more than 5 characters",
      }),
    ).toEqual({
      severity: "error",
      code: "AT_SCHEMA_MAX_LENGTH",
      path: "/body",
      message: '"body" must NOT have more than 5 characters.',
    });
  });
});

describe("endpoints", () => {
  it("define the Attentive URLs and schema files that exist and are valid JSON", () => {
    expect(ENDPOINTS["text-send"]).toMatchObject({
      method: "POST",
      url: "https://api.attentivemobile.com/v1/text/send",
    });
    expect(ENDPOINTS.subscriptions).toMatchObject({
      method: "POST",
      url: "https://api.attentivemobile.com/v1/subscriptions",
    });
    for (const { schemaFile } of Object.values(ENDPOINTS)) {
      const schema = JSON.parse(readFileSync(new URL(`../schemas/${schemaFile}`, import.meta.url), "utf8"));
      expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    }
  });
});

describe("sample payloads in fixtures/payloads", () => {
  const fixture = (name: string) =>
    readFileSync(new URL(`../../../fixtures/payloads/${name}`, import.meta.url), "utf8");
  it.each([
    ["valid-text-send.json", "text-send", []],
    ["missing-to.json", "text-send", ["AT_RECIPIENT_MISSING"]],
    ["braces-in-body.json", "text-send", ["AT_BODY_BRACES"]],
    ["media-url-typo.json", "text-send", ["AT_UNKNOWN_FIELD"]],
    ["not-json.json", "text-send", ["AT_JSON_SYNTAX"]],
    ["subscriptions-valid.json", "subscriptions", []],
    ["subscriptions-locale-string.json", "subscriptions", ["AT_EXTERNAL_IDS_INSIDE_USER", "AT_LOCALE_STRING"]],
  ] as const)("%s → %j", (name, endpoint, codes) => {
    expect(validatePayload(fixture(name), endpoint).map((d) => d.code)).toEqual(codes);
  });
});
