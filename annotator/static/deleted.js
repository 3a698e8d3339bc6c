// The admins' list of deleted articles: Restore brings one back (POST /api/articles/<id>/restore).
"use strict";

(() => {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const message = document.getElementById("deleted-message");

  async function restore(button) {
    const id = button.dataset.restore;
    const res = await fetch(`/api/articles/${id}/restore`, {
      method: "POST",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      credentials: "same-origin",
    });
    const payload = await res.json().catch(() => null);
    if (!res.ok) {
      message.className = "save-error";
      message.textContent = `Not restored: ${(payload && payload.error && payload.error.message) || res.status}`;
      return;
    }
    const link = Object.assign(document.createElement("a"), { href: `/articles/${id}`, textContent: payload.title });
    message.className = "save-ok";
    message.replaceChildren("Restored: ", link);
    button.closest("tr").remove();
  }

  document.querySelectorAll("[data-restore]").forEach((b) => b.addEventListener("click", () => restore(b)));
})();
