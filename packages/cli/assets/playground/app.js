// The Zephyr playground: edit a template, pick a profile, and see the message, the SMS facts, the payload and the
// diagnostics, re-rendered by the local server (POST /api/render) a moment after each change.
import { adjustTokens, fromApi, highlightHtml, lineStarts, plainTokens, spanOffsets } from "./highlight.js";
import { attachLanguage } from "./language.js";
import { renderFacts, renderPayload, renderPhone } from "./preview.js";

const DEBOUNCE_MS = 250;
const STARTER = `{* A starter template: a Zephyr prelude, then the JSON payload. *}
{body = "Hi " + (first_name ?: "there") + ", your code is SAVE10."}
{
"to": "{profile.keys.sms}",
"body": "{body}",
"subscriptionType": "MARKETING",
"useShortLinks": false,
"skipFatigue": false
}
`;

const $ = (id) => document.getElementById(id);
const ui = {
  templateSelect: $("template-select"),
  profileSelect: $("profile-select"),
  endpoint: $("endpoint"),
  escape: $("escape"),
  strict: $("strict"),
  brand: $("brand"),
  now: $("now"),
  status: $("status"),
  editor: $("template"),
  highlight: $("highlight"),
  highlightCode: $("highlight-code"),
  gutter: $("gutter"),
  gutterLines: $("gutter-lines"),
  diagnostics: $("diagnostics"),
  problemCount: $("problem-count"),
  profile: $("profile"),
  profileError: $("profile-error"),
  data: $("data"),
  dataError: $("data-error"),
  phone: $("phone"),
  sender: $("sender"),
  screen: $("screen"),
  staleNote: $("stale-note"),
  facts: {
    encoding: $("encoding"),
    characters: $("characters"),
    units: $("units"),
    segments: $("segments"),
    perPart: $("per-part"),
  },
  ucs2: $("ucs2"),
  payloadTitle: $("payload-title"),
  payload: $("payload"),
};

const state = {
  templates: [],
  profiles: [],
  /** Edited template text per template name, so switching templates keeps the edits. */
  drafts: new Map(),
  templateName: "playground.zephyr",
  /** The last answer and the source it was rendered from (its spans point into that source). */
  answer: null,
  answeredSource: "",
  timer: 0,
  sequence: 0,
  inFlight: null,
  renders: 0,
  /** Whether any render produced a message yet (the preview then keeps the last one through errors). */
  rendered: false,
  /** The editor's tokens (from the engine's lexer, POST /api/tokens) and the text they cover. */
  tokens: [],
  tokensSource: "",
  /** A token request on its way, and whether the text changed again since it was sent. */
  tokensInFlight: false,
  tokensAgain: false,
};

async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

function option(value, label) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = label;
  return o;
}

/** Parses a JSON editor; shows the parser's message under it and returns undefined when it is not an object. */
function readJsonEditor(textarea, errorLine) {
  const text = textarea.value.trim();
  let value = null;
  let problem = null;
  if (text !== "") {
    try {
      value = JSON.parse(text);
      if (value === null || typeof value !== "object" || Array.isArray(value)) problem = "must be a JSON object";
    } catch (e) {
      problem = e.message;
    }
  }
  errorLine.hidden = problem === null;
  errorLine.textContent = problem ? `Not used: ${problem}` : "";
  textarea.classList.toggle("invalid", problem !== null);
  return problem ? undefined : value;
}

// ---- the editor ---------------------------------------------------------------------------------------------

/** Diagnostics that still fit the text: those of the last answer, while the text before them is unchanged. */
function currentMarks(text) {
  const answer = state.answer;
  if (!answer) return [];
  const source = state.answeredSource;
  let same = 0;
  const max = Math.min(source.length, text.length);
  while (same < max && source.charCodeAt(same) === text.charCodeAt(same)) same++;
  const starts = lineStarts(source);
  const marks = [];
  for (const d of allDiagnostics(answer)) {
    if (!d.span || (d.file && d.file !== state.templateName)) continue;
    const { start, end } = spanOffsets(d.span, starts, source.length);
    if (text !== source && end > same) continue;
    marks.push({ start, end, severity: d.severity, line: d.span.line, message: d.message });
  }
  return marks;
}

/**
 * The tokens for `text`: the engine's, when the last answer is for this text; until then the last ones carried
 * across the edit (and a request for new ones). `#highlight[data-tokens]` says which ("engine" or "pending").
 */
