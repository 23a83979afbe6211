/** Small HTTP helpers for the playground server: JSON bodies with a size limit, JSON answers, typed errors. */
import type { IncomingMessage, ServerResponse } from "node:http";

/** An error the API answers with its status and `{ "error": message }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** Headers on every answer: nothing is cached, sniffed, framed or sent on as a referrer. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
});

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) {
  const body = `${JSON.stringify(value)}\n`;
  res.writeHead(status, {
    ...COMMON_HEADERS,
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
}

export function sendError(res: ServerResponse, e: HttpError) {
  sendJson(res, e.status, { error: e.message, status: e.status }, e.headers);
}

/**
 * Reads a JSON request body of at most `limit` bytes. Answers 415 unless the body is declared as JSON (which also
 * keeps other web pages from posting to the server: a cross-site JSON POST needs a CORS preflight, never granted),
 * 413 past the limit, and 400 with the parser's message for a body that is not JSON.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json")
    throw new HttpError(
      415,
      `send the request body as JSON, with Content-Type: application/json (got ${type || "none"})`,
    );
  const tooLarge = () =>
    new HttpError(413, `the request body is larger than ${formatBytes(limit)}`, { Connection: "close" });
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // Stop keeping the body but let the client finish sending it, so that it reads the 413 instead of a reset.
      req.off("data", onData);
      req.resume();
      reject(tooLarge());
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
  });
  if (text.trim() === "") throw new HttpError(400, "the request body is empty: send a JSON object");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `the request body is not valid JSON: ${(e as Error).message}`);
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KB`;
  return `${n} bytes`;
}
