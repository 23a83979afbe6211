/** Stable codes of the errors this package raises. */
export type ProjectErrorCode =
  /** zephyr.config.json is not valid JSON. */
  | "ZP_CONFIG_SYNTAX"
  /** A key the configuration does not know. */
  | "ZP_CONFIG_KEY"
  /** A value of the wrong type or out of range. */
  | "ZP_CONFIG_VALUE"
  /** An input file (template, profile, data, catalog, snippets, configuration) cannot be read or is not what it must be. */
  | "ZP_INPUT";

/**
 * An error about a project's configuration or its input files: a message that reads well alone and, when it is about
 * a place in a file, the file, line and column (1-based). Callers decide how to show it (the CLI exits 64).
 */
export class ProjectError extends Error {
  readonly code: ProjectErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Offsets in the file, for editors. */
  readonly offset?: number;
  readonly endOffset?: number;

  constructor(
    code: ProjectErrorCode,
    message: string,
    where: { file?: string; line?: number; column?: number; offset?: number; endOffset?: number } = {},
  ) {
    super(where.file && where.line ? `${where.file}:${where.line}:${where.column ?? 1}: ${message}` : message);
    this.name = "ProjectError";
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.offset = where.offset;
    this.endOffset = where.endOffset;
  }
}