function editorTokens(text) {
  if (state.tokensSource !== text) {
    state.tokens = state.tokensSource === "" ? plainTokens(text) : adjustTokens(state.tokens, state.tokensSource, text);
    state.tokensSource = text;
    ui.highlight.dataset.tokens = "pending";
    requestTokens();
  }
  return state.tokens;
}

async function requestTokens() {
  if (state.tokensInFlight) {
    state.tokensAgain = true;
    return;
  }
  state.tokensInFlight = true;
  const text = ui.editor.value;
  try {
    const res = await fetch("api/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ template: text }),
    });
    if (res.ok && ui.editor.value === text) {
      const answer = await res.json();
      if (ui.editor.value === text) {
        state.tokens = fromApi(answer.tokens);
        state.tokensSource = text;
        ui.highlight.dataset.tokens = "engine";
        paintEditor();
      }
    }
  } catch {
    // The server is gone or busy: the carried-over tokens stay until the next edit asks again.
  } finally {
    state.tokensInFlight = false;
    if (state.tokensAgain || ui.editor.value !== text) {
      state.tokensAgain = false;
      if (ui.editor.value !== state.tokensSource || ui.highlight.dataset.tokens !== "engine") requestTokens();
    }
  }
}

function paintEditor() {
  const text = ui.editor.value;
  const marks = currentMarks(text);
  ui.highlightCode.innerHTML = highlightHtml(text, editorTokens(text), marks);
  const lines = lineStarts(text).length;
  const byLine = new Map();
  for (const m of marks) {
    const list = byLine.get(m.line) ?? [];
    list.push(m);
    byLine.set(m.line, list);
  }
  const gutter = document.createDocumentFragment();
  for (let n = 1; n <= lines; n++) {
    const line = document.createElement("div");
    line.textContent = String(n);
    const here = byLine.get(n);
    if (here) {
      const worst = here.some((m) => m.severity === "error")
        ? "error"
        : here.some((m) => m.severity === "warning")
          ? "warning"
          : "info";
      line.className = `g-${worst}`;
      line.title = here.map((m) => `${m.severity}: ${m.message}`).join("\n");
    }
    gutter.append(line);
  }
  ui.gutterLines.replaceChildren(gutter);
  syncScroll();
}

function syncScroll() {
  const { scrollTop, scrollLeft } = ui.editor;
  ui.highlightCode.style.transform = `translate(${-scrollLeft}px, ${-scrollTop}px)`;
  ui.gutterLines.style.transform = `translateY(${-scrollTop}px)`;
}

/** Selects a span in the editor (from a click on a diagnostic). */
function reveal(span) {
  const starts = lineStarts(ui.editor.value);
  const { start, end } = spanOffsets(span, starts, ui.editor.value.length);
  ui.editor.focus();
  ui.editor.setSelectionRange(start, Math.max(end, start));
  const lineHeight = Number.parseFloat(getComputedStyle(ui.editor).lineHeight) || 20;
  const top = (span.line - 1) * lineHeight;
  if (top < ui.editor.scrollTop || top > ui.editor.scrollTop + ui.editor.clientHeight - lineHeight * 2)
    ui.editor.scrollTop = Math.max(0, top - ui.editor.clientHeight / 3);
  syncScroll();
}

// ---- diagnostics --------------------------------------------------------------------------------------------

function allDiagnostics(answer) {
  return [...(answer.diagnostics ?? []), ...(answer.lint ?? []).map((d) => ({ ...d, lint: true }))];
}

function listDiagnostics(answer) {
  const items = allDiagnostics(answer);
  ui.diagnostics.replaceChildren();
  if (answer.cancelled) {
    const li = document.createElement("li");
    li.className = "diag info";
    const where = answer.cancelled.span ? `${answer.cancelled.span.line}:${answer.cancelled.span.column} ` : "";
    li.textContent = `${where}cancelled: ${answer.cancelled.message || "(no message)"}`;
    if (answer.cancelled.span) {
      li.tabIndex = 0;
      li.addEventListener("click", () => reveal(answer.cancelled.span));
    }
    ui.diagnostics.append(li);
  }
  for (const d of items) {
    const li = document.createElement("li");
    li.className = `diag ${d.severity}`;
    const sev = document.createElement("span");
    sev.className = "sev";
    sev.textContent = d.lint ? `${d.severity} (lint)` : d.severity;
    const loc = document.createElement("span");
    loc.className = "loc";
    loc.textContent = d.span
      ? `${d.file && d.file !== state.templateName ? `${d.file}:` : ""}${d.span.line}:${d.span.column}`
      : "—";
    const code = document.createElement("code");
    code.textContent = d.code;
    const message = document.createElement("span");
    message.className = "message";
    message.textContent = d.path ? `${d.path}: ${d.message}` : d.message;
    li.append(sev, " ", loc, " ", code, " ", message);
    if (d.hint) {
      const hint = document.createElement("div");
      hint.className = "hint";
      hint.textContent = `hint: ${d.hint}`;
      li.append(hint);
    }
    if (d.span) {
      li.tabIndex = 0;
      li.title = "Show in the template";
      li.addEventListener("click", () => reveal(d.span));
      li.addEventListener("keydown", (e) => {
        if (e.key === "Enter") reveal(d.span);
      });
    }
    ui.diagnostics.append(li);
  }
  const count = (severity, word) => {
    const n = items.filter((d) => d.severity === severity).length;
    return n ? `${n} ${word}${n === 1 ? "" : "s"}` : null;
  };
  const counts = [count("error", "error"), count("warning", "warning"), count("info", "note")].filter(Boolean);
  ui.problemCount.textContent = counts.length ? counts.join(", ") : "none";
}

