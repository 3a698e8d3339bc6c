// The article page's attribution list, narrowed by status, state and speaker type (the selects above it).
// Rows are hidden, not removed: the workbench's keys (j, k) walk the rows left shown.
"use strict";

(() => {
  const box = document.getElementById("claim-filter");
  const listEl = document.getElementById("attr-list");
  const countEl = document.getElementById("claim-filter-count");
  if (!box || !listEl || !window.workbench) return;
  const selects = [...box.querySelectorAll("select[data-filter]")];

  function apply() {
    const wanted = selects.filter((s) => s.value).map((s) => [s.dataset.filter, s.value]);
    let shown = 0;
    for (const li of listEl.children) {
      const a = window.workbench.attrs.get(+li.dataset.attributionId);
      li.hidden = !a || wanted.some(([name, value]) => (a[name] || "") !== value);
      if (!li.hidden) shown++;
    }
    countEl.textContent = wanted.length ? `${shown} of ${listEl.children.length} shown` : "";
  }

  selects.forEach((s) => s.addEventListener("change", apply));
  // an edit (a claim accepted, its status changed) may move it in or out of the filter
  document.addEventListener("workbench:changed", apply);
})();
