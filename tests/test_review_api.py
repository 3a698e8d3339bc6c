"""The review workflow over HTTP: findings, roles, overrides, corroboration links, report and CLI."""

import json
from pathlib import Path

DATA = Path(__file__).parent / "data"
GOLD = json.loads((DATA / "mayadeen.gold.json").read_text(encoding="utf-8"))


def finding_ids(review, code):
    return [tuple(f["attribution_ids"]) for f in review["findings"] if f["code"] == code]


def test_reference_annotations_give_the_expected_findings(client, editor, acceptance_text, load_reference):
    art = load_reference(editor, acceptance_text)
    review = client.get(f"/api/articles/{art['id']}/review").json
    assert review["state"] == "draft"
    brother = art["ids"][[g.get("source_text") for g in GOLD["attributions"]].index("his brother")]
    officials_and_activists = art["ids"][0]
    no_reason = {i for ids in finding_ids(review, "anonymous_no_reason") for i in ids}
    assert {officials_and_activists, brother} <= no_reason
    activists_say = art["ids"][
        [g.get("content_text") for g in GOLD["attributions"]].index("Innocent civilians have been killed, too")
    ]
    assert activists_say in {i for ids in finding_ids(review, "vague_attribution") for i in ids}
    cafarella = {art["ids"][i] for i, g in enumerate(GOLD["attributions"]) if g["speaker"] == "Jennifer Cafarella"}
    assert not cafarella & {i for ids in finding_ids(review, "named_without_affiliation") for i in ids}
    assert review["source_mix"]["distinct_sources"] > 5


def test_workflow_roles_and_overrides(app, client, editor, acceptance_text, make_user, login, load_reference):
    art = load_reference(editor, acceptance_text)
    url = f"/api/articles/{art['id']}/review"
    assert client.post(url, json={"decision": "approve"}, headers=editor).status_code == 403
    assert client.post(url, json={"decision": "submit", "note": "ready"}, headers=editor).status_code == 200
    assert client.post(url, json={"decision": "submit"}, headers=editor).status_code == 409  # already in review

    make_user("rev", "reviewer")
    reviewer = {"X-CSRFToken": login("rev")}
    version = client.get(url).json["version"]
    blocked = client.post(url, json={"decision": "approve", "version": version}, headers=reviewer)
    assert blocked.status_code == 409
    blocking = blocked.json["error"]["findings"]
    assert blocking and all(f["severity"] == "block" for f in blocking)
    # one override per claim of each blocking finding
    no_reason = [{"code": f["code"], "attribution_id": i, "reason": ""} for f in blocking for i in f["attribution_ids"]]
    approve = {"decision": "approve", "version": version}
    assert client.post(url, json={**approve, "overrides": no_reason}, headers=reviewer).status_code == 422
    overrides = [{**o, "reason": "Wire copy; sources known to the desk."} for o in no_reason]
    approved = client.post(url, json={**approve, "note": "ok", "overrides": overrides}, headers=reviewer)
    assert approved.status_code == 200, approved.json
    assert approved.json["state"] == "approved"
    last = approved.json["history"][-1]
    assert last["decision"] == "approve" and last["user"] == "rev" and last["overrides"] == overrides
    assert last["findings"], "the findings of that moment are stored with the decision"
    assert client.get("/api/articles").json["items"][0]["review_state"] == "approved"


def test_request_changes_needs_a_note(app, client, editor, make_user, login):
    article = client.post("/api/articles", json={"text": '"Fine," said Ana Ruiz, the mayor.'}, headers=editor).json
    url = f"/api/articles/{article['id']}/review"
    client.post(url, json={"decision": "submit"}, headers=editor)
    make_user("rev", "reviewer")
    reviewer = {"X-CSRFToken": login("rev")}
    assert client.post(url, json={"decision": "request_changes"}, headers=reviewer).status_code == 422
    res = client.post(url, json={"decision": "request_changes", "note": "Name the second source."}, headers=reviewer)
    assert res.status_code == 200 and res.json["state"] == "changes_requested"
    assert client.post(url, json={"decision": "bless"}, headers=reviewer).status_code == 422