// ---- rendering ----------------------------------------------------------------------------------------------

function schedule() {
  clearTimeout(state.timer);
  document.body.dataset.state = "pending";
  state.timer = setTimeout(render, DEBOUNCE_MS);
}

/** `idle` once the last change has been rendered (tests and scripts wait for it), else `pending`. */
function settle() {
  document.body.dataset.state = state.timer === 0 && state.inFlight === null ? "idle" : "pending";
}

function setStatus(text, kind = "") {
  ui.status.textContent = text;
  ui.status.className = kind;
}

async function render() {
  clearTimeout(state.timer);
  state.timer = 0;
  const profile = readJsonEditor(ui.profile, ui.profileError);
  const data = readJsonEditor(ui.data, ui.dataError);
  if (profile === undefined || data === undefined) {
    setStatus("Fix the JSON to render", "error");
    settle();
    return;
  }
  const source = ui.editor.value;
  const request = {
    template: source,
    name: state.templateName,
    profile,
    data,
    endpoint: ui.endpoint.value,
    strict: ui.strict.checked,
    brand: ui.brand.value.trim(),
  };
  if (ui.now.value.trim()) request.now = ui.now.value.trim();
  if (ui.escape.value) request.escape = ui.escape.value;
  const sequence = ++state.sequence;
  state.inFlight?.abort();
  const controller = new AbortController();
  state.inFlight = controller;
  document.body.dataset.state = "pending";
  setStatus("Rendering…");
  let answer;
  try {
    const res = await fetch("api/render", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request),
      signal: controller.signal,
    });
    answer = await res.json();
    if (!res.ok) throw new Error(answer.error ?? `HTTP ${res.status}`);
  } catch (e) {
    if (sequence !== state.sequence) return;
    state.inFlight = null;
    setStatus(e.name === "AbortError" ? "" : `Cannot render: ${e.message}`, "error");
    settle();
    return;
  }
  if (sequence !== state.sequence) return; // a newer render is on its way
  state.inFlight = null;
  show(answer, source, request);
}

function show(answer, source, request) {
  state.answer = answer;
  state.answeredSource = source;
  paintEditor();
  listDiagnostics(answer);
  const failed = answer.output === null;
  ui.phone.classList.toggle("stale", failed);
  ui.staleNote.hidden = !failed;
  ui.staleNote.textContent = state.rendered
    ? "The template has an error: this is the last message that rendered."
    : "The template has an error: no message yet.";
  ui.sender.textContent = request.brand || "Your brand";
  if (failed && !state.rendered) ui.payload.textContent = "(none: the template has an error)";
  if (!failed) {
    state.rendered = true;
    renderPhone(ui.screen, answer, { brand: request.brand, endpoint: request.endpoint });
    renderFacts(ui.facts, ui.ucs2, answer.sms);
    renderPayload(ui.payloadTitle, ui.payload, answer);
  }
  ui.payload.classList.toggle("stale", failed);
  const errors = allDiagnostics(answer).filter((d) => d.severity === "error").length;
  const ms = typeof answer.elapsedMs === "number" ? ` in ${answer.elapsedMs} ms` : "";
  if (answer.cancelled) setStatus(`Cancelled${ms}`, "warning");
  else if (failed) setStatus(`Template error${ms}`, "error");
  else if (errors) setStatus(`Rendered${ms}: the payload is not valid`, "error");
  else setStatus(`Rendered${ms}: ok`, "ok");
  state.renders++;
  document.body.dataset.renders = String(state.renders);
  settle();
}

// ---- pickers ------------------------------------------------------------------------------------------------

