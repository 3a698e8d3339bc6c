"""The access rule: an article in a collection is for its members and the admins; one in none is for all."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text

from annotator.errors import InvalidInput
from annotator.extensions import db
from annotator.formats.records import CorpusArticle
from annotator.models import Article, Collection, Membership, User
from annotator.services.corpus import import_records


def _post_article(client, headers, **fields):
    return client.post("/api/articles", json={"text": "Ann Lee said the dam held.", **fields}, headers=headers)


def _members(app, name: str) -> dict[str, str]:
    with app.app_context():
        found = db.session.scalar(select(Collection).where(Collection.name == name))
        return {m.user.username: m.role for m in found.members} if found else {}


def test_an_article_in_a_collection_is_for_its_members_and_admins(app, client, bearer):
    owner, outsider, admin = (bearer(n, r) for n, r in [("ann", "editor"), ("bob", "editor"), ("root", "admin")])
    made = _post_article(client, owner, collection="desk")
    assert made.status_code == 201, made.text
    article, claim = made.json["id"], made.json["attributions"][0]
    assert _members(app, "desk") == {"ann": "curator"}, "whoever opens a collection runs it"
    for who, seen in [(owner, True), (admin, True), (outsider, False)]:
        res = client.get(f"/api/articles/{article}", headers=who)
        assert res.status_code == (200 if seen else 404)
    refused = client.patch(
        f"/api/attributions/{claim['id']}", json={"version": claim["version"], "note": "mine"}, headers=outsider
    )
    assert refused.status_code == 404 and refused.json["error"]["code"] == "not_found"
    assert client.get(f"/api/articles/{article}", headers=owner).json["attributions"][0]["note"] is None
    # the same answer as an article that does not exist: a non-member learns nothing
    assert client.get("/api/articles/999999", headers=outsider).json == refused.json | {
        "error": {"code": "not_found", "message": "No article 999999."}
    }
    shared = _post_article(client, outsider)
    assert client.get(f"/api/articles/{shared.json['id']}", headers=owner).status_code == 200, "no collection: open"


def test_only_members_put_articles_in_an_existing_collection(app, client, bearer):
    owner, outsider = bearer("ann", "editor"), bearer("bob", "editor")
    assert _post_article(client, owner, collection="desk").status_code == 201
    res = _post_article(client, outsider, collection="desk")
    assert res.status_code == 403 and res.json["error"]["field"] == "collection"
    record = CorpusArticle(text="Bo Li said it rained.", title="Rain", collection="desk", attributions=[])
    with app.app_context():
        bob = db.session.scalar(select(User).where(User.username == "bob"))
        with pytest.raises(InvalidInput, match="not a member of the collection 'desk'"):
            import_records([record], bob)
        assert db.session.scalar(select(func.count()).select_from(Article)) == 1, "nothing written for the outsider"
    assert _members(app, "desk") == {"ann": "curator"}


def test_the_upgrade_keeps_everyone_s_access_to_the_collections_already_named(app, make_user):
    for name, role in [("ed", "editor"), ("rev", "reviewer"), ("root", "admin")]:
        make_user(name, role)
    with app.app_context():
        downgrade(revision="0011_discussion")
        for n, collection in enumerate(["politics", "politics", "world", None]):
            db.session.execute(
                text(
                    "INSERT INTO article (title, text, text_hash, collection, review_state, version, created_at) "
                    "VALUES (:t, 'x', 'h', :c, 'draft', 1, CURRENT_TIMESTAMP)"
                ),
                {"t": f"a{n}", "c": collection},
            )
        db.session.commit()
        upgrade()
        names = set(db.session.scalars(select(Collection.name)))
        roles = {(m.collection.name, m.user.username, m.role) for m in db.session.scalars(select(Membership))}
    assert names == {"politics", "world"}
    assert roles == {(c, u, r) for c in names for u, r in [("ed", "annotator"), ("rev", "reviewer")]}
