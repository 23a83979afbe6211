/** The language service's core: pure functions of a document and a project context (no server, no files). */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  Analysis,
  classifyTokens,
  codeHref,
  diagnose,
  emptyContext,
  LanguageService,
  lineHunks,
  type ProjectContext,
  quickDiagnose,
  semanticTokens,
  signatureHelp,
  tokenKinds,
} from "@zephyr/language-server";
import { formatTemplate, lint, parse } from "@zephyr/zephyr/internal";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";

const ann = { email: "ann@example.com", keys: { sms: "+12025550143" }, vars: { first_name: "Ann", tier: "gold" } };
const schema = {
  properties: {
    to: { type: "string", description: "phone" },
    body: { type: "string" },
    subscriptionType: { enum: ["MARKETING", "TRANSACTIONAL"] },
  },
};
function context(extra: Partial<ProjectContext> = {}): ProjectContext {
  return { ...emptyContext(), profiles: [ann], options: { now: "2024-03-15T12:00:00Z" }, schema, ...extra };
}
const doc = (text: string, version = 1) => TextDocument.create("file:///p/t.zephyr", "zephyr", version, text);
const service = (ctx = context()) => new LanguageService(() => ctx, { docsBase: "https://docs.example/" });
const apply = (text: string, edits: Parameters<typeof TextDocument.applyEdits>[1]) =>
  TextDocument.applyEdits(doc(text), edits);

describe("diagnostics", () => {
  it("the engine's lint reuses an AST it is given (one parse per edit)", () => {
    const source = "{x = 1}{x}";
    const ast = parse(source);
    expect(lint(source, { ast })).toEqual([]);
    // The same source with the read of x dropped from the AST: the lint judges the AST it was given.
    const edited = { ...ast, body: ast.body.slice(0, 1) };
    expect(lint(source, { ast: edited }).map((d) => d.code)).toEqual(["ZL_UNUSED"]);
    // An AST of other text is not used.
    expect(lint("{x = 1}{x} ", { ast: edited })).toEqual([]);
  });

  it("link each code to its documentation", () => {
    expect(codeHref("AT_BODY_EMPTY", "https://d/")).toBe("https://d/packages/attentive/README.md#diagnostic-codes");
    expect(codeHref("ZE_SYNTAX", "https://d/")).toBe("https://d/packages/zephyr/README.md#error-codes");
    expect(codeHref("ZP_CONFIG_KEY", "https://d/")).toBe("https://d/packages/project/README.md#errors");
  });

  it("render only with a sample profile", async () => {
    const text = '{\n"to": "{profile.keys.sms}",\n"body": "",\n"subscriptionType": "MARKETING"\n}';
    const withProfile = await service().diagnostics(doc(text));
    expect(withProfile.map((d) => d.code)).toContain("AT_BODY_EMPTY");
    const without = await service(context({ profiles: [] })).diagnostics(doc(text));
    expect(without).toEqual([]);
  });

  it("render errors are located diagnostics", async () => {
    const [assign] = await service().diagnostics(doc("{x = 'a'}\n{x.y = 2}{x}"));
    expect(assign).toMatchObject({ code: "ZE_ASSIGN", range: { start: { line: 1, character: 1 } } });
    const [cancelled] = await service().diagnostics(doc("{assert(false, 'no')}"));
    expect(cancelled).toMatchObject({ code: "ZLS_CANCELLED", range: { start: { line: 0, character: 1 } } });
  });

  it("payload problems outside a blanked tag still show; none inside it", async () => {
    const text = '{\n"to": "{profile.keys.sms +}",\n"body": "",\n"subscriptionType": "MARKETING"\n}';
    const codes = (await service().diagnostics(doc(text))).map((d) => d.code);
    expect(codes).toContain("ZE_SYNTAX");
    expect(codes).toContain("AT_BODY_EMPTY");
    expect(codes).not.toContain("AT_TO_NOT_E164"); // `to` is the blanked tag's
  });

  it("show problems of the project itself", async () => {
    const ctx = context({ problems: [{ code: "ZP_INPUT", message: "cannot read profile p.json", uri: "file:///c" }] });
    const [d] = await service(ctx).diagnostics(doc("hi"));
    expect(d.code).toBe("ZP_INPUT");
    expect(d.relatedInformation?.[0].location.uri).toBe("file:///c");
  });
});