function openTemplate(name) {
  state.drafts.set(state.templateName, ui.editor.value);
  const listed = state.templates.find((t) => t.name === name);
  state.templateName = name;
  // A template whose case file names an endpoint opens with it (the seed's event templates are not text-send).
  if (listed?.endpoint) ui.endpoint.value = listed.endpoint;
  ui.editor.value = state.drafts.get(name) ?? listed?.content ?? STARTER;
  ui.editor.scrollTop = 0;
  state.answer = null;
  paintEditor();
  schedule();
}

function openProfile(name) {
  const listed = state.profiles.find((p) => p.name === name);
  ui.profile.value = listed ? listed.content : "{}";
  schedule();
}

async function start() {
  const [config, templates, profiles] = await Promise.all([
    getJson("api/config"),
    getJson("api/templates"),
    getJson("api/profiles"),
  ]);
  state.templates = templates.templates;
  state.profiles = profiles.profiles;
  const d = config.defaults ?? {};
  // The endpoint picker lists what the server knows (@zephyr/attentive's ENDPOINT_NAMES, then none).
  const endpoints = config.endpoints ?? [{ name: "text-send" }, { name: "none" }];
  ui.endpoint.replaceChildren(...endpoints.map((e) => option(e.name, e.name)));
  for (const [i, e] of endpoints.entries()) if (e.summary) ui.endpoint.options[i].title = e.summary;
  ui.endpoint.value = d.endpoint ?? "text-send";
  ui.escape.value = d.escape ?? "";
  ui.strict.checked = d.strict === true;
  ui.brand.value = d.brand ?? "";
  ui.now.value = d.now ?? "";

  for (const t of state.templates) ui.templateSelect.append(option(t.name, t.name.replace(/\.zephyr$/, "")));
  ui.templateSelect.append(option("playground.zephyr", "(new template)"));
  // ?template=NAME&profile=NAME pick what the page opens with.
  const params = new URLSearchParams(location.search);
  const named = (list, name) => list.find((f) => name && (f.name === name || f.name.replace(/\.[^.]+$/, "") === name));
  // Without one, the first template that sends a text message: the phone preview is what the page is for.
  const opening =
    named(state.templates, params.get("template")) ??
    state.templates.find((t) => !t.endpoint || t.endpoint === "text-send") ??
    state.templates[0];
  const first = opening?.name ?? "playground.zephyr";
  ui.templateSelect.value = first;
  ui.templateSelect.title = templates.dir ? `from ${templates.dir}` : "no templates folder";

  ui.profileSelect.append(option("", "(no profile)"));
  for (const p of state.profiles) ui.profileSelect.append(option(p.name, p.name.replace(/\.json$/, "")));
  const preferred = named(state.profiles, params.get("profile")) ?? named(state.profiles, "ann") ?? state.profiles[0];
  ui.profileSelect.value = preferred?.name ?? "";
  ui.profileSelect.title = profiles.dir ? `from ${profiles.dir}` : "no profiles folder";

  openProfile(ui.profileSelect.value);
  state.templateName = first;
  if (opening?.endpoint) ui.endpoint.value = opening.endpoint;
  ui.editor.value = opening?.content ?? STARTER;
  paintEditor();
  await render();
}

ui.editor.addEventListener("input", () => {
  paintEditor();
  schedule();
});
ui.editor.addEventListener("scroll", syncScroll);
ui.editor.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    render();
  }
});
// Hover and completion from the language server's core (POST /api/hover, /api/completion), with the profile and
// data as edited here as the samples.
const quietJson = (textarea) => {
  try {
    const v = JSON.parse(textarea.value);
    return v !== null && typeof v === "object" && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
};
attachLanguage({
  editor: ui.editor,
  overlay: ui.highlightCode,
  tip: $("hover-tip"),
  list: $("completion"),
  docs: $("completion-docs"),
  live: $("language-live"),
  samples: () => ({ profile: quietJson(ui.profile), data: quietJson(ui.data), endpoint: ui.endpoint.value }),
  changed: () => {
    paintEditor();
    schedule();
  },
});
ui.templateSelect.addEventListener("change", () => openTemplate(ui.templateSelect.value));
ui.profileSelect.addEventListener("change", () => openProfile(ui.profileSelect.value));
for (const input of [ui.profile, ui.data, ui.brand, ui.now]) input.addEventListener("input", schedule);
for (const input of [ui.endpoint, ui.escape, ui.strict]) input.addEventListener("change", schedule);
new ResizeObserver(syncScroll).observe(ui.editor);

start().catch((e) => setStatus(`Cannot load the playground: ${e.message}`, "error"));
