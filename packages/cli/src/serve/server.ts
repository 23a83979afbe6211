/** The `zephyr serve` HTTP server: the playground page and its JSON API, on one port. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isIP } from "node:net";
import { relative } from "node:path";
import { ENDPOINT_NAMES, ENDPOINTS } from "@zephyr/attentive/internal";
import {
  listFiles,
  listTemplates,
  type PlaygroundConfig,
  renderRequest,
  tokensRequest,
  validateRequest,
} from "./api.js";
import { COMMON_HEADERS, HttpError, readJsonBody, sendError, sendJson } from "./http.js";
import { completionRequest, hoverRequest } from "./language.js";
import type { ServePool } from "./pool.js";
import { serveAsset } from "./static.js";

export interface ServerOptions {
  /** Largest request body accepted, in bytes (default 1 MB); larger ones get 413. */
  bodyLimit?: number;
  /**
   * Accept only requests whose Host is localhost, 127.0.0.1 or [::1] (default true). It keeps a web page from
   * reading the API through a DNS name that points at this machine (DNS rebinding). Turned off by `--host` with a
   * non-loopback address.
   */
  loopbackOnly?: boolean;
  /** Shown by `GET /api/config`. */
  version?: string;
  /** Where unexpected errors are reported (default: standard error). */
  log?: (line: string) => void;
  /**
   * Worker threads that run renders and validations (serve/pool.ts), so a slow or hostile one never holds the other
   * requests. Without it they run on this thread (tests of the API on the sources).
   */
  pool?: ServePool;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

type Route = { methods: readonly string[]; handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> };

export function createPlaygroundServer(config: PlaygroundConfig, options: ServerOptions = {}): Server {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const loopbackOnly = options.loopbackOnly ?? true;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const pool = options.pool;
  const shown = (dir: string | undefined) => (dir ? relative(process.cwd(), dir) || "." : null);

  const routes: Record<string, Route> = {
    "/api/render": {
      methods: ["POST"],
      handle: async (req, res) => {
        const body = await readJsonBody(req, limit);
        sendJson(res, 200, pool ? await pool.call("render", body) : await renderRequest(config, body));
      },
    },
    "/api/validate": {
      methods: ["POST"],
      handle: async (req, res) => {
        const body = await readJsonBody(req, limit);
        sendJson(res, 200, pool ? await pool.call("validate", body) : validateRequest(config, body));
      },
    },
    "/api/tokens": {
      methods: ["POST"],
      handle: async (req, res) => sendJson(res, 200, tokensRequest(await readJsonBody(req, limit))),
    },
    // The language server's hover and completion (its runtime-agnostic core), cheap enough for this thread.
    "/api/hover": {
      methods: ["POST"],
      handle: async (req, res) => sendJson(res, 200, await hoverRequest(config, await readJsonBody(req, limit))),
    },
    "/api/completion": {
      methods: ["POST"],
      handle: async (req, res) => sendJson(res, 200, await completionRequest(config, await readJsonBody(req, limit))),
    },
    "/api/templates": {
      methods: ["GET", "HEAD"],
      handle: async (_req, res) =>
        sendJson(res, 200, {
          dir: shown(config.templatesDir),
          templates: await listTemplates(config.templatesDir),
        }),
    },
    "/api/profiles": {
      methods: ["GET", "HEAD"],
      handle: async (_req, res) =>
        sendJson(res, 200, { dir: shown(config.profilesDir), profiles: await listFiles(config.profilesDir, ".json") }),
    },
    "/api/config": {
      methods: ["GET", "HEAD"],
      handle: async (_req, res) =>
        sendJson(res, 200, {
          version: options.version ?? null,
          templatesDir: shown(config.templatesDir),
          profilesDir: shown(config.profilesDir),
          bodyLimit: limit,
          defaults: config.defaults,
          endpoints: [
            ...ENDPOINT_NAMES.map((name) => ({ name, summary: ENDPOINTS[name].summary, sms: ENDPOINTS[name].sms })),
            { name: "none", summary: "plain text, not validated", sms: false },
          ],
        }),
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (loopbackOnly && !isLoopbackHost(req.headers.host))
      throw new HttpError(
        403,
        `this server answers requests for localhost only; the Host header was ${JSON.stringify(req.headers.host ?? "")}`,
      );
    const method = req.method ?? "GET";
    let pathname: string;
    try {
      pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    } catch {
      throw new HttpError(400, "the request URL is not valid");
    }
    const route = Object.hasOwn(routes, pathname) ? routes[pathname] : undefined;
    if (route) {
      if (!route.methods.includes(method))
        throw new HttpError(405, `${pathname} accepts ${route.methods.join(", ")}, not ${method}`, {
          Allow: route.methods.join(", "),
        });
      return route.handle(req, res);
    }
    if (pathname.startsWith("/api/")) throw new HttpError(404, `no such API: ${pathname}`);
    if (method !== "GET" && method !== "HEAD")
      throw new HttpError(405, `the page's files accept GET and HEAD, not ${method}`, { Allow: "GET, HEAD" });
    if (!(await serveAsset(pathname, res, method === "HEAD"))) {
      const body = `Not found: ${pathname}\n`;
      res.writeHead(404, { ...COMMON_HEADERS, "Content-Type": "text/plain; charset=utf-8" });
      res.end(method === "HEAD" ? undefined : body);
    }
  }

  return createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!(e instanceof HttpError)) {
        log(`zephyr serve: internal error on ${req.method} ${req.url}: ${e instanceof Error ? e.stack : String(e)}`);
        e = new HttpError(500, `internal error: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (res.headersSent) res.destroy();
      else sendError(res, e as HttpError);
    });
  });
}

/** `localhost`, `127.x.x.x` or `[::1]`, with or without a port. A request without a Host header is refused. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith("[") ? host.slice(1, host.indexOf("]")) : host.replace(/:\d*$/, "");
  if (name.toLowerCase() === "localhost") return true;
  if (isIP(name) === 4) return name.startsWith("127.");
  return name === "::1";
}

/** True for addresses that only this machine can reach. */
export function isLoopbackAddress(host: string): boolean {
  return host === "localhost" || host === "::1" || (isIP(host) === 4 && host.startsWith("127."));
}
