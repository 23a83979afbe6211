import { ENDPOINT_NAMES, type EndpointName } from "@zephyr/attentive";
import { validatePayloadText } from "@zephyr/attentive/internal";
import { type Command, Option } from "commander";
import { EXIT } from "../errors.js";
import { clockOptions, readText } from "../inputs.js";
import { formatDiagnostics } from "../report.js";
import { styleFor } from "../style.js";
import { jsonReport } from "./render.js";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("validate an Attentive payload JSON file against an endpoint's schema and rules")
    .argument("<payload>", "payload JSON file, or - for standard input")
    .addOption(
      new Option("--endpoint <name>", "endpoint to validate against").choices(ENDPOINT_NAMES).default("text-send"),
    )
    .option("--now <iso>", "send time that occurredAt is compared with (events; default: now)")
    .addOption(
      new Option("--format <format>", "text: diagnostics for humans; json: one JSON report")
        .choices(["text", "json"])
        .default("text"),
    )
    .option("--brand <name>", "brand name Attentive prepends to the text (counted in the SMS segments)")
    .addHelpText(
      "after",
      `
Examples:
  $ zephyr validate payload.json
  $ zephyr render message.zephyr --profile p.json | zephyr validate - --format json
  $ zephyr validate event.json --endpoint custom-events --now 2024-03-15T12:00:00Z

Exit codes: 0 valid (warnings allowed), 1 invalid, 64 unreadable input.`,
    )
    .action(
      (file: string, flags: { endpoint: EndpointName; format: "text" | "json"; brand?: string; now?: string }) => {
        const filename = file === "-" ? "<stdin>" : file;
        const { now } = clockOptions({ now: flags.now });
        const result = validatePayloadText(readText(file, "payload"), {
          endpoint: flags.endpoint,
          brand: flags.brand,
          filename,
          now,
        });
        const code = result.ok ? EXIT.OK : EXIT.INVALID;
        if (flags.format === "json") {
          process.stdout.write(`${JSON.stringify(jsonReport(result))}\n`);
        } else {
          const err = styleFor(process.stderr);
          if (result.diagnostics.length)
            process.stderr.write(`${formatDiagnostics(result.diagnostics, result.output, filename, err)}\n`);
          const sms = result.sms
            ? ` · ${result.sms.encoding}, ${result.sms.characters} characters, ${result.sms.segments} segment${result.sms.segments === 1 ? "" : "s"}`
            : "";
          process.stdout.write(`${filename}: ${result.ok ? "valid" : "invalid"} ${flags.endpoint} payload${sms}\n`);
        }
        process.exitCode = code;
      },
    );
}
