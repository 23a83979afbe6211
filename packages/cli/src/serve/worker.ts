/** The playground's side of the CLI worker thread: answers render and validate requests as the server would. */
import type { MessagePort } from "node:worker_threads";
import { CatalogProvider } from "@zephyr/personalize";
import { snippetDirectory } from "../inputs.js";
import { type PlaygroundConfig, renderRequest, validateRequest } from "./api.js";
import { HttpError } from "./http.js";
import type { ServeReply, ServeRequest, ServeWorkerInit } from "./pool.js";

export function serveWorker(init: ServeWorkerInit, port: MessagePort): void {
  const config: PlaygroundConfig = {
    provider: new CatalogProvider(init.catalog),
    globals: init.globals,
    snippets: init.snippetsDir
      ? snippetDirectory(init.snippetsDir, { maxChars: init.limits?.templateSize })
      : undefined,
    ...(init.limits ? { limits: init.limits } : {}),
    defaults: init.defaults,
  };
  port.on("message", async ({ id, call, body }: ServeRequest) => {
    let reply: ServeReply;
    try {
      const answer = call === "render" ? await renderRequest(config, body) : validateRequest(config, body);
      reply = { id, answer };
    } catch (e) {
      reply =
        e instanceof HttpError
          ? { id, http: { status: e.status, message: e.message } }
          : { id, internal: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
  });
}
