import { writeFileSync } from "node:fs";
import { type EndpointName, renderPayload } from "@zephyr/attentive";
import {
  type ContentProvider,
  compile,
  type Diagnostic,
  formatTemplate as format,
  lint,
  ZephyrError,
} from "@zephyr/zephyr";
import { isPayloadTemplate } from "@zephyr/zephyr/internal";
import { type Command, Option } from "commander";
import { EXIT } from "../errors.js";
import { readJsonObject, readText } from "../inputs.js";
import { formatDiagnostics, formatError } from "../report.js";
import { ENDPOINT_CHOICES } from "../setup.js";
import { styleFor } from "../style.js";

/** lint's payload check renders with sample data: every common field present, so only the template is judged. */
const SAMPLE_PROFILE = {
  email: "sample@example.com",
  keys: { sms: "+12025550143" },
  vars: { first_name: "Sam", last_name: "Sample" },
};
const SAMPLE_ITEM = {
  title: "Sample product",
  url: "https://shop.example.com/p/sample",
  image: "https://cdn.example.com/sample.jpg",
  images: {
    full: { url: "https://cdn.example.com/sample.jpg" },
    thumb: { url: "https://cdn.example.com/sample-thumb.jpg" },
  },
  tags: ["sample"],
  price: 1000,
};
const SAMPLE_CONTENT: ContentProvider = {
  personalize: (request) =>
    Array.from({ length: Math.max(1, Math.min(20, Number(request.size ?? 5) || 5)) }, () => ({ ...SAMPLE_ITEM })),
  horizonSelect: (items, n) => items.slice(0, n),
};
/** What the template's own text decides, as opposed to what depends on a real profile. */
const STRUCTURAL = new Set([
  "AT_JSON_SYNTAX",
  "AT_PAYLOAD_NOT_OBJECT",
  "AT_UNKNOWN_FIELD",
  "AT_DUPLICATE_KEY",
  "AT_SUBSCRIPTION_TYPE_INVALID",
  "AT_SCHEMA_TYPE",
  "AT_BODY_BRACES",
  "AT_FIELD_NOT_ALLOWED",
  "AT_EXTERNAL_IDS_OUTSIDE_USER",
  "AT_EVENT_TYPE_CHARS",
  "AT_EVENT_KEY_CHARS",
  "AT_ECOM_PRICE_SHAPE",
  "AT_ATTRIBUTE_LIST",
  "AT_ATTRIBUTE_NAME_TOO_LONG",
]);

type PayloadEndpoint = EndpointName;

export function registerLint(program: Command): void {
  program
    .command("lint")
    .description("check templates without real data: syntax, functions, variables, and the payload's JSON skeleton")
    .argument("<templates...>", "template files")
    .option("--profile <file>", "profile for the payload check (default: a sample profile)")
    .option("--data <file>", "globals JSON; its keys count as known variables")
    .addOption(
      new Option("--endpoint <name>", "payload to check the JSON skeleton against")
        .choices(ENDPOINT_CHOICES)
        .default("text-send"),
    )
    .addHelpText(
      "after",
      "\nA template whose literal text is not a JSON object or list (plain Zephyr: an email body, a snippet) is linted\nwithout the payload check; --endpoint none skips that check for every template.\n\nExample:\n  $ zephyr lint templates/*.zephyr\n\nExit codes: 0 no errors (warnings allowed), 1 errors found, 64 unreadable input.",
    )
    .action((files: string[], flags: { profile?: string; data?: string; endpoint: PayloadEndpoint | "none" }) => {
      const profile = flags.profile ? readJsonObject(flags.profile, "profile") : SAMPLE_PROFILE;
      const data = flags.data ? readJsonObject(flags.data, "data") : {};
      const vars = profile.vars && typeof profile.vars === "object" ? Object.keys(profile.vars) : [];
      const err = styleFor(process.stderr);
      let errors = 0;
      for (const file of files) {
        const source = readText(file, "template");
        // Plain Zephyr (its literal text is not JSON) gets no payload check and no payload hints.
        const payload = flags.endpoint !== "none" && isPayloadTemplate(source);
        const diagnostics = lint(source, { filename: file, globals: [...vars, ...Object.keys(data)], payload });
        if (flags.endpoint !== "none" && payload && !diagnostics.some((d) => d.severity === "error")) {
          diagnostics.push(...skeleton(source, file, profile, data, flags.endpoint));
        }
        errors += diagnostics.filter((d) => d.severity === "error").length;
        if (diagnostics.length) process.stderr.write(`${formatDiagnostics(diagnostics, source, file, err)}\n\n`);
        process.stdout.write(
          `${file}: ${diagnostics.length === 0 ? "ok" : `${count(diagnostics, "error")}, ${count(diagnostics, "warning")}`}\n`,
        );
      }
      process.exitCode = errors ? EXIT.INVALID : EXIT.OK;
    });
}

function count(ds: readonly Diagnostic[], severity: Diagnostic["severity"]): string {
  const n = ds.filter((d) => d.severity === severity).length;
  return `${n} ${severity}${n === 1 ? "" : "s"}`;
}

/** Renders with sample data and keeps the structural payload problems (JSON syntax, unknown fields, ...). */
function skeleton(
  source: string,
  file: string,
  profile: Record<string, unknown>,
  data: Record<string, unknown>,
  endpoint: PayloadEndpoint,
): Diagnostic[] {
  try {
    const result = renderPayload(
      compile(source, { filename: file }),
      { profile, data },
      { endpoint, provider: SAMPLE_CONTENT, now: 0, platform: "stub" },
    );
    return result.diagnostics.filter((d) => STRUCTURAL.has(d.code));
  } catch (e) {
    if (!(e instanceof ZephyrError)) throw e;
    const d: Diagnostic = {
      severity: "warning",
      code: "ZL_SKELETON_SKIPPED",
      message: `the payload check could not render with sample data: ${e.message}`,
      file,
    };
    if (e.span) d.span = e.span;
    return [d];
  }
}

export function registerFmt(program: Command): void {
  program
    .command("fmt")
    .description("print a template in canonical form: spacing inside tags normalized, literal text untouched")
    .argument("<files...>", "template files")
    .option("--write", "rewrite the files in place")
    .option("--check", "print nothing; exit 1 when a file is not in canonical form")
    .addHelpText(
      "after",
      "\nExamples:\n  $ zephyr fmt message.zephyr\n  $ zephyr fmt --check templates/*.zephyr\n\nExit codes: 0 ok, 1 --check found files to format, 2 a template does not parse, 64 unreadable input.",
    )
    .action((files: string[], flags: { write?: boolean; check?: boolean }) => {
      const err = styleFor(process.stderr);
      let code: number = EXIT.OK;
      for (const file of files) {
        const source = readText(file, "template");
        let formatted: string;
        try {
          formatted = format(source, file);
        } catch (e) {
          if (!(e instanceof ZephyrError)) throw e;
          process.stderr.write(`${formatError(e, err)}\n`);
          code = EXIT.TEMPLATE_ERROR;
          continue;
        }
        if (flags.check) {
          if (formatted !== source) {
            process.stderr.write(`${file}: not formatted\n`);
            if (code === EXIT.OK) code = EXIT.INVALID;
          }
        } else if (flags.write) {
          if (formatted !== source) writeFileSync(file, formatted);
        } else {
          process.stdout.write(formatted);
        }
      }
      process.exitCode = code;
    });
}
