"""An article's discussion: comments on the article and its claims, review notes in the thread, @mentions."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import AuditEvent, Comment, Mention

TEXT = "The dam failed at noon, officials said.\n\nAna Ruiz, the mayor, said the water rose fast."


@pytest.fixture
def talk(client, bearer):
    """An article by the editor `ed` with one claim, a reviewer `rev`, and the comments URL."""
    ed, rev = bearer("ed", "editor"), bearer("rev", "reviewer")
    article = client.post("/api/articles", json={"text": TEXT}, headers=ed).json
    claim = client.post(
        f"/api/articles/{article['id']}/attributions",
        json={"kind": "indirect", "content": [41, 87], "source": [41, 49], "speaker": "Ana Ruiz"},
        headers=ed,
    ).json
    return {
        "ed": ed,
        "rev": rev,
        "id": article["id"],
        "claim": claim["id"],
        "url": f"/api/articles/{article['id']}/comments",
    }


def written(app) -> tuple[int, int, int]:
    with app.app_context():
        count = db.session.scalar
        return (
            count(select(func.count()).select_from(Comment)),
            count(select(func.count()).select_from(Mention)),
            count(select(func.count()).select_from(AuditEvent)),
        )


def test_comments_on_the_article_and_a_claim_make_one_thread_in_order(client, talk):
    first = client.post(talk["url"], json={"text": "Is 'noon' from the police report?"}, headers=talk["rev"])
    assert first.status_code == 201
    on_claim = client.post(
        talk["url"], json={"text": "  Which mayor?  ", "attribution_id": talk["claim"]}, headers=talk["ed"]
    )
    assert on_claim.status_code == 201 and on_claim.json["text"] == "Which mayor?"
    items = client.get(talk["url"], headers=talk["ed"]).json["items"]
    assert [(c["author"], c["attribution_id"], c["kind"]) for c in items] == [
        ("rev", None, "comment"),
        ("ed", talk["claim"], "comment"),
    ]
    assert not any(c["resolved"] for c in items)


@pytest.mark.parametrize(
    "body, field, words",
    [
        ({"text": "   "}, "text", "a comment needs some text"),
        ({"text": ""}, "text", "a comment needs some text"),
        ({"text": 7}, "text", "a comment needs some text"),
        ({"text": "x" * 5_001}, "text", "longer than 5000"),
        ({"text": "ok\x00"}, "text", "NUL"),
        ({"text": "ok", "attribution_id": 0}, "attribution_id", ""),
        ({"text": "ok", "extra": 1}, "extra", ""),
        ({"text": "ask @nobody and @rev"}, "text", "no user is called @nobody"),
    ],
)
def test_a_bad_comment_gets_a_clear_422_and_writes_nothing(app, client, talk, body, field, words):
    before = written(app)
    res = client.post(talk["url"], json=body, headers=talk["ed"])
    assert res.status_code == 422, res.json
    assert res.json["error"]["field"] == field and words in res.json["error"]["message"]
    assert written(app) == before


def test_a_comment_on_a_claim_of_another_article_is_refused(app, client, talk):
    other = client.post("/api/articles", json={"text": "Nothing said here."}, headers=talk["ed"]).json
    before = written(app)
    res = client.post(
        f"/api/articles/{other['id']}/comments",
        json={"text": "hm", "attribution_id": talk["claim"]},
        headers=talk["ed"],
    )
    assert res.status_code == 422 and res.json["error"]["field"] == "attribution_id"
    assert written(app) == before
    assert client.post("/api/articles/999999/comments", json={"text": "hm"}, headers=talk["ed"]).status_code == 404


def test_a_mention_waits_for_the_user_until_done_or_resolved(client, talk):
    made = client.post(talk["url"], json={"text": "@rev can you check the mayor's title?"}, headers=talk["ed"]).json
    assert made["mentions"] == ["rev"]
    [waiting] = client.get("/api/mentions", headers=talk["rev"]).json["items"]
    assert (waiting["article_id"], waiting["author"], waiting["comment_id"]) == (talk["id"], "ed", made["id"])
    assert client.get("/api/mentions", headers=talk["ed"]).json["items"] == []  # nobody else waits
    # only the mentioned user marks it done
    assert client.post(f"/api/mentions/{waiting['mention_id']}/done", headers=talk["ed"]).status_code == 403
    assert client.post(f"/api/mentions/{waiting['mention_id']}/done", headers=talk["rev"]).status_code == 204
    assert client.get("/api/mentions", headers=talk["rev"]).json["items"] == []
    # a mention whose comment is resolved stops waiting too, and waits again when it is reopened
    again = client.post(talk["url"], json={"text": "@rev and the date?"}, headers=talk["ed"]).json
    assert len(client.get("/api/mentions", headers=talk["rev"]).json["items"]) == 1
    resolved = client.patch(f"/api/comments/{again['id']}", json={"resolved": True}, headers=talk["ed"])
    assert resolved.status_code == 200 and resolved.json["resolved_by"] == "ed"
    assert client.get("/api/mentions", headers=talk["rev"]).json["items"] == []
    client.patch(f"/api/comments/{again['id']}", json={"resolved": False}, headers=talk["rev"])
    assert len(client.get("/api/mentions", headers=talk["rev"]).json["items"]) == 1


def test_mentioning_oneself_puts_nothing_in_ones_work(client, talk):
    client.post(talk["url"], json={"text": "note to self @ed: check it"}, headers=talk["ed"])
    assert client.get("/api/mentions", headers=talk["ed"]).json["items"] == []


def test_an_address_is_no_mention(client, talk):
    made = client.post(talk["url"], json={"text": "mail ed@rev.example about it"}, headers=talk["ed"])
    assert made.status_code == 201 and made.json["mentions"] == []


def test_review_notes_join_the_thread(client, talk):
    review = f"/api/articles/{talk['id']}/review"
    assert (
        client.post(review, json={"decision": "submit", "note": "Ready; @rev the lede"}, headers=talk["ed"]).status_code
        == 200
    )
    res = client.post(review, json={"decision": "request_changes", "note": "Name the officials."}, headers=talk["rev"])
    assert res.status_code == 200
    items = client.get(talk["url"], headers=talk["ed"]).json["items"]
    assert [(c["kind"], c["author"], c["text"]) for c in items] == [
        ("submit", "ed", "Ready; @rev the lede"),
        ("request_changes", "rev", "Name the officials."),
    ]
    assert [m["article_id"] for m in client.get("/api/mentions", headers=talk["rev"]).json["items"]] == [talk["id"]]


def test_a_review_note_naming_nobody_refuses_the_decision_and_writes_nothing(app, client, talk):
    before = written(app)
    res = client.post(
        f"/api/articles/{talk['id']}/review", json={"decision": "submit", "note": "@ghost look"}, headers=talk["ed"]
    )
    assert res.status_code == 422 and res.json["error"]["field"] == "note"
    assert written(app) == before
    assert client.get(f"/api/articles/{talk['id']}", headers=talk["ed"]).json["review_state"] == "draft"


def test_resolving_is_audited_and_a_bad_body_is_refused(app, client, talk):
    made = client.post(talk["url"], json={"text": "check"}, headers=talk["ed"]).json
    assert client.patch(f"/api/comments/{made['id']}", json={"resolved": "yes"}, headers=talk["ed"]).status_code == 422
    assert client.patch(f"/api/comments/{made['id']}", json={"resolved": True}, headers=talk["rev"]).status_code == 200
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("comment.%"))).all()
    assert actions == ["comment.add", "comment.resolve"]


def test_the_article_page_carries_the_thread_script_and_forms(client, talk):
    page = client.get(f"/articles/{talk['id']}", headers=talk["ed"]).text
    assert 'id="thread"' in page and 'id="comment-form"' in page and "discussion.js" in page
    assert 'id="claim-thread"' in page
