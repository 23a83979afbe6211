import { ZephyrError, type ZephyrErrorCode } from "@zephyr/zephyr";
import { closest } from "@zephyr/zephyr/internal";

/** A ZephyrError for a bad `personalize()` / `horizon_select()` call; the engine attaches the call's span. */
export function requestError(code: ZephyrErrorCode, message: string): ZephyrError {
  return new ZephyrError({ code, message });
}

/** `Did you mean 'x'? ` when one of `choices` is a likely typo of `word`, else "". */
export function didYouMean(word: string, choices: readonly string[]): string {
  const guess = closest(word, choices);
  return guess === undefined ? "" : `Did you mean '${guess}'? `;
}
