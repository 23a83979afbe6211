#!/usr/bin/env node
import { guardStdout } from "./output.js";
import { main } from "./program.js";

// Standard output that fails (a closed pipe, a full disk) ends any command with one line and the right exit code.
guardStdout();

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`zephyr: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
