/**
 * `zephyr serve` under a slow or hostile render (issue 13, "Also"): renders run on worker threads bounded in time and
 * memory, so the page's other requests are answered while one runs, and a render that runs out of memory or time
 * ends its worker (replaced), not the server. Against the built CLI and its bundled worker.
 */
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ServePool } from "../src/serve/pool.js";
import { type RunningServer, startServer } from "./serve-harness.js";

/** Issue 13 item 1's template: 130 bytes that took the server to 4 GB and killed it. */
const BOOM =
  '{s = "x"}{foreach range(1, 19) as i}{s = s + s}{/foreach}{s = s + substr(s, 0, 475000)}{l = sort([s + i for i in range(1, 6000)])}';
/** Legal with a high --max-steps, and slow: 64 million loop turns (several seconds). */
const SLOW = "{n = 0}{foreach range(1, 8000) as i}{foreach range(1, 8000) as j}{n = n + 1}{/foreach}{/foreach}{n}";

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function post(server: RunningServer, path: string, body: unknown) {
  const started = Date.now();
  const res = await fetch(new URL(path, server.url), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    json: (await res.json()) as Record<string, any>,
    at: Date.now(),
    ms: Date.now() - started,
  };
}

describe("zephyr serve: a slow or hostile render", () => {
  it("answers other requests while a slow render runs", async () => {
    // 64 million steps, and the inner range() is built 8 000 times (512 MB counted): both limits raised.
    const server = await startServer(["--max-steps", "1000000000000", "--max-memory", "1000000000000"]);
    servers.push(server);
    const slow = post(server, "/api/render", { template: SLOW, endpoint: "none" });
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    const config = await fetch(new URL("/api/config", server.url));
    expect(config.status).toBe(200);
    const quick = await post(server, "/api/render", {
      template: "Hi {first_name}",
      endpoint: "none",
      data: { first_name: "Ann" },
    });
    const validated = await post(server, "/api/validate", { payload: { to: "+12025550143", body: "Hi" } });
    const done = Date.now();
    expect([quick.status, quick.json.ok, quick.json.output]).toEqual([200, true, "Hi Ann"]);
    expect(validated.status).toBe(200);
    expect(validated.json.sms).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(done - started, "the other requests, while the slow render runs").toBeLessThan(2_000);
    const s = await slow;
    expect(s.status).toBe(200);
    expect(s.at, "the slow render was still running").toBeGreaterThan(done);
    // Done, or stopped by the time bound on a very slow machine: either way a result, not a hang.
    if (s.json.ok) expect(s.json.output).toBe("64000000");
    else expect(s.json.diagnostics[0].code).toBe("ZE_SERVE_TIMEOUT");
  }, 30_000);

  it("survives the out-of-memory template: a result with a diagnostic, and the next render works", async () => {
    const server = await startServer();
    servers.push(server);
    const boom = await post(server, "/api/render", { template: BOOM, endpoint: "none" });
    expect(boom.status).toBe(200);
    expect(boom.json.ok).toBe(false);
    // The worker stops (its heap is bounded), or the engine's memory limit stops the render first.
    expect(boom.json.diagnostics[0].code).toMatch(/^ZE_SERVE_STOPPED$|^ZE_LIMIT_/);
    expect(boom.ms).toBeLessThan(15_000);
    const after = await post(server, "/api/render", { template: "Hi {1 + 1}", endpoint: "none" });
    expect([after.status, after.json.output]).toEqual([200, "Hi 2"]);
    expect(server.child.exitCode).toBeNull();
  }, 30_000);
});

describe("ServePool", () => {
  const workerUrl = new URL(`file://${fileURLToPath(new URL("../dist/bundle/worker.js", import.meta.url))}`);
  const init = {
    kind: "serve" as const,
    catalog: undefined,
    globals: {},
    limits: { steps: 1e12, memory: 1e12 }, // SLOW builds its inner range() 8 000 times
    defaults: { endpoint: "none" as const, strict: false },
  };

  it("stops a render past its time bound (ZE_SERVE_TIMEOUT), replaces the worker, and answers the next", async () => {
    const pool = new ServePool(init, { size: 1, timeoutMs: 300, workerUrl });
    try {
      const slow = pool.call("render", { template: SLOW });
      const next = pool.call("render", { template: "ok {1 + 1}" });
      const answer = (await slow) as Record<string, any>;
      expect(answer.ok).toBe(false);
      expect(answer.diagnostics).toEqual([
        {
          severity: "error",
          code: "ZE_SERVE_TIMEOUT",
          message: "the render was stopped: it ran longer than 300 ms and was stopped; the playground goes on",
        },
      ]);
      expect(((await next) as Record<string, any>).output).toBe("ok 2");
    } finally {
      await pool.close();
    }
  }, 20_000);

  it("passes a bad request on as the HttpError the server answers (400)", async () => {
    const pool = new ServePool(init, { size: 1, workerUrl });
    try {
      await expect(pool.call("render", { template: 1 })).rejects.toMatchObject({
        status: 400,
        message: "template must be a string (the template source)",
      });
    } finally {
      await pool.close();
    }
  }, 20_000);
});
