"""Managing an article: editing its metadata (versioned, validated, audited), soft deletion and restoring."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, AuditEvent, Collection, Membership, User
from annotator.services.corpus_figures import View, read

TEXT = "Ana Ruiz said the water rose fast.\n\nBob Lee said the dam held until noon."


@pytest.fixture
def desk(client, bearer):
    """An editor `ed` with an article (two suggestions), another editor `other` and an admin."""
    ed = bearer("ed", "editor")
    article = client.post(
        "/api/articles", json={"text": TEXT, "title": "Dam", "outlet": "Daily Wire Copy"}, headers=ed
    ).json
    assert len(article["attributions"]) == 2
    return {
        "ed": ed,
        "other": bearer("other", "editor"),
        "admin": bearer("root", "admin"),
        "id": article["id"],
        "url": f"/api/articles/{article['id']}",
        "article": article,
    }


def stored(app, article_id: int) -> tuple:
    """The article's metadata as stored, and how many audit events there are."""
    with app.app_context():
        a = db.session.get(Article, article_id)
        events = db.session.scalar(select(func.count()).select_from(AuditEvent))
        return (a.title, a.outlet, a.byline, a.url, a.published, a.collection, a.version, a.deleted_at), events


def events_of(app, article_id: int, action: str) -> list[AuditEvent]:
    with app.app_context():
        found = db.session.scalars(
            select(AuditEvent).where(AuditEvent.article_id == article_id, AuditEvent.action == action)
        )
        return [(e.before, e.after, e.user.username if e.user else None) for e in found]


def test_an_edit_changes_the_metadata_moves_the_version_on_and_is_audited(app, client, desk):
    version = desk["article"]["version"]
    body = {
        "version": version,
        "title": "  The dam  ",
        "outlet": "AP",
        "byline": "Lolita C. Baldor",
        "url": "https://example.org/dam",
        "published": "2017-06-19",
    }
    res = client.patch(desk["url"], json=body, headers=desk["ed"])
    assert res.status_code == 200, res.json
    assert res.json["title"] == "The dam" and res.json["outlet"] == "AP" and res.json["published"] == "2017-06-19"
    assert res.json["version"] == version + 1 and "text" not in res.json
    shown = client.get(desk["url"], headers=desk["ed"]).json
    assert (shown["byline"], shown["url"], shown["version"]) == (
        "Lolita C. Baldor",
        "https://example.org/dam",
        version + 1,
    )
    [(before, after, who)] = events_of(app, desk["id"], "article.edit")
    assert who == "ed"
    assert before == {"title": "Dam", "outlet": "Daily Wire Copy", "byline": None, "url": None, "published": None}
    assert after == {
        "title": "The dam",
        "outlet": "AP",
        "byline": "Lolita C. Baldor",
        "url": "https://example.org/dam",
        "published": "2017-06-19",
    }


def test_only_the_fields_sent_change_and_null_clears_one(app, client, desk):
    client.patch(desk["url"], json={"version": 1, "byline": "Someone"}, headers=desk["ed"])
    res = client.patch(desk["url"], json={"version": 2, "outlet": None}, headers=desk["ed"])
    assert res.status_code == 200
    assert (res.json["title"], res.json["outlet"], res.json["byline"]) == ("Dam", None, "Someone")
    # a blank title is the text's first line again, as for a new article without one
    res = client.patch(desk["url"], json={"version": 3, "title": "  "}, headers=desk["ed"])
    assert res.json["title"] == "Ana Ruiz said the water rose fast."


def test_an_edit_that_changes_nothing_writes_nothing(app, client, desk):
    before = stored(app, desk["id"])
    res = client.patch(
        desk["url"], json={"version": 1, "title": "Dam", "outlet": "Daily Wire Copy"}, headers=desk["ed"]
    )
    assert res.status_code == 200 and res.json["version"] == 1
    assert stored(app, desk["id"]) == before


def test_a_stale_edit_is_a_409_and_not_an_overwrite(app, client, desk):
    first = client.patch(desk["url"], json={"version": 1, "outlet": "AP"}, headers=desk["ed"])
    assert first.status_code == 200
    before = stored(app, desk["id"])
    stale = client.patch(desk["url"], json={"version": 1, "outlet": "Reuters"}, headers=desk["other"])
    assert stale.status_code == 409
    assert stale.json["error"]["code"] == "conflict" and stale.json["error"]["field"] == "version"
    assert "version 1, now 2" in stale.json["error"]["message"]
    assert stored(app, desk["id"]) == before


def test_a_change_to_a_claim_makes_an_older_metadata_edit_stale(client, desk):
    claim = desk["article"]["attributions"][0]
    accepted = client.patch(
        f"/api/attributions/{claim['id']}", json={"version": claim["version"], "state": "accepted"}, headers=desk["ed"]
    )
    assert accepted.status_code == 200
    assert client.patch(desk["url"], json={"version": 1, "outlet": "AP"}, headers=desk["ed"]).status_code == 409
    assert client.patch(desk["url"], json={"version": 2, "outlet": "AP"}, headers=desk["ed"]).status_code == 200


