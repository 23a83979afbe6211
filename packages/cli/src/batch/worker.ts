/**
 * The CLI's worker thread. For `zephyr batch` (the default): compiles the template from the text the main thread
 * read, takes the content (catalog/feed and --data globals) the main thread already loaded, and renders the blocks
 * it is sent. For `zephyr serve` (`kind: "serve"`): answers the playground's render and validate requests.
 */
import { parentPort, workerData } from "node:worker_threads";
import { CatalogProvider } from "@zephyr/personalize";
import type { ServeWorkerInit } from "../serve/pool.js";
import { serveWorker } from "../serve/worker.js";
import { prepareRender } from "../setup.js";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./pool.js";
import { batchRenderer, processBlock } from "./process.js";

const port = parentPort!;
const init = workerData as WorkerInit | ServeWorkerInit;
if ("kind" in init && init.kind === "serve") serveWorker(init, port);
else await batchWorker(init as WorkerInit);

async function batchWorker(init: WorkerInit): Promise<void> {
  const setup = await prepareRender(
    init.templatePath,
    { ...init.flags, data: undefined, catalog: undefined, feed: undefined },
    init.source,
    "always", // every profile renders the same template: generated code from the first one
  );
  setup.data = init.data;
  setup.options.provider = new CatalogProvider(init.catalog);
  const renderer = batchRenderer(setup);
  /**
   * Test hook (batch-survival tests): a profile line holding this text ends the worker thread, as a render that
   * kills it would. Unset outside those tests.
   */
  const crashOn = process.env.ZEPHYR_TEST_WORKER_EXIT_ON;
  port.on("message", ({ id, block }: WorkerRequest) => {
    if (crashOn && Buffer.from(block.bytes).includes(crashOn)) process.exit(9);
    const result = processBlock(renderer, block);
    const reply: WorkerReply = { id, result };
    // The payload bytes are in an ArrayBuffer of their own: handed over, not copied.
    port.postMessage(reply, result.out.length > 0 ? [result.out.buffer as ArrayBuffer] : []);
  });
  const ready: WorkerReply = { ready: true };
  port.postMessage(ready);
}
