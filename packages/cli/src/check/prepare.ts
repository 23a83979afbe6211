/**
 * Turns case files into ready-to-render setups: compiles each template once, reads every profile, data file,
 * catalog and snippet directory once, and reports any input that cannot be used (exit 64) before a case runs.
 */

import { resolve } from "node:path";
import { type Catalog, CatalogProvider, FeedProvider, loadCatalog } from "@zephyr/personalize";
import { type Limits, type RenderOptions, type Template, ZephyrError } from "@zephyr/zephyr";
import { CliError } from "../errors.js";
import { readJsonObject, snippetDirectory } from "../inputs.js";
import { compileTemplateFile, type Endpoint, type RenderSetup } from "../setup.js";
import { type CaseFile, type CaseSpec, display, type InputKey, type Inputs, type InputValue } from "./case-file.js";

export interface PreparedCase {
  spec: CaseSpec;
  /** Undefined for a skipped case and for a template that does not compile. */
  setup?: RenderSetup;
  /** The brand name Attentive puts in front of the message (counted in the SMS facts). */
  brand?: string;
}

export interface PreparedFile {
  file: CaseFile;
  template?: Template;
  /** The template's compile error, reported by every case that does not expect it. */
  compileError?: ZephyrError;
  cases: PreparedCase[];
}

/** Defaults from the command line (`zephyr check --strict --now …`): the lowest precedence of all. */
export interface CommandDefaults {
  inputs: Inputs;
  /** `--feed URL`: used when no catalog is named. */
  feed?: string;
  /** `--max-*` and `--provider-timeout` (command line only). */
  limits?: Partial<Limits>;
}

/** A file read once: its value, or the message of why it cannot be used. */
type Loaded<T> = { value: T; error?: undefined } | { value?: undefined; error: string };

export class Preparer {
  private readonly templates = new Map<string, { template?: Template; error?: ZephyrError }>();
  private readonly objects = new Map<string, Loaded<Record<string, unknown>>>();
  private readonly catalogs = new Map<string, Loaded<Catalog>>();
  private readonly providers = new Map<Catalog | undefined, CatalogProvider>();
  private readonly snippets = new Map<string, RenderOptions["snippets"]>();
  private feedCatalog?: Catalog;

  constructor(
    private readonly defaults: CommandDefaults,
    private readonly problems: string[],
  ) {}

  async prepare(file: CaseFile): Promise<PreparedFile> {
    const { template, error } = this.compile(file);
    const cases: PreparedCase[] = [];
    for (const spec of file.cases) {
      if (spec.skip || !template) {
        cases.push({ spec });
        continue;
      }
      const inputs: Inputs = { ...this.defaults.inputs, ...file.defaults, ...spec.inputs };
      const brand = inputs.brand?.value as string | undefined;
      cases.push({ spec, setup: await this.setup(template, inputs), brand });
    }
    return { file, template, compileError: error, cases };
  }

  private compile(file: CaseFile): { template?: Template; error?: ZephyrError } {
    let entry = this.templates.get(file.templatePath);
    if (!entry) {
      try {
        entry = { template: compileTemplateFile(file.templateDisplay, this.defaults.limits) };
      } catch (e) {
        if (e instanceof ZephyrError) entry = { error: e };
        else if (e instanceof CliError) {
          this.problems.push(`${file.templateWhere}: ${e.message}`);
          entry = {};
        } else throw e;
      }
      this.templates.set(file.templatePath, entry);
    }
    return entry;
  }

  private async setup(template: Template, inputs: Inputs): Promise<RenderSetup | undefined> {
    const before = this.problems.length;
    const value = <T>(key: InputKey): T | undefined => inputs[key]?.value as T | undefined;
    const profile = this.object(inputs.profile, "profile");
    const data = this.object(inputs.data, "data") ?? {};
    const catalog = await this.catalog(inputs.catalog);
    const endpoint = value<Endpoint>("endpoint") ?? "text-send";
    // As `render` does: JSON-context escaping for payloads, raw values for plain text (endpoint none).
    const options: RenderOptions = {
      escape: value<"json" | "none">("escape") ?? (endpoint === "none" ? "none" : "json"),
    };
    const now = value<string>("now");
    if (now !== undefined) options.now = now;
    const tz = value<string>("tz");
    if (tz !== undefined) options.tz = tz;
    const seed = value<number | string>("seed");
    if (seed !== undefined) options.seed = Number(seed);
    if (value<boolean>("strict")) options.strict = true;
    if (value<string>("platform") === "stub") options.platform = "stub";
    if (this.defaults.limits) options.limits = this.defaults.limits;
    if (inputs.snippets) {
      const dir = resolve(inputs.snippets.baseDir, inputs.snippets.value as string);
      const { confine } = inputs.snippets;
      const key = `${dir}\0${confine ?? ""}`;
      if (!this.snippets.has(key)) {
        try {
          // A case file's snippets stay in its project, links included (checked on each {include}).
          const maxChars = this.defaults.limits?.templateSize;
          this.snippets.set(key, snippetDirectory(display(dir), { maxChars, confine }));
        } catch (e) {
          if (!(e instanceof CliError)) throw e;
          this.snippets.set(key, undefined);
        }
      }
      const resolver = this.snippets.get(key);
      if (resolver) options.snippets = resolver;
      else this.problems.push(`${inputs.snippets.where}: snippets ${display(dir)}: not a readable directory`);
    }
    let provider = this.providers.get(catalog);
    if (!provider) this.providers.set(catalog, (provider = new CatalogProvider(catalog)));
    options.provider = provider;
    if (this.problems.length > before) return undefined;
    return {
      template,
      profile,
      data: { ...(catalog ? { ...catalog } : {}), ...data },
      options,
      endpoint,
    };
  }

  private object(input: InputValue | undefined, what: string): Record<string, unknown> | undefined {
    if (!input) return undefined;
    if (typeof input.value !== "string") return input.value as Record<string, unknown>;
    const path = resolve(input.baseDir, input.value);
    let entry = this.objects.get(path);
    if (!entry) {
      try {
        entry = { value: readJsonObject(display(path), what) };
      } catch (e) {
        if (!(e instanceof CliError)) throw e;
        entry = { error: e.message };
      }
      this.objects.set(path, entry);
    }
    if (entry.error !== undefined) this.problems.push(`${input.where}: ${entry.error}`);
    return entry.value;
  }

  private async catalog(input: InputValue | undefined): Promise<Catalog | undefined> {
    if (!input) return this.defaults.feed ? this.feed() : undefined;
    const path = resolve(input.baseDir, input.value as string);
    let entry = this.catalogs.get(path);
    if (!entry) {
      try {
        entry = { value: await loadCatalog(display(path)) };
      } catch (e) {
        if (!(e instanceof ZephyrError)) throw e;
        entry = { error: e.message };
      }
      this.catalogs.set(path, entry);
    }
    if (entry.error !== undefined) this.problems.push(`${input.where}: ${entry.error}`);
    return entry.value;
  }

  private async feed(): Promise<Catalog | undefined> {
    if (!this.feedCatalog && this.defaults.feed) {
      try {
        this.feedCatalog = await new FeedProvider({ url: this.defaults.feed }).load();
      } catch (e) {
        if (!(e instanceof ZephyrError)) throw e;
        throw new CliError(`--feed ${this.defaults.feed}: ${e.message}`);
      }
    }
    return this.feedCatalog;
  }
}
