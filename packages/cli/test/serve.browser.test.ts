/**
 * `zephyr serve` end to end: the playground page in headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core), against the built CLI. The page must work offline: every request that does not go to the
 * server is refused, as on a machine without a network.
 *
 * Skipped, with a message, only when no browser can be driven: /usr/bin/chromium (or $CHROMIUM_PATH) is missing,
 * or playwright-core cannot be imported ($PLAYWRIGHT_CORE may name a copy outside the repository).
 * A screenshot is kept at .vitest-artifacts/serve.png; UPDATE_DOCS_SCREENSHOT=1 also writes docs/serve.png.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ENDPOINT_NAMES } from "@zephyr/attentive";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./run-cli.js";
import { type RunningServer, startServer } from "./serve-harness.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// playwright-core is typed loosely here so that this file type-checks where it is not installed.
type Browser = any;
type Page = any;
// The functions given to page.evaluate() and page.waitForFunction() run in the page, where these exist.
declare const document: any;
declare function getComputedStyle(element: unknown): { color: string };

async function loadPlaywright(): Promise<{ chromium: { launch(options: object): Promise<Browser> } } | null> {
  const candidates = ["playwright-core"];
  if (process.env.PLAYWRIGHT_CORE) candidates.push(pathToFileURL(process.env.PLAYWRIGHT_CORE).href);
  for (const specifier of candidates) {
    try {
      const mod = await import(/* @vite-ignore */ specifier);
      return mod.chromium ? mod : mod.default;
    } catch {
      // try the next one
    }
  }
  return null;
}

