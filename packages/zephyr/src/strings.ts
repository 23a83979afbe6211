/** The one-character escapes of string literals: `\n` → newline, … */
export const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "/": "/",
  b: "\b",
  f: "\f",
};

/**
 * The value of a string literal as written (with its quotes): `\' \" \\ \n \t \r \uXXXX` are escapes;
 * a backslash before any other character keeps both (so Windows paths and regex-like text survive).
 */
export function unescapeString(raw: string): string {
  const body = raw.slice(1, -1);
  if (!body.includes("\\")) return body;
  // Pieces joined once: the value is one flat string, not a tree of one-character concatenations that every render
  // using it would walk again.
  const parts: string[] = [];
  let last = 0;
  for (let i = 0; i < body.length - 1; i++) {
    if (body[i] !== "\\") continue;
    parts.push(body.slice(last, i));
    const n = body[++i];
    if (n === "u" && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      parts.push(String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 5), 16)));
      i += 4;
    } else if (n in SIMPLE_ESCAPES) {
      parts.push(SIMPLE_ESCAPES[n]);
    } else {
      parts.push(`\\${n}`);
    }
    last = i + 1;
  }
  parts.push(body.slice(last));
  return parts.join("");
}

/** A string literal that `unescapeString` reads back as `value` (single quotes, as Zephyr's docs write them). */
export function quoteString(value: string): string {
  let out = "'";
  for (const c of value) {
    if (c === "'") out += "\\'";
    else if (c === "\\") out += "\\\\";
    else if (c === "\n") out += "\\n";
    else if (c === "\t") out += "\\t";
    else if (c === "\r") out += "\\r";
    else out += c;
  }
  return out + "'";
}
