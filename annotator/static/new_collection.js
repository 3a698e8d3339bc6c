// The collections page's "New collection" form: POST /api/collections, then the new collection's own page.
(() => {
  "use strict";
  const form = document.getElementById("new-collection");
  const errorBox = document.getElementById("new-collection-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const found = await api.call("POST", "/api/collections", { name: form.elements.name.value });
      window.location.assign(`/collections/${found.id}`);
    } catch (err) {
      errorBox.textContent = err.message;
      errorBox.hidden = false;
    }
  });
})();
