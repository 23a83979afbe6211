/** zephyr.config.json: the commands read the nearest one above the template; flags override it; `zephyr init`. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "@zephyr/project";
import { describe, expect, it } from "vitest";
import { playgroundConfig } from "../src/actions/serve.js";
import { applyConfig, configStart } from "../src/config.js";
import { buildProgram } from "../src/program.js";
import { ROOT, runCli } from "./run-cli.js";

const WELCOME = "fixtures/project/templates/welcome.zephyr";

/** A project folder: a config, a template two folders down, profiles beside the config. */
function project(config: Record<string, unknown>, template: string): { dir: string; template: string } {
  const dir = mkdtempSync(join(tmpdir(), "zephyr-config-"));
  mkdirSync(join(dir, "templates/sms"), { recursive: true });
  writeFileSync(join(dir, "zephyr.config.json"), JSON.stringify(config, null, 2));
  writeFileSync(join(dir, "ann.json"), readFileSync(join(ROOT, "fixtures/profiles/ann.json")));
  writeFileSync(join(dir, "maya.json"), readFileSync(join(ROOT, "fixtures/profiles/shopper-maya.json")));
  writeFileSync(join(dir, "templates/sms/t.zephyr"), template);
  return { dir, template: join(dir, "templates/sms/t.zephyr") };
}

describe("zephyr.config.json", () => {
  it("render takes the profile, snippets, brand-free clock and seed from the configuration", () => {
    const r = runCli(["render", WELCOME]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).body).toBe("Hi Ann! You are GOLD. See you soon, Acme team.");
  });

  it("a flag given on the command line wins over the configuration", () => {
    const r = runCli(["render", WELCOME, "--profile", "fixtures/profiles/shopper-maya.json"]);
    expect(JSON.parse(r.stdout).body).toBe("Hi Maya! You are GOLD. See you soon, Acme team.");
  });

  it("paths are relative to the configuration file, found from a folder below it", () => {
    const p = project(
      { profile: "ann.json", endpoint: "none", now: "2024-03-15T12:00:00Z", tz: "America/New_York", seed: 3 },
      "{profile.vars.first_name} {date('yyyy-MM-dd HH:mm', time('now'))} {random(1000)}",
    );
    const a = runCli(["render", p.template]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^Ann 2024-03-15 08:00 \d+$/);
    expect(runCli(["render", p.template]).stdout).toBe(a.stdout); // the seed holds
    expect(runCli(["render", p.template], { cwd: p.dir }).stdout).toBe(a.stdout);
  });

  it("limits apply as the --max-* flags do", () => {
    const p = project({ endpoint: "none", limits: { steps: 50 } }, "{foreach range(1, 100) as i}{i}{/foreach}");
    const r = runCli(["render", p.template]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("ZE_LIMIT_STEPS");
    expect(runCli(["render", p.template, "--max-steps", "100000"]).code).toBe(0);
  });

  it("the memory limit too (limits.memory is --max-memory)", () => {
    const p = project(
      { endpoint: "none", limits: { memory: 2000 } },
      '{s = "0123456789"}{foreach range(1, 8) as i}{s = s + s}{/foreach}{length(s)}',
    );
    const r = runCli(["render", p.template]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("ZE_LIMIT_MEMORY");
    expect(runCli(["render", p.template, "--max-memory", "1000000"]).code).toBe(0);
  });

  it("strict and endpoint come from the configuration too", () => {
    const p = project({ strict: true, endpoint: "none" }, "{nope.x}");
    const r = runCli(["render", p.template]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/t\.zephyr:1:2/);
  });

  it("a bad configuration is a usage error that names the file, line and column", () => {
    const p = project({ endpoint: "none" }, "x");
    writeFileSync(join(p.dir, "zephyr.config.json"), '{\n  "endpoint": "none",\n  "seed": "7"\n}\n');
    const r = runCli(["render", p.template]);
    expect(r.code).toBe(64);
    expect(r.stderr).toBe(`zephyr: ${join(p.dir, "zephyr.config.json")}:3:11: "seed" must be a whole number\n`);
  });

  it("lint checks the payload with the configured profile; batch and preview read it too", () => {
    const p = project(
      { profile: "ann.json", brand: "Acme" },
      '{\n"to": "{profile.keys.sms}",\n"body": "Hi {profile.vars.city}",\n"subscriptionType": "MARKETING",\n"useShortLinks": false,\n"skipFatigue": false\n}\n',
    );
    const lint = runCli(["lint", p.template]);
    expect(lint.stdout).toContain("ok");
    const preview = runCli(["preview", p.template]);
    expect(preview.stdout).toContain("Acme: Hi");
    const batch = runCli(["batch", p.template, "--profiles", "-"], {
      input: '{"keys":{"sms":"+12025550143"},"vars":{"city":"Oslo"}}\n',
    });
    expect(batch.code).toBe(0);
    expect(JSON.parse(batch.stdout).body).toBe("Hi Oslo");
  });

  it("check uses the configuration for what neither the case file nor the flags say", () => {
    const p = project({ profile: "ann.json", endpoint: "none" }, "Hi {profile.vars.first_name}");
    writeFileSync(
      join(p.dir, "templates/sms/t.cases.json"),
      JSON.stringify({ cases: [{ name: "greets the configured profile", output: "Hi Ann" }] }),
    );
    const r = runCli(["check", join(p.dir, "templates")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // A missing file the configuration names is reported as the configuration's.
    writeFileSync(join(p.dir, "zephyr.config.json"), JSON.stringify({ profile: "gone.json", endpoint: "none" }));
    const bad = runCli(["check", join(p.dir, "templates")]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('zephyr.config.json "profile"');
  });
});

describe("serve", () => {
  it("takes the playground's defaults from the configuration above its --templates folder", async () => {
    const p = project(
      { endpoint: "subscriptions", tz: "Europe/Oslo", seed: 9, strict: true, limits: { steps: 777 } },
      "x",
    );
    const program = buildProgram();
    const serve = program.commands.find((c) => c.name() === "serve")!;
    serve.parseOptions(["--templates", join(p.dir, "templates"), "--seed", "4"]);
    applyConfig(serve, configStart(serve));
    const config = await playgroundConfig(serve.opts() as Parameters<typeof playgroundConfig>[0]);
    expect(config.defaults).toMatchObject({ endpoint: "subscriptions", tz: "Europe/Oslo", strict: true, seed: 4 });
    expect(config.limits).toEqual({ steps: 777 });
  });
});

describe("zephyr init", () => {
  it("writes a configuration the checker accepts, and will not overwrite one", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "zephyr-init-")), "project");
    const r = runCli(["init", dir, "--profile", join(ROOT, "fixtures/profiles/ann.json")]);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, "zephyr.config.json"), "utf8");
    const config = parseConfig(text, "zephyr.config.json");
    expect(config.profile).toMatch(/fixtures\/profiles\/ann\.json$/);
    expect(config.$schema).toContain("zephyr.config.schema.json");
    expect(runCli(["init", dir]).code).toBe(64);
    expect(runCli(["init", dir, "--force"]).code).toBe(0);
    // What it wrote is what render then reads.
    writeFileSync(join(dir, "t.zephyr"), '{\n"body": "Hi"\n}');
    const r2 = runCli(["render", join(dir, "t.zephyr")]);
    expect(r2.code).toBe(64); // --force wrote the default profile path, which does not exist yet
    expect(r2.stderr).toContain(`cannot read profile ${join(dir, "profiles/sample.json")}: no such file`);
  });
});