def test_corroboration_links(client, editor):
    text = 'The dam failed, officials said. "It broke at noon," said Ana Ruiz, the mayor. The dam failed, he said.'
    article = client.post("/api/articles", json={"text": text}, headers=editor).json
    for a in article["attributions"]:
        client.delete(f"/api/attributions/{a['id']}?version={a['version']}", headers=editor)

    def make(span: list[int], speaker: str) -> int:
        url = f"/api/articles/{article['id']}/attributions"
        return client.post(url, headers=editor, json={"kind": "indirect", "content": span, "speaker": speaker}).json[
            "id"
        ]

    officials = make([0, 14], "officials")
    ruiz = make([32, 49], "Ana Ruiz")
    ruiz_again = make([78, 92], "Ana Ruiz")
    url = f"/api/attributions/{officials}/corroborations"
    res = client.post(url, json={"corroborating_id": ruiz}, headers=editor)
    assert res.status_code == 201 and res.json["corroborated_by"] == [ruiz]
    same = client.post(
        f"/api/attributions/{ruiz}/corroborations", json={"corroborating_id": ruiz_again}, headers=editor
    )
    assert same.status_code == 422 and "independent" in same.json["error"]["message"]
    assert client.post(url, json={"corroborating_id": officials}, headers=editor).status_code == 422
    assert client.post(url, json={"corroborating_id": 99999}, headers=editor).status_code == 422
    review = client.get(f"/api/articles/{article['id']}/review").json
    assert review["corroborated_by"][str(officials)] == [ruiz]
    assert "corroborated" in review["badges"][str(officials)]
    assert client.delete(f"{url}/{ruiz}", headers=editor).status_code == 204
    assert client.delete(f"{url}/{ruiz}", headers=editor).status_code == 404


def test_printable_report(client, editor, acceptance_text, load_reference):
    art = load_reference(editor, acceptance_text)
    page = client.get(f"/articles/{art['id']}/review")
    assert page.status_code == 200
    assert "Sourcing review report" in page.text and "Blocks approval" in page.text
    assert "@media print" in client.get("/static/app.css").text


def test_the_printable_reports_header_counts_the_claims_it_lists(client, editor, acceptance_text, load_reference):
    art = load_reference(editor, acceptance_text)
    for claim_id in art["ids"][:2]:
        res = client.patch(f"/api/attributions/{claim_id}", json={"version": 1, "state": "rejected"}, headers=editor)
        assert res.status_code == 200, res.json
    listed = len(art["ids"]) - 2
    page = client.get(f"/articles/{art['id']}/review").text
    assert f"· {listed} attributions (2 rejected, not listed)" in page
    assert f"· {len(art['ids'])} attributions" not in page
    attributions_table = page.split("<h2>Attributions</h2>")[1].split("</table>")[0]
    assert attributions_table.count('<td class="claim">') == listed
    assert client.get(f"/api/articles/{art['id']}/review").json["source_mix"]["claims"] == listed


def test_cli_review_exit_codes(app, client, editor, acceptance_text, load_reference):
    art = load_reference(editor, acceptance_text)
    out = app.test_cli_runner().invoke(args=["review", str(art["id"])])
    assert out.exit_code == 1 and "anonymous_no_reason" in out.output
    clean = client.post("/api/articles", json={"text": "The bridge opened on Monday."}, headers=editor).json
    out = app.test_cli_runner().invoke(args=["review", str(clean["id"])])
    assert out.exit_code == 0 and "no blocking finding open" in out.output
    assert app.test_cli_runner().invoke(args=["review", "9999"]).exit_code != 0


def test_dashboard_draws_its_charts(real_detector, client, editor, acceptance_text, load_reference):
    load_reference(editor, acceptance_text)
    client.post(
        "/api/articles",
        json={
            "text": '"Yes," said Ana Ruiz.',
            "outlet": "City <Daily>",
            "collection": "local",
            "published": "2020-01-05",
        },
        headers=editor,
    )
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert page.text.count("<svg") == 4
    assert "Jennifer Cafarella" in page.text
    assert ">untagged<" not in page.text, "claims without an affiliation are not ranked as one"
    assert "City &lt;Daily&gt;" not in page.text, "unreviewed suggestions count only when asked for"
    assert "City &lt;Daily&gt;" in client.get("/dashboard?suggested=1").text
    only_local = client.get("/dashboard?collection=local").text
    assert "Jennifer Cafarella" not in only_local
    assert client.get("/dashboard?start=2020-01-01&end=2020-12-31").text.count("<svg") == 4
    assert client.get("/dashboard?start=yesterday").status_code == 422
    assert client.get("/dashboard?start=2021-01-01&end=2020-01-01").status_code == 422
