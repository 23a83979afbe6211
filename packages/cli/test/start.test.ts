/**
 * Start-up of the bundled CLI (issue #15): `render`, `preview` and `validate` load neither the code nor the Node
 * built-ins of the other commands, which their actions load with `import()` from chunks of the bundle. So every
 * command is run here once from the bundle: a chunk that fails to load (a missing file, a `require` without the
 * banner) fails only when its command runs.
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT, runCli } from "./run-cli.js";
import { startServer } from "./serve-harness.js";

const SEED = join(ROOT, "fixtures/seed/profile-data.zephyr");
const ANN = join(ROOT, "fixtures/profiles/ann.json");
/** What the commands other than render, preview and validate need, and render must not load. */
const HEAVY = ["http", "https", "net", "worker_threads", "child_process"];

const dir = mkdtempSync(join(tmpdir(), "zephyr-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs the bundle with a preload that writes, at exit, the Node built-ins the process loaded. Standard output and
 * error go to files: a pipe would load node:net by itself.
 */
function builtinsOf(args: string[]): { code: number | null; stdout: string; stderr: string; builtins: string[] } {
  const hook = join(dir, "builtins.mjs");
  const list = join(dir, "builtins.json");
  writeFileSync(
    hook,
    `import { writeFileSync } from "node:fs";
process.on("exit", () => writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));\n`,
  );
  const out = join(dir, "stdout.txt");
  const err = join(dir, "stderr.txt");
  const fds = [openSync(out, "w"), openSync(err, "w")];
  try {
    const r = spawnSync(process.execPath, ["--import", hook, BIN, ...args], {
      cwd: ROOT,
      stdio: ["ignore", fds[0], fds[1]],
      env: { ...process.env, NO_COLOR: "1" },
      timeout: 30_000,
    });
    const loaded = JSON.parse(readFileSync(list, "utf8")) as string[];
    return {
      code: r.status,
      stdout: readFileSync(out, "utf8"),
      stderr: readFileSync(err, "utf8"),
      builtins: loaded.filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice("NativeModule ".length)),
    };
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

/** The bundle files that `file` imports statically (`from "./x.js"` or `import "./x.js"`), transitively. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, "utf8");
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.\/[\w.-]+\.js)["']/g))
    staticClosure(join(dirname(file), m[1] as string), seen);
  return seen;
}

describe("zephyr render starts without the other commands", () => {
  it.each([
    ["render", ["render", SEED, "--profile", ANN]],
    ["preview", ["preview", SEED, "--profile", ANN]],
    ["validate", ["validate", join(ROOT, "fixtures/payloads", firstPayload())]],
  ])("%s loads none of node:http, node:net, node:worker_threads, node:child_process", (_name, args) => {
    const r = builtinsOf(args);
    expect(r.code, r.stderr).not.toBe(70);
    expect(r.code, r.stderr).not.toBe(64);
    expect(r.builtins).toContain("fs"); // the list is real
    expect(r.builtins.filter((m) => HEAVY.includes(m))).toEqual([]);
  });

  it("render prints the payload with them left out", () => {
    const r = builtinsOf(["render", SEED, "--profile", ANN, "--now", "2024-03-15T12:00:00Z"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ to: "+12025550143" });
  });

  it("the bundle's entry imports statically none of them, nor the serve, batch and check code", () => {
    const closure = [...staticClosure(BIN)];
    const text = closure.map((f) => readFileSync(f, "utf8")).join("\n");
    for (const m of HEAVY) expect(text, m).not.toMatch(new RegExp(`(?:\\bfrom|\\bimport)\\s*["']node:${m}["']`));
    expect(text).toMatch(/\bfrom\s*["']node:fs["']/); // the pattern does match an import
    // The lazy chunks exist and are reached only through import().
    const lazy = readdirSync(dirname(BIN)).filter((f) => /^(serve|run|check|compile|init|source)-[\w]+\.js$/.test(f));
    expect(lazy.length).toBeGreaterThanOrEqual(6);
    for (const f of lazy) expect(closure.map((c) => c.slice(dirname(BIN).length + 1))).not.toContain(f);
  });
});

function firstPayload(): string {
  const name = readdirSync(join(ROOT, "fixtures/payloads")).find((f) => f.endsWith(".json"));
  if (!name) throw new Error("no payload fixture");
  return name;
}

describe("every command runs from the bundle", { timeout: 60_000 }, () => {
  const template = join(dir, "welcome.zephyr");
  writeFileSync(template, readFileSync(SEED, "utf8"));

  it("lint", () => {
    const r = runCli(["lint", template]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("welcome.zephyr: ");
  });

  it("fmt", () => {
    const r = runCli(["fmt", template]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
  });

  it("compile", () => {
    const r = runCli(["compile", template]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/export default/);
  });

  it("init", () => {
    const r = runCli(["init", join(dir, "project")]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "project/zephyr.config.json"), "utf8"))).toBeTypeOf("object");
  });

  it("check", () => {
    const r = runCli(["check", join(ROOT, "fixtures/seed/profile-data.cases.json")]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/pass/);
  });

  it("batch --workers 2", () => {
    const ann = readFileSync(ANN, "utf8").replace(/\s*\n\s*/g, " ");
    const r = runCli(["batch", template, "--profiles", "-", "--workers", "2", "--now", "2024-03-15T12:00:00Z"], {
      input: `${ann}\n${ann}\n${ann}\n`,
    });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ to: "+12025550143" });
  });

  it("serve: starts on 127.0.0.1 port 0, renders through its API and stops", async () => {
    const server = await startServer(["--host", "127.0.0.1"]);
    try {
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
      const res = await fetch(new URL("/api/render", server.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ template: "Hi {profile.vars.first_name}", profile: { vars: { first_name: "Ann" } } }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(((await res.json()) as { output: string }).output).toContain("Ann");
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
