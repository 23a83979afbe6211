import { writeFileSync } from "node:fs";
import { ZephyrError } from "@zephyr/zephyr";
import { compileToModule } from "@zephyr/zephyr/internal";
import type { Command } from "commander";
import { CliError, EXIT } from "../errors.js";
import { readText } from "../inputs.js";
import { formatError } from "../report.js";
import { styleFor } from "../style.js";

/** `zephyr compile <template> [-o F.mjs]`: the template as an ES module (design.md §5; no eval when it runs). */
export function registerCompile(program: Command): void {
  program
    .command("compile")
    .description(
      "write a template as an ES module of generated JavaScript (no eval when it runs; strict CSP, bundlers)",
    )
    .argument("<template>", "template file")
    .option("-o, --out <file>", "write the module here (default: standard output)")
    .option("--runtime <specifier>", "where the module imports the engine's runtime from", "@zephyr/zephyr/runtime")
    .addHelpText(
      "after",
      '\nThe module\'s default export is a compiled Template:\n  import template from "./welcome.mjs";\n  template.render({ profile }).output;\n\nExample:\n  $ zephyr compile welcome.zephyr -o welcome.mjs\n\nExit codes: 0 ok, 2 the template does not compile, 64 unreadable input, 74 the module could not be written.',
    )
    .action((file: string, flags: { out?: string; runtime: string }) => {
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
    });
}
