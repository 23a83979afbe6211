/** `zephyr lint` and `zephyr fmt` as they run: commands/source.ts defines their options and imports this module only
 * when one of them runs. */
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
import { EXIT } from "../errors.js";
import { readJsonObject, readText } from "../inputs.js";
import { formatDiagnostics, formatError } from "../report.js";
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

export interface LintFlags {
  profile?: string;
  data?: string;
  endpoint: PayloadEndpoint | "none";
}

export interface FmtFlags {
  write?: boolean;
  check?: boolean;
}

export function runLint(files: string[], flags: LintFlags): void {
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

export function runFmt(files: string[], flags: FmtFlags): void {
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
}