describe("diagnostics: work per edit", () => {
  const payload = (body: string) =>
    `{\n"to": "{profile.keys.sms}",\n"body": "${body}",\n"subscriptionType": "MARKETING"\n}`;

  it("a version whose text is the last one's reuses its result and its analysis", async () => {
    const svc = service();
    const first = await svc.diagnose(doc(payload(""), 1));
    expect(first.diagnostics.map((d) => d.code)).toContain("AT_BODY_EMPTY");
    const ast = svc.analysis(doc(payload(""), 1)).ast;
    // Typed and deleted again within the debounce: version 3, the text of version 1.
    expect(await svc.diagnose(doc(payload(""), 3))).toBe(first);
    expect(svc.analysis(doc(payload(""), 3)).ast).toBe(ast);
    const other = await svc.diagnose(doc(payload("{profile.vars.first_name}"), 4));
    expect(other).not.toBe(first);
    expect(other.diagnostics.map((d) => d.code)).not.toContain("AT_BODY_EMPTY");
  });

  it("a run a newer edit overtakes stops before the render, and the version is computed again when asked", async () => {
    let reads = 0;
    // The render reads profile.keys (the lint's known names come from vars only).
    const profile = {
      vars: { first_name: "Ann" },
      get keys() {
        reads++;
        return { sms: "+12025550143" };
      },
    };
    const svc = service(context({ profiles: [profile] }));
    const text = payload("");
    const asked: string[] = [];
    const stopped = await svc.diagnose(doc(text, 2), {
      superseded: async () => {
        asked.push("after compile");
        return true;
      },
    });
    expect(stopped).toBeUndefined();
    expect(asked).toEqual(["after compile"]); // asked once, then stopped
    expect(reads).toBe(0); // the sample render did not run
    // Code actions and lenses of that version (no way to stop): computed in full.
    const full = await svc.diagnose(doc(text, 2));
    expect(full.diagnostics.map((d) => d.code)).toContain("AT_BODY_EMPTY");
    expect(reads).toBeGreaterThan(0);
    // A run that is not overtaken is asked after the compile and after the lint, and finishes.
    const steps: number[] = [];
    const kept = await service().diagnose(doc(text, 5), {
      superseded: async () => {
        steps.push(steps.length);
        return false;
      },
    });
    expect(steps).toEqual([0, 1]);
    expect(kept?.diagnostics).toEqual(full.diagnostics);
  });

  it("quick diagnostics of an edit: the new lint and the last render's findings moved; the full run ends equal", async () => {
    const svc = service();
    const text1 = `{greeting = 'Hi'}\n${payload("")}`;
    await svc.diagnose(doc(text1, 1));
    // Version 2: a line above the payload (the render's finding moves down) and an unused variable (a new lint).
    const text2 = `{greeting = 'Hi'}\n{unused = 1}\n${payload("")}`;
    const d2 = doc(text2, 2);
    const quick = await svc.quickDiagnostics(d2);
    const fresh = await service().diagnostics(doc(text2, 1));
    expect(quick?.map((d) => d.code).sort()).toEqual(fresh.map((d) => d.code).sort());
    expect(quick?.filter((d) => d.code === "ZL_UNUSED")).toHaveLength(2);
    const body = quick?.find((d) => d.code === "AT_BODY_EMPTY");
    expect(body?.range).toEqual(fresh.find((d) => d.code === "AT_BODY_EMPTY")?.range); // moved with the edit
    // The full run: today's set.
    expect((await svc.diagnose(d2)).diagnostics).toEqual(fresh);
  });

  it("the full run compiles the quick tree and reuses its lint (no second parse or lint)", async () => {
    const ctx = context();
    const text1 = `{greeting = 'Hi'}\n${payload("")}`;
    const text2 = `{unused = 1}\n${text1}`;
    const a1 = new Analysis(doc(text1, 1), "t.zephyr");
    const first = await diagnose(a1, ctx, "");
    const a2 = new Analysis(doc(text2, 2), "t.zephyr");
    const quick = quickDiagnose(a2, { text: text1, ast: a1.knownAst!, result: first! }, ctx, "");
    expect(quick?.lints.map((d) => d.code)).toEqual(["ZL_UNUSED", "ZL_UNUSED"]);
    const full = await diagnose(a2, ctx, "", { quick });
    expect(full?.engine[0]).toBe(quick?.lints[0]); // the same objects: not linted again
    expect(a2.knownAst).toBe(quick?.ast); // the compiled template's tree is the quick one: not parsed again
    const alone = await diagnose(new Analysis(doc(text2, 2), "t.zephyr"), ctx, "");
    expect(full?.diagnostics).toEqual(alone?.diagnostics);
    expect(alone?.engine[0]).not.toBe(quick?.lints[0]);
  });

  it("quick diagnostics drop a render finding the edit touched, and are none without a last version", async () => {
    const svc = service();
    const text1 = payload("");
    expect(await svc.quickDiagnostics(doc(text1, 1))).toBeUndefined(); // nothing diagnosed yet
    await svc.diagnose(doc(text1, 1));
    const text2 = text1.replace('"to": "{profile.keys.sms}"', '"to": "{profile.keys.sms}1"');
    // The edit is next to the `to` tag: AT_BODY_EMPTY (after it) moves; the findings on the whole object stay.
    const quick = await svc.quickDiagnostics(doc(text2, 2));
    const fresh = await service().diagnostics(doc(text2, 1));
    expect(quick?.map((d) => d.code)).toEqual(fresh.map((d) => d.code).filter((c) => c !== "AT_TO_INVALID_NUMBER")); // the new number: the full run
    const range = (ds: typeof fresh | undefined) => ds?.find((d) => d.code === "AT_BODY_EMPTY")?.range;
    expect(range(quick)).toEqual(range(fresh));
    // An edit inside a finding's tag drops it until the full run.
    const text3 = text1.replace('"body": ""', '"body": "x"');
    const dropped = await service().quickDiagnostics(doc(text3, 2));
    expect(dropped).toBeUndefined(); // (a new service has no last version)
    // A syntax error: the tree cannot be built from the last one; only the full run reports.
    expect(await svc.quickDiagnostics(doc(text1.replace("{profile.keys.sms}", "{profile.keys.sms +}"), 3))).toBe(
      undefined,
    );
    const full = await svc.diagnostics(doc(text2, 2));
    expect(full).toEqual(fresh);
  });

  it("a text that does not parse: the compile's syntax errors serve the lint, the same as a parse of its own", async () => {
    const broken = [
      `{x = 1 +}\n${payload("{x}")}`,
      `{if x}\n${payload("")}`,
      `{upper('a'}\n{'unclosed}\n${payload("")}`,
      `{* never closed\n${payload("")}`,
      `{/foreach}{x = }{y +}`,
    ];
    const { DEFAULT_LIMITS } = await import("@zephyr/zephyr/internal");
    // A depth limit other than the default: the editor's parse (default limits) is not the compile's, so the lint
    // parses on its own, as before.
    const other = context({ options: { now: "2024-03-15T12:00:00Z", limits: { depth: DEFAULT_LIMITS.depth + 1 } } });
    for (const text of broken) {
      const a = new Analysis(doc(text), "t.zephyr");
      const adopted = await diagnose(a, context(), "");
      const own = new Analysis(doc(text), "t.zephyr");
      const parsedAgain = await diagnose(own, other, "");
      expect(adopted?.diagnostics, text).toEqual(parsedAgain?.diagnostics);
      expect(
        adopted?.diagnostics.some((d) => d.severity === 1),
        text,
      ).toBe(true);
    }
  });

  it("a text with a broken tag: the blanked text's tree is rebuilt from the last run's, with the same findings", async () => {
    const ctx = context();
    const text1 = `{a = 0}\n{greeting = 'Hi'}\n{n = 1}\n${payload("{greeting}{a}")}`;
    const first = await diagnose(new Analysis(doc(text1, 1), "t.zephyr"), ctx, "");
    const text2 = text1.replace("{n = 1}", "{n = 1 +}");
    const rebuilt = await diagnose(new Analysis(doc(text2, 2), "t.zephyr"), ctx, "", { base: first?.tree });
    const parsed = await diagnose(new Analysis(doc(text2, 2), "t.zephyr"), ctx, "");
    expect(rebuilt?.tree?.body[0]).toBe(first?.tree?.body[0]); // kept from the base: not parsed again
    expect(parsed?.tree?.body[0]).not.toBe(first?.tree?.body[0]);
    expect(rebuilt?.tree).toEqual(parsed?.tree);
    expect(rebuilt?.diagnostics).toEqual(parsed?.diagnostics);
    expect(rebuilt?.diagnostics.map((d) => d.code)).toContain("ZE_SYNTAX");
  });

  it("with a content provider, a payload's findings still point at the tag responsible", async () => {
    let calls = 0;
    const provider = {
      personalize: () => {
        calls++;
        return [{ title: "Boots", url: "https://shop.example/boots" }];
      },
    };
    const text = `{items = personalize({'algorithm': 'popular', 'size': 1})}${payload("")}`.replace(
      '"to": "{profile.keys.sms}"',
      '"to": "{items[0].title}"',
    );
    const ds = await service(context({ options: { now: "2024-03-15T12:00:00Z", provider } })).diagnostics(doc(text));
    const to = ds.find((d) => d.code === "AT_TO_NOT_E164");
    expect(to?.range.start).toEqual(doc(text).positionAt(text.indexOf("{items[0].title}")));
    expect(calls).toBeGreaterThan(0);
  });
});

