/** `zephyr serve` as it runs: commands/serve.ts defines the options and imports this module only when serve runs. */
import { existsSync, statSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { CatalogProvider } from "@zephyr/personalize";
import { DEFAULT_PORT } from "../commands/serve.js";
import { CliError, EXIT } from "../errors.js";
import { clockOptions, readJsonObject, snippetDirectory } from "../inputs.js";
import { listFiles, type PlaygroundConfig } from "../serve/api.js";
import { ServePool } from "../serve/pool.js";
import { createPlaygroundServer, isLoopbackAddress } from "../serve/server.js";
import { contentSource, limitOptions, type RenderFlags } from "../setup.js";

export interface ServeFlags extends Omit<RenderFlags, "profile"> {
  port: string;
  host: string;
  templates?: string;
  profiles?: string;
  brand?: string;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new CliError(`--port must be a whole number from 0 to 65535; got ${JSON.stringify(value)}`);
  return Number(value);
}

/** A folder given by a flag must exist; a default folder is used only if it exists. */
function folder(value: string | undefined, fallback: string, flag: string): string | undefined {
  if (value === undefined) {
    const dir = resolve(fallback);
    return existsSync(dir) && statSync(dir).isDirectory() ? dir : undefined;
  }
  const dir = resolve(value);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new CliError(`${flag} ${value}: no such folder`);
  }
  if (!isDir) throw new CliError(`${flag} ${value}: not a folder`);
  return dir;
}

/** Resolves the flags into the server's settings (bad flags are usage errors before anything listens). */
export async function playgroundConfig(flags: ServeFlags): Promise<PlaygroundConfig> {
  const templatesDir = folder(flags.templates, "fixtures/seed", "--templates");
  const profilesDir = folder(flags.profiles, "fixtures/profiles", "--profiles");
  const data = flags.data ? readJsonObject(flags.data, "data") : {};
  const { provider, globals } = await contentSource(flags);
  const clock = clockOptions(flags);
  const limits = limitOptions(flags);
  const snippetsDir = flags.snippets ?? templatesDir;
  return {
    templatesDir,
    profilesDir,
    provider,
    ...(provider instanceof CatalogProvider && provider.catalog ? { catalog: provider.catalog } : {}),
    ...(snippetsDir ? { snippetsDir } : {}),
    globals: { ...globals, ...data },
    snippets: snippetsDir ? snippetDirectory(snippetsDir, { maxChars: limits?.templateSize }) : undefined,
    ...(limits ? { limits } : {}),
    defaults: {
      endpoint: flags.endpoint,
      strict: flags.strict === true,
      platform: flags.platform ?? "stub",
      ...(flags.escape ? { escape: flags.escape } : {}),
      ...(typeof clock.now === "string" ? { now: clock.now } : {}),
      ...(clock.tz ? { tz: clock.tz } : {}),
      ...(clock.seed !== undefined ? { seed: clock.seed } : {}),
      ...(flags.brand ? { brand: flags.brand } : {}),
    },
  };
}

export async function runServe(flags: ServeFlags, version: string | undefined): Promise<number> {
  const port = parsePort(flags.port);
  const config = await playgroundConfig(flags);
  // Renders run on worker threads, each bounded in time and memory: the page stays responsive whatever is rendered.
  const pool = new ServePool({
    kind: "serve",
    catalog: config.catalog,
    globals: config.globals,
    ...(config.snippetsDir ? { snippetsDir: config.snippetsDir } : {}),
    ...(config.limits ? { limits: config.limits } : {}),
    defaults: config.defaults,
  });
  const server = createPlaygroundServer(config, { version, loopbackOnly: isLoopbackAddress(flags.host), pool });
  try {
    await listen(server, port, flags.host);
  } catch (e) {
    await pool.close();
    throw e;
  }
  const { port: bound } = server.address() as AddressInfo;
  const host = flags.host.includes(":") ? `[${flags.host}]` : flags.host;
  const [templates, profiles] = await Promise.all([
    listFiles(config.templatesDir, ".zephyr"),
    listFiles(config.profilesDir, ".json"),
  ]);
  const where = (n: number, what: string, dir: string | undefined) =>
    dir ? `${n} ${what} from ${dir}` : `no ${what} folder`;
  process.stderr.write(
    `zephyr serve: playground ready (${where(templates.length, "templates", config.templatesDir)}; ` +
      `${where(profiles.length, "profiles", config.profilesDir)}). Press Ctrl-C to stop.\n`,
  );
  process.stdout.write(`http://${host}:${bound}/\n`);
  await stopped(server);
  await pool.close();
  return EXIT.OK;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((done, fail) => {
    const onError = (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE")
        fail(new CliError(`port ${port} is in use on ${host}: pick another with --port, or --port 0 for any free one`));
      else if (e.code === "EACCES") fail(new CliError(`no permission to listen on port ${port}: pick one above 1023`));
      else fail(new CliError(`cannot listen on ${host}:${port}: ${e.message}`));
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      done();
    });
  });
}

/** Resolves when SIGINT or SIGTERM asks the server to stop, after it has closed. */
function stopped(server: Server): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      server.close(() => done());
      server.closeAllConnections();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
