/** Terminal styling: colors only when the stream is a TTY and NO_COLOR is not set (https://no-color.org). */
export interface Style {
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  inverse(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const identity = (s: string) => s;

export function styleFor(stream: NodeJS.WriteStream): Style {
  const on = stream.isTTY === true && !("NO_COLOR" in process.env) && process.env.TERM !== "dumb";
  if (!on)
    return {
      red: identity,
      yellow: identity,
      cyan: identity,
      green: identity,
      dim: identity,
      bold: identity,
      inverse: identity,
    };
  return {
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    green: wrap(32, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
    inverse: wrap(7, 27),
  };
}
