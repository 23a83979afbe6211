// A CommonJS TypeScript consumer (compiled to require() calls): type-checked under module nodenext.
import { renderPayload } from "@zephyr/attentive";
import { compile, ZephyrError, type ZephyrErrorCode } from "@zephyr/zephyr";

export function render(source: string): string | ZephyrErrorCode {
  try {
    return renderPayload(compile(source), {}, { endpoint: "none" }).output;
  } catch (e) {
    if (e instanceof ZephyrError) return e.code;
    throw e;
  }
}
