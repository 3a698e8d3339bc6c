// The article's discussion: the whole thread in the side panel, and the selected claim's own comments in
// its form. Every text is set with textContent: a comment is shown as written, never as markup.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const { call } = window.api; // api.js
  const url = `/api/articles/${data.article_id}/comments`;
  const el = (id) => document.getElementById(id);
  const threadEl = el("thread");
  const claimThreadEl = el("claim-thread");
  const LABELS = { submit: "submitted for review", request_changes: "requested changes", approve: "approved" };
  let entries = [];
  let selected = null;

  function claimSnippet(id) {
    const row = document.querySelector(`#attr-list li[data-attribution-id="${id}"] .snippet`);
    return row ? row.textContent : "a deleted claim";
  }

  function entryEl(c, withClaim) {
    const li = document.createElement("li");
    li.className = `entry kind-${c.kind}${c.resolved ? " resolved" : ""}`;
    li.dataset.commentId = c.id;
    const head = document.createElement("p");
    head.className = "entry-head";
    const who = document.createElement("b");
    who.textContent = c.author || "someone";
    head.append(who, ` ${LABELS[c.kind] || "said"} · ${new Date(c.created_at).toLocaleString()}`);
    if (withClaim && c.attribution_id) {
      const on = document.createElement("a");
      on.href = "#";
      on.className = "entry-claim";
      on.textContent = `on «${claimSnippet(c.attribution_id)}»`;
      on.addEventListener("click", (e) => {
        e.preventDefault();
        const row = document.querySelector(`#attr-list li[data-attribution-id="${c.attribution_id}"]`);
        if (row) row.click();
      });
      head.append(" ", on);
    }
    const text = document.createElement("p");
    text.className = "entry-text";
    text.textContent = c.text;
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "link";
    toggle.textContent = c.resolved ? `Resolved by ${c.resolved_by || "someone"} · reopen` : "Resolve";
    toggle.addEventListener("click", () => resolve(c, !c.resolved));
    li.append(head, text, toggle);
    return li;
  }

  function render() {
    threadEl.replaceChildren(...entries.map((c) => entryEl(c, true)));
    const open = entries.filter((c) => !c.resolved).length;
    el("discussion-count").textContent = entries.length ? `${open} open of ${entries.length}` : "";
    const mine = entries.filter((c) => selected !== null && c.attribution_id === selected);
    claimThreadEl.replaceChildren(...mine.map((c) => entryEl(c, false)));
    el("claim-comment-count").textContent = mine.length ? `(${mine.length})` : "";
  }

  async function load() {
    entries = (await call("GET", url)).items;
    render();
  }

  async function resolve(c, resolved) {
    try {
      const saved = await call("PATCH", `/api/comments/${c.id}`, { resolved });
      entries = entries.map((e) => (e.id === saved.id ? saved : e));
      render();
    } catch (err) {
      el("comment-message").textContent = err.message;
    }
  }

  async function post(textEl, messageEl, attributionId) {
    messageEl.textContent = "";
    try {
      const saved = await call("POST", url, { text: textEl.value, attribution_id: attributionId });
      entries.push(saved);
      textEl.value = "";
      render();
    } catch (err) {
      messageEl.textContent = err.message;
    }
  }

  el("comment-form").addEventListener("submit", (e) => {
    e.preventDefault();
    post(el("comment-text"), el("comment-message"), null);
  });
  el("claim-comment-add").addEventListener("click", () => {
    if (selected !== null) post(el("claim-comment-text"), el("claim-comment-message"), selected);
  });
  document.addEventListener("workbench:selected", (e) => {
    selected = e.detail;
    render();
  });
  load().catch((err) => { el("comment-message").textContent = err.message; });
})();
