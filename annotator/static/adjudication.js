// The curator's adjudication: the annotators' versions of each claim side by side, agreed ones collapsed,
// and a pick (one version, a merged one, or none) per claim. Built on /api/articles/<id>/adjudication;
// every text is set with textContent, so an annotator's tags show as written, never as markup.
"use strict";

(() => {
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const url = `/api/articles/${data.article_id}/adjudication`;
  const box = document.getElementById("units");
  const message = document.getElementById("adjudication-message");
  const ROWS = [
    ["content", "Content"], ["source", "Source"], ["cue", "Cue"], ["speaker", "Speaker"],
    ["speaker_type", "Speaker type"], ["affiliation", "Affiliation"], ["role", "Role"], ["status", "Status"], ["kind", "Kind"],
  ];
  const MERGED = ["kind", "speaker", "speaker_type", "affiliation", "role", "status"];
  let view = null;

  function el(tag, props = {}, ...children) {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  function shown(version, field) {
    if (!version) return "";
    const value = version[field];
    if (value === null || value === undefined) return "—";
    if (Array.isArray(value)) return data.text.slice(value[0], value[1]);
    if (field === "status") return data.status_labels[value] || value;
    return String(value).replace(/_/g, " ");
  }

  async function send(body) {
    message.textContent = "Saving…";
    let found;
    try {
      found = await api.call("POST", url, { version: view.version, ...body });
    } catch (err) {
      message.textContent = api.reason(err, `Could not save (HTTP ${err.status}).`);
      message.className = "error";
      return;
    }
    message.textContent = "Saved in the final version.";
    message.className = "ok";
    render(found);
  }

  function mergeForm(unit, first) {
    const form = el("form", { className: "merge-form", hidden: true });
    const inputs = {};
    MERGED.forEach((field) => {
      // a tag with a list of values is a select of them (and none), a free one a text field
      const choices = data.choices[field];
      const input = choices
        ? el("select", { name: field }, ...(field === "kind" ? [] : [el("option", { value: "", textContent: "—" })]),
          ...choices.map((v) => el("option", { value: v, textContent: field === "status" ? data.status_labels[v] : v.replace(/_/g, " ") })))
        : el("input", { name: field, maxLength: 300 });
      input.value = first[field] || "";
      input.setAttribute("aria-label", field.replace("_", " "));
      inputs[field] = input;
      form.append(el("label", {}, `${field.replace("_", " ")} `, input));
    });
    form.append(el("button", { type: "submit", className: "primary", textContent: "Save merged version" }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const fields = { content: first.content, source: first.source, cue: first.cue };
      MERGED.forEach((f) => { fields[f] = inputs[f].value.trim() || null; });
      send({ unit: unit.unit, choice: "merged", fields });
    });
    return form;
  }

  function unitEl(unit) {
    const names = view.annotators;
    const versions = names.map((n) => unit.versions[n] || null);
    const first = versions.find((v) => v);
    const details = el("details", { className: `unit ${unit.agreed ? "agreed" : "differs"}`, open: !unit.agreed });
    details.dataset.unit = unit.unit.join("-");
    const status = unit.agreed ? "agreed" : unit.missing.length ? `only ${names.filter((n) => unit.versions[n]).join(", ")}` : "differs";
    details.append(el("summary", {},
      el("span", { className: "snippet", textContent: shown(first, "content").slice(0, 140) }), " ",
      el("span", { className: `badge unit-${unit.agreed ? "agreed" : "differs"}`, textContent: status }), " ",
      unit.decision ? el("span", { className: "badge decided", textContent: `final: ${unit.decision}` }) : null));
    const head = el("tr", {}, el("th", { scope: "col", textContent: "" }),
      ...names.map((n) => el("th", { scope: "col", textContent: n })),
      el("th", { scope: "col", textContent: "Final now" }));
    const body = ROWS.map(([field, label]) => {
      const values = versions.map((v) => shown(v, field));
      const differs = new Set(values.filter((v) => v !== "")).size > 1;
      return el("tr", { className: differs ? "differs" : "" }, el("th", { scope: "row", textContent: label }),
        ...values.map((v) => el("td", { textContent: v })), el("td", { textContent: shown(unit.final, field) }));
    });
    const actions = el("tr", {}, el("th", { scope: "row", textContent: "Pick" }),
      ...names.map((n) => el("td", {}, unit.versions[n]
        ? el("button", { type: "button", className: "pick", textContent: `Use ${n}'s`, onclick: () => send({ unit: unit.unit, choice: n }) })
        : el("span", { className: "muted", textContent: "not marked" }))),
      el("td"));
    const merge = mergeForm(unit, first);
    details.append(
      el("table", { className: "versions" }, el("thead", {}, head), el("tbody", {}, ...body, actions)),
      el("p", { className: "buttons" },
        el("button", { type: "button", textContent: "Merge…", onclick: () => { merge.hidden = !merge.hidden; } }),
        el("button", { type: "button", className: "danger", textContent: "None: no claim", onclick: () => send({ unit: unit.unit, choice: "none" }) })),
      merge);
    return details;
  }

  function leftoverEl() {
    // the detector's suggestions no annotator kept: one button rejects them in the final version
    if (!view.leftover.length) return null;
    const ids = view.leftover.map((a) => a.id);
    return el("section", { id: "leftover", className: "unit" },
      el("h2", { textContent: `${ids.length} detector suggestion(s) no annotator kept` }),
      el("ul", {}, ...view.leftover.map((a) => el("li", { textContent: shown(a, "content").slice(0, 140) }))),
      el("button", { type: "button", className: "danger", textContent: "Reject them in the final version",
        onclick: () => send({ unit: ids, choice: "reject" }) }));
  }

  function render(found) {
    view = found;
    const agreed = view.units.filter((u) => u.agreed).length;
    const leftover = leftoverEl(); // null when every suggestion was kept by someone: nothing to append
    box.replaceChildren(
      el("p", { className: "tally", textContent: `${view.units.length} claims · ${agreed} agreed · ${view.units.filter((u) => u.decision).length} settled · annotators: ${view.annotators.join(", ")}` }),
      ...view.units.map(unitEl), ...(leftover ? [leftover] : []));
    box.setAttribute("aria-busy", "false");
  }

  api.call("GET", url)
    .then(render)
    .catch((err) => { message.textContent = err.message; message.className = "error"; box.setAttribute("aria-busy", "false"); });
})();
