import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { renderPayloadAsync } from "@zephyr/attentive/internal";
import {
  CONFIG_KEYS,
  configFor,
  configSettings,
  endpointNames,
  findConfig,
  initConfigText,
  LIMIT_KEYS,
  ProjectError,
  parseConfig,
  prepareRender,
  type RenderSettings,
  renderInput,
  renderOptions,
  resolveConfig,
} from "@zephyr/project";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");
const project = join(root, "fixtures/project");
const schema = JSON.parse(readFileSync(join(import.meta.dirname, "../schema/zephyr.config.schema.json"), "utf8"));

function error(text: string): ProjectError {
  try {
    parseConfig(text, "zephyr.config.json");
  } catch (e) {
    if (e instanceof ProjectError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("parseConfig", () => {
  it("accepts every key, // notes at the top and inside limits", () => {
    const config = parseConfig(readFileSync(join(project, "zephyr.config.json"), "utf8"), "x");
    expect(config.profile).toBe("../profiles/ann.json");
    expect(parseConfig('{"//": ["a", "b"], "limits": {"// why": "n", "output": 5}}', "x").limits).toEqual({
      "// why": "n",
      output: 5,
    });
  });

  it("names the line and column of an unknown key, with a did-you-mean", () => {
    const e = error('{\n  "profile": "a.json",\n  "profil": "b.json"\n}');
    expect(e.code).toBe("ZP_CONFIG_KEY");
    expect([e.line, e.column]).toEqual([3, 3]);
    expect(e.message).toBe('zephyr.config.json:3:3: unknown key "profil"; did you mean "profile"?');
  });

  it("names the value of a wrong type", () => {
    const e = error('{"seed": "7"}');
    expect([e.code, e.line, e.column]).toEqual(["ZP_CONFIG_VALUE", 1, 10]);
    expect(error('{"strict": 1}').message).toMatch(/"strict" must be true or false/);
    expect(error('{"endpoint": "text"}').message).toMatch(/"endpoint" must be one of text-send, subscriptions/);
    expect(error('{"tz": "Mars/Olympus"}').message).toMatch(/IANA time zone/);
    expect(error('{"now": "soon"}').message).toMatch(/ISO 8601/);
    expect(error('{"profiles": ["a", 3]}')).toMatchObject({ line: 1, column: 20 });
  });

  it("checks limits by name and value", () => {
    const e = error('{"limits": {\n "stepz": 5}}');
    expect([e.code, e.line, e.column]).toEqual(["ZP_CONFIG_KEY", 2, 2]);
    expect(e.message).toMatch(/did you mean "steps"/);
    expect(error('{"limits": {"steps": 0}}').message).toMatch(/positive whole number/);
    expect(error('{"limits": {"steps": 1.5}}').message).toMatch(/positive whole number/);
  });

  it("reports JSON syntax errors, duplicate keys and non-objects with a location", () => {
    expect(error('{"profile": "a",\n}')).toMatchObject({ code: "ZP_CONFIG_SYNTAX", line: 1, column: 16 });
    expect(error('{"seed": 1, "seed": 2}')).toMatchObject({ code: "ZP_CONFIG_KEY", column: 13 });
    expect(error("[]").code).toBe("ZP_CONFIG_VALUE");
  });
});

describe("the JSON Schema", () => {
  it("lists the same keys, limits and endpoints as the checker", () => {
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(CONFIG_KEYS).sort());
    expect(Object.keys(schema.properties.limits.properties).sort()).toEqual(Object.keys(LIMIT_KEYS).sort());
    for (const name of endpointNames()) expect(schema.properties.endpoint.enum).toContain(name);
  });

  it("is exported by the package", () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "../package.json"), "utf8"));
    expect(pkg.exports["./schema/zephyr.config.schema.json"]).toBe("./schema/zephyr.config.schema.json");
  });
});

describe("finding and loading", () => {
  it("walks up from a template to the nearest configuration", () => {
    expect(findConfig(join(project, "templates/welcome.zephyr"))).toBe(join(project, "zephyr.config.json"));
    const dir = mkdtempSync(join(tmpdir(), "zephyr-project-"));
    mkdirSync(join(dir, "a/b"), { recursive: true });
    writeFileSync(join(dir, "a/zephyr.config.json"), '{"profile": "p.json", "profiles": ["q.json", "p.json"]}');
    const loaded = configFor(join(dir, "a/b/t.zephyr"));
    expect(loaded?.dir).toBe(join(dir, "a"));
    expect(loaded?.profiles).toEqual([join(dir, "a/p.json"), join(dir, "a/q.json")]);
  });

  it("init writes a configuration that parses and that the schema accepts key by key", () => {
    const text = initConfigText({ profile: "profiles/ann.json" });
    const config = parseConfig(text, "zephyr.config.json");
    expect(config.profile).toBe("profiles/ann.json");
    for (const key of Object.keys(config))
      expect(key.startsWith("//") || Object.hasOwn(schema.properties, key), key).toBe(true);
  });
});

describe("prepareRender", () => {
  it("renders a template with the configuration's profile, catalog, snippets, clock and brand", async () => {
    const template = join(project, "templates/welcome.zephyr");
    const settings = { endpoint: "text-send", ...configSettings(configFor(template)) } as RenderSettings;
    expect(settings.limits).toEqual({ steps: 200000 });
    const setup = await prepareRender(template, settings);
    expect(setup.brand).toBe("Acme");
    expect(setup.options.seed).toBe(7);
    const result = await renderPayloadAsync(setup.template, renderInput(setup), {
      ...setup.options,
      endpoint: "text-send",
    });
    expect(result.payload).toMatchObject({
      to: "+12025550143",
      body: "Hi Ann! You are GOLD. See you soon, Acme team.",
    });
    expect(setup.data.store_name).toBeDefined(); // the catalog's top-level keys are globals
  });

  it("platform: stub reaches the render options", () => {
    const settings = {
      endpoint: "none",
      ...configSettings(resolveConfig({ platform: "stub" }, "/p/zephyr.config.json")),
    };
    expect(renderOptions(settings as RenderSettings).platform).toBe("stub");
    expect(renderOptions({ endpoint: "none" }).platform).toBeUndefined();
  });

  it("says which input cannot be read", async () => {
    await expect(
      prepareRender(join(project, "templates/welcome.zephyr"), { endpoint: "none", profile: "/nope.json" }),
    ).rejects.toThrow(/cannot read profile \/nope.json: no such file/);
  });
});