const playwright = existsSync(CHROMIUM) ? await loadPlaywright() : null;
const missing = !existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM} (apt-get install chromium)`
  : playwright === null
    ? "playwright-core cannot be imported (pnpm add -D playwright-core in packages/cli)"
    : null;
if (missing) console.warn(`\n  SKIPPED: zephyr serve browser tests: ${missing}\n`);

const ARTIFACTS = join(ROOT, ".vitest-artifacts");

describe.skipIf(missing !== null)("zephyr serve in a browser", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer(["--now", "2024-03-15T12:00:00Z"]),
      playwright!.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens the page offline; collects the page's errors and the requests it tried to make elsewhere. */
  async function open(query = "?template=profile-data&profile=ann") {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page: Page = await context.newPage();
    const errors: string[] = [];
    const outside: string[] = [];
    page.on("pageerror", (e: Error) => errors.push(e.message));
    page.on("console", (m: any) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
    });
    await page.route(
      (url: URL) => url.origin !== new URL(server.url).origin,
      (route: any) => {
        outside.push(route.request().url());
        return route.abort();
      },
    );
    await page.goto(new URL(query, server.url).href);
    await rendered(page);
    return { page, errors, outside, close: () => context.close() };
  }

  /** Waits until the page has rendered its last change, and for `condition` (a function run in the page). */
  async function rendered(page: Page, condition?: (arg: any) => boolean, arg?: unknown) {
    // Rendered, and highlighted with the engine's tokens for the current text (POST /api/tokens).
    await page.waitForFunction(
      () =>
        document.body.dataset.state === "idle" &&
        document.body.dataset.renders !== "0" &&
        document.getElementById("highlight")?.dataset.tokens === "engine",
    );
    if (condition) await page.waitForFunction(condition, arg, { timeout: 5000 });
  }

  const text = (page: Page, selector: string) => page.locator(selector).first().textContent();
  const editor = (page: Page) => page.locator("#template");

  it("loads offline, lists templates and profiles, and shows Ann's message, encoding and payload", async () => {
    const { page, errors, outside, close } = await open();
    try {
      expect(await page.locator("#template-select option").allTextContents()).toContain("profile-data");
      expect(await page.locator("#template-select").inputValue()).toBe("profile-data.zephyr");
      expect(await page.locator("#profile-select").inputValue()).toBe("ann.json");
      expect(await text(page, "#body-text")).toBe("Hi, Ann !");
      expect(await text(page, "#encoding")).toBe("GSM-7");
      expect(await text(page, "#characters")).toBe("9");
      expect(await text(page, "#segments")).toBe("1");
      expect(await text(page, "#per-part")).toBe("160 per part");
      expect(JSON.parse((await text(page, "#payload")) ?? "")).toMatchObject({ to: "+12025550143", body: "Hi, Ann !" });
      expect(await text(page, "#status")).toMatch(/^Rendered in [\d.]+ ms: ok$/);
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it("highlights tags, strings and comments each in their own colour", async () => {
    const { page, close } = await open();
    try {
      await editor(page).fill("{* a note *}Hi {first_name}, {\"so\" + 'on'} {if vip}VIP{/if}");
      await rendered(page);
      const tokens = await page.evaluate(() =>
        [...document.querySelectorAll("#highlight-code span")].map((s) => ({
          text: s.textContent,
          type: [...s.classList].find((c) => c.startsWith("t-")),
          color: getComputedStyle(s).color,
        })),
      );
      const of = (type: string) => tokens.filter((t: any) => t.type === type);
      expect(of("t-comment").map((t: any) => t.text)).toEqual(["{* a note *}"]);
      expect(of("t-str").map((t: any) => t.text)).toEqual(['"so"', "'on'"]);
      expect(of("t-kw").map((t: any) => t.text)).toEqual(["if", "/", "if"]);
      expect(of("t-name").map((t: any) => t.text)).toEqual(["first_name", "vip"]);
      expect(of("t-delim").length).toBe(8);
      const colors = new Set(["t-comment", "t-str", "t-delim", "t-kw", "t-text"].map((t) => of(t)[0].color));
      expect(colors.size).toBe(5);
      // The overlay holds exactly the editor's text, so the colours sit under the right characters.
      expect(await text(page, "#highlight-code")).toBe(`${await editor(page).inputValue()}\n `);
    } finally {
      await close();
    }
  });

  it("underlines an unclosed {if} at its line as the user types, and clears it once closed", async () => {
    const { page, errors, close } = await open();
    try {
      const before = Number(await page.evaluate(() => document.body.dataset.renders));
      const lines = (await editor(page).inputValue()).split("\n").length;
      await editor(page).click();
      await page.keyboard.press("Control+End");
      await page.keyboard.type("{if vip}", { delay: 15 });
      await rendered(page, () => document.querySelector("#diagnostics")?.textContent?.includes("ZE_UNCLOSED_BLOCK"));
      // Typing is debounced: eight keystrokes, far fewer renders.
      expect(Number(await page.evaluate(() => document.body.dataset.renders)) - before).toBeLessThanOrEqual(3);
      const item = page.locator("#diagnostics li.error").first();
      expect(await item.locator(".loc").textContent()).toBe(`${lines}:1`);
      expect(await item.textContent()).toContain("{if} is never closed: add {/if}");
      expect(await page.locator("#highlight-code .d-error").allTextContents()).toEqual(["{", "if", " ", "vip", "}"]);
      const marker = page.locator(`#gutter-lines div:nth-child(${lines})`);
      expect(await marker.getAttribute("class")).toBe("g-error");
      expect(await marker.getAttribute("title")).toContain("never closed");
      expect(await page.locator("#phone").getAttribute("class")).toContain("stale");
      expect(await text(page, "#status")).toMatch(/^Template error/);
      // Clicking the problem selects its span in the editor.
      await item.click();
      const selection = await editor(page).evaluate((t: any) => t.value.slice(t.selectionStart, t.selectionEnd));
      expect(selection).toBe("{if vip}");

      await page.keyboard.press("Control+End");
      await page.keyboard.type("VIP!{/if}", { delay: 15 });
      await rendered(page, () => !document.querySelector("#diagnostics")?.textContent?.includes("ZE_UNCLOSED_BLOCK"));
      expect(await page.locator("#highlight-code .d-error").count()).toBe(0);
      expect(await page.locator("#gutter-lines .g-error").count()).toBe(0);
      expect(await page.locator("#phone").getAttribute("class")).not.toContain("stale");
      expect(await text(page, "#body-text")).toBe("Hi, Ann !");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("updates the phone when the profile's first name changes, or another profile is picked", async () => {
    const { page, close } = await open();
    try {
      const profile = await page.locator("#profile").inputValue();
      await page.locator("#profile").fill(profile.replace('"Ann"', '"Bea"'));
      await rendered(page, () => document.querySelector("#body-text")?.textContent === "Hi, Bea !");
      await page.locator("#profile").fill("{ not json");
      await page.waitForFunction(() => !(document.querySelector("#profile-error") as any).hidden);
      expect(await text(page, "#profile-error")).toMatch(/^Not used: /);
      expect(await text(page, "#body-text")).toBe("Hi, Bea !");
      await page.locator("#profile-select").selectOption("the-hammer.json");
      await rendered(page, () => document.querySelector("#body-text")?.textContent !== "Hi, Bea !");
      expect(await text(page, "#body-text")).toMatch(/^Hi, .+ !$/);
      expect(await page.locator("#profile-error").isHidden()).toBe(true);
    } finally {
      await close();
    }
  });

  it("switches to UCS-2 for an emoji and highlights it; shows the MMS picture and its address", async () => {
    const { page, errors, close } = await open();
    try {
      const source = await editor(page).inputValue();
      await editor(page).fill(
        source
          .replace('" !"}', '" ! 🎉 Spring sale: 20% off today."}\n{mediaUrl = "https://cdn.example.com/spring.png"}')
          .replace('"skipFatigue": false', '"skipFatigue": false,\n"mediaUrl": "{mediaUrl}"'),
      );
      await rendered(page, () => document.querySelector("#encoding")?.textContent === "UCS-2");
      expect(await page.locator("#body-text mark.ucs2").allTextContents()).toEqual(["🎉"]);
      expect(await page.locator("#body-text mark.ucs2").getAttribute("title")).toContain("U+1F389");
      expect(await text(page, "#ucs2 li")).toContain("🎉 U+1F389 at 10");
      expect(await text(page, "#segments")).toBe("1");
      expect(await text(page, "#per-part")).toBe("70 per part");
      expect(await page.locator(".media img").getAttribute("src")).toBe("https://cdn.example.com/spring.png");
      expect(await text(page, ".media-url")).toBe("https://cdn.example.com/spring.png");
      await page.waitForFunction(() => document.querySelector(".media")?.classList.contains("broken"));
      expect(await page.locator("#highlight-code .d-info").count()).toBeGreaterThan(0); // AT_BODY_NOT_GSM
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, "serve.png"), fullPage: true });
      if (process.env.UPDATE_DOCS_SCREENSHOT) {
        mkdirSync(join(ROOT, "docs"), { recursive: true });
        await page.locator("#brand").fill("Acme");
        await rendered(page, () => document.querySelector(".bubble .brand")?.textContent === "Acme: ");
        await page.screenshot({ path: join(ROOT, "docs", "serve.png") });
      }
      expect(existsSync(join(ARTIFACTS, "serve.png"))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("lists every endpoint, and opens an event template with its case file's endpoint: no text, no SMS facts", async () => {
    const { page, close, errors } = await open("?template=custom-events&profile=shopper-maya");
    try {
      const options = await page.locator("#endpoint option").evaluateAll((list: any[]) => list.map((o) => o.value));
      expect(options).toEqual([...ENDPOINT_NAMES, "none"]);
      await rendered(page, () => document.querySelector("#endpoint").value === "custom-events");
      await rendered(page, () => document.querySelector(".notice")?.textContent.includes("custom-events payload"));
      expect(await text(page, ".notice")).toBe("A custom-events payload sends no text of its own (no SMS facts).");
      expect(await text(page, "#payload")).toContain('"type": "Loyalty Tier Reached"');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("completes and documents from the language server's core: profile.vars. fields, Ctrl-Space, hover", async () => {
    const { page, errors, outside, close } = await open();
    try {
      await editor(page).fill("Hi {profile.vars}");
      await rendered(page);
      await editor(page).click();
      await page.keyboard.press("Control+End");
      await page.keyboard.press("ArrowLeft");
      // `.` opens the list by itself, with the selected profile's (Ann's) vars.
      await page.keyboard.type(".");
      const options = page.locator("#completion [role=option] .label");
      await page.waitForFunction(() => document.querySelectorAll("#completion [role=option]").length > 0);
      expect(await options.allTextContents()).toEqual(["first_name", "last_name", "loyalty_tier"]);
      expect(await editor(page).getAttribute("aria-expanded")).toBe("true");
      expect(await editor(page).getAttribute("aria-activedescendant")).toBe("completion-0");
      expect(await text(page, "#completion-docs")).toContain('"Ann"');
      await page.keyboard.press("ArrowDown");
      expect(await page.locator("#completion-1").getAttribute("aria-selected")).toBe("true");
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("Enter");
      expect(await editor(page).inputValue()).toBe("Hi {profile.vars.first_name}");
      expect(await page.locator("#completion").isHidden()).toBe(true);
      await rendered(page);

      // Ctrl-Space: functions that start with the word typed; the first argument is selected after Enter.
      await editor(page).fill("{upp}");
      await rendered(page);
      await editor(page).evaluate((t: any) => t.setSelectionRange(4, 4));
      await page.keyboard.press("Control+Space");
      await page.waitForFunction(
        () => document.querySelector("#completion [role=option] .label")?.textContent === "upper",
      );
      await page.keyboard.press("Enter");
      expect(await editor(page).inputValue()).toBe("{upper(s)}");
      expect(await editor(page).evaluate((t: any) => t.value.slice(t.selectionStart, t.selectionEnd))).toBe("s");
      await page.keyboard.press("Escape");

      // The documentation at the cursor from the keyboard, and under the mouse.
      await editor(page).evaluate((t: any) => t.setSelectionRange(3, 3));
      await page.keyboard.press("Control+Shift+Space");
      await page.waitForFunction(() => !(document.querySelector("#hover-tip") as any).hidden);
      expect(await text(page, "#hover-tip")).toContain("upper(string s) → string");
      expect(await editor(page).getAttribute("aria-describedby")).toBe("hover-tip");
      await page.keyboard.press("Escape");
      expect(await page.locator("#hover-tip").isHidden()).toBe(true);
      await rendered(page);
      const box = await page.evaluate(() => {
        // The middle of the "p" of "upper" (offset 2) in the overlay, which holds the textarea's text.
        const range = document.createRange();
        const walker = document.createTreeWalker(document.querySelector("#highlight-code"), 4);
        let seen = 0;
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (seen + n.data.length > 2) {
            range.setStart(n, 2 - seen);
            range.setEnd(n, 3 - seen);
            break;
          }
          seen += n.data.length;
        }
        const r = range.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      });
      await page.mouse.move(box.x, box.y);
      await page.waitForFunction(() => !(document.querySelector("#hover-tip") as any).hidden);
      expect(await text(page, "#hover-tip")).toContain("upper case");
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it("shows a cancelled render, and the raw output with endpoint none", async () => {
    const { page, close } = await open();
    try {
      await editor(page).fill('{if !first_name}{cancel(true, "no first name")}{/if}Hello {first_name}');
      await page.locator("#endpoint").selectOption("none");
      await rendered(page, () => document.querySelector("#body-text")?.textContent === "Hello Ann");
      // Escaping by JSON context, asked for: outside a JSON string, a value is written as a JSON value.
      await page.locator("#escape").selectOption("json");
      await rendered(page, () => document.querySelector("#body-text")?.textContent === 'Hello "Ann"');
      expect(await text(page, "#payload-title")).toBe("Output");
      await page.locator("#profile-select").selectOption("no-first-name.json");
      await rendered(page, () => document.querySelector(".notice.cancelled") !== null);
      expect(await text(page, ".notice.cancelled")).toContain("no first name");
      expect(await text(page, "#diagnostics")).toContain("cancelled: no first name");
    } finally {
      await close();
    }
  });
});
