// Who holds the article (its annotators and reviewer), and a form assigning it, for its collection's curators:
// built on /api/assignments. Names are set with textContent; the server checks every rule (members only,
// annotators per article) and its message is shown as it comes.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const { call } = window.api; // api.js
  const el = (id) => document.getElementById(id);
  const list = el("holders");
  const message = el("assign-message");

  function holderEl(a) {
    const li = document.createElement("li");
    li.dataset.assignmentId = a.id;
    const who = document.createElement("span");
    who.textContent = `${a.username} (${a.role}${a.submitted_at ? ", submitted" : ""})`;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "link";
    remove.textContent = "Remove";
    remove.addEventListener("click", () => act(() => call("DELETE", `/api/assignments/${a.id}`), `Removed ${a.username}.`));
    li.append(who, " ", remove);
    return li;
  }

  async function load() {
    const found = await call("GET", `/api/assignments?article=${data.article_id}`);
    list.replaceChildren(...found.items.map(holderEl));
    if (!found.items.length) {
      const none = document.createElement("li");
      none.className = "hint";
      none.textContent = "Nobody yet.";
      list.append(none);
    }
  }

  async function act(change, done) {
    message.classList.remove("save-error");
    try {
      await change();
      message.textContent = done;
      await load();
    } catch (err) {
      message.textContent = err.message;
      message.classList.add("save-error");
    }
  }

  el("assign-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const annotators = el("assign-annotators").value.split(",").map((s) => s.trim()).filter(Boolean);
    const reviewer = el("assign-reviewer").value.trim() || null;
    act(async () => {
      await call("POST", "/api/assignments", { article_id: data.article_id, annotators, reviewer });
      el("assign-annotators").value = "";
      el("assign-reviewer").value = "";
    }, "Assigned.");
  });

  load().catch((err) => { message.textContent = err.message; message.classList.add("save-error"); });
})();
