import type { RenderOptions } from "@zephyr/zephyr/internal";

/** A JSON Schema, as far as completion reads it (properties, their descriptions and enums). */
export interface SchemaNode {
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  [key: string]: unknown;
}

/** A problem with the project itself (its zephyr.config.json or an input file), shown on the template. */
export interface ContextProblem {
  code: string;
  /** Default: error. */
  severity?: "error" | "warning" | "info";
  message: string;
  /** The file it is about and a 0-based position in it, when known. */
  uri?: string;
  line?: number;
  character?: number;
}

/**
 * What the language service knows about the project a document belongs to: the sample inputs and render options
 * from zephyr.config.json. Built by the host (the Node server reads files; a browser host can fill it from memory).
 */
export interface ProjectContext {
  /** Sample profiles: the first one renders; all of them feed completion. */
  profiles: Record<string, unknown>[];
  /** Globals (data file, catalog keys). */
  data: Record<string, unknown>;
  /** The endpoint the payload is validated against; `none` renders plain text. */
  endpoint: string;
  /** Clock, seed, limits, provider, snippets… for the sample render. */
  options: RenderOptions;
  brand?: string;
  /** The endpoint's JSON Schema, for completion of field names and values inside the JSON body. */
  schema?: SchemaNode;
  /** Snippet names `{include '…'}` can use. */
  snippets: string[];
  /** The document URI of a snippet, for go to definition. */
  snippetUri?(name: string): string | undefined;
  /** The configuration file's URI, when there is one. */
  configUri?: string;
  problems: ContextProblem[];
}

/** A context without configuration: nothing to render with, no samples. */
export function emptyContext(): ProjectContext {
  return { profiles: [], data: {}, endpoint: "text-send", options: {}, snippets: [], problems: [] };
}