describe("completion", () => {
  const labels = async (text: string, ctx = context()) => {
    const offset = text.indexOf("|");
    const d = doc(text.replace("|", ""));
    return (await service(ctx).completion(d, d.positionAt(offset))).map((i) => i.label);
  };

  it("offers payload field names and a field's allowed values in the JSON", async () => {
    expect(await labels('{\n"sub|')).toEqual(["to", "body", "subscriptionType"]);
    expect(await labels('{\n"subscriptionType": "MA|"')).toEqual(["MARKETING", "TRANSACTIONAL"]);
    expect(await labels("plain text |")).toEqual([]);
    // Nested objects: the schema of the object the cursor is in.
    const nested = context({
      schema: {
        properties: { user: { properties: { phone: {}, email: {} } }, locale: { properties: { language: {} } } },
      },
    });
    expect(await labels('{\n"locale": { "language": "en" },\n"user": {\n  "ph|', nested)).toEqual(["phone", "email"]);
    expect(await labels('{\n"user": {"phone": "{profile.keys.sms}"},\n"|', nested)).toEqual(["user", "locale"]);
    // Through lists and $ref.
    const refs = context({
      schema: {
        properties: { items: { type: "array", items: { $ref: "#/definitions/item" } } },
        definitions: { item: { properties: { productId: {}, price: {} } } },
      },
    });
    expect(await labels('{\n"items": [\n { "pr|', refs)).toEqual(["productId", "price"]);
  });

  it("offers functions with argument snippets, variables assigned above and the profile's vars", async () => {
    const d = doc("{total = 1}\n{u = t}\n{later = 2}");
    const items = await service().completion(d, { line: 1, character: 6 });
    const byLabel = new Map(items.map((i) => [i.label, i]));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an LSP snippet
    expect(byLabel.get("substr")?.textEdit).toMatchObject({ newText: "substr(${1:s}, ${2:start})" });
    expect(byLabel.has("total")).toBe(true);
    expect(byLabel.has("later")).toBe(false);
    expect(byLabel.has("first_name")).toBe(true);
    expect(byLabel.has("if")).toBe(false); // not at the start of the tag
  });

  it("offers block keywords at the start of a tag, even while the template does not parse", async () => {
    const got = await labels("{x = 1}{if x}{|}");
    expect(got.slice(0, 1)).toEqual(["/if"]);
    expect(got).toContain("foreach");
    expect(got).toContain("x");
  });
});

