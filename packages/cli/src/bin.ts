#!/usr/bin/env node
import { main } from "./program.js";

// A reader that stops early (`zephyr batch --help | head`) closes the pipe: stop quietly, as Unix tools do, unless
// the command watches its own output (batch reports a closed output and exits 74).
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (process.stdout.listenerCount("error") > 1) return;
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`zephyr: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
