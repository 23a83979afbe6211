// The phone preview, the SMS facts and the payload view, built from a `POST /api/render` answer.
// Everything a template produced is put in the page as text (textContent), never as HTML.

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const hex = (codePoint) => `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;

function describeUcs2(c) {
  const fix =
    c.replacement === undefined
      ? "no GSM-7 equivalent"
      : c.replacement === ""
        ? "delete it to stay in GSM-7"
        : `use ${JSON.stringify(c.replacement)} to stay in GSM-7`;
  return `${hex(c.codePoint)} is not in the GSM-7 alphabet: the text is sent as UCS-2 (${fix})`;
}

/** Text with the characters that forced UCS-2 wrapped in <mark>, as DOM nodes. */
function markedText(text, ucs2) {
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const c of ucs2) {
    if (c.index < at || c.index > text.length) continue;
    fragment.append(text.slice(at, c.index));
    const mark = el("mark", "ucs2", c.char);
    mark.title = describeUcs2(c);
    fragment.append(mark);
    at = c.index + c.char.length;
  }
  fragment.append(text.slice(at));
  return fragment;
}

/** What the phone shows: the media (as a picture and its address) and the text, with the brand in front. */
export function renderPhone(screen, answer, { brand, endpoint }) {
  screen.replaceChildren();
  if (answer.cancelled) {
    const note = el("div", "notice cancelled");
    note.append(
      el("strong", "", "Not sent: "),
      `cancelled by the template — ${answer.cancelled.message || "(no message)"}`,
    );
    screen.append(note);
    return;
  }
  const payload = answer.payload && typeof answer.payload === "object" ? answer.payload : null;
  let body = null;
  if (endpoint === "none") body = answer.output;
  else if (payload && typeof payload.body === "string") body = payload.body;
  const mediaUrl = payload && typeof payload.mediaUrl === "string" ? payload.mediaUrl : null;
  if (mediaUrl) {
    const figure = el("figure", "media");
    const img = el("img");
    img.alt = "MMS picture";
    img.referrerPolicy = "no-referrer";
    img.addEventListener("error", () => figure.classList.add("broken"));
    img.src = mediaUrl;
    const missing = el("div", "media-missing", "Picture not loaded (the playground works offline)");
    figure.append(img, missing, el("figcaption", "media-url", mediaUrl));
    screen.append(figure);
  }
  if (body === null) {
    if (!mediaUrl)
      screen.append(
        el(
          "div",
          "notice",
          endpoint !== "text-send" && endpoint !== "none"
            ? `A ${endpoint} payload sends no text of its own (no SMS facts).`
            : answer.output === null
              ? "No message: the template has an error."
              : "No message text: the payload has no string body.",
        ),
      );
    return;
  }
  const bubble = el("div", "bubble");
  bubble.id = "bubble";
  const ucs2 = answer.sms?.ucs2Characters ?? [];
  if (brand) {
    const prefix = el("span", "brand");
    prefix.append(
      markedText(
        `${brand}: `,
        ucs2.filter((c) => c.inBrand),
      ),
    );
    bubble.append(prefix);
  }
  const text = el("span", "body");
  text.id = "body-text";
  text.append(
    markedText(
      body,
      ucs2.filter((c) => !c.inBrand),
    ),
  );
  bubble.append(text);
  screen.append(bubble);
}

/** Encoding, characters, units and segments, and the list of characters that forced UCS-2. */
export function renderFacts(fields, list, sms) {
  list.replaceChildren();
  if (!sms) {
    for (const dd of Object.values(fields)) dd.textContent = "—";
    fields.perPart.textContent = "";
    fields.encoding.className = "";
    return;
  }
  fields.encoding.textContent = sms.encoding;
  fields.encoding.className = sms.encoding === "UCS-2" ? "badge ucs2" : "badge gsm";
  fields.characters.textContent = String(sms.characters);
  fields.units.textContent = `${sms.units} ${sms.encoding === "GSM-7" ? "septets" : "UTF-16 units"}`;
  const perPart = sms.encoding === "GSM-7" ? [160, 153] : [70, 67];
  fields.segments.textContent = String(sms.segments);
  fields.perPart.textContent = `${sms.segments > 1 ? perPart[1] : perPart[0]} per part`;
  for (const c of sms.ucs2Characters) {
    const item = el("li");
    item.append(el("mark", "ucs2", c.char), ` ${hex(c.codePoint)}`);
    item.append(el("span", "where", c.inBrand ? ` in the brand at ${c.index}` : ` at ${c.index}`));
    if (c.replacement !== undefined)
      item.append(
        el("span", "fix", c.replacement === "" ? " → delete it" : ` → ${JSON.stringify(c.replacement)} in GSM-7`),
      );
    list.append(item);
  }
}

/** The payload as pretty JSON; the raw output when it is not JSON (or with endpoint `none`). */
export function renderPayload(title, pre, answer) {
  if (answer.payload !== null && answer.payload !== undefined) {
    title.textContent = "Payload";
    pre.textContent = JSON.stringify(answer.payload, null, 2);
  } else if (typeof answer.output === "string") {
    title.textContent = answer.cancelled ? "Output (cancelled)" : "Output";
    pre.textContent = answer.output;
  } else {
    title.textContent = "Payload";
    pre.textContent = "(none: the template has an error)";
  }
}
