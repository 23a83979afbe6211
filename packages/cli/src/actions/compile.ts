/** `zephyr compile` as it runs: commands/compile.ts defines the options and imports this module only when compile runs. */
import { writeFileSync } from "node:fs";
import { ZephyrError } from "@zephyr/zephyr";
import { compileToModule } from "@zephyr/zephyr/internal";
import { CliError, EXIT } from "../errors.js";
import { readText } from "../inputs.js";
import { formatError } from "../report.js";
import { styleFor } from "../style.js";

export interface CompileFlags {
  out?: string;
  runtime: string;
}

export function runCompile(file: string, flags: CompileFlags): void {
  const source = readText(file, "template");
  let text: string;
  try {
    text = compileToModule(source, { filename: file, runtime: flags.runtime });
  } catch (e) {
    if (!(e instanceof ZephyrError)) throw e;
    process.stderr.write(`${formatError(e, styleFor(process.stderr))}\n`);
    process.exitCode = EXIT.TEMPLATE_ERROR;
    return;
  }
  if (flags.out === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(flags.out, text);
  } catch (e) {
    throw new CliError(`cannot write ${flags.out}: ${e instanceof Error ? e.message : String(e)}`, EXIT.IO_ERROR);
  }
}
