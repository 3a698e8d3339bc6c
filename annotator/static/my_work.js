// My work: the sections of GET /api/my-work, each item a link to its article. Text is set with textContent.
(() => {
  "use strict";
  const root = document.getElementById("my-work");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
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
      fetch(`/api/mentions/${m.mention_id}/done`, {
        method: "POST",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
        credentials: "same-origin",
      })
        .then((res) => {
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          return load();
        })
        .catch(failed);
    });
    li.append(`${m.author || "someone"} on `, link(m.article_id, m.article_title), ": ", quote, " ", done);
    return li;
  }

  async function load() {
    const res = await fetch("/api/my-work", { headers: { Accept: "application/json" }, credentials: "same-origin" });
    const found = await res.json();
    if (!res.ok) throw new Error((found.error && found.error.message) || `HTTP ${res.status}`);
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
