import { ZephyrError } from "@zephyr/zephyr";

export interface DownloadOptions {
  timeoutMs: number;
  maxBytes: number;
  /** Sent as `If-None-Match`. */
  etag?: string;
  fetch: typeof globalThis.fetch;
}

/** A `200` body, or `notModified` for a `304` answer to `If-None-Match`. */
export interface Download {
  notModified: boolean;
  text: string;
  headers: Headers;
}

/**
 * GETs `url`, giving up after `timeoutMs` (headers and body together) and past `maxBytes` of body. Failures are
 * ZephyrErrors: ZE_FEED_TIMEOUT, ZE_FEED_TOO_LARGE, ZE_FEED_NOT_UTF8, ZE_FEED_HTTP (status 4xx/5xx) or ZE_FEED_NETWORK.
 */
export async function download(url: string, options: DownloadOptions): Promise<Download> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  try {
    const response = await options.fetch(url, {
      signal: controller.signal,
      headers: { accept: "application/json", ...(options.etag ? { "if-none-match": options.etag } : {}) },
    });
    if (response.status === 304) {
      await response.body?.cancel();
      return { notModified: true, text: "", headers: response.headers };
    }
    if (!response.ok) {
      await response.body?.cancel();
      const status = `${response.status} ${response.statusText}`.trim();
      throw new ZephyrError({ code: "ZE_FEED_HTTP", message: `feed ${url} answered HTTP ${status}` });
    }
    return { notModified: false, text: await readBody(response, url, options.maxBytes), headers: response.headers };
  } catch (error) {
    if (timedOut) {
      throw new ZephyrError({
        code: "ZE_FEED_TIMEOUT",
        message: `feed ${url} did not answer within ${options.timeoutMs} ms`,
        hint: "check that the server responds, or raise the time-out (timeoutMs; CLI: --provider-timeout)",
      });
    }
    if (ZephyrError.is(error)) throw error;
    const cause = (error as Error).cause as NodeJS.ErrnoException | undefined;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new ZephyrError({ code: "ZE_FEED_NETWORK", message: `cannot fetch feed ${url}: ${reason}`, cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** The body as text, refusing (by `Content-Length`, or while streaming) more than `maxBytes`. */
async function readBody(response: Response, url: string, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new ZephyrError({
      code: "ZE_FEED_TOO_LARGE",
      message: `feed ${url} is larger than the limit of ${maxBytes} bytes`,
    });
  if (Number(response.headers.get("content-length")) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  // fatal: bytes that are not UTF-8 are an error, never silently replaced by U+FFFD (a UTF-8 BOM is dropped).
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const notUtf8 = () =>
    new ZephyrError({
      code: "ZE_FEED_NOT_UTF8",
      message: `feed ${url} is not valid UTF-8 text (${response.headers.get("content-type") ?? "no Content-Type"})`,
      hint: "a feed is JSON in UTF-8; have the server send UTF-8",
    });
  let text = "";
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    try {
      text += decoder.decode(chunk.value, { stream: true });
    } catch {
      await reader.cancel();
      throw notUtf8();
    }
  }
  try {
    return text + decoder.decode();
  } catch {
    throw notUtf8();
  }
}
