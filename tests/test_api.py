"""The JSON API: articles, attributions, versions and conflicts, history, and its error answers."""

import pytest

FIELDS = {
    "id",
    "version",
    "kind",
    "content",
    "cue",
    "source",
    "anonymity_reason",
    "speaker",
    "speaker_type",
    "affiliation",
    "role",
    "status",
    "credibility",
    "note",
    "origin",
    "state",
    "confidence",
    "detector",
}


def post_article(client, headers, **body):
    body.setdefault("title", "A story")
    body.setdefault(
        "text", 'Officials say the bridge is closed. "It will reopen in May," said Ana Ruiz, a city engineer.'
    )
    return client.post("/api/articles", json=body, headers=headers)


def test_create_article_runs_detection_and_returns_exact_fields(real_detector, client, editor, acceptance_text):
    res = post_article(client, editor, text=acceptance_text, outlet="AP", published="2017-06-15", collection="syria")
    assert res.status_code == 201
    article = res.json
    assert article["outlet"] == "AP" and article["published"] == "2017-06-15" and article["review_state"] == "draft"
    assert article["attributions"], "the detector found nothing in the acceptance article"
    for a in article["attributions"]:
        assert set(a) == FIELDS
        assert a["origin"] == "model" and a["state"] == "suggested" and a["version"] == 1
    spans = {tuple(a["content"]) for a in article["attributions"]}
    # The direct quotes of the acceptance article, as the reference has them.
    for quote in ('"The ground campaign', '"Every time we get close', '"If we find them'):
        start = acceptance_text.index(quote)
        assert any(s == start for s, _ in spans), quote


def test_list_is_paged_with_counts(client, editor):
    for i in range(3):
        post_article(client, editor, title=f"story {i}")
    res = client.get("/api/articles?page=1&per_page=2")
    assert res.status_code == 200
    assert res.json["total"] == 3 and len(res.json["items"]) == 2
    assert res.json["items"][0]["title"] == "story 2"
    assert set(res.json["items"][0]["counts"]) == {"suggested", "accepted", "rejected", "edited"}
    assert "text" not in res.json["items"][0]
    assert len(client.get("/api/articles?page=2&per_page=2").json["items"]) == 1


def test_an_edit_answer_sent_back_whole_changes_only_what_the_editor_changed(client, editor):
    article = post_article(client, editor).json
    suggestion = article["attributions"][0]
    assert suggestion["detector"] and suggestion["origin"] == "model"
    first = client.patch(f"/api/attributions/{suggestion['id']}", headers=editor, json={**suggestion, "note": "one"})
    assert first.status_code == 200, first.json
    # the answer, edited and sent back as it came: its read-only fields are the server's to keep
    again = client.patch(f"/api/attributions/{suggestion['id']}", headers=editor, json={**first.json, "note": "two"})
    assert again.status_code == 200, again.json
    assert again.json["note"] == "two" and again.json["detector"] == suggestion["detector"]
    assert again.json["origin"] == "model" and again.json["confidence"] == suggestion["confidence"]


def test_patch_bumps_version_and_records_history(client, editor):
    article = post_article(client, editor).json
    created = client.post(
        f"/api/articles/{article['id']}/attributions", headers=editor, json={"kind": "indirect", "content": [0, 34]}
    ).json
    assert created["origin"] == "editor" and created["state"] == "accepted"
    res = client.patch(
        f"/api/attributions/{created['id']}",
        headers=editor,
        json={"version": created["version"], "speaker": "city officials", "status": "anonymous_no_reason"},
    )
    assert res.status_code == 200
    assert res.json["version"] == created["version"] + 1
    assert res.json["speaker"] == "city officials" and res.json["state"] == "accepted"
    suggestion = article["attributions"][0]
    corrected = client.patch(
        f"/api/attributions/{suggestion['id']}", headers=editor, json={"version": 1, "speaker": "Ana Ruiz"}
    )
    assert corrected.json["state"] == "edited", "a corrected suggestion is marked edited"
    events = client.get(f"/api/attributions/{created['id']}/history").json["events"]
    assert [e["action"] for e in events] == ["attribution.create", "attribution.update"]
    assert events[1]["user"] == "ed"
    assert events[1]["before"]["speaker"] is None and events[1]["after"]["speaker"] == "city officials"


def test_stale_patch_is_refused_and_changes_nothing(client, editor):
    article = post_article(client, editor).json
    a = client.post(
        f"/api/articles/{article['id']}/attributions", headers=editor, json={"kind": "indirect", "content": [0, 10]}
    ).json
    first = client.patch(f"/api/attributions/{a['id']}", headers=editor, json={"version": a["version"], "speaker": "A"})
    assert first.status_code == 200
    stale = client.patch(f"/api/attributions/{a['id']}", headers=editor, json={"version": a["version"], "speaker": "B"})
    assert stale.status_code == 409
    assert stale.json["error"]["code"] == "conflict"
    assert stale.json["current"]["speaker"] == "A"
    after = client.get(f"/api/articles/{article['id']}").json["attributions"]
    assert [x["speaker"] for x in after if x["id"] == a["id"]] == ["A"]


