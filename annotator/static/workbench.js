// The article workbench: select, tag and save attributions without reloading the page.
// Offsets are code points (Python str indices), so every conversion from the DOM counts
// code points, never UTF-16 units.
"use strict";

(() => {
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const textEl = document.getElementById("text");
  const listEl = document.getElementById("attr-list");
  const form = document.getElementById("attr-form");
  const statusEl = document.getElementById("save-status");
  const banner = document.getElementById("banner");
  const formStatus = document.getElementById("form-status"); // a refused save of the claim in the form
  // The field lists come from the server (annotator/vocab.py), never written here.
  const SPAN_PARTS = data.vocab.span_fields;
  const TAGS = data.vocab.tags;

  const attrs = new Map(data.attributions.map((a) => [a.id, a]));
  const undoStack = [];
  let selectedId = null;

  const cpLength = (s) => Array.from(s).length;
  const fullText = Array.from(textEl.textContent);
  const slice = (span) => (span ? fullText.slice(span[0], span[1]).join("") : "");

  // ---- talking to the server (api.js) -------------------------------------------
  function say(message, kind = "ok") {
    statusEl.textContent = message;
    statusEl.className = "save-" + kind;
  }

  function showBanner(message, offerReload) {
    document.getElementById("banner-text").textContent = message;
    document.getElementById("banner-reload").hidden = !offerReload;
    banner.hidden = false;
  }

  // A refusal by HTTP status: the word for the status line, the sentences for the banner and the form,
  // and whether reloading helps.
  const REFUSALS = {
    409: { short: "conflict", reload: true, why: "Not saved: someone changed this attribution since you opened the " +
      "page (maybe you, in another window). Reload to see the current version, then redo your change." },
    404: { short: "gone", reload: true, why: "Not saved: this attribution no longer exists (deleted in another " +
      "window?). Reload to see the article as it is now." },
    401: { short: "logged out", reload: false, why: "Not saved: your session has ended. Log in again in another tab, " +
      "then retry." },
  };

  // A save refused (an api.ApiError), or no answer at all. The banner sits at the top of the page, out of
  // sight while the editor works on a claim lower down: the form says it too when it shows the claim (`id`).
  function failed(err, id = null) {
    const known = REFUSALS[err.status];
    const why = known ? known.why : "Not saved: " + api.reason(err, "the server answered " + err.status);
    say(known ? "Not saved: " + known.short : why, "error");
    if (known) showBanner(why, known.reload);
    if (id != null && id === selectedId) {
      formStatus.textContent = why;
      formStatus.hidden = false;
    }
  }

  // ---- the highlights ----------------------------------------------------------
  const marksOf = (id, part) =>
    textEl.querySelectorAll(`mark[data-attribution-id="${id}"]` + (part ? `[data-part="${part}"]` : ""));

  function textNodesIn(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    return nodes;
  }

  const utf16Index = (s, cp) => Array.from(s).slice(0, cp).join("").length;

  function wrap(a, part) {
    const span = a[part];
    if (!span) return;
    let pos = 0;
    for (const node of textNodesIn(textEl)) {
      const len = cpLength(node.data);
      const from = Math.max(span[0], pos), to = Math.min(span[1], pos + len);
      if (from < to) {
        let target = node;
        const startIdx = utf16Index(node.data, from - pos);
        if (startIdx > 0) target = target.splitText(startIdx);
        const endIdx = utf16Index(target.data, to - from);
        if (endIdx < target.data.length) target.splitText(endIdx);
        const mark = document.createElement("mark");
        mark.className = "hl hl-" + part;
        Object.assign(mark.dataset, { attributionId: a.id, part, status: a.status || "none", state: a.state });
        target.replaceWith(mark);
        mark.appendChild(target);
      }
      pos += len;
    }
  }

  function unwrap(id, part) {
    marksOf(id, part).forEach((m) => m.replaceWith(...m.childNodes));
    textEl.normalize();
  }

  function paint(a) {
    marksOf(a.id).forEach((m) => {
      m.dataset.status = a.status || "none";
      m.dataset.state = a.state;
    });
  }

  // Code-point offset of a DOM position inside the text.
  function offsetAt(node, offset) {
    const r = document.createRange();
    r.setStart(textEl, 0);
    r.setEnd(node, offset);
    return cpLength(r.toString());
  }

  function selectedSpan() {
    const sel = window.getSelection();
    if (!sel.rangeCount || sel.isCollapsed) return null;
    const r = sel.getRangeAt(0);
    if (!textEl.contains(r.startContainer) || !textEl.contains(r.endContainer)) return null;
    let start = offsetAt(r.startContainer, r.startOffset), end = offsetAt(r.endContainer, r.endOffset);
    // Selections by double-click or drag often take the spaces around words; spans do not.
    while (start < end && /\s/.test(fullText[start])) start++;
    while (end > start && /\s/.test(fullText[end - 1])) end--;
    return end > start ? [start, end] : null;
  }

  // ---- the list and the form -------------------------------------------------
  function rowOf(id) { return listEl.querySelector(`li[data-attribution-id="${id}"]`); }

  function truncate(s, n) { return s.length > n ? s.slice(0, n - 1) + "…" : s; }

  function renderRow(a) {
    let li = rowOf(a.id);
    if (!li) {
      li = document.createElement("li");
      li.dataset.attributionId = a.id;
      li.tabIndex = 0;
      li.innerHTML = '<span class="snippet"></span><span class="who"><span class="speaker"></span> · ' +
        '<span class="status"></span> <span class="state badge"></span></span>';
      const after = [...listEl.children].find((row) => attrs.get(+row.dataset.attributionId).content[0] > a.content[0]);
      listEl.insertBefore(li, after || null);
    }
    li.dataset.state = a.state;
    li.dataset.status = a.status || "none";
    li.querySelector(".snippet").textContent = truncate(slice(a.content), 110);
    li.querySelector(".speaker").textContent = a.speaker || "no speaker";
    li.querySelector(".status").textContent = data.status_labels[a.status] || "no status";
    const badge = li.querySelector(".state");
    badge.textContent = a.state;
    badge.className = "state badge state-" + a.state;
    document.getElementById("list-empty").hidden = attrs.size > 0;
  }

  function recount() {
    const n = { suggested: 0, accepted: 0, rejected: 0 };
    for (const a of attrs.values()) n[a.state === "edited" ? "accepted" : a.state]++;
    for (const k in n) document.getElementById("count-" + k).textContent = n[k];
  }

  function fillForm(a) {
    form.hidden = !a;
    formStatus.hidden = true; // a claim shown afresh: an earlier refusal no longer describes the fields
    if (!a) return;
    for (const tag of TAGS) form.elements[tag].value = a[tag] == null ? "" : a[tag];
    for (const part of ["anonymity_reason", "source", "cue"]) document.getElementById("f-" + part).value = slice(a[part]);
    document.getElementById("form-content").textContent = slice(a.content);
    const st = document.getElementById("form-state");
    st.textContent = a.state;
    st.className = "badge state-" + a.state;
    document.getElementById("form-origin").textContent =
      (a.origin === "model" ? "Proposed by the detector" + (a.detector ? ` ${a.detector}` : "") +
        (a.confidence != null ? ` (confidence ${a.confidence.toFixed(2)})` : "") : "Added by an editor") +
      ` · version ${a.version}`;
  }

  function select(id, scroll = true) {
    textEl.querySelectorAll("mark.selected").forEach((m) => m.classList.remove("selected"));
    listEl.querySelectorAll("li.selected").forEach((li) => li.classList.remove("selected"));
    selectedId = attrs.has(id) ? id : null;
    const a = attrs.get(selectedId);
    fillForm(a);
    document.dispatchEvent(new CustomEvent("workbench:selected", { detail: selectedId }));
    if (!a) return;
    const marks = marksOf(id);
    marks.forEach((m) => m.classList.add("selected"));
    const row = rowOf(id);
    row.classList.add("selected");
    if (scroll) {
      row.scrollIntoView({ block: "nearest" });
      if (marks[0]) marks[0].scrollIntoView({ block: "nearest" });
    }
  }

  const visibleOrder = () => [...listEl.children]
    .filter((li) => !li.hidden) // the list's filter (claim_filter.js) hides rows
    .map((li) => +li.dataset.attributionId)
    .filter((id) => document.body.classList.contains("show-rejected") || attrs.get(id).state !== "rejected");

  // j / k go from the selected claim's place in the list, shown or not: a claim just rejected leaves the
  // shown ones but stays selected, and the next key goes on from where it was, not from the top.
  function step(delta) {
    const shown = new Set(visibleOrder());
    if (!shown.size) return;
    const rows = [...listEl.children].map((li) => +li.dataset.attributionId);
    const at = rows.indexOf(selectedId);
    const ahead = (from, d) => {
      for (let i = from + d; i >= 0 && i < rows.length; i += d) if (shown.has(rows[i])) return rows[i];
      return null;
    };
    if (at < 0) { select(ahead(delta > 0 ? -1 : rows.length, delta)); return; }
    // at the end of the list the selection stays, or goes back to the nearest shown claim if it is hidden
    const next = ahead(at, delta) ?? (shown.has(selectedId) ? selectedId : ahead(at, -delta));
    select(next);
  }

  // ---- changes ---------------------------------------------------------------------
  function applyServer(a, { announce = true } = {}) {
    const old = attrs.get(a.id);
    attrs.set(a.id, a);
    for (const part of SPAN_PARTS) {
      if (!old || JSON.stringify(old[part]) !== JSON.stringify(a[part])) {
        if (old) unwrap(a.id, part);
        wrap(a, part);
      }
    }
    paint(a);
    renderRow(a);
    recount();
    if (selectedId === a.id) select(a.id, false);
    if (announce) document.dispatchEvent(new CustomEvent("workbench:changed"));
  }

  // Many claims saved at once (accept-many and its undo): the review panel refreshes once, not once each.
  function applyMany(list) {
    list.forEach((a) => applyServer(a, { announce: false }));
    document.dispatchEvent(new CustomEvent("workbench:changed"));
  }

  // A: accept the selected claim and go on to the next one still suggested (after it, then from the top).
  // The selection moves at once and the save follows, so pressing A again takes the next one.
  function acceptAndNext() {
    if (selectedId == null) return;
    const from = selectedId;
    const order = [...listEl.children].map((li) => +li.dataset.attributionId);
    const i = order.indexOf(from);
    const next = [...order.slice(i + 1), ...order.slice(0, i)].find((id) => attrs.get(id).state === "suggested");
    if (next != null) select(next);
    update(from, { state: "accepted" }).then((saved) => {
      if (saved && !saved.withdrawn && next == null) say("Saved · no suggestion left");
    });
  }

  // One request at a time: an edit sent while another is in flight would carry a version
  // that the first one is about to make stale (typing in a field, then clicking Accept).
  let queue = Promise.resolve();
  const serially = (fn) => (...args) => {
    const run = queue.then(() => fn(...args));
    queue = run.catch(() => {});
    return run;
  };

  // An edit of an approved article sends it back to review: the server says when this one did.
  const WITHDRAWN = " The approval was withdrawn: the article is back in review.";

  // Resolves to { withdrawn } once saved (whether this save withdrew the approval), false if refused.
  const update = serially(async (id, changes, { undoable = true } = {}) => {
    const a = attrs.get(id);
    if (!a) return false;
    const before = {};
    for (const k of Object.keys(changes)) before[k] = a[k];
    before.state = a.state;
    say("Saving…", "busy");
    let answer;
    try {
      answer = await api.call("PATCH", `/api/attributions/${id}`, { ...changes, version: a.version });
    } catch (err) { failed(err, id); return false; }
    const { approval_withdrawn: withdrawn, ...saved } = answer;
    if (undoable) undoStack.push({ type: "update", id, before });
    applyServer(saved);
    say(withdrawn ? "Saved." + WITHDRAWN : "Saved");
    return { withdrawn };
  });

  const create = serially(async (span) => {
    const opener = /^["“‘']/.test(slice(span));
    say("Saving…", "busy");
    let made;
    try {
      made = await api.call("POST", `/api/articles/${data.article_id}/attributions`,
        { content: span, kind: opener ? "direct" : "indirect" });
    } catch (err) { failed(err); return; }
    undoStack.push({ type: "create", id: made.id });
    applyServer(made);
    window.getSelection().removeAllRanges();
    select(made.id);
    say("Saved. Now select the source and press s, then the cue and press c.");
  });

  const KEPT = ["kind", ...SPAN_PARTS.slice(1), ...TAGS.slice(1), "state"];

  const remove = serially(async (id, { undoable = true } = {}) => {
    const a = attrs.get(id);
    try {
      await api.call("DELETE", `/api/attributions/${id}?version=${a.version}`);
    } catch (err) { failed(err, id); return false; }
    // Earlier steps on this attribution can no longer be undone; its deletion can.
    for (let i = undoStack.length - 1; i >= 0; i--) if (undoStack[i].id === id) undoStack.splice(i, 1);
    if (undoable) undoStack.push({ type: "delete", snapshot: a });
    SPAN_PARTS.forEach((p) => unwrap(id, p));
    attrs.delete(id);
    rowOf(id).remove();
    if (selectedId === id) select(null);
    recount();
    document.getElementById("list-empty").hidden = attrs.size > 0;
    document.dispatchEvent(new CustomEvent("workbench:changed"));
    say("Deleted");
    return true;
  });

  const restore = serially(async (snapshot) => {
    const body = { content: snapshot.content };
    for (const k of KEPT) body[k] = snapshot[k];
    let made;
    try {
      made = await api.call("POST", `/api/articles/${data.article_id}/attributions`, body);
    } catch (err) { failed(err); return false; }
    applyServer(made);
    select(made.id);
    return true;
  });

  async function undo() {
    const last = undoStack.pop();
    if (!last) { say("Nothing to undo"); return; }
    if (last.type === "create") {
      if (await remove(last.id, { undoable: false })) say("Undone: the new attribution is gone");
      else undoStack.push(last);
    } else if (last.type === "delete") {
      if (await restore(last.snapshot)) say("Undone: the attribution is back");
      else undoStack.push(last);
    } else if (last.type === "many") {
      if (!(await last.undo())) undoStack.push(last);
    } else {
      const saved = await update(last.id, last.before, { undoable: false });
      if (!saved) { undoStack.push(last); return; }
      select(last.id);
      say(saved.withdrawn ? "Undone." + WITHDRAWN : "Undone");
    }
  }

  async function setSpan(part, span) {
    if (selectedId == null) { say("Select an attribution first", "error"); return; }
    await update(selectedId, { [part]: span });
  }

  // ---- the audit trail of the selected attribution -------------------------------------
  const historyEl = document.getElementById("history");
  const show = (v) => (v == null ? "—" : Array.isArray(v) ? `“${slice(v)}”` : String(v));

  async function loadHistory() {
    const list = document.getElementById("history-list");
    if (!historyEl.open || selectedId == null) return;
    const found = await api.call("GET", `/api/attributions/${selectedId}/history`).catch(() => null);
    if (!found) return;
    const { events } = found;
    list.replaceChildren(...events.reverse().map((e) => {
      const li = document.createElement("li");
      const when = e.at.slice(0, 16).replace("T", " ");
      const changes = Object.keys(e.after || {})
        .filter((k) => k !== "version" && JSON.stringify((e.before || {})[k]) !== JSON.stringify(e.after[k]))
        .map((k) => (e.before ? `${k}: ${show(e.before[k])} → ${show(e.after[k])}` : null))
        .filter(Boolean);
      const batch = e.batch ? ` (batch ${e.batch})` : ""; // accepted with many others, or their undo
      li.textContent = `${when} · ${e.user || "import"} · ${e.action.split(".")[1]}${batch}` + (changes.length ? ": " + changes.join("; ") : "");
      return li;
    }));
  }
  historyEl.addEventListener("toggle", loadHistory);
  document.addEventListener("workbench:selected", loadHistory);
  document.addEventListener("workbench:changed", loadHistory);

  // ---- speaker suggestions from the registry ---------------------------------------
  let suggestTimer = null;
  const suggestions = new Map();
  function suggest(q) {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(async () => {
      const speakers = await api.call("GET", "/api/speakers?q=" + encodeURIComponent(q)).catch(() => null);
      if (!speakers) return;
      const list = document.getElementById("speaker-options");
      list.replaceChildren();
      for (const s of speakers) {
        suggestions.set(s.name, s);
        const opt = document.createElement("option");
        opt.value = s.name;
        opt.label = [s.role, s.affiliation].filter(Boolean).join(", ");
        list.appendChild(opt);
      }
    }, 150);
  }

  // ---- wiring ---------------------------------------------------------------------------
  textEl.addEventListener("click", (ev) => {
    const mark = ev.target.closest("mark[data-attribution-id]");
    if (mark && window.getSelection().isCollapsed) select(+mark.dataset.attributionId, false);
  });
  listEl.addEventListener("click", (ev) => {
    const li = ev.target.closest("li[data-attribution-id]");
    if (li) select(+li.dataset.attributionId);
  });
  listEl.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && ev.target.matches("li[data-attribution-id]")) select(+ev.target.dataset.attributionId, false);
  });

  form.addEventListener("change", (ev) => {
    const name = ev.target.name;
    if (!TAGS.includes(name) || selectedId == null) return;
    const changes = { [name]: ev.target.value === "" ? null : ev.target.value };
    const known = name === "speaker" && suggestions.get(ev.target.value);
    if (known) {
      // A speaker from the registry brings the tags the newsroom already gave them.
      for (const k of ["speaker_type", "affiliation", "role"]) if (known[k]) changes[k] = known[k];
    }
    update(selectedId, changes);
  });
  form.elements.speaker.addEventListener("input", (ev) => suggest(ev.target.value));
  form.addEventListener("submit", (ev) => ev.preventDefault());
  form.addEventListener("click", (ev) => {
    const btn = ev.target.closest("button");
    if (!btn || selectedId == null) return;
    if (btn.dataset.action === "accept") update(selectedId, { state: "accepted" });
    else if (btn.dataset.action === "reject") update(selectedId, { state: "rejected" });
    else if (btn.dataset.action === "delete" && confirm("Delete this attribution? Its history is kept.")) remove(selectedId);
    else if (btn.dataset.setSpan) {
      const span = selectedSpan();
      if (span) setSpan(btn.dataset.setSpan, span); else say("Select words in the text first", "error");
    } else if (btn.dataset.clearSpan) setSpan(btn.dataset.clearSpan, null);
  });
  // Buttons keep the text selection: a mousedown on them would otherwise clear it.
  form.querySelectorAll("button[data-set-span]").forEach((b) => b.addEventListener("mousedown", (e) => e.preventDefault()));

  document.getElementById("show-rejected").addEventListener("change", (ev) =>
    document.body.classList.toggle("show-rejected", ev.target.checked));
  const help = document.getElementById("help");
  document.getElementById("help-button").addEventListener("click", () => help.showModal());
  document.getElementById("banner-reload").addEventListener("click", () => location.reload());
  document.getElementById("banner-close").addEventListener("click", () => { banner.hidden = true; });

  document.addEventListener("keydown", (ev) => {
    const typing = ev.target.closest("input, textarea, select");
    if (ev.key === "Escape" && typing) { ev.target.blur(); return; }
    // the keys list or the accept-many dialog open: keys are theirs
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey || document.querySelector("dialog[open]")) return;
    const key = ev.key;
    const actions = {
      j: () => step(1),
      k: () => step(-1),
      a: () => selectedId != null && update(selectedId, { state: "accepted" }),
      A: () => acceptAndNext(),
      x: () => selectedId != null && update(selectedId, { state: "rejected" }),
      e: () => selectedId != null && form.elements.speaker.focus(),
      u: () => undo(),
      "?": () => help.showModal(),
      n: () => {
        const span = selectedSpan();
        if (span) create(span); else say("Select the words of the claim first, then press n", "error");
      },
      s: () => { const span = selectedSpan(); if (span) setSpan("source", span); else say("Select the source's words first", "error"); },
      c: () => { const span = selectedSpan(); if (span) setSpan("cue", span); else say("Select the cue's words first", "error"); },
      Escape: () => select(null),
    };
    if (actions[key]) {
      ev.preventDefault();
      actions[key]();
    }
  });

  // The review panel (review.js) reads the attributions and selects through this.
  // accept_many.js saves through `serially` too, and puts its batch on the undo stack (`u`).
  window.workbench = {
    attrs, select, slice, say, failed, showBanner, applyMany, serially,
    pushUndo: (undoMany) => undoStack.push({ type: "many", undo: undoMany }),
    get selectedId() { return selectedId; },
  };
  document.addEventListener("workbench:select", (ev) => select(ev.detail));
  // A link to one claim (`/articles/<id>#a<claim id>`, as the claims page makes) opens the page on it.
  const linked = /^#a(\d+)$/.exec(location.hash);
  if (linked && attrs.has(+linked[1])) {
    if (attrs.get(+linked[1]).state === "rejected") {
      document.getElementById("show-rejected").checked = true;
      document.body.classList.add("show-rejected");
    }
    select(+linked[1]);
  }
  document.body.dataset.ready = "true";
})();
