// The sourcing review panel: findings kept current after every edit, workflow decisions,
// credibility badges and corroboration links of the selected attribution.
"use strict";

(() => {
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const wb = window.workbench;
  const list = document.getElementById("findings");
  const message = document.getElementById("review-message");
  const note = document.getElementById("review-note");
  const reviewer = data.user_role === "reviewer" || data.user_role === "admin";
  const separated = document.getElementById("review-separated");
  const SEVERITY = { block: "Blocks approval", warn: "Warning", info: "Note" };
  let summary = data.review;

  function el(tag, props = {}, ...children) {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  }

  function renderFindings() {
    // Reasons a reviewer is typing survive the redraw that follows every edit.
    const typed = new Map([...list.querySelectorAll("input.override")].map((i) => [i.dataset.key, i.value]));
    const counts = { block: 0, warn: 0, info: 0, overridden: 0 };
    summary.findings.forEach((f) => counts[f.overridden ? "overridden" : f.severity]++);
    document.getElementById("review-counts").textContent =
      `${counts.block} blocking · ${counts.warn} warnings · ${counts.info} notes` +
      (counts.overridden ? ` · ${counts.overridden} overridden` : "");
    list.replaceChildren(...summary.findings.map((f) => {
      // An approved article's overridden finding shows the override (reason, reviewer), not "Blocks approval".
      const li = el("li", { className: "finding sev-" + f.severity + (f.overridden ? " overridden" : ""), tabIndex: 0 },
        el("span", { className: "sev", textContent: f.overridden ? "Overridden" : SEVERITY[f.severity] }),
        el("span", { className: "msg", textContent: f.message }));
      if (f.overridden) {
        li.append(el("span", { className: "override-reason",
          textContent: `Override${f.overridden_by ? " by " + f.overridden_by : ""}: ${f.overridden}` }));
      }
      li.dataset.code = f.code;
      li.dataset.ids = f.attribution_ids.join(" ");
      // Overrides go with an approval only: no boxes for whom separation of duties keeps from approving.
      if (f.severity === "block" && summary.you.may_approve && summary.state === "in_review") {
        const input = el("input", { className: "override", placeholder: "Override: why this is acceptable" });
        input.setAttribute("aria-label", `Override reason for ${f.code}`);
        input.dataset.code = f.code;
        input.dataset.ids = f.attribution_ids.join(" ");
        input.dataset.key = `${f.code}:${input.dataset.ids}`;
        input.value = typed.get(input.dataset.key) || "";
        li.append(input);
      }
      return li;
    }));
    const state = document.getElementById("review-state");
    state.textContent = summary.state.replace("_", " ");
    state.className = "badge review-" + summary.state;
    const can = {
      submit: ["draft", "changes_requested"].includes(summary.state),
      approve: summary.you.may_approve && summary.state === "in_review",
      request_changes: reviewer && summary.state === "in_review",
    };
    document.querySelectorAll("[data-decision]").forEach((b) => { b.hidden = !can[b.dataset.decision]; });
    note.parentElement.hidden = !Object.values(can).some(Boolean);
    // Said before they try: whoever edited its claims leaves the approval to another reviewer.
    const why = summary.state !== "approved" && summary.you.separated;
    separated.hidden = !why;
    separated.textContent = why ? `${why[0].toUpperCase()}${why.slice(1)}.` : "";
    renderSelected(wb.selectedId);
  }

  function renderSelected(id) {
    const a = wb.attrs.get(id);
    const badges = document.getElementById("form-badges");
    const linked = document.getElementById("corroborated-by");
    const picker = document.getElementById("f-corroborate");
    if (!a) return;
    badges.replaceChildren(...((summary.badges || {})[id] || []).map((b) => el("li", { className: "cred", textContent: b })));
    const ids = (summary.corroborated_by || {})[id] || [];
    linked.replaceChildren(...ids.filter((o) => wb.attrs.has(o)).map((o) => {
      const other = wb.attrs.get(o);
      const remove = el("button", { type: "button", className: "link", textContent: "unlink" });
      remove.addEventListener("click", () => unlink(id, o));
      return el("li", {}, `${other.speaker || "no speaker"}: “${wb.slice(other.content).slice(0, 60)}”`, " ", remove);
    }));
    const options = [...wb.attrs.values()].filter((o) => o.id !== id && !ids.includes(o.id) && o.state !== "rejected");
    picker.replaceChildren(el("option", { value: "", textContent: "— another claim backing this one —" }),
      ...options.map((o) => el("option", { value: o.id, textContent: `${o.speaker || "no speaker"}: ${wb.slice(o.content).slice(0, 50)}` })));
  }

  async function refresh() {
    const found = await api.call("GET", `/api/articles/${data.article_id}/review`).catch(() => null);
    if (found) { summary = found; renderFindings(); }
  }

  // An override names its finding and one claim: a finding about several claims is accepted claim by
  // claim (one reason for all), a finding about no claim by its code with attribution_id null.
  function overrides() {
    return [...list.querySelectorAll("input.override")].filter((i) => i.value.trim()).flatMap((i) => {
      const ids = i.dataset.ids ? i.dataset.ids.split(" ").map(Number) : [null];
      return ids.map((id) => ({ code: i.dataset.code, attribution_id: id, reason: i.value.trim() }));
    });
  }

  async function decide(decision) {
    // The review version read with these findings: the server refuses an approval if a claim changed since.
    const body = { decision, note: note.value, version: summary.version };
    if (decision === "approve") body.overrides = overrides();
    let found;
    try {
      found = await api.call("POST", `/api/articles/${data.article_id}/review`, body);
    } catch (err) {
      const detail = (err.body && err.body.error) || {};
      if (err.status === 409 && detail.field === "version") await refresh();  // show what changed
      message.className = "save-error";
      message.textContent = detail.findings
        ? `${detail.message} Still open: ${detail.findings.map((f) => f.message).join(" ")}`
        : api.reason(err, `The server answered ${err.status}.`);
      return;
    }
    summary = found;
    note.value = "";
    message.className = "save-ok";
    message.textContent = { submit: "Submitted for review.", approve: "Approved for publication.",
      request_changes: "Sent back with your note." }[decision];
    renderFindings();
  }

  async function link(id, other) {
    try {
      await api.call("POST", `/api/attributions/${id}/corroborations`, { corroborating_id: other });
    } catch (err) {
      wb.say("Not linked: " + api.reason(err, err.status), "error");
      return;
    }
    wb.say("Saved");
    refresh();
  }

  async function unlink(id, other) {
    try {
      await api.call("DELETE", `/api/attributions/${id}/corroborations/${other}`);
    } catch (err) {
      return; // refused: the links stay as shown
    }
    wb.say("Saved");
    refresh();
  }

  list.addEventListener("click", (ev) => {
    const li = ev.target.closest("li.finding");
    if (!li || ev.target.matches("input") || !li.dataset.ids) return;
    document.dispatchEvent(new CustomEvent("workbench:select", { detail: +li.dataset.ids.split(" ")[0] }));
  });
  list.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && ev.target.matches("li.finding")) ev.target.click();
  });
  document.querySelectorAll("[data-decision]").forEach((b) => b.addEventListener("click", () => decide(b.dataset.decision)));
  document.getElementById("corroborate-add").addEventListener("click", () => {
    const other = +document.getElementById("f-corroborate").value;
    if (other && wb.selectedId != null) link(wb.selectedId, other);
  });
  document.addEventListener("workbench:changed", refresh);
  document.addEventListener("workbench:selected", (ev) => renderSelected(ev.detail));
  renderFindings();
})();
