import type { Command } from "commander";
import type { CompileFlags } from "../actions/compile.js";

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
    .action(async (file: string, flags: CompileFlags) => {
      // The code generator loads when compile runs, not at every start of the CLI.
      const { runCompile } = await import("../actions/compile.js");
      runCompile(file, flags);
    });
}
