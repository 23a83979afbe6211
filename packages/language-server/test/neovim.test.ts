/**
 * The README's Neovim 0.7–0.10 recipe, run as written in a headless Neovim against the built server: the editor's
 * own LSP client shows the template's diagnostics, hover and the SMS code lens. Skips (saying so) where no `nvim` is
 * installed; `.ci/run` installs Debian's.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN } from "./lsp-client.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const nvim = spawnSync("nvim", ["--version"], { encoding: "utf8" });
const missing = nvim.status === 0 ? null : "nvim is not installed";
if (missing) console.warn(`skipping the Neovim recipe test: ${missing}`);

/** The Lua block under the README's "Neovim 0.7 to 0.10" heading. */
function recipe(): string {
  const readme = readFileSync(join(ROOT, "packages/language-server/README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### Neovim 0.7 to 0.10"));
  const block = /```lua\n([\s\S]*?)```/.exec(section);
  if (!block?.[1]) throw new Error("no Lua block under the README's Neovim 0.7 to 0.10 heading");
  return block[1];
}

/**
 * Waits for the diagnostics, asks for hover and code lenses, opens a second template, and always writes what it saw
 * (or the Lua error) as JSON and quits.
 */
const DRIVER = `
local out = {}
local ok, err = pcall(function()
vim.wait(15000, function() return #vim.diagnostic.get(0) >= 2 end, 50)
out.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out.diagnostics, { code = d.code, line = d.lnum + 1, col = d.col + 1 })
end
local client = vim.lsp.get_active_clients()[1]
local doc = { uri = vim.uri_from_bufnr(0) }
local hover = client.request_sync("textDocument/hover", { textDocument = doc, position = { line = 0, character = 18 } }, 10000, 0)
out.hover = hover and hover.result and hover.result.contents.value or vim.NIL
local lens = client.request_sync("textDocument/codeLens", { textDocument = doc }, 10000, 0)
out.lenses = {}
for _, l in ipairs(lens and lens.result or {}) do table.insert(out.lenses, l.command.title) end
vim.cmd("edit second.zephyr")
vim.wait(10000, function() return #vim.tbl_keys(vim.lsp.buf_get_clients(0)) > 0 end, 50)
out.clients = #vim.lsp.get_active_clients()
end)
if not ok then out.error = tostring(err) end
vim.fn.writefile({ vim.fn.json_encode(out) }, "result.json")
vim.cmd("qa!")
`;

describe.skipIf(missing !== null || !existsSync(BIN))("the Neovim recipe (README, Neovim 0.7 to 0.10)", () => {
  it("starts the server on a .zephyr file: payload diagnostics, hover, the SMS lens, one server per project", () => {
    const dir = mkdtempSync(join(tmpdir(), "zephyr-nvim-"));
    const bin = join(dir, "bin");
    mkdirSync(bin);
    const shim = join(bin, "zephyr-language-server");
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(shim, 0o755);
    const project = join(dir, "project");
    mkdirSync(project);
    copyFileSync(join(ROOT, "fixtures/profiles/ann.json"), join(project, "ann.json"));
    writeFileSync(join(project, "zephyr.config.json"), '{ "profile": "ann.json", "endpoint": "text-send" }\n');
    const body = `{body = "Hi, " + upper(profile.vars.first_name) + " !"}
{
"to" : "{profile.keys.sms}",
"body" : "{body}",
"subscriptionType": "marketing",
"useShortLinks": false
}
`;
    writeFileSync(join(project, "first.zephyr"), body);
    writeFileSync(join(project, "second.zephyr"), body);
    writeFileSync(join(dir, "init.lua"), recipe());
    writeFileSync(join(dir, "driver.lua"), DRIVER);

    const run = spawnSync(
      "nvim",
      [
        "--headless",
        "-i",
        "NONE",
        "-u",
        join(dir, "init.lua"),
        "-c",
        `luafile ${join(dir, "driver.lua")}`,
        "first.zephyr",
      ],
      {
        cwd: project,
        encoding: "utf8",
        timeout: 60_000,
        env: {
          ...process.env,
          PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`,
          HOME: dir,
          XDG_CONFIG_HOME: join(dir, "config"),
          XDG_CACHE_HOME: join(dir, "cache"),
          XDG_STATE_HOME: join(dir, "state"),
          XDG_DATA_HOME: join(dir, "data"),
        },
      },
    );
    const resultFile = join(project, "result.json");
    expect(existsSync(resultFile), `nvim exited ${run.status}: ${run.stderr}`).toBe(true);
    const result = JSON.parse(readFileSync(resultFile, "utf8")) as {
      diagnostics: { code: string; line: number; col: number }[];
      error?: string;
      hover: string;
      lenses: string[];
      clients: number;
    };
    expect(result.error).toBeUndefined();
    expect(result.diagnostics).toContainEqual({ code: "AT_SUBSCRIPTION_TYPE_INVALID", line: 5, col: 21 });
    expect(result.diagnostics.map((d) => d.code)).toContain("AT_SKIP_FATIGUE_DEFAULT");
    expect(result.hover).toContain("upper(string s)");
    expect(result.lenses).toContain("SMS: GSM-7 · 9 characters · 1 segment");
    expect(result.clients).toBe(1);
  }, 90_000);
});
