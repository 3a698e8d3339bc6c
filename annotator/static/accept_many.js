// Accept many suggestions in one action: a filter, a count of what it takes ("accept 14 suggestions with
// confidence ≥ 0.8"), one request with the versions counted (all or nothing), and an Undo for the batch.
"use strict";

(() => {
  const wb = window.workbench;
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const dialog = document.getElementById("accept-many");
  const form = document.getElementById("accept-many-form");
  const preview = document.getElementById("am-preview");
  const acceptButton = document.getElementById("am-accept");
  const bar = document.getElementById("batch-bar");
  const base = `/api/articles/${data.article_id}`;
  let counted = null; // the last count: {count, versions, filter}
  let counting = 0;

  function filter() {
    const out = {};
    for (const el of form.elements) {
      if (el.name && el.value.trim() !== "") out[el.name] = el.name === "min_confidence" ? el.value.trim() : el.value;
    }
    return out;
  }

  function describe(f, n) {
    const parts = [];
    if (f.min_confidence != null) parts.push(`confidence ≥ ${f.min_confidence}`);
    if (f.kind) parts.push(`kind ${f.kind}`);
    if (f.status) parts.push(data.status_labels[f.status] || f.status);
    if (f.speaker_type) parts.push(`speaker type ${f.speaker_type.replace("_", " ")}`);
    if (f.detector) parts.push(`from ${f.detector}`);
    const what = `${n} suggestion${n === 1 ? "" : "s"}`;
    return parts.length ? `${what} with ${parts.join(", ")}` : `all ${what}`;
  }

  async function count() {
    const mine = ++counting;
    acceptButton.disabled = true;
    const f = filter();
    let payload = null;
    let refused = null;
    try {
      payload = await api.call("GET", `${base}/accept?` + new URLSearchParams(f));
    } catch (err) {
      refused = err;
    }
    if (mine !== counting) return; // a newer count is on its way
    if (refused) {
      counted = null;
      preview.textContent = api.reason(refused, `The server answered ${refused.status}.`);
      preview.className = "save-error";
      return;
    }
    counted = { ...payload, filter: f };
    preview.className = "";
    preview.textContent = payload.count ? `Accept ${describe(f, payload.count)}.` : "No suggestion matches: nothing to accept.";
    acceptButton.textContent = payload.count ? `Accept ${payload.count}` : "Accept";
    acceptButton.disabled = payload.count === 0;
  }

  function open() {
    // the detectors that proposed the suggestions still open, to filter on
    const select = document.getElementById("am-detector");
    const chosen = select.value;
    const names = [...new Set([...wb.attrs.values()].filter((a) => a.state === "suggested" && a.detector).map((a) => a.detector))].sort();
    select.replaceChildren(new Option("any", ""), ...names.map((n) => new Option(n, n)));
    select.value = names.includes(chosen) ? chosen : "";
    dialog.showModal();
    count();
  }

  function showBatch(batch) {
    bar.hidden = batch == null || batch.undone_at != null;
    if (bar.hidden) return;
    document.getElementById("batch-text").textContent =
      `Accepted ${describe(batch.filter, batch.size)}` + (batch.user ? ` (${batch.user})` : "") + ".";
    bar.dataset.batchId = batch.id;
  }

  const undo = wb.serially(async (batchId) => {
    if (String(bar.dataset.batchId) !== String(batchId) || bar.hidden) return true; // undone already, here
    wb.say("Undoing…", "busy");
    let undone;
    try {
      undone = await api.call("POST", `/api/batches/${batchId}/undo`);
    } catch (err) {
      wb.say("Not undone", "error");
      if (err.status === 409) wb.showBanner(err.message, true);
      else wb.failed(err);
      return false;
    }
    wb.applyMany(undone.attributions);
    showBatch(null);
    wb.say(`Undone: ${undone.attributions.length} claims are suggestions again`);
    return true;
  });

  const accept = wb.serially(async () => {
    if (!counted || !counted.count) return;
    acceptButton.disabled = true;
    wb.say("Saving…", "busy");
    let saved;
    try {
      saved = await api.call("POST", `${base}/accept`, { ...counted.filter, versions: counted.versions });
    } catch (err) {
      wb.say("Not saved", "error");
      // stale: say so and count again, so the next click takes what is there now
      preview.textContent = api.reason(err, `The server answered ${err.status}.`);
      preview.className = "save-error";
      if (err.status === 409) setTimeout(count, 1500);
      return;
    }
    dialog.close();
    wb.applyMany(saved.attributions);
    const batch = saved.batch;
    showBatch(batch);
    wb.pushUndo(() => undo(batch.id));
    wb.say(`Saved: ${batch.size} accepted`);
  });

  let timer = null;
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(count, 200); });
  form.addEventListener("submit", (ev) => { ev.preventDefault(); accept(); });
  document.getElementById("am-cancel").addEventListener("click", () => dialog.close());
  document.getElementById("accept-many-button").addEventListener("click", open);
  document.getElementById("batch-undo").addEventListener("click", () => undo(bar.dataset.batchId));

  // The newest batch of this article can still be undone after a reload.
  api.call("GET", `${base}/batches`)
    .catch(() => ({ items: [] }))
    .then(({ items }) => showBatch(items[0] || null));
})();
