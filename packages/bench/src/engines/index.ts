import type { Engine } from "./engine.js";

/** Adapter modules by file, loaded on demand so a batch child loads only its own engine. */
const MODULES = {
  floors: () => import("./floors.js"),
  zephyr: () => import("./zephyr.js"),
  liquid: () => import("./liquid.js"),
  handlebars: () => import("./handlebars.js"),
  eta: () => import("./eta.js"),
  mustache: () => import("./mustache.js"),
  nunjucks: () => import("./nunjucks.js"),
} satisfies Record<string, () => Promise<{ engines: Engine[] }>>;

export type ModuleName = keyof typeof MODULES;

/** The engines of the given adapter modules (all of them by default), set up and ready to compile. */
export async function loadEngines(
  names: readonly ModuleName[] = Object.keys(MODULES) as ModuleName[],
): Promise<Engine[]> {
  const out: Engine[] = [];
  for (const name of names) {
    for (const engine of (await MODULES[name]()).engines) {
      await engine.setup?.();
      out.push(engine);
    }
  }
  return out;
}

/** The adapter module that defines `engine`. */
export async function moduleOf(engine: string): Promise<ModuleName> {
  for (const name of Object.keys(MODULES) as ModuleName[]) {
    if ((await MODULES[name]()).engines.some((e) => e.name === engine)) return name;
  }
  throw new Error(`unknown engine ${engine}`);
}
