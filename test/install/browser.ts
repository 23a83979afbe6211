// (e) The consumer bundled for a browser (esbuild --platform=browser, no shims); the test page reads `result`.
import { run } from "./consumer.js";
import inputs from "./inputs.json";

const page = globalThis as unknown as { result?: unknown };
try {
  page.result = run(inputs);
} catch (e) {
  page.result = { error: String(e instanceof Error ? e.stack : e) };
}
