/** `POST /api/tokens` over HTTP, from the built `zephyr serve`. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "./serve-harness.js";

describe("zephyr serve: POST /api/tokens", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const post = (body: string, type = "application/json") =>
    fetch(new URL("api/tokens", server.url), { method: "POST", headers: { "Content-Type": type }, body });

  it("answers the engine's tokens for a template", async () => {
    const res = await post(JSON.stringify({ template: "{* c *}{x.if} { y" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      tokens: [
        [0, 7, "comment", 0],
        [7, 8, "delim", 1],
        [8, 9, "name", 1],
        [9, 10, "punct", 1],
        [10, 12, "prop", 1],
        [12, 13, "delim", 1],
        [13, 17, "text", 0],
      ],
    });
  });

  it("refuses a body that is not a template request, and other methods", async () => {
    expect((await post(JSON.stringify({ source: "x" }))).status).toBe(400);
    expect((await post("x", "text/plain")).status).toBe(415);
    const get = await fetch(new URL("api/tokens", server.url));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });
});
