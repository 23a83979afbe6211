/** The starting point `zephyr init` writes: every key with a `//` note saying what it does (JSON has no comments). */

export interface InitOptions {
  /** A sample profile path to fill in, relative to the configuration's folder. */
  profile?: string;
  /** Where the JSON Schema is, for editors' completion (default: the installed @zephyr/project package). */
  schema?: string;
}

export const DEFAULT_SCHEMA_PATH = "./node_modules/@zephyr/project/schema/zephyr.config.schema.json";

export function initConfigText(options: InitOptions = {}): string {
  const config = {
    $schema: options.schema ?? DEFAULT_SCHEMA_PATH,
    "//": [
      "Zephyr project configuration: read by zephyr render, preview, lint, check, batch and serve, and by the",
      "language server, for every template in this folder and below. Command-line flags override it.",
      "Keys are the CLI's long option names; paths are relative to this file; keys starting with // are notes.",
    ],
    "// profile": "the sample profile renders use (the language server shows its payload's problems as you type)",
    profile: options.profile ?? "profiles/sample.json",
    "// profiles": "more sample profiles the editor completes profile fields from",
    profiles: [] as string[],
    "// data": "globals JSON (send-API vars); they override profile vars as bare names",
    "// catalog": "content catalog for personalize() (Sailthru feed shape); or give a feed URL instead",
    "// snippets": "folder of snippets for {include 'name'}",
    "// endpoint": "payload to validate: text-send, subscriptions, ... or none for plain text",
    endpoint: "text-send",
    "// brand": "the brand name Attentive puts in front of every message (counted in the SMS facts)",
    "// tz": "time zone for date() and time()",
    tz: "UTC",
    "// now": "render clock (default: the real time), e.g. 2024-03-15T12:00:00Z",
    "// seed": "seed for random() and shuffle()",
    seed: 0,
    "// strict": "undefined variables and members of null are errors",
    strict: false,
    "// limits": "steps, output, depth, template-size, include-depth, memory, provider-timeout (the --max-* flags)",
    limits: {},
  };
  if (config.profiles.length === 0) delete (config as Partial<typeof config>).profiles;
  return `${JSON.stringify(config, null, 2)}\n`;
}
