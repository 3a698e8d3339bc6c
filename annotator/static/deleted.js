// The admins' list of deleted articles: Restore brings one back (POST /api/articles/<id>/restore).
"use strict";

(() => {
  const message = document.getElementById("deleted-message");

  async function restore(button) {
    const id = button.dataset.restore;
    let payload;
    try {
      payload = await api.call("POST", `/api/articles/${id}/restore`);
    } catch (err) {
      message.className = "save-error";
      message.textContent = `Not restored: ${api.reason(err, err.status)}`;
      return;
    }
    const link = Object.assign(document.createElement("a"), { href: `/articles/${id}`, textContent: payload.title });
    message.className = "save-ok";
    message.replaceChildren("Restored: ", link);
    button.closest("tr").remove();
  }

  document.querySelectorAll("[data-restore]").forEach((b) => b.addEventListener("click", () => restore(b)));
})();
