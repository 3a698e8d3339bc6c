// A collection's page: its members (add, change role, remove), its settings and assigning its articles, all
// through the JSON API with the page's CSRF token. Text is set with textContent.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const { call } = window.api; // api.js
  const base = `/api/collections/${data.collection_id}`;
  const el = (id) => document.getElementById(id);
  const errorBox = el("collection-error");
  let collection = null;

  function say(message, isError) {
    errorBox.hidden = !isError;
    errorBox.textContent = isError ? message : "";
    if (!isError) el("collection-summary").textContent = message;
  }

  function guarded(action) {
    return (event) => {
      if (event) event.preventDefault();
      action(event).catch((err) => say(err.message, true));
    };
  }

  function memberRow(m) {
    const tr = document.createElement("tr");
    tr.dataset.memberId = m.id;
    const name = document.createElement("td");
    name.textContent = m.username;
    const role = document.createElement("td");
    if (collection.may_manage) {
      const select = document.createElement("select");
      select.setAttribute("aria-label", `Role of ${m.username}`);
      for (const r of data.roles) select.add(new Option(r, r, false, r === m.role));
      select.addEventListener(
        "change",
        guarded(async () => {
          await call("PATCH", `${base}/members/${m.id}`, { role: select.value });
          await load(`${m.username} is now ${select.value}.`);
        }),
      );
      role.append(select);
    } else {
      role.textContent = m.role;
    }
    const since = document.createElement("td");
    since.textContent = new Date(m.since).toLocaleDateString();
    const actions = document.createElement("td");
    if (collection.may_manage) {
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link";
      remove.textContent = "Remove";
      remove.addEventListener(
        "click",
        guarded(async () => {
          await call("DELETE", `${base}/members/${m.id}`);
          await load(`${m.username} left the collection.`);
        }),
      );
      actions.append(remove);
    }
    tr.append(name, role, since, actions);
    return tr;
  }

  async function load(message) {
    collection = await call("GET", base);
    for (const part of document.querySelectorAll(".manage-only")) part.hidden = !collection.may_manage;
    el("members").querySelector("tbody").replaceChildren(...collection.members.map(memberRow));
    el("settings").elements.annotators_per_article.value = collection.annotators_per_article;
    const summary = `${collection.articles} article(s), ${collection.members.length} member(s); `
      + `${collection.annotators_per_article} annotator(s) per article.`
      + (collection.role ? ` You are ${collection.role} here.` : "");
    say(message ? `${message} ${summary}` : summary, false);
  }

  el("add-member").addEventListener(
    "submit",
    guarded(async (event) => {
      const form = event.target;
      const username = form.elements.username.value.trim();
      await call("POST", `${base}/members`, { username, role: form.elements.role.value });
      form.reset();
      await load(`${username} joined.`);
    }),
  );

  el("settings").addEventListener(
    "submit",
    guarded(async (event) => {
      const count = Number(event.target.elements.annotators_per_article.value);
      await call("PATCH", base, { annotators_per_article: count });
      await load("Saved.");
    }),
  );

  el("assign").addEventListener(
    "submit",
    guarded(async (event) => {
      const f = event.target.elements;
      const body = {
        filter: { collection: collection.name, state: f.state.value || null, outlet: f.outlet.value.trim() || null,
          unassigned: f.unassigned.checked },
        annotators: f.annotators.value.split(",").map((s) => s.trim()).filter(Boolean),
        reviewer: f.reviewer.value.trim() || null,
      };
      const done = await call("POST", "/api/assignments", body);
      await load(`Assigned: ${done.created.length} new assignment(s) over ${done.articles} article(s).`);
    }),
  );

  load().catch((err) => say(err.message, true));
})();