def test_delete_needs_current_version_and_keeps_history(client, editor):
    article = post_article(client, editor).json
    a = client.post(
        f"/api/articles/{article['id']}/attributions", headers=editor, json={"kind": "indirect", "content": [0, 10]}
    ).json
    assert client.delete(f"/api/attributions/{a['id']}", headers=editor).status_code == 422
    assert client.delete(f"/api/attributions/{a['id']}?version=99", headers=editor).status_code == 409
    assert client.delete(f"/api/attributions/{a['id']}?version={a['version']}", headers=editor).status_code == 204
    assert client.patch(f"/api/attributions/{a['id']}", headers=editor, json={"version": 1}).status_code == 404
    actions = [e["action"] for e in client.get(f"/api/attributions/{a['id']}/history").json["events"]]
    assert actions == ["attribution.create", "attribution.delete"]


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"kind": "indirect", "content": [0, 9999]}, 422, "content"),
        ({"kind": "indirect", "content": [10, 10]}, 422, "content"),
        ({"kind": "indirect", "content": [12, 5]}, 422, "content"),
        ({"kind": "indirect", "content": [-1, 5]}, 422, "content"),
        ({"kind": "indirect", "content": ["0", 5]}, 422, "content"),
        ({"kind": "indirect", "content": [0, 5], "cue": [3, 999]}, 422, "cue"),
        ({"kind": "rumour", "content": [0, 5]}, 422, "kind"),
        ({"kind": "direct", "content": [0, 5], "status": "secret"}, 422, "status"),
        ({"kind": "direct", "content": [0, 5], "speaker_type": "robot"}, 422, "speaker_type"),
        ({"kind": "direct"}, 422, "content"),
        ({"kind": "direct", "content": [0, 5], "colour": "red"}, 422, "colour"),
    ],
)
def test_bad_attribution_is_refused_and_nothing_written(client, editor, body, status, field):
    article = post_article(client, editor).json
    before = len(article["attributions"])
    res = client.post(f"/api/articles/{article['id']}/attributions", headers=editor, json=body)
    assert res.status_code == status
    assert res.json["error"]["field"] == field and res.json["error"]["message"]
    assert len(client.get(f"/api/articles/{article['id']}").json["attributions"]) == before


def test_bad_patch_changes_nothing(client, editor):
    article = post_article(client, editor).json
    a = client.post(
        f"/api/articles/{article['id']}/attributions", headers=editor, json={"kind": "indirect", "content": [0, 10]}
    ).json
    res = client.patch(
        f"/api/attributions/{a['id']}",
        headers=editor,
        json={"version": a["version"], "speaker": "X", "source": [5, 4000]},
    )
    assert res.status_code == 422 and res.json["error"]["field"] == "source"
    now = client.get(f"/api/articles/{article['id']}").json["attributions"]
    assert [x for x in now if x["id"] == a["id"]][0] == a
    assert client.patch(f"/api/attributions/{a['id']}", headers=editor, json={"speaker": "X"}).status_code == 422


@pytest.mark.parametrize(
    "body, status",
    [
        ({"title": "t", "text": ""}, 422),
        ({"title": "t", "text": "   \n "}, 422),
        ({"title": "t"}, 422),
        ({"title": "t", "text": "x" * 1_000_001}, 413),
        ({"title": "t", "text": "ok\x00binary"}, 422),
        ({"title": "t", "text": "fine", "published": "last tuesday"}, 422),
    ],
)
def test_bad_article_is_refused(client, editor, body, status):
    res = client.post("/api/articles", json=body, headers=editor)
    assert res.status_code == status
    assert res.json["error"]["message"]
    assert client.get("/api/articles").json["total"] == 0


def test_size_limit_is_configurable(app, client, editor):
    app.config["ARTICLE_MAX_BYTES"] = 50
    assert post_article(client, editor, text="y" * 51).status_code == 413
    assert post_article(client, editor, text="y" * 50).status_code == 201


def test_non_json_body_is_a_400(client, editor):
    res = client.post("/api/articles", data="text=hello", headers={**editor, "Content-Type": "text/plain"})
    assert res.status_code == 400 and res.json["error"]["code"] == "bad_request"


def test_unknown_rows_are_404_json(client, editor):
    assert client.get("/api/articles/999").status_code == 404
    assert client.get("/api/articles/999").json["error"]["code"] == "not_found"
    assert client.get("/api/attributions/999/history").status_code == 404


def test_speaker_registry_suggests_confirmed_speakers(client, editor):
    article = post_article(client, editor).json
    a = client.post(
        f"/api/articles/{article['id']}/attributions",
        headers=editor,
        json={
            "kind": "direct",
            "content": [36, 66],
            "speaker": "Ana Ruiz",
            "speaker_type": "person",
            "role": "city engineer",
        },
    ).json
    assert a["speaker"] == "Ana Ruiz"
    found = client.get("/api/speakers?q=ruiz").json
    assert found == [{"name": "Ana Ruiz", "speaker_type": "person", "affiliation": None, "role": "city engineer"}]
    assert client.get("/api/speakers?q=100%").json == []


