/** Exit codes (design.md §5): scripts depend on them. */
export const EXIT = Object.freeze({
  OK: 0,
  INVALID: 1,
  TEMPLATE_ERROR: 2,
  CANCELLED: 3,
  USAGE: 64,
  /** An output could not be written (full disk, standard output closed early). */
  IO_ERROR: 74,
  INTERRUPTED: 130,
});

/** An error the CLI reports as one message and an exit code (no stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.USAGE,
  ) {
    super(message);
    this.name = "CliError";
  }
}