describe("code actions", () => {
  const actions = async (text: string, line = 0, character = 0) => {
    const d = doc(text);
    return service().codeActions(d, { start: { line, character }, end: { line, character } });
  };

  it("{elseif} → {else if}", async () => {
    const text = "{if 1}a{elseif 2}b{/if}";
    const [a] = await actions(text);
    expect(a.title).toBe("write {else if …}"); // the engine's fix
    expect(apply(text, a.edit!.changes!["file:///p/t.zephyr"])).toBe("{if 1}a{else if 2}b{/if}");
  });

  it("adds a missing closer, and fixes a wrong one", async () => {
    const open = "{if 1}\na";
    const [add] = await actions(open);
    expect(apply(open, add.edit!.changes!["file:///p/t.zephyr"])).toBe("{if 1}\na{/if}");
    const wrong = "{if 1}a{/foreach}";
    const [fix] = await actions(wrong, 0, 9);
    expect(apply(wrong, fix.edit!.changes!["file:///p/t.zephyr"])).toBe("{if 1}a{/if}");
  });

  it("applies the payload validator's did-you-mean where the template wrote the field or value", async () => {
    const text =
      '{\n"to": "{profile.keys.sms}",\n"body": "hi",\n"mediaURL": "https://cdn.example/a.jpg",\n"subscriptionType": "marketing"\n}';
    const rename = (await actions(text, 3, 2)).find((a) => a.title.startsWith("Rename"))!;
    expect(rename.title).toBe('Rename to "mediaUrl"');
    expect(apply(text, rename.edit!.changes!["file:///p/t.zephyr"])).toContain(
      '"mediaUrl": "https://cdn.example/a.jpg"',
    );
    const value = (await actions(text, 4, 22)).find((a) => a.title.startsWith("Change to"))!;
    expect(apply(text, value.edit!.changes!["file:///p/t.zephyr"])).toContain('"subscriptionType": "MARKETING"');
  });

  it("wraps {{'a':…}} in parentheses", async () => {
    const text = "{{'a': 1} + {'b': 2}}";
    const [a] = await actions(text, 0, 5);
    expect(a.title).toBe("Wrap the expression in parentheses");
    const fixed = apply(text, a.edit!.changes!["file:///p/t.zephyr"]);
    expect(fixed).toBe("{({'a': 1} + {'b': 2})}");
    expect((await service().diagnostics(doc(fixed))).filter((d) => d.code?.toString().startsWith("ZE_"))).toEqual([]);
  });
});

