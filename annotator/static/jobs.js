// A background job's progress, polled from its JSON until it ends: no page reload while it runs.
// On an article page (data-on-done="reload") the page reloads once when detection is done, to open the
// workbench with the suggestions, and a dashboard once its figures are counted; a job page shows the
// outcome in place.
"use strict";

(() => {
  const box = document.getElementById("job");
  if (!box) return;
  const el = (id) => document.getElementById(id);
  const ENDED = ["done", "failed"];

  function countText(job) {
    if (job.kind === "detect") return `${job.percent}% of the text read`;
    if (job.kind === "figures") return job.state === "done" ? "counted" : "counting the claims";
    return `${job.done} of ${job.total} article(s)`;
  }

  function show(job) {
    box.className = "job job-" + job.state;
    el("job-state").textContent = job.state;
    el("job-count").textContent = countText(job);
    el("job-progress").value = job.percent;
    el("job-progress").textContent = job.percent + "%";
    el("job-error").hidden = job.state !== "failed";
    el("job-error").textContent = job.error || "";
    const message = job.result && job.result.message;
    el("job-message").hidden = !message;
    el("job-message").textContent = message || "";
    el("job-retry").hidden = !job.retryable;
    const fix = el("job-fix"); // an import's page: what to do when the file itself failed
    if (fix) fix.hidden = !job.failed_on_input;
    const download = el("job-download");
    if (download) download.hidden = job.state !== "done";
  }

  async function poll() {
    let job = null;
    try {
      job = await api.call("GET", box.dataset.jobUrl);
    } catch (err) {
      job = null; // the server restarting, or refusing: try again
    }
    if (job) {
      show(job);
      if (job.state === "done" && box.dataset.onDone === "reload") {
        window.location.reload();
        return;
      }
      if (ENDED.includes(job.state)) return;
    }
    window.setTimeout(poll, 1000);
  }

  if (!ENDED.includes(el("job-state").textContent)) window.setTimeout(poll, 500);
})();