@pytest.mark.parametrize(
    "body, status, field, words",
    [
        ({"version": 1, "text": "A new text."}, 422, "text", "unknown field 'text'"),
        ({"version": 1, "colour": "red"}, 422, "colour", "unknown field 'colour'"),
        ({"outlet": "AP"}, 422, "version", "version (the version you edited) is required"),
        ({"version": "1", "outlet": "AP"}, 422, "version", "whole number"),
        ({"version": 0, "outlet": "AP"}, 422, "version", "whole number"),
        ({"version": 1, "title": "t" * 501}, 422, "title", "longer than 500"),
        ({"version": 1, "outlet": "o" * 201}, 422, "outlet", "longer than 200"),
        ({"version": 1, "collection": "c" * 201}, 422, "collection", "longer than 200"),
        ({"version": 1, "published": "2017-02-30"}, 422, "published", "must be a date like 2017-06-15"),
        ({"version": 1, "published": "yesterday"}, 422, "published", "must be a date like 2017-06-15"),
        ({"version": 1, "url": "ftp://example.org/x"}, 422, "url", "must start with http:// or https://"),
        ({"version": 1, "byline": 7}, 422, "byline", "byline must be text"),
        ({"version": 1, "title": "a\x00b"}, 422, "title", "NUL"),
        ([{"version": 1}], 400, None, "expected a JSON object"),
    ],
)
def test_a_bad_edit_gets_a_clear_4xx_and_changes_nothing(app, client, desk, body, status, field, words):
    before = stored(app, desk["id"])
    res = client.patch(desk["url"], json=body, headers=desk["ed"])
    assert res.status_code == status, res.json
    assert res.json["error"].get("field") == field and words in res.json["error"]["message"]
    assert stored(app, desk["id"]) == before


def test_moving_an_article_into_a_collection_needs_membership(app, client, desk):
    # a new collection comes into being with the mover as its curator, as on creation
    res = client.patch(desk["url"], json={"version": 1, "collection": "Floods"}, headers=desk["ed"])
    assert res.status_code == 200 and res.json["collection"] == "Floods"
    with app.app_context():
        floods = db.session.scalar(select(Collection).where(Collection.name == "Floods"))
        assert [(m.user.username, m.role) for m in floods.members] == [("ed", "curator")]
    # `other` is no member of Floods: the article is gone for them, and they cannot move theirs in
    assert client.get(desk["url"], headers=desk["other"]).status_code == 404
    assert client.patch(desk["url"], json={"version": 2, "collection": None}, headers=desk["other"]).status_code == 404
    theirs = client.post("/api/articles", json={"text": "Cy Po said it rained."}, headers=desk["other"]).json
    before = stored(app, theirs["id"])
    refused = client.patch(
        f"/api/articles/{theirs['id']}", json={"version": 1, "collection": "Floods"}, headers=desk["other"]
    )
    assert refused.status_code == 403 and refused.json["error"]["field"] == "collection"
    assert stored(app, theirs["id"]) == before
    # once a member, they can
    with app.app_context():
        other_id = db.session.scalar(select(User.id).where(User.username == "other"))
        db.session.add(Membership(collection_id=floods.id, user_id=other_id, role="annotator"))
        db.session.commit()
    moved = client.patch(
        f"/api/articles/{theirs['id']}", json={"version": 1, "collection": "Floods"}, headers=desk["other"]
    )
    assert moved.status_code == 200


def test_the_dashboard_reflects_an_edited_outlet(app, client, desk):
    claim = desk["article"]["attributions"][0]
    client.patch(
        f"/api/attributions/{claim['id']}", json={"version": claim["version"], "state": "accepted"}, headers=desk["ed"]
    )
    with app.app_context():
        before = read(View("dashboard", None, states=("accepted", "edited"))).value
    assert [o for o, _ in before.unnamed_by_outlet] == ["Daily Wire Copy"]
    version = client.get(desk["url"], headers=desk["ed"]).json["version"]
    assert client.patch(desk["url"], json={"version": version, "outlet": "AP"}, headers=desk["ed"]).status_code == 200
    with app.app_context():
        after = read(View("dashboard", None, states=("accepted", "edited"))).value
    assert [o for o, _ in after.unnamed_by_outlet] == ["AP"]
    assert "AP" in client.get("/dashboard", headers=desk["ed"]).text


# --- deleting and restoring ------------------------------------------------------------------------------


def test_only_the_creator_a_curator_or_an_admin_may_delete(app, client, desk):
    refused = client.delete(desk["url"], headers=desk["other"])
    assert refused.status_code == 403 and "creator" in refused.json["error"]["message"]
    assert stored(app, desk["id"])[0][-1] is None
    assert client.delete(desk["url"], headers=desk["ed"]).status_code == 204
    assert stored(app, desk["id"])[0][-1] is not None