describe("hover, signature help, definition", () => {
  it("a bare profile var shows its sample value; an unknown profile field says it reads as null", async () => {
    const s = service();
    const d = doc("{first_name} {profile.vars.nope}");
    expect(JSON.stringify(await s.hover(d, { line: 0, character: 3 }))).toContain('\\"Ann\\"');
    expect(JSON.stringify(await s.hover(d, { line: 0, character: 28 }))).toContain("reads as null");
  });

  it("signature help counts arguments, nesting and rest parameters", () => {
    const sig = (text: string, offset: number) => signatureHelp(new Analysis(doc(text), "t.zephyr"), offset);
    expect(sig("{substr(upper('a', 'b'), ", 25)?.activeParameter).toBe(1);
    expect(sig("{x}", 2)).toBeNull();
    expect(sig("{nosuch(1, ", 11)).toBeNull();
    // The cursor inside a call on a later line, with the rest of the document after it.
    expect(sig("{x = 1}\ntext {join(['a'], 'b'\n more text", 29)?.activeParameter).toBe(1);
  });

  it("foreach names point at the names inside the tag", async () => {
    const d = doc("{foreach [1] as item, i}{i}{/foreach}");
    for (const character of [25, 26]) {
      const locs = await service().definition(d, { line: 0, character });
      expect(locs.map((l) => l.range.start.character)).toEqual([22]);
    }
  });
});

