import { compile, ZephyrError } from "@zephyr/zephyr";
import { describe, expect, it } from "vitest";
import { ENDPOINT_NAMES, ENDPOINTS } from "./endpoints.js";
import { renderPayload, renderPayloadAsync, validatePayloadText } from "./render-payload.js";
import { validatePayload } from "./validate.js";

function errorOf(f: () => unknown): ZephyrError {
  try {
    f();
  } catch (e) {
    if (e instanceof ZephyrError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("unknown endpoint names", () => {
  it("are ZE_UNKNOWN_ENDPOINT errors listing every endpoint of the table", async () => {
    const t = compile("{ }");
    const names = Object.keys(ENDPOINTS);
    expect(ENDPOINT_NAMES).toEqual(names);
    for (const call of [
      () => renderPayload(t, {}, { endpoint: "sms" as "text-send" }),
      () => validatePayload({}, "text_send" as "text-send"),
      () => validatePayloadText("{}", { endpoint: "none" as "text-send" }),
    ]) {
      const e = errorOf(call);
      expect(e.code).toBe("ZE_UNKNOWN_ENDPOINT");
      for (const name of names) expect(e.message).toContain(name);
    }
    expect(errorOf(() => validatePayload({}, "text_send" as "text-send")).hint).toBe("did you mean 'text-send'?");
    await expect(renderPayloadAsync(t, {}, { endpoint: "sms" as "text-send" })).rejects.toMatchObject({
      code: "ZE_UNKNOWN_ENDPOINT",
    });
  });

  it("leave every endpoint of the table, and none for rendering, working", () => {
    const t = compile("{ }");
    for (const name of ENDPOINT_NAMES) expect(renderPayload(t, {}, { endpoint: name }).output).toBe("{ }");
    expect(renderPayload(t, {}, { endpoint: "none" }).ok).toBe(true);
  });
});
