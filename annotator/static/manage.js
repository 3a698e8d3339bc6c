// Managing the article as a whole: its details (title, outlet, byline, URL, date, collection), running
// detection again, deleting it. Built on the API: PATCH / DELETE /api/articles/<id>, POST .../redetect.
"use strict";

(() => {
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const panel = document.getElementById("manage");
  const form = document.getElementById("meta-form");
  const message = document.getElementById("manage-message");
  const FIELDS = ["title", "outlet", "byline", "url", "published", "collection"];
  const url = `/api/articles/${data.article_id}`;
  let version = null;  // the version the form's values were read at: a save sends it

  async function api(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    const payload = res.status === 204 ? null : await res.json().catch(() => null);
    return { ok: res.ok, status: res.status, payload };
  }

  function say(text, kind) {
    message.textContent = text;
    message.className = "save-" + kind;
  }

  function problem(res) {
    return (res.payload && res.payload.error && res.payload.error.message) || `The server answered ${res.status}.`;
  }

  function fill(article) {
    FIELDS.forEach((f) => { form.elements[f].value = article[f] || ""; });
    version = article.version;
  }

  // The values and the version come from one read, so a save never overwrites a change it did not show.
  async function load() {
    const res = await api("GET", url);
    if (res.ok) fill(res.payload); else say(problem(res), "error");
    return res.ok;
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
    const res = await api("PATCH", url, body);
    if (res.ok) {
      fill(res.payload);
      showHeader(res.payload);
      say("Saved", "ok");
      return;
    }
    const err = (res.payload && res.payload.error) || {};
    if (res.status === 409) {
      await load();
      say(`Not saved: ${err.message} The form now shows the current details.`, "error");
      return;
    }
    if (err.field && form.elements[err.field]) form.elements[err.field].focus();
    say(`Not saved: ${problem(res)}`, "error");
  }

  async function redetect() {
    say("Detecting again…", "ok");
    const res = await api("POST", `${url}/redetect`);
    if (res.status === 202) { window.location.reload(); return; }  // a job: the page shows its progress
    if (!res.ok) { say(`Not run: ${problem(res)}`, "error"); return; }
    sessionStorage.setItem("manage-message", res.payload.message);
    window.location.reload();  // the text is marked anew with the new suggestions
  }

  async function remove() {
    if (!window.confirm("Delete this article? It disappears from every list; an admin can restore it.")) return;
    const res = await api("DELETE", url);
    if (res.ok) { window.location.assign("/"); return; }
    say(`Not deleted: ${problem(res)}`, "error");
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
