/** Inputs for the `zephyr batch` tests: generated profiles and small templates in a temporary directory. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SEED = "fixtures/seed/profile-data.zephyr";
export const AUDIENCE = "fixtures/profiles/audience.ndjson";
export const NOW = "2024-03-15T12:00:00Z";

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "zephyr-batch-"));
}

const NAMES = ["Ann", "Leo", "Maya", "Sam", "Zoë", "José", 'Ann "The Hammer" O\\Neil', "Li 🎉", "Skip", "Kai"];

/**
 * `n` profile lines, like fixtures/profiles/ann.json with varied names and phones. Some lines are special so that
 * every outcome shows up: every 97th has no phone (rejected by text-send), every 89th is not JSON, every 83rd is
 * blank, and every 10th is named "Skip" (cancelled by the `assert` templates below).
 */
export function profileLines(n: number): string[] {
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) {
    if (i % 83 === 0) lines.push("");
    else if (i % 89 === 0) lines.push(`{"id": ${i}, "keys": {"sms": "+1202`);
    else {
      const profile = {
        id: i,
        email: `user${i}@example.com`,
        keys: i % 97 === 0 ? {} : { sms: `+1202555${String(i % 10000).padStart(4, "0")}` },
        vars: { first_name: NAMES[i % NAMES.length], loyalty_tier: i % 3 === 0 ? "gold" : "silver" },
      };
      lines.push(JSON.stringify(profile));
    }
  }
  return lines;
}

export function writeProfiles(dir: string, n: number, name = "profiles.ndjson"): string {
  const path = join(dir, name);
  writeFileSync(path, `${profileLines(n).join("\n")}\n`);
  return path;
}

/** A text-send template that cancels the render for profiles named "Skip". */
export function writeAssertTemplate(dir: string): string {
  const path = join(dir, "assert.zephyr");
  writeFileSync(
    path,
    `{ok = assert(first_name != "Skip", "no Skip")}{body = "Hi, " + first_name + " !"}
{
"to": "{profile.keys.sms}",
"body": "{body}",
"subscriptionType": "MARKETING"
}
`,
  );
  return path;
}

/** A plain-text template (for --endpoint none): cancels "Skip"; with --strict, a profile without vars fails. */
export function writeTextTemplate(dir: string): string {
  const path = join(dir, "text.zephyr");
  writeFileSync(
    path,
    `{assert(profile.vars.first_name != "Skip", "no Skip")}Hi {profile.vars.first_name}, #{profile.id}`,
  );
  return path;
}

/** The lines of an NDJSON text (without the empty string after the last newline). */
export function ndjsonLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}
