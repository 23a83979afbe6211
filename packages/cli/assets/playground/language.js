// Hover and completion in the playground's editor. Every answer comes from the language server's own core, over the
// playground's API (`POST /api/hover`, `POST /api/completion`, packages/cli/src/serve/language.ts): this file only
// asks at a cursor offset and shows what it is told. It knows nothing of the language.
//
// Keys: Ctrl-Space opens the completion list (it also opens after `.`, `{`, quotes and `/` as you type); in the list,
// Up/Down (Page Up/Down, Home/End) move, Enter or Tab insert, Escape closes. Ctrl-Shift-Space shows the
// documentation of the name at the cursor (the same tooltip the mouse shows over a name); Escape hides it.

/** The characters after which the list opens by itself (the language server's completion trigger characters). */
const TRIGGERS = new Set([".", "{", "'", '"', "/"]);
const WORD = /[\p{L}\p{N}_$]/u;
const HOVER_DELAY_MS = 350;

/** A small, safe view of the core's markdown: code fences, inline code, bullet lists and paragraphs, as DOM nodes. */
export function markdownNodes(markdown) {
  const out = [];
  const inline = (text) => {
    const p = document.createDocumentFragment();
    text.split(/(`[^`\n]+`)/).forEach((part, i) => {
      if (i % 2 === 1) {
        const code = document.createElement("code");
        code.textContent = part.slice(1, -1);
        p.append(code);
      } else if (part) p.append(part);
    });
    return p;
  };
  const blocks = markdown.split(/(```[^\n]*\n[\s\S]*?\n```)/);
  blocks.forEach((block, i) => {
    if (i % 2 === 1) {
      const pre = document.createElement("pre");
      const code = document.createElement("code");
      code.textContent = block.replace(/^```[^\n]*\n/, "").replace(/\n```$/, "");
      pre.append(code);
      out.push(pre);
      return;
    }
    for (const para of block.split(/\n{2,}/)) {
      const text = para.trim();
      if (!text) continue;
      const lines = text.split("\n");
      if (lines.every((l) => l.startsWith("- "))) {
        const ul = document.createElement("ul");
        for (const l of lines) {
          const li = document.createElement("li");
          li.append(inline(l.slice(2)));
          ul.append(li);
        }
        out.push(ul);
      } else {
        const p = document.createElement("p");
        lines.forEach((l, n) => {
          if (n) p.append(document.createElement("br"));
          p.append(inline(l));
        });
        out.push(p);
      }
    }
  });
  return out;
}

async function post(path, body, signal) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

/**
 * Adds hover and completion to the editor. `samples()` gives `{ profile, data, endpoint }` (the page's profile, as
 * edited, is the sample the answers are about); `changed()` is called after an inserted completion.
 */
export function attachLanguage({ editor, overlay, tip, list, docs, live, samples, changed }) {
  const request = (offset) => ({ template: editor.value, offset, ...samples() });

  // ---- where characters are on screen (the highlight overlay holds the same text as the textarea) ----

  /** The overlay's text node and offset in it for a template offset. */
  function domPoint(offset) {
    const walker = document.createTreeWalker(overlay, NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const len = n.data.length;
      if (offset <= seen + len) return { node: n, offset: offset - seen };
      seen += len;
    }
    return null;
  }

  /** The screen rectangle of the character at `offset` (or a caret-wide one at the end of the text). */
  function charRect(offset) {
    const at = domPoint(offset);
    if (!at) return null;
    const range = document.createRange();
    if (at.offset < at.node.data.length) {
      range.setStart(at.node, at.offset);
      range.setEnd(at.node, at.offset + 1);
    } else {
      range.setStart(at.node, at.offset);
      range.collapse(true);
    }
    const rects = range.getClientRects();
    return rects.length ? rects[0] : range.getBoundingClientRect();
  }

  /** The template offset of the character under a screen point, or -1 (past a line's end, between lines). */
  function offsetAtPoint(x, y) {
    const before = editor.style.pointerEvents;
    editor.style.pointerEvents = "none";
    let node = null;
    let off = 0;
    try {
      if (document.caretPositionFromPoint) {
        const p = document.caretPositionFromPoint(x, y);
        node = p?.offsetNode ?? null;
        off = p?.offset ?? 0;
      } else if (document.caretRangeFromPoint) {
        const r = document.caretRangeFromPoint(x, y);
        node = r?.startContainer ?? null;
        off = r?.startOffset ?? 0;
      }
    } finally {
      editor.style.pointerEvents = before;
    }
    if (!node || node.nodeType !== Node.TEXT_NODE || !overlay.contains(node)) return -1;
    const walker = document.createTreeWalker(overlay, NodeFilter.SHOW_TEXT);
    let offset = 0;
    for (let n = walker.nextNode(); n && n !== node; n = walker.nextNode()) offset += n.data.length;
    offset += off;
    for (const candidate of [offset, offset - 1]) {
      if (candidate < 0 || candidate >= editor.value.length || editor.value[candidate] === "\n") continue;
      const r = charRect(candidate);
      if (r && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return candidate;
    }
    return -1;
  }

  function place(element, rect) {
    element.style.left = "0px";
    element.style.top = "0px";
    const { width, height } = element.getBoundingClientRect();
    const left = Math.max(4, Math.min(rect.left, window.innerWidth - width - 4));
    const below = rect.bottom + 2;
    const top = below + height > window.innerHeight - 4 ? Math.max(4, rect.top - height - 2) : below;
    element.style.left = `${left}px`;
    element.style.top = `${top}px`;
  }

  // ---- hover ----

  let hoverTimer = 0;
  let hoverAbort = null;
  let hoverShownFor = null;

  function hideTip() {
    clearTimeout(hoverTimer);
    hoverAbort?.abort();
    hoverAbort = null;
    hoverShownFor = null;
    if (!tip.hidden) tip.hidden = true;
    editor.removeAttribute("aria-describedby");
  }

  async function showHover(offset, announce) {
    hoverAbort?.abort();
    const controller = new AbortController();
    hoverAbort = controller;
    const text = editor.value;
    let answer;
    try {
      answer = await post("api/hover", request(offset), controller.signal);
    } catch {
      return;
    }
    if (controller.signal.aborted || editor.value !== text) return;
    if (!answer.hover) {
      hideTip();
      if (announce) live.textContent = "No documentation here.";
      return;
    }
    const { markdown, start, end } = answer.hover;
    hoverShownFor = { start, end };
    tip.replaceChildren(...markdownNodes(markdown));
    tip.hidden = false;
    tip.dataset.start = String(start);
    editor.setAttribute("aria-describedby", tip.id);
    const rect = charRect(start);
    if (rect) place(tip, rect);
    if (announce) live.textContent = tip.textContent;
  }

  editor.addEventListener("mousemove", (e) => {
    clearTimeout(hoverTimer);
    if (e.buttons) return;
    hoverTimer = setTimeout(() => {
      const offset = offsetAtPoint(e.clientX, e.clientY);
      if (offset < 0) return hideTip();
      if (hoverShownFor && offset >= hoverShownFor.start && offset < hoverShownFor.end) return;
      showHover(offset, false);
    }, HOVER_DELAY_MS);
  });
  editor.addEventListener("mouseleave", (e) => {
    if (e.relatedTarget && tip.contains(e.relatedTarget)) return;
    clearTimeout(hoverTimer);
    hideTip();
  });
  tip.addEventListener("mouseleave", hideTip);

  // ---- completion ----

  const state = { items: [], active: 0, text: null, abort: null, open: false };
  let accepting = false;

  function closeList() {
    state.abort?.abort();
    state.abort = null;
    state.open = false;
    state.items = [];
    list.hidden = true;
    docs.hidden = true;
    list.replaceChildren();
    editor.setAttribute("aria-expanded", "false");
    editor.removeAttribute("aria-activedescendant");
  }

  function setActive(i) {
    if (!state.items.length) return;
    state.active = (i + state.items.length) % state.items.length;
    for (const [n, li] of [...list.children].entries()) li.setAttribute("aria-selected", String(n === state.active));
    const li = list.children[state.active];
    editor.setAttribute("aria-activedescendant", li.id);
    li.scrollIntoView({ block: "nearest" });
    const item = state.items[state.active];
    if (item.documentation || item.detail) {
      docs.replaceChildren(...markdownNodes(item.documentation ?? item.detail));
      docs.hidden = false;
      const r = list.getBoundingClientRect();
      docs.style.top = `${r.top}px`;
      docs.style.left = `${Math.min(r.right + 4, window.innerWidth - docs.offsetWidth - 4)}px`;
    } else docs.hidden = true;
  }

  async function complete(explicit) {
    hideTip();
    state.abort?.abort();
    const controller = new AbortController();
    state.abort = controller;
    const text = editor.value;
    const offset = editor.selectionStart;
    let answer;
    try {
      answer = await post("api/completion", request(offset), controller.signal);
    } catch {
      return;
    }
    if (controller.signal.aborted || editor.value !== text || editor.selectionStart !== offset) return;
    state.abort = null;
    if (!answer.items.length) {
      closeList();
      if (explicit) live.textContent = "No suggestions.";
      return;
    }
    state.items = answer.items;
    state.text = text;
    state.open = true;
    list.replaceChildren(
      ...answer.items.map((item, n) => {
        const li = document.createElement("div");
        li.id = `completion-${n}`;
        li.setAttribute("role", "option");
        li.dataset.kind = item.kind;
        const label = document.createElement("span");
        label.className = "label";
        label.textContent = item.label;
        li.append(label);
        if (item.detail) {
          const detail = document.createElement("span");
          detail.className = "detail";
          detail.textContent = item.detail;
          li.append(detail);
        }
        li.addEventListener("mousedown", (e) => {
          e.preventDefault();
          accept(n);
        });
        return li;
      }),
    );
    list.hidden = false;
    editor.setAttribute("aria-expanded", "true");
    list.hidden = false;
    const rect = charRect(answer.start);
    if (rect) place(list, rect);
    setActive(0);
    live.textContent = `${answer.items.length} suggestion${answer.items.length === 1 ? "" : "s"}`;
  }

  function accept(n) {
    const item = state.items[n];
    if (!item || editor.value !== state.text) return closeList();
    closeList();
    editor.focus();
    editor.setSelectionRange(item.start, item.end);
    // insertText keeps the browser's undo history; setRangeText is the fallback. The insertion's own input event
    // must not open the list again.
    accepting = true;
    try {
      if (!document.execCommand?.("insertText", false, item.text)) {
        editor.setRangeText(item.text, item.start, item.end, "end");
        changed();
      }
    } finally {
      accepting = false;
    }
    editor.setSelectionRange(item.start + item.select[0], item.start + item.select[1]);
    live.textContent = `Inserted ${item.label}`;
  }

  editor.addEventListener("input", (e) => {
    if (accepting) return;
    const typed = e.inputType === "insertText" ? (e.data ?? "") : "";
    const last = typed.slice(-1);
    if (e.inputType === "insertText" && typed && TRIGGERS.has(last)) return void complete(false);
    const caret = editor.selectionStart;
    const wordStart = (() => {
      let i = caret;
      while (i > 0 && WORD.test(editor.value[i - 1])) i--;
      return i;
    })();
    const afterTrigger = wordStart > 0 && TRIGGERS.has(editor.value[wordStart - 1]);
    const typingWord = (e.inputType === "insertText" && WORD.test(last)) || e.inputType === "deleteContentBackward";
    if (typingWord && (state.open || afterTrigger) && caret > wordStart) return void complete(false);
    if (state.open) closeList();
  });
  editor.addEventListener("keydown", (e) => {
    if (e.key === " " && e.ctrlKey && e.shiftKey) {
      e.preventDefault();
      closeList();
      showHover(editor.selectionStart, true);
      return;
    }
    if (e.key === " " && e.ctrlKey) {
      e.preventDefault();
      complete(true);
      return;
    }
    if (e.key === "Escape" && !tip.hidden) {
      e.preventDefault();
      hideTip();
    }
    if (!state.open) return;
    const page = 8;
    const moves = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
    };
    if (e.key in moves) {
      e.preventDefault();
      const target = state.active + moves[e.key];
      setActive(Math.abs(moves[e.key]) > 1 ? Math.max(0, Math.min(state.items.length - 1, target)) : target);
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      accept(state.active);
    } else if (e.key === "Escape") {
      e.preventDefault();
      closeList();
    }
  });
  editor.addEventListener("blur", () => setTimeout(() => document.activeElement !== editor && closeList(), 0));
  // Typing at the edge scrolls the textarea: the list follows its word (app.js has moved the overlay already).
  editor.addEventListener("scroll", () => {
    hideTip();
    if (!state.open) return;
    const rect = charRect(state.items[0]?.start ?? editor.selectionStart);
    const box = editor.getBoundingClientRect();
    if (!rect || rect.bottom < box.top || rect.top > box.bottom) return closeList();
    place(list, rect);
    setActive(state.active);
  });
  editor.addEventListener("mousedown", () => {
    closeList();
    hideTip();
  });
  editor.setAttribute("aria-autocomplete", "list");
  editor.setAttribute("aria-haspopup", "listbox");
  editor.setAttribute("aria-controls", list.id);
  editor.setAttribute("aria-expanded", "false");
  return { complete, showHover, closeList, hideTip };
}