def test_registry_survives_a_speaker_added_concurrently(app):
    from annotator.extensions import db
    from annotator.models import Speaker
    from annotator.services.editing import _new_speaker

    with app.app_context():
        db.session.add(Speaker(name="Ann Lee"))
        db.session.commit()
        # As if another editor had inserted it between our lookup and our insert.
        assert _new_speaker("Ann Lee").name == "Ann Lee"
        db.session.commit()
        assert db.session.query(Speaker).filter_by(name="Ann Lee").count() == 1


def test_editor_added_attributions_stay_accepted_when_edited(client, editor):
    article = post_article(client, editor).json
    a = client.post(
        f"/api/articles/{article['id']}/attributions", headers=editor, json={"kind": "indirect", "content": [0, 10]}
    ).json
    res = client.patch(f"/api/attributions/{a['id']}", headers=editor, json={"version": 1, "source": [0, 9]})
    assert res.json["state"] == "accepted"


def test_change_after_approval_reopens_the_review(app, client, editor, make_user, login):
    article = post_article(client, editor).json
    for a in article["attributions"]:
        client.patch(f"/api/attributions/{a['id']}", headers=editor, json={"version": 1, "state": "rejected"})
    url = f"/api/articles/{article['id']}/review"
    assert client.post(url, json={"decision": "submit"}, headers=editor).status_code == 200
    make_user("rev", "reviewer")
    reviewer = {"X-CSRFToken": login("rev")}
    version = client.get(url).json["version"]
    assert (
        client.post(url, json={"decision": "approve", "version": version}, headers=reviewer).json["state"] == "approved"
    )
    client.post(
        f"/api/articles/{article['id']}/attributions",
        headers=reviewer,
        json={"kind": "indirect", "content": [0, 10], "speaker": "officials"},
    )
    assert client.get(url).json["state"] == "in_review"


@pytest.mark.parametrize(
    "body, message",
    [
        ({"text": 123}, "text must be a string"),
        ({"text": "ok", "url": "javascript:alert(1)"}, "http:// or https://"),
    ],
)
def test_article_field_messages(client, editor, body, message):
    res = client.post("/api/articles", json=body, headers=editor)
    assert res.status_code == 422 and message in res.json["error"]["message"]


def test_version_must_be_a_number(client, editor):
    article = post_article(client, editor).json
    a = client.post(
        f"/api/articles/{article['id']}/attributions", headers=editor, json={"kind": "indirect", "content": [0, 10]}
    ).json
    res = client.patch(f"/api/attributions/{a['id']}", headers=editor, json={"version": "1", "note": "x"})
    assert res.status_code == 422 and "whole number" in res.json["error"]["message"]
    res = client.delete(f"/api/attributions/{a['id']}?version=abc", headers=editor)
    assert res.status_code == 422 and "whole number" in res.json["error"]["message"]


def test_anonymous_api_writes_are_401(client):
    res = client.post("/api/articles", json={"text": "hello"})
    assert res.status_code == 401 and res.json["error"]["code"] == "unauthorized"


def test_the_configured_pipeline_is_used(real_detector, app, client, editor, caplog):
    app.config["SPACY_MODEL"] = "no_such_pipeline"
    res = post_article(client, editor)
    assert res.status_code == 500 and "nothing was saved" in res.json["error"]["message"]
    assert "no_such_pipeline" in caplog.text
    assert client.get("/api/articles").json["total"] == 0


def test_an_edit_says_when_it_withdrew_the_approval(app, client, editor, make_user, login):
    article = post_article(client, editor).json
    claims = [
        client.patch(f"/api/attributions/{a['id']}", headers=editor, json={"version": 1, "state": "rejected"}).json
        for a in article["attributions"]
    ]
    assert claims and not any(c["approval_withdrawn"] for c in claims)  # a draft: nothing to withdraw
    url = f"/api/articles/{article['id']}/review"
    assert client.post(url, json={"decision": "submit"}, headers=editor).status_code == 200
    make_user("rev", "reviewer")
    reviewer = {"X-CSRFToken": login("rev")}
    approved = client.post(
        url, json={"decision": "approve", "version": client.get(url).json["version"]}, headers=reviewer
    )
    assert approved.json["state"] == "approved"
    claim = f"/api/attributions/{claims[0]['id']}"
    unchanged = client.patch(claim, headers=reviewer, json={"version": 2, "state": "rejected"})
    assert unchanged.json["approval_withdrawn"] is False and client.get(url).json["state"] == "approved"

    first = client.patch(claim, headers=reviewer, json={"version": 2, "note": "checked"})
    assert first.status_code == 200 and first.json["approval_withdrawn"] is True
    assert first.json["note"] == "checked" and first.json["version"] == 3
    assert client.get(url).json["state"] == "in_review"
    second = client.patch(claim, headers=reviewer, json={"version": 3, "note": "checked twice"})
    assert second.json["approval_withdrawn"] is False  # already back in review