describe("formatting", () => {
  it("range formatting changes only the lines in the range, and the whole equals zephyr fmt", () => {
    const text = "{x=1}\nkeep  this   text\n{y=2}\n";
    const s = service();
    const d = doc(text);
    const ranged = s.formatRange(d, { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } });
    expect(apply(text, ranged)).toBe("{x=1}\nkeep  this   text\n{y = 2}\n");
    expect(apply(text, s.format(d))).toBe(formatTemplate(text));
  });

  it("line hunks turn one list of lines into the other (property)", () => {
    const lines = fc.array(fc.constantFrom("a", "b", "c", "d", ""), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const out: string[] = [];
        let i = 0;
        for (const h of lineHunks(a, b)) {
          out.push(...a.slice(i, h.a0), ...b.slice(h.b0, h.b1));
          i = h.a1;
        }
        out.push(...a.slice(i));
        expect(out).toEqual(b);
      }),
    );
  });
});

describe("runtime-agnostic core", () => {
  it("the main entry and the core import no Node module and not the Node host's packages", () => {
    const dir = join(import.meta.dirname, "../src");
    const files = ["index.ts", ...readdirSync(join(dir, "core")).map((f) => `core/${f}`)];
    for (const file of files) {
      const imports = [...readFileSync(join(dir, file), "utf8").matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
      for (const spec of imports) {
        expect(
          spec.startsWith("node:") || spec === "@zephyr/project" || spec.startsWith("vscode-languageserver/"),
          `${file}: ${spec}`,
        ).toBe(false);
        if (spec.startsWith(".")) expect(spec.includes("/node"), `${file}: ${spec}`).toBe(false);
      }
    }
  });
});

describe("hostile input", () => {
  it("a document over the template size limit is one diagnostic, and the other features do no work on it", async () => {
    const s = service();
    const d = doc("{x}".repeat(400_000));
    const started = performance.now();
    expect((await s.diagnostics(d)).map((x) => x.code)).toEqual(["ZE_LIMIT_TEMPLATE_SIZE"]);
    expect(s.semanticTokens(d).data).toEqual([]);
    expect(s.foldingRanges(d)).toEqual([]);
    expect(await s.hover(d, { line: 0, character: 1 })).toBeNull();
    expect(await s.completion(d, { line: 0, character: 1 })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("semantic tokens", () => {
  it("map the engine's token kinds (classifyTokens of @zephyr/zephyr)", () => {
    const a = new Analysis(doc("{* note *}{if profile.x > 1}{upper('a')}{/if}"), "t.zephyr");
    const kinds = classifyTokens(a).map((t) => `${t.kind}:${a.text.slice(t.offset, t.end)}`);
    expect(kinds).toEqual([
      "comment:{* note *}",
      "macro:{",
      "keyword:if",
      "variable:profile",
      "property:x",
      "operator:>",
      "number:1",
      "macro:}",
      "macro:{",
      "function:upper",
      "string:'a'",
      "macro:}",
      "macro:{",
      "keyword:/",
      "keyword:if",
      "macro:}",
    ]);
  });

  it("tokenKinds classifies a bare text the same way", () => {
    const text = "{x = upper('a')}{* c *}";
    expect(tokenKinds(text)).toEqual(classifyTokens(new Analysis(doc(text), "t.zephyr")));
    expect(tokenKinds(text).map((t) => t.kind)).toEqual([
      "macro",
      "variable",
      "operator",
      "function",
      "string",
      "macro",
      "comment",
    ]);
  });

  it("split a token that spans lines", () => {
    const a = new Analysis(doc("{*a\nbc*}"), "t.zephyr");
    expect(semanticTokens(a).data).toEqual([0, 0, 3, 0, 0, 1, 0, 4, 0, 0]);
  });
});
