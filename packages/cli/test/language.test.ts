/** Issue 16 through the CLI: exit codes of the language items, the --platform flag and its defaults, lint. */
import { describe, expect, it } from "vitest";
import { playgroundConfig } from "../src/actions/serve.js";
import { renderRequest } from "../src/serve/api.js";
import { runCli } from "./run-cli.js";

const F = "fixtures/language";
const ANN = ["--profile", "fixtures/profiles/ann.json"];

describe("render", () => {
  it("email is the recipient", () => {
    const r = runCli(["render", `${F}/email-recipient.zephyr`, ...ANN, "--endpoint", "none"]);
    expect([r.code, r.stdout]).toEqual([0, "To ann@example.com (profile: ann@example.com)\n"]);
  });

  it("assert(false, {...}) cancels with the object as JSON: exit 3", () => {
    const r = runCli(["render", `${F}/assert-object.zephyr`, ...ANN]);
    expect([r.code, r.stderr]).toEqual([3, 'cancelled: {"a":1}\n']);
    const j = runCli(["render", `${F}/assert-object.zephyr`, ...ANN, "--format", "json"]);
    expect(j.code).toBe(3);
    expect(JSON.parse(j.stdout).cancelled.message).toBe('{"a":1}');
  });

  it("changing what a foreach iterates is a template error at its tag: exit 2", () => {
    const r = runCli(["render", `${F}/foreach-push.zephyr`, ...ANN, "--endpoint", "none"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "foreach-push.zephyr:1:35: error ZE_FOREACH_MUTATION: cannot change 'seen' while the {foreach} at line 1, column 15 iterates over it",
    );
  });

  it("platform functions fail by default (exit 2) and render with --platform stub, reporting info diagnostics", () => {
    const failed = runCli(["render", `${F}/platform-stubs.zephyr`, ...ANN]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain("error ZE_UNAVAILABLE: api_user() is not available outside Sailthru");
    const r = runCli(["render", `${F}/platform-stubs.zephyr`, ...ANN, "--platform", "stub", "--format", "json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.payload.body).toBe("Code sample_code for New York (sample_message_id), again sample_code");
    expect(report.diagnostics.filter((d: { code: string }) => d.code === "ZI_PLATFORM_STUB")).toHaveLength(6);
    expect(report.diagnostics.every((d: { severity: string }) => d.severity === "info")).toBe(true);
  });

  it("--platform takes stub or error only", () => {
    const r = runCli(["render", `${F}/platform-stubs.zephyr`, "--platform", "fake"]);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain("--platform");
  });
});

describe("preview and serve default to platform stubs", () => {
  it("preview shows the placeholders; --platform error restores the error", () => {
    const r = runCli(["preview", `${F}/platform-stubs.zephyr`, ...ANN]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("sample_code");
    expect(r.stdout).toContain("info ZI_PLATFORM_STUB: promotion() is a preview placeholder here");
    expect(runCli(["preview", `${F}/platform-stubs.zephyr`, ...ANN, "--platform", "error"]).code).toBe(2);
  });

  it("the playground renders with stubs unless told otherwise", async () => {
    const flags = { port: "0", host: "127.0.0.1", endpoint: "text-send" as const, templates: F, profiles: F };
    const config = await playgroundConfig(flags);
    expect(config.defaults.platform).toBe("stub");
    const answer = (await renderRequest(config, { template: "{promotion().code}", endpoint: "none" })) as {
      output: string;
    };
    expect(answer.output).toBe("sample_code");
    expect((await playgroundConfig({ ...flags, platform: "error" })).defaults.platform).toBe("error");
  });
});

describe("check and batch take --platform too", () => {
  it('a case file may set "platform"; the command-line flag is a default below it', () => {
    const r = runCli(["check", F]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("2 passed, 0 failed");
    const flagged = runCli(["check", F, "--platform", "stub"]);
    expect(flagged.code).toBe(1);
    expect(flagged.stdout).toContain("expected template error ZE_UNAVAILABLE, but the render succeeded");
  });

  it("batch renders every profile with stubs when asked, and rejects them without", () => {
    const profiles = `${JSON.stringify({ keys: { sms: "+12025550143" } })}\n`;
    const ok = runCli(["batch", `${F}/platform-stubs.zephyr`, "--profiles", "-", "--platform", "stub"], {
      input: profiles,
    });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).body).toBe("Code sample_code for New York (sample_message_id), again sample_code");
    const rejected = runCli(["batch", `${F}/platform-stubs.zephyr`, "--profiles", "-"], { input: profiles });
    expect(rejected.stdout).toBe("");
  });
});

describe("lint", () => {
  it("plain Zephyr gets no AT_JSON_SYNTAX noise and no payload hint", () => {
    const r = runCli(["lint", `${F}/lint/plain-zephyr.zephyr`, ...ANN]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("AT_JSON_SYNTAX");
    expect(r.stderr).toContain("hint: print it with {greeting}, or remove the assignment");
    expect(r.stdout).toBe(`${F}/lint/plain-zephyr.zephyr: 0 errors, 1 warning\n`);
  });

  it("a payload template still gets its payload check, rendered with platform stubs", () => {
    const r = runCli(["lint", `${F}/platform-stubs.zephyr`, ...ANN]);
    expect(r.stderr).not.toContain("ZL_SKELETON_SKIPPED");
    expect(r.stderr).toContain("warning ZL_PLATFORM_ONLY");
    const broken = runCli(["lint", "-"], { input: '{x = 1}\n{\n  "body": "hi"\n' });
    expect(broken.stderr).toContain("AT_JSON_SYNTAX");
  });

  it("literal text that looks like a tag is a warning with the tag it should be", () => {
    const r = runCli(["lint", `${F}/lint/literal-tag.zephyr`, ...ANN]);
    expect(r.stderr).toContain(
      "warning ZL_LITERAL_TAG: '{ profile.vars.first_name }' is literal text, not a tag: a '{' followed by a space is printed as it is",
    );
    expect(r.stderr).toContain("hint: this ships the braces to the recipient; did you mean {profile.vars.first_name}?");
  });
});
