// My work: the sections of GET /api/my-work, each item a link to its article. Text is set with textContent.
(() => {
  "use strict";
  const root = document.getElementById("my-work");
  const EMPTY = {
    to_annotate: "Nothing to annotate.",
    to_review: "Nothing to review.",
    changes_requested: "No changes requested.",
    mentions: "Nobody mentioned you.",
  };

  function link(articleId, title) {
    const a = document.createElement("a");
    a.href = `/articles/${articleId}`;
    a.textContent = title || `Article ${articleId}`;
    return a;
  }

  function articleItem(item) {
    const li = document.createElement("li");
    const where = [item.outlet, item.collection].filter(Boolean).join(" · ");
    li.append(link(item.article_id, item.title), where ? ` — ${where}` : "");
    return li;
  }

  function mentionItem(m) {
    const li = document.createElement("li");
    const quote = document.createElement("q");
    quote.textContent = m.text;
    const done = document.createElement("button");
    done.type = "button";
    done.className = "link";
    done.textContent = "Done";
    done.title = "Take it off my list";
    done.addEventListener("click", () => {
      api.call("POST", `/api/mentions/${m.mention_id}/done`)
        .catch((err) => { throw err.status ? new Error(`HTTP ${err.status}`) : err; }) // a refusal shows its status
        .then(load)
        .catch(failed);
    });
    li.append(`${m.author || "someone"} on `, link(m.article_id, m.article_title), ": ", quote, " ", done);
    return li;
  }

  async function load() {
    const found = await api.call("GET", "/api/my-work");
    for (const section of root.querySelectorAll("section[data-section]")) {
      const name = section.dataset.section;
      const items = found.sections[name];
      section.querySelector(".count").textContent = `(${found.counts[name]})`;
      const list = section.querySelector("ul");
      list.replaceChildren(...items.map(name === "mentions" ? mentionItem : articleItem));
      if (!items.length) {
        const li = document.createElement("li");
        li.className = "empty";
        li.textContent = EMPTY[name];
        list.append(li);
      }
    }
    root.setAttribute("aria-busy", "false");
  }

  function failed(err) {
    const box = document.getElementById("my-work-error");
    box.textContent = `Could not load your work: ${err.message}. Reload the page.`;
    box.hidden = false;
  }

  load().catch(failed);
})();
