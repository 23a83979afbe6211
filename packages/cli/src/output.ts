/**
 * Failures of standard output, for every command. A reader that stops early (`zephyr batch --help | head`) closes
 * the pipe: stop quietly, as Unix tools do. Any other failure (a full disk: `zephyr render … > /dev/full`) is one
 * line on standard error and exit 74, never a stack trace or exit 1 (which means "payload invalid"). A command that
 * watches its own output (batch's Sink, which also keeps its resume record true) adds its own 'error' listener and
 * reports the failure itself with `cannotWrite`; this guard then stays out of its way.
 */
import { EXIT } from "./errors.js";
import { reason } from "./inputs.js";

/** The message for an output that could not be written: `cannot write standard output: no space left …`. */
export function cannotWrite(label: string, e: unknown): string {
  return `cannot write ${label}: ${reason(e)}`;
}

/** What the guard does when standard output fails; `exit` is process.exit outside tests. */
export function onStdoutError(
  e: NodeJS.ErrnoException,
  exit: (code: number) => void = (code) => process.exit(code),
  stderr: (line: string) => void = (line) => process.stderr.write(line),
): void {
  if (e.code === "EPIPE") {
    exit(typeof process.exitCode === "number" ? process.exitCode : EXIT.OK);
    return;
  }
  stderr(`zephyr: ${cannotWrite("standard output", e)}\n`);
  exit(EXIT.IO_ERROR);
}

/** Installs the guard on standard output (once, by bin.ts): it acts only when no command watches the stream. */
export function guardStdout(stream: NodeJS.WriteStream = process.stdout): void {
  const listener = (e: NodeJS.ErrnoException) => {
    if (stream.listenerCount("error") > 1) return;
    onStdoutError(e);
  };
  stream.on("error", listener);
}
