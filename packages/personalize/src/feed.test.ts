import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { context } from "../test/helpers.js";
import { FeedProvider } from "./feed.js";

const feed = {
  main_title: "Spring drop",
  content: [
    {
      title: "Linen Shirt",
      url: "https://shop.example.com/linen-shirt",
      image: "https://cdn.example.com/1.jpg",
      tags: ["tops"],
    },
    {
      title: "Canvas Tote",
      url: "https://shop.example.com/canvas-tote",
      image: "https://cdn.example.com/2.jpg",
      tags: ["bags"],
    },
  ],
};
const body = JSON.stringify(feed);

/** Requests seen per path, and the If-None-Match header of the last one. */
const hits = new Map<string, number>();
let lastIfNoneMatch: string | undefined;

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  "/hang": () => {},
  "/slow-body": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"content": [');
  },
  "/html": (_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end("<!doctype html><html><body>Sign in</body></html>");
  },
  "/text": (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("title,url\nShirt,https://x");
  },
  "/list": (_req, res) => res.end("[]"),
  // "Café" in Latin-1 inside a JSON string: 0xE9 is not UTF-8 (issue 13 item 8). Split across two writes, and the
  // last byte of a body cut in the middle of a character.
  "/latin1": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json; charset=iso-8859-1" });
    res.write(Buffer.from('{"content": [{"title": "Caf'));
    res.end(Buffer.from([0xe9, 0x22, 0x7d, 0x5d, 0x7d]));
  },
  "/truncated-utf8": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(Buffer.concat([Buffer.from('{"content": [], "x": "'), Buffer.from([0xe2, 0x82])]));
  },
  "/error": (_req, res) => {
    res.writeHead(500);
    res.end("boom");
  },
  "/missing": (_req, res) => {
    res.writeHead(404);
    res.end();
  },
  "/etag": (req, res) => {
    if (req.headers["if-none-match"] === '"v1"') {
      res.writeHead(304, { etag: '"v1"' });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json", etag: '"v1"' });
    res.end(body);
  },
  "/max-age": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "public, max-age=60", etag: '"m"' });
    res.end(body);
  },
  "/no-store": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store", etag: '"n"' });
    res.end(body);
  },
  "/plain": (_req, res) => res.end(body),
  "/big": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write(`{"content": [], "pad": "${"x".repeat(600)}`);
    setTimeout(() => res.end(`${"y".repeat(600)}"}`), 20);
  },
  "/big-declared": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
    res.end("x".repeat(5000));
  },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    lastIfNoneMatch = req.headers["if-none-match"];
    (routes[path] ?? routes["/missing"])(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const provider = (path: string, options: { timeoutMs?: number; maxBytes?: number } = {}) =>
  new FeedProvider({ url: base + path, ...options });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("no error"),
    (e: unknown) => e,
  );

describe("FeedProvider", () => {
  it("loads the feed with its top-level keys and answers personalize() from it", async () => {
    const p = provider("/plain");
    expect(await p.load()).toEqual(feed);
    const items = await p.personalize({ algorithm: "popular", include_tags_any: "bags" }, context());
    expect(items.map((i) => i.title)).toEqual(["Canvas Tote"]);
  });

  it("gives up on a server that never answers, within the time-out", async () => {
    const started = Date.now();
    const error = await failure(provider("/hang", { timeoutMs: 200 }).load());
    expect(error).toMatchObject({ code: "ZE_FEED_TIMEOUT", message: `feed ${base}/hang did not answer within 200 ms` });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("the time-out covers the body, and personalize() uses the render's time-out when shorter", async () => {
    const error = await failure(
      provider("/slow-body").personalize({ algorithm: "popular" }, context({ timeoutMs: 150 })),
    );
    expect(error).toMatchObject({ code: "ZE_FEED_TIMEOUT", message: expect.stringContaining("within 150 ms") });
  });

  it("says so when the feed is an HTML page", async () => {
    const error = await failure(provider("/html").load());
    expect(error).toMatchObject({
      code: "ZE_FEED_NOT_JSON",
      message: `feed ${base}/html returned an HTML page (text/html; charset=utf-8), not JSON: check the URL`,
    });
  });

  it("reports other bodies that are not JSON, and JSON that is not a feed", async () => {
    expect(await failure(provider("/text").load())).toMatchObject({
      code: "ZE_FEED_NOT_JSON",
      message: expect.stringMatching(/^feed .*\/text is not JSON \(text\/plain\): /),
    });
    expect(await failure(provider("/list").load())).toMatchObject({
      code: "ZE_CATALOG_INVALID",
      message: `${base}/list: expected an object with a 'content' list, found a list`,
    });
  });

  it("refuses a body that is not UTF-8 instead of replacing bytes with U+FFFD", async () => {
    expect(await failure(provider("/latin1").load())).toMatchObject({
      code: "ZE_FEED_NOT_UTF8",
      message: `feed ${base}/latin1 is not valid UTF-8 text (application/json; charset=iso-8859-1)`,
    });
    expect(await failure(provider("/truncated-utf8").load())).toMatchObject({ code: "ZE_FEED_NOT_UTF8" });
  });

  it("reports HTTP errors with the status", async () => {
    expect(await failure(provider("/error").load())).toMatchObject({
      code: "ZE_FEED_HTTP",
      message: `feed ${base}/error answered HTTP 500 Internal Server Error`,
    });
    expect(await failure(provider("/nowhere").load())).toMatchObject({
      message: expect.stringContaining("HTTP 404 Not Found"),
    });
  });

  it("refuses a body larger than maxBytes, while streaming or by Content-Length", async () => {
    const message = `feed ${base}/big is larger than the limit of 1000 bytes`;
    expect(await failure(provider("/big", { maxBytes: 1000 }).load())).toMatchObject({
      code: "ZE_FEED_TOO_LARGE",
      message,
    });
    expect(await failure(provider("/big-declared", { maxBytes: 1000 }).load())).toMatchObject({
      code: "ZE_FEED_TOO_LARGE",
    });
    expect(await provider("/big", { maxBytes: 2000 }).load()).toHaveProperty("content", []);
  });

  it("revalidates with If-None-Match and keeps its copy on 304", async () => {
    const p = provider("/etag");
    const first = await p.load();
    expect(lastIfNoneMatch).toBeUndefined();
    const second = await p.load();
    expect(lastIfNoneMatch).toBe('"v1"');
    expect(hits.get("/etag")).toBe(2);
    expect(second).toBe(first);
  });

  it("uses its copy without asking while max-age lasts, and one request for concurrent loads", async () => {
    const p = provider("/max-age");
    await Promise.all([p.load(), p.load()]);
    await p.personalize({ algorithm: "popular" }, context());
    expect(hits.get("/max-age")).toBe(1);
  });

  it("keeps nothing when the feed says no-store", async () => {
    const p = provider("/no-store");
    await p.load();
    await p.load();
    expect(hits.get("/no-store")).toBe(2);
    expect(lastIfNoneMatch).toBeUndefined();
  });

  it("reports a server it cannot reach, and rejects URLs that are not http(s)", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/feed.json`;
    await new Promise((resolve) => closed.close(resolve));
    expect(await failure(new FeedProvider({ url }).load())).toMatchObject({
      code: "ZE_FEED_NETWORK",
      message: `cannot fetch feed ${url}: ECONNREFUSED`,
    });
    expect(() => new FeedProvider({ url: "file:///etc/feed.json" })).toThrow(
      expect.objectContaining({ code: "ZE_FEED_URL" }),
    );
  });
});
