import { ENDPOINTS, type EndpointName, type PayloadResult, renderPayloadAsync } from "@zephyr/attentive/internal";
import { ZephyrError } from "@zephyr/zephyr";
import { type Command, Option } from "commander";
import { EXIT } from "../errors.js";
import { errorDiagnostics, formatDiagnostics, formatError } from "../report.js";
import {
  addRenderFlags,
  type Endpoint,
  prepareRender,
  type RenderFlags,
  type RenderSetup,
  renderInput,
} from "../setup.js";
import { styleFor } from "../style.js";

interface RenderCommandFlags extends RenderFlags {
  format: "payload" | "json" | "curl";
  showSecrets?: boolean;
}

export function registerRender(program: Command): void {
  const cmd = program
    .command("render")
    .description("render a template and print the payload (or, with --endpoint none, the text)")
    .argument("<template>", "template file, or - for standard input");
  addRenderFlags(cmd)
    .addOption(
      new Option(
        "--format <format>",
        "payload: the payload as pretty JSON; json: one JSON report; curl: the HTTP request the webhook sends",
      )
        .choices(["payload", "json", "curl"])
        .default("payload"),
    )
    .option("--show-secrets", "with --format curl: show the ATTENTIVE_API_KEY bearer token instead of redacting it")
    .addHelpText(
      "after",
      `
Examples:
  $ zephyr render welcome.zephyr --profile profile.json
  $ zephyr render recommendations.zephyr --profile profile.json --catalog catalog.json
  $ zephyr render message.zephyr --endpoint none --data vars.json

Exit codes: 0 ok (warnings allowed), 1 payload invalid, 2 template error, 3 cancelled, 64 usage or unreadable input.`,
    )
    .action(async (template: string, flags: RenderCommandFlags) => {
      process.exitCode = await runRender(template, flags);
    });
}

/** One rendering of a template with a profile, for every endpoint: what `render` and `preview` print from. */
export async function renderOnce(
  setup: RenderSetup,
  profile = setup.profile,
  extra: { brand?: string } = {},
): Promise<PayloadResult> {
  return renderPayloadAsync(setup.template, renderInput(setup, profile), {
    ...setup.options,
    ...extra,
    endpoint: setup.endpoint as Endpoint,
  });
}

async function runRender(templatePath: string, flags: RenderCommandFlags): Promise<number> {
  const err = styleFor(process.stderr);
  try {
    const setup = await prepareRender(templatePath, flags);
    const result = await renderOnce(setup);
    const code = result.cancelled ? EXIT.CANCELLED : result.ok ? EXIT.OK : EXIT.INVALID;
    if (flags.format === "json") {
      process.stdout.write(`${JSON.stringify(jsonReport(result))}\n`);
      return code;
    }
    if (result.cancelled) {
      process.stderr.write(`${err.yellow("cancelled")}: ${result.cancelled.message || "(no message)"}\n`);
      return code;
    }
    const text =
      flags.endpoint === "none" || result.payload === undefined
        ? result.output
        : flags.format === "curl"
          ? curlCommand(flags.endpoint, result.payload, flags.showSecrets === true)
          : `${JSON.stringify(result.payload, null, 2)}\n`;
    process.stdout.write(text);
    if (result.diagnostics.length)
      process.stderr.write(
        `${formatDiagnostics(result.diagnostics, setup.template.source, setup.template.filename, err)}\n`,
      );
    return code;
  } catch (e) {
    if (!(e instanceof ZephyrError)) throw e;
    if (flags.format === "json") {
      process.stdout.write(
        `${JSON.stringify({ ok: false, output: null, payload: null, diagnostics: errorDiagnostics(e) })}\n`,
      );
    } else {
      process.stderr.write(`${formatError(e, err)}\n`);
    }
    return EXIT.TEMPLATE_ERROR;
  }
}

/**
 * The request a Lifecycle Optimizer webhook sends, as a curl command. The bearer token comes from ATTENTIVE_API_KEY
 * and is redacted unless `showSecrets`; the body is the compact payload, quoted for a POSIX shell.
 */
export function curlCommand(endpoint: EndpointName, payload: unknown, showSecrets: boolean): string {
  const key = process.env.ATTENTIVE_API_KEY;
  const token = key
    ? showSecrets
      ? key
      : "<redacted: ATTENTIVE_API_KEY, use --show-secrets>"
    : "<set ATTENTIVE_API_KEY>";
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  return [
    `curl -X POST ${quote(ENDPOINTS[endpoint].url)} \\`,
    `  -H ${quote(`Authorization: Bearer ${token}`)} \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  --data-raw ${quote(JSON.stringify(payload))}`,
    "",
  ].join("\n");
}

/** The `--format json` object of design.md §5. */
export function jsonReport(r: PayloadResult): Record<string, unknown> {
  const out: Record<string, unknown> = { ok: r.ok };
  if (r.cancelled) out.cancelled = r.cancelled;
  out.output = r.output;
  out.payload = r.payload ?? null;
  out.diagnostics = r.diagnostics;
  if (r.sms) out.sms = r.sms;
  return out;
}
