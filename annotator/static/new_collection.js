// The collections page's "New collection" form: POST /api/collections, then the new collection's own page.
(() => {
  "use strict";
  const form = document.getElementById("new-collection");
  const errorBox = document.getElementById("new-collection-error");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const res = await fetch("/api/collections", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
        body: JSON.stringify({ name: form.elements.name.value }),
        credentials: "same-origin",
      });
      const found = await res.json();
      if (!res.ok) throw new Error((found.error && found.error.message) || `HTTP ${res.status}`);
      window.location.assign(`/collections/${found.id}`);
    } catch (err) {
      errorBox.textContent = err.message;
      errorBox.hidden = false;
    }
  });
})();
