// An independent annotator hands in their own annotation of the article: after it, the layer is closed.
"use strict";

(() => {
  const button = document.getElementById("layer-submit");
  const message = document.getElementById("layer-message");
  button.addEventListener("click", async () => {
    if (!window.confirm("Submit your annotation? You cannot change it afterwards.")) return;
    button.disabled = true;
    message.textContent = "Submitting…";
    try {
      await api.call("POST", `/api/articles/${button.dataset.articleId}/submit`);
    } catch (err) {
      message.textContent = api.reason(err, `Could not submit (HTTP ${err.status}).`);
      button.disabled = false;
      return;
    }
    window.location.reload();
  });
})();
