"""An approved article shows each overridden finding with the override's reason and the reviewer who gave it,
in the review API (the panel draws it) and in the printable report, instead of "blocks approval"."""

from __future__ import annotations

REASON = "Wire copy; sources known to the desk."


def approve_with_overrides(client, editor, make_user, login, art) -> list[dict]:
    url = f"/api/articles/{art['id']}/review"
    assert client.post(url, json={"decision": "submit"}, headers=editor).status_code == 200
    make_user("rev", "reviewer")
    reviewer = {"X-CSRFToken": login("rev")}
    version = client.get(url).json["version"]
    blocking = client.post(url, json={"decision": "approve", "version": version}, headers=reviewer).json["error"][
        "findings"
    ]
    overrides = [
        {"code": f["code"], "attribution_id": i, "reason": REASON} for f in blocking for i in f["attribution_ids"]
    ]
    approved = client.post(
        url, json={"decision": "approve", "version": version, "overrides": overrides}, headers=reviewer
    )
    assert approved.status_code == 200, approved.json
    return blocking


def test_an_approved_article_shows_each_override_with_its_reason_and_reviewer(
    client, editor, acceptance_text, make_user, login, load_reference
):
    art = load_reference(editor, acceptance_text)
    before = client.get(f"/api/articles/{art['id']}/review").json["findings"]
    assert all(f["overridden"] is None and f["overridden_by"] is None for f in before)
    blocking = approve_with_overrides(client, editor, make_user, login, art)
    assert blocking

    findings = client.get(f"/api/articles/{art['id']}/review").json["findings"]
    blocked = {(f["code"], tuple(f["attribution_ids"])) for f in blocking}
    for f in findings:
        if (f["code"], tuple(f["attribution_ids"])) in blocked:
            assert (f["overridden"], f["overridden_by"]) == (REASON, "rev")
        else:
            assert (f["overridden"], f["overridden_by"]) == (None, None)

    report = client.get(f"/articles/{art['id']}/review").text
    assert report.count(f"Override by rev: {REASON}") == len(blocking)
    assert "Blocks approval" not in report


def test_reopening_the_article_drops_the_override_display(
    client, editor, acceptance_text, make_user, login, load_reference
):
    art = load_reference(editor, acceptance_text)
    approve_with_overrides(client, editor, make_user, login, art)
    claim = client.get(f"/api/articles/{art['id']}").json["attributions"][0]
    edit = client.patch(
        f"/api/attributions/{claim['id']}", json={"version": claim["version"], "note": "checked"}, headers=editor
    )
    assert edit.status_code == 200
    review = client.get(f"/api/articles/{art['id']}/review").json
    assert review["state"] == "in_review"
    assert all(f["overridden"] is None and f["overridden_by"] is None for f in review["findings"])
