// An independent annotator hands in their own annotation of the article: after it, the layer is closed.
"use strict";

(() => {
  const button = document.getElementById("layer-submit");
  const message = document.getElementById("layer-message");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  button.addEventListener("click", async () => {
    if (!window.confirm("Submit your annotation? You cannot change it afterwards.")) return;
    button.disabled = true;
    message.textContent = "Submitting…";
    const res = await fetch(`/api/articles/${button.dataset.articleId}/submit`, {
      method: "POST",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      credentials: "same-origin",
    });
    if (res.ok) {
      window.location.reload();
      return;
    }
    const body = await res.json().catch(() => null);
    message.textContent = (body && body.error && body.error.message) || `Could not submit (HTTP ${res.status}).`;
    button.disabled = false;
  });
})();