def test_a_curator_may_delete_an_article_of_their_collection(app, client, desk, bearer):
    client.patch(desk["url"], json={"version": 1, "collection": "Floods"}, headers=desk["ed"])
    cur = bearer("cur", "editor")
    annotator = bearer("ann", "editor")
    with app.app_context():
        floods = db.session.scalar(select(Collection).where(Collection.name == "Floods"))
        for name, role in (("cur", "curator"), ("ann", "annotator")):
            user_id = db.session.scalar(select(User.id).where(User.username == name))
            db.session.add(Membership(collection_id=floods.id, user_id=user_id, role=role))
        db.session.commit()
    assert client.delete(desk["url"], headers=annotator).status_code == 403
    assert client.delete(desk["url"], headers=cur).status_code == 204


def test_a_deleted_article_disappears_everywhere_and_an_admin_restores_it(app, client, desk, login):
    claim = desk["article"]["attributions"][0]
    client.patch(
        f"/api/attributions/{claim['id']}", json={"version": claim["version"], "state": "accepted"}, headers=desk["ed"]
    )
    kept = client.post("/api/articles", json={"text": "Cy Po said it rained.", "outlet": "Kept"}, headers=desk["ed"])
    assert client.delete(desk["url"], headers=desk["ed"]).status_code == 204

    for who in ("ed", "admin"):
        assert client.get(desk["url"], headers=desk[who]).status_code == 404
        assert client.get(f"{desk['url']}/review", headers=desk[who]).status_code == 404
        assert client.get(f"{desk['url']}/comments", headers=desk[who]).status_code == 404
        assert client.patch(desk["url"], json={"version": 2, "outlet": "x"}, headers=desk[who]).status_code == 404
        assert client.post(f"{desk['url']}/redetect", headers=desk[who]).status_code == 404
        assert (
            client.patch(
                f"/api/attributions/{claim['id']}", json={"version": 2, "state": "rejected"}, headers=desk[who]
            ).status_code
            == 404
        )
        listed = client.get("/api/articles", headers=desk[who]).json
        assert [a["id"] for a in listed["items"]] == [kept.json["id"]] and listed["total"] == 1
    # the pages, to the editor logged in: list, article page, dashboard, export
    login("ed")
    assert "Dam" not in client.get("/").text
    assert client.get(f"/articles/{desk['id']}").status_code == 404
    assert "Daily Wire Copy" not in client.get("/dashboard").text
    exported = [json.loads(line) for line in client.get("/export?format=jsonl").text.splitlines()]
    assert [a["outlet"] for a in exported] == ["Kept"]
    with app.app_context():
        assert read(View("dashboard", None, states=("accepted", "edited"))).value.articles == 0

    # the history stays, and only an admin sees and restores it
    [(before, after, who)] = events_of(app, desk["id"], "article.delete")
    assert (before, after, who) == ({"title": "Dam"}, {"deleted": True}, "ed")
    assert client.get("/api/articles/deleted", headers=desk["ed"]).status_code == 403
    assert client.post(f"{desk['url']}/restore", headers=desk["ed"]).status_code == 403
    deleted = client.get("/api/articles/deleted", headers=desk["admin"]).json["items"]
    assert [(d["id"], d["title"], d["deleted_by"]) for d in deleted] == [(desk["id"], "Dam", "ed")]
    restored = client.post(f"{desk['url']}/restore", headers=desk["admin"])
    assert restored.status_code == 200 and restored.json["title"] == "Dam"
    assert client.get(desk["url"], headers=desk["ed"]).json["attributions"][0]["state"] == "accepted"
    assert client.get("/api/articles/deleted", headers=desk["admin"]).json["items"] == []
    assert [e[2] for e in events_of(app, desk["id"], "article.restore")] == ["root"]
    # restoring what is not deleted, or nothing, is a 404
    assert client.post(f"{desk['url']}/restore", headers=desk["admin"]).status_code == 404
    assert client.post("/api/articles/999999/restore", headers=desk["admin"]).status_code == 404


def test_the_admin_page_lists_deleted_articles(client, make_user, login, bearer):
    ed = bearer("ed", "editor")
    article = client.post("/api/articles", json={"text": TEXT, "title": "Dam <b>"}, headers=ed).json
    client.delete(f"/api/articles/{article['id']}", headers=ed)
    make_user("root", "admin")
    login("root")
    page = client.get("/admin/deleted")
    assert page.status_code == 200 and "Dam &lt;b&gt;" in page.text and f'data-restore="{article["id"]}"' in page.text
    make_user("plain", "editor")
    login("plain")
    assert client.get("/admin/deleted").status_code == 403


def test_a_deleted_article_leaves_my_work(app, client, desk):
    client.post(f"{desk['url']}/comments", json={"text": "@other can you check?"}, headers=desk["ed"])
    assert len(client.get("/api/mentions", headers=desk["other"]).json["items"]) == 1
    client.delete(desk["url"], headers=desk["ed"])
    assert client.get("/api/mentions", headers=desk["other"]).json["items"] == []


def test_deleting_needs_a_csrf_token_from_the_page(client, editor, make_user, login):
    article = client.post("/api/articles", json={"text": TEXT}, headers=editor).json
    assert client.delete(f"/api/articles/{article['id']}").status_code == 400
    assert client.get(f"/api/articles/{article['id']}").status_code == 200
