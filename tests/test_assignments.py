"""Assignments: who may assign whom to what (one article or a batch by filter), the audit trail, My work, and
the article list showing who holds each article."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, event, func, select

from annotator.extensions import db
from annotator.models import Article, Assignment, AuditEvent
from annotator.vocab import NAV_COUNT_MAX


@pytest.fixture
def desk(client, bearer):
    """The collection `desk` (curated by `cur`) with three articles from two outlets, annotators `ann` and `ann2`,
    reviewer `rev`; `out` is an editor outside it."""
    heads = {
        name: bearer(name, role)
        for name, role in (
            ("cur", "editor"),
            ("ann", "editor"),
            ("ann2", "editor"),
            ("rev", "reviewer"),
            ("out", "editor"),
        )
    }
    ids = [
        client.post(
            "/api/articles",
            json={
                "text": f"Ana Ruiz said story {i} is true.",
                "title": f"Story {i}",
                "outlet": outlet,
                "collection": "desk",
            },
            headers=heads["cur"],
        ).json["id"]
        for i, outlet in enumerate(("AP", "AP", "Reuters"))
    ]
    desk_id = client.get("/api/collections", headers=heads["cur"]).json["items"][0]["id"]
    for name, role in (("ann", "annotator"), ("ann2", "annotator"), ("rev", "reviewer")):
        res = client.post(
            f"/api/collections/{desk_id}/members", json={"username": name, "role": role}, headers=heads["cur"]
        )
        assert res.status_code == 201
    return {**heads, "ids": ids, "desk": desk_id}


def written(app) -> tuple[int, int]:
    with app.app_context():
        count = db.session.scalar
        return count(select(func.count()).select_from(Assignment)), count(select(func.count()).select_from(AuditEvent))


def held(client, headers, **query) -> list[tuple[int, str, str]]:
    items = client.get("/api/assignments", query_string=query, headers=headers).json["items"]
    return [(a["article_id"], a["username"], a["role"]) for a in items]


def test_a_curator_assigns_an_article_and_each_assignment_is_audited(client, app, desk):
    first = desk["ids"][0]
    res = client.post(
        "/api/assignments", json={"article_id": first, "annotators": ["ann"], "reviewer": "rev"}, headers=desk["cur"]
    )
    assert res.status_code == 201, res.json
    assert res.json["articles"] == 1 and res.json["removed"] == []
    assert {(c["username"], c["role"]) for c in res.json["created"]} == {("ann", "annotator"), ("rev", "reviewer")}
    assert held(client, desk["ann"], article=first) == [(first, "ann", "annotator"), (first, "rev", "reviewer")]
    assert held(client, desk["cur"], user="rev") == [(first, "rev", "reviewer")]
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "assignment.add").order_by(AuditEvent.id)
        ).all()
        assert [(e.article_id, e.user.username, e.after["username"], e.after["role"]) for e in events] == [
            (first, "cur", "ann", "annotator"),
            (first, "cur", "rev", "reviewer"),
        ]


@pytest.mark.parametrize(
    "body, status, field, words",
    [
        (
            {"annotators": ["out"]},
            422,
            "annotators",
            "out cannot be the annotator of an article in 'desk': is not a member",
        ),
        (
            {"annotators": ["rev"]},
            422,
            "annotators",
            "is a reviewer there (annotators must be its annotators or curators)",
        ),
        ({"reviewer": "ann"}, 422, "reviewer", "is an annotator there"),
        ({"annotators": ["nobody"]}, 422, "annotators", "no user is called 'nobody'"),
        ({"annotators": ["ann", "ann2"]}, 422, "annotators", "or raise the collection's annotators per article"),
        ({}, 422, None, "name the annotators or the reviewer"),
        ({"annotators": "ann"}, 422, "annotators", "a list of at most 5 usernames"),
        ({"annotators": ["ann"], "filter": {"collection": "desk"}}, 422, None, "either article_id or filter"),
        ({"annotators": ["ann"], "role": "x"}, 422, "role", "unknown field"),
    ],
)
def test_a_bad_assignment_gets_a_clear_4xx_and_writes_nothing(client, app, desk, body, status, field, words):
    before = written(app)
    res = client.post("/api/assignments", json={"article_id": desk["ids"][0], **body}, headers=desk["cur"])
    assert res.status_code == status, res.json
    assert words in res.json["error"]["message"] and res.json["error"].get("field") == field
    assert written(app) == before


def test_only_curators_and_admins_assign_and_non_members_see_nothing(client, app, desk, bearer):
    before = written(app)
    body = {"article_id": desk["ids"][0], "annotators": ["ann"]}
    assert client.post("/api/assignments", json=body, headers=desk["ann"]).status_code == 403
    assert client.post("/api/assignments", json=body, headers=desk["out"]).status_code == 404
    batch = {"filter": {"collection": "desk"}, "annotators": ["ann"]}
    res = client.post("/api/assignments", json=batch, headers=desk["out"])
    assert res.status_code == 422 and res.json["error"]["field"] == "filter"
    assert written(app) == before
    boss = bearer("boss", "admin")
    assert client.post("/api/assignments", json=body, headers=boss).status_code == 201
    assert held(client, desk["out"]) == [] and held(client, desk["out"], collection="desk") == []


def test_an_article_in_no_collection_cannot_be_assigned(client, app, desk):
    loose = client.post("/api/articles", json={"text": "Bo Li said so."}, headers=desk["cur"]).json["id"]
    before = written(app)
    res = client.post("/api/assignments", json={"article_id": loose, "annotators": ["ann"]}, headers=desk["cur"])
    assert res.status_code == 422 and "in no collection" in res.json["error"]["message"]
    assert written(app) == before


def test_a_batch_by_filter_assigns_the_matching_articles_and_skips_the_held_ones(client, desk):
    ap = {"filter": {"collection": "desk", "outlet": "AP", "unassigned": True}, "annotators": ["ann"]}
    res = client.post("/api/assignments", json=ap, headers=desk["cur"])
    assert res.status_code == 201 and res.json["articles"] == 2
    assert sorted(a for a, _, _ in held(client, desk["cur"], user="ann")) == desk["ids"][:2]
    everything = {"filter": {"collection": "desk", "unassigned": True}, "annotators": ["ann2"]}
    res = client.post("/api/assignments", json=everything, headers=desk["cur"])
    assert res.json["articles"] == 1 and [c["article_id"] for c in res.json["created"]] == [desk["ids"][2]]
    drafts = {"filter": {"collection": "desk", "state": "approved"}, "reviewer": "rev"}
    assert client.post("/api/assignments", json=drafts, headers=desk["cur"]).json["articles"] == 0


def test_a_new_reviewer_replaces_the_old_one_and_removals_are_audited(client, app, desk):
    first = desk["ids"][0]
    client.post(
        f"/api/collections/{desk['desk']}/members", json={"username": "out", "role": "reviewer"}, headers=desk["cur"]
    )
    client.post("/api/assignments", json={"article_id": first, "reviewer": "rev"}, headers=desk["cur"])
    res = client.post("/api/assignments", json={"article_id": first, "reviewer": "out"}, headers=desk["cur"])
    assert res.status_code == 201 and [r["role"] for r in res.json["removed"]] == ["reviewer"]
    assert held(client, desk["cur"], article=first) == [(first, "out", "reviewer")]
    one = client.get("/api/assignments", query_string={"article": first}, headers=desk["cur"]).json["items"][0]
    assert client.delete(f"/api/assignments/{one['id']}", headers=desk["ann"]).status_code == 403
    assert client.delete(f"/api/assignments/{one['id']}", headers=desk["cur"]).status_code == 204
    assert held(client, desk["cur"], article=first) == []
    with app.app_context():
        removed = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "assignment.remove").order_by(AuditEvent.id)
        ).all()
        assert [(e.before["username"], e.before["role"], e.after) for e in removed] == [
            ("rev", "reviewer", None),
            ("out", "reviewer", None),
        ]


def test_a_member_who_leaves_drops_their_assignments(client, app, desk):
    client.post("/api/assignments", json={"filter": {"collection": "desk"}, "annotators": ["ann"]}, headers=desk["cur"])
    ann = next(
        m
        for m in client.get(f"/api/collections/{desk['desk']}/members", headers=desk["cur"]).json["items"]
        if m["username"] == "ann"
    )
    assert client.delete(f"/api/collections/{desk['desk']}/members/{ann['id']}", headers=desk["cur"]).status_code == 204
    assert held(client, desk["cur"], user="ann") == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(AuditEvent.action == "assignment.remove")) == 3


def test_my_work_lists_what_waits_for_me_in_sections(client, desk):
    first, second, third = desk["ids"]
    client.post(
        "/api/assignments", json={"article_id": first, "annotators": ["ann"], "reviewer": "rev"}, headers=desk["cur"]
    )
    client.post(
        "/api/assignments", json={"article_id": second, "annotators": ["ann"], "reviewer": "rev"}, headers=desk["cur"]
    )
    client.post("/api/assignments", json={"article_id": third, "annotators": ["ann"]}, headers=desk["cur"])
    assert (
        client.post(f"/api/articles/{second}/review", json={"decision": "submit"}, headers=desk["ann"]).status_code
        == 200
    )
    assert (
        client.post(f"/api/articles/{third}/review", json={"decision": "submit"}, headers=desk["ann"]).status_code
        == 200
    )
    asked = client.post(
        f"/api/articles/{third}/review",
        json={"decision": "request_changes", "note": "Who is Ana?"},
        headers=desk["rev"],
    )
    assert asked.status_code == 200
    client.post(f"/api/articles/{first}/comments", json={"text": "@ann check the name"}, headers=desk["rev"])

    mine = client.get("/api/my-work", headers=desk["ann"]).json
    ids = {name: [i["article_id"] for i in items] for name, items in mine["sections"].items()}
    assert ids == {"to_annotate": [first], "to_review": [], "changes_requested": [third], "mentions": [first]}
    assert mine["counts"] == {"to_annotate": 1, "to_review": 0, "changes_requested": 1, "mentions": 1}
    assert mine["total"] == 3
    theirs = client.get("/api/my-work", headers=desk["rev"]).json
    assert [i["article_id"] for i in theirs["sections"]["to_review"]] == [second] and theirs["total"] == 1
    assert client.get("/api/my-work", headers=desk["out"]).json["total"] == 0


def test_the_nav_counts_my_work_and_the_page_loads_its_script(client, desk, make_user, login):
    make_user("ed", "editor")
    client.post(
        f"/api/collections/{desk['desk']}/members", json={"username": "ed", "role": "annotator"}, headers=desk["cur"]
    )
    login("ed")
    assert 'id="nav-my-work">My work</a>' in client.get("/").text
    client.post("/api/assignments", json={"article_id": desk["ids"][0], "annotators": ["ed"]}, headers=desk["cur"])
    assert '<span class="count" aria-label="1 waiting">1</span>' in client.get("/").text
    page = client.get("/my-work")
    assert page.status_code == 200 and "my_work.js" in page.text


def test_the_nav_count_stops_past_its_limit_and_my_work_still_lists_them_all(client, app, make_user, login):
    author = make_user("prolific", "editor")
    with app.app_context():
        for n in range(NAV_COUNT_MAX + 1):
            text = f"Ana Ruiz said draft {n} needs work."
            db.session.add(
                Article(
                    title=f"Draft {n}",
                    text=text,
                    text_hash=Article.hash_text(text),
                    review_state="changes_requested",
                    created_by_id=author.id,
                )
            )
        db.session.commit()
    login("prolific")
    shown = f'<span class="count" aria-label="{NAV_COUNT_MAX}+ waiting">{NAV_COUNT_MAX}+</span>'
    assert shown in client.get("/").text
    assert client.get("/api/my-work").json["counts"]["changes_requested"] == NAV_COUNT_MAX + 1
    with app.app_context():  # one fewer, and the nav shows the exact figure again
        db.session.execute(delete(Article).where(Article.title == "Draft 0"))
        db.session.commit()
    exact = f'aria-label="{NAV_COUNT_MAX} waiting">{NAV_COUNT_MAX}</span>'
    assert exact in client.get("/").text


def test_the_article_list_shows_the_holders_in_a_fixed_number_of_queries(client, app, desk):
    client.post(
        "/api/assignments",
        json={"article_id": desk["ids"][0], "annotators": ["ann"], "reviewer": "rev"},
        headers=desk["cur"],
    )

    def listing_queries() -> tuple[int, dict]:
        seen: list[str] = []
        with app.app_context():
            engine = db.engine
        record = lambda conn, cursor, statement, *rest: seen.append(statement)  # noqa: E731
        event.listen(engine, "before_cursor_execute", record)
        try:
            res = client.get("/api/articles", headers=desk["cur"])
        finally:
            event.remove(engine, "before_cursor_execute", record)
        return len(seen), res.json

    few, listed = listing_queries()
    items = {a["id"]: a["assignees"] for a in listed["items"]}
    assert items[desk["ids"][0]] == [{"username": "ann", "role": "annotator"}, {"username": "rev", "role": "reviewer"}]
    assert items[desk["ids"][1]] == []
    more = [
        client.post("/api/articles", json={"text": f"Bo Li said {i}.", "collection": "desk"}, headers=desk["cur"]).json[
            "id"
        ]
        for i in range(4)
    ]
    client.post(
        "/api/assignments",
        json={"filter": {"collection": "desk", "unassigned": True}, "annotators": ["ann2"]},
        headers=desk["cur"],
    )
    many, listed = listing_queries()
    assert len(listed["items"]) == 7 and all(a["assignees"] for a in listed["items"] if a["id"] in more)
    assert many == few, "the holders of a page come in one query, whatever its length"


def test_the_article_page_list_shows_the_holders(client, desk, make_user, login):
    make_user("ed", "editor")
    client.post(
        f"/api/collections/{desk['desk']}/members", json={"username": "ed", "role": "curator"}, headers=desk["cur"]
    )
    client.post(
        "/api/assignments",
        json={"article_id": desk["ids"][0], "annotators": ["ann"], "reviewer": "rev"},
        headers=desk["cur"],
    )
    login("ed")
    page = client.get("/").text
    assert '<span class="holder holder-annotator" title="annotator">ann</span>' in page
    assert "rev (reviewer)" in page


def test_a_member_whose_new_role_cannot_hold_an_assignment_loses_it(client, app, desk):
    first = desk["ids"][0]
    client.post("/api/assignments", json={"article_id": first, "annotators": ["ann"]}, headers=desk["cur"])
    members = client.get(f"/api/collections/{desk['desk']}/members", headers=desk["cur"]).json["items"]
    ann = next(m for m in members if m["username"] == "ann")
    url = f"/api/collections/{desk['desk']}/members/{ann['id']}"
    assert client.patch(url, json={"role": "curator"}, headers=desk["cur"]).status_code == 200
    assert held(client, desk["cur"], user="ann") == [(first, "ann", "annotator")], "a curator may annotate"
    assert client.patch(url, json={"role": "reviewer"}, headers=desk["cur"]).status_code == 200
    assert held(client, desk["cur"], user="ann") == []
    with app.app_context():
        gone = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "assignment.remove")).one()
        assert gone.before["username"] == "ann" and gone.article_id == first


@pytest.mark.parametrize("query", [{"article": "0"}, {"article": "x"}, {"article": "99999999999"}, {"user": "a\x00"}])
def test_a_bad_assignment_filter_is_a_422(client, desk, query):
    res = client.get("/api/assignments", query_string=query, headers=desk["cur"])
    assert res.status_code == 422 and res.json["error"]["field"] in ("article", "user")
