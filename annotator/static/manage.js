// Managing the article as a whole: its details (title, outlet, byline, URL, date, collection), running
// detection again, deleting it. Built on the API: PATCH / DELETE /api/articles/<id>, POST .../redetect.
"use strict";

(() => {
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const panel = document.getElementById("manage");
  const form = document.getElementById("meta-form");
  const message = document.getElementById("manage-message");
  const FIELDS = ["title", "outlet", "byline", "url", "published", "collection"];
  const url = `/api/articles/${data.article_id}`;
  let version = null;  // the version the form's values were read at: a save sends it
  let read = {};  // the values read with it: what the editor changed is what differs from them
  // A save refused as stale (409): the server's message names versions, written for API clients.
  const STALE = "Not saved: someone changed this article's details meanwhile. " +
    "The form now shows them; make your change again.";

  function say(text, kind) {
    message.textContent = text;
    message.className = "save-" + kind;
  }

  function problem(err) {
    return api.reason(err, `The server answered ${err.status}.`);
  }

  function fill(article) {
    FIELDS.forEach((f) => { form.elements[f].value = article[f] || ""; });
    read = Object.fromEntries(FIELDS.map((f) => [f, form.elements[f].value.trim() || null]));
    version = article.version;
  }

  // What the editor typed in the fields they changed: a stale save puts the current details in their place.
  function typed(body) {
    const label = (f) => form.querySelector(`label[for="${form.elements[f].id}"]`).textContent.toLowerCase();
    return FIELDS.filter((f) => body[f] !== read[f])
      .map((f) => `${label(f)} ${body[f] ? `“${body[f]}”` : "empty"}`).join(", ");
  }

  // The values and the version come from one read, so a save never overwrites a change it did not show.
  async function load() {
    let article;
    try {
      article = await api.call("GET", url);
    } catch (err) {
      say(problem(err), "error");
      return false;
    }
    fill(article);
    return true;
  }

  function showHeader(article) {
    document.getElementById("article-title").textContent = article.title;
    document.title = `${article.title} · Sourcing annotator`;
    const meta = document.getElementById("article-meta");
    const link = meta.querySelector("a");
    meta.replaceChildren(...[article.outlet, article.byline, article.published].filter(Boolean)
      .map((part) => Object.assign(document.createElement("span"), { textContent: part })));
    if (article.url) {
      const a = link || Object.assign(document.createElement("a"), { rel: "noopener noreferrer nofollow", textContent: "source page" });
      a.href = article.url;
      meta.append(a);
    }
  }

  async function save(ev) {
    ev.preventDefault();
    if (version === null && !(await load())) return;
    const body = { version };
    FIELDS.forEach((f) => { body[f] = form.elements[f].value.trim() || null; });
    let article;
    try {
      article = await api.call("PATCH", url, body);
    } catch (err) {
      const detail = (err.body && err.body.error) || {};
      if (err.status === 409) {
        const mine = typed(body);
        // not read again: the reading's own failure stays said
        if (await load()) say(mine ? `${STALE} You had typed: ${mine}.` : STALE, "error");
        return;
      }
      if (detail.field && form.elements[detail.field]) form.elements[detail.field].focus();
      say(`Not saved: ${problem(err)}`, "error");
      return;
    }
    fill(article);
    showHeader(article);
    say("Saved", "ok");
  }

  async function redetect() {
    say("Detecting again…", "ok");
    let found;
    try {
      found = await api.call("POST", `${url}/redetect`);
    } catch (err) {
      say(`Not run: ${problem(err)}`, "error");
      return;
    }
    if (found.job) { window.location.reload(); return; }  // a job (202): the page shows its progress
    sessionStorage.setItem("manage-message", found.message);
    window.location.reload();  // the text is marked anew with the new suggestions
  }

  async function remove() {
    if (!window.confirm("Delete this article? It disappears from every list; an admin can restore it.")) return;
    try {
      await api.call("DELETE", url);
    } catch (err) {
      say(`Not deleted: ${problem(err)}`, "error");
      return;
    }
    window.location.assign("/");
  }

  panel.addEventListener("toggle", () => { if (panel.open) load(); });
  form.addEventListener("submit", save);
  document.getElementById("redetect").addEventListener("click", redetect);
  document.getElementById("delete-article").addEventListener("click", remove);
  const told = sessionStorage.getItem("manage-message");
  if (told) {
    sessionStorage.removeItem("manage-message");
    panel.open = true;
    say(told, "ok");
  }
})();
