"""The permission walk: every route with a record id in its path, called as a member of the record's collection
and as a logged-in non-member. The member is answered (not 404); the non-member is refused (404 or 403) and
changes nothing. A route with an id this test cannot fill fails it, so a new route cannot slip by unchecked."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import AuditEvent, Comment, Job, Membership, Mention, User
from annotator.services import jobs

TEXT = "Ana Ruiz said the bridge is closed. Bo Li said the road is open."


def logged_in(app, name: str, role: str):
    """A test client with a session of a new user, and its CSRF header."""
    with app.app_context():
        user = User(username=name, role=role)
        user.set_password("correct horse")
        db.session.add(user)
        db.session.commit()
    client = app.test_client()
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text).group(1)
    res = client.post("/login", data={"username": name, "password": "correct horse", "csrf_token": token})
    assert res.status_code == 302
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)
    return client, {"X-CSRFToken": token}


def records_in_a_collection(app, member, headers, n: int) -> dict[str, int]:
    """A fresh collection curated by the member, and one record of each kind in it, by the name of the path
    argument that names it."""
    name = f"walk{n}"
    article = member.post("/api/articles", json={"text": TEXT, "collection": name}, headers=headers).json
    claim, other = (a["id"] for a in article["attributions"])
    collection = next(c for c in member.get("/api/collections").json["items"] if c["name"] == name)
    url = f"/api/collections/{collection['id']}"
    member.post(f"{url}/members", json={"username": "mate", "role": "annotator"}, headers=headers)
    mate = next(m for m in member.get(f"{url}/members").json["items"] if m["username"] == "mate")
    assigned = member.post(
        "/api/assignments", json={"article_id": article["id"], "annotators": ["mate"]}, headers=headers
    ).json["created"][0]
    linked = member.post(f"/api/attributions/{claim}/corroborations", json={"corroborating_id": other}, headers=headers)
    assert linked.status_code == 201, linked.json
    comment = member.post(
        f"/api/articles/{article['id']}/comments", json={"text": "Is Bo Li named?"}, headers=headers
    ).json
    preview = member.get(f"/api/articles/{article['id']}/accept").json
    batch = member.post(
        f"/api/articles/{article['id']}/accept", json={"versions": preview["versions"]}, headers=headers
    ).json["batch"]
    with app.app_context():
        me = db.session.scalar(select(User).where(User.username == "member"))
        mate_user = db.session.scalar(select(User).where(User.username == "mate"))
        # a mention of the member, by their teammate
        mentioned = Comment(article_id=article["id"], user_id=mate_user.id, kind="comment", text="@member look")
        mentioned.mentions = [Mention(user_id=me.id)]
        db.session.add(mentioned)
        db.session.commit()
        export = jobs.export_later("jsonl", name, None, name, me)
        assert export.state == "done"
        ids = {
            "article_id": article["id"],
            "attribution_id": claim,
            "other_id": other,
            "comment_id": comment["id"],
            "mention_id": mentioned.mentions[0].id,
            "collection_id": collection["id"],
            "member_id": mate["id"],
            "assignment_id": assigned["id"],
            "job_id": export.id,
            "batch_id": batch["id"],
            "user_id": mate_user.id,
        }
    return ids


def events(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_every_route_with_an_id_answers_a_member_and_refuses_a_non_member(app):
    member, member_headers = logged_in(app, "member", "editor")
    outsider, outsider_headers = logged_in(app, "outsider", "editor")
    with app.app_context():
        db.session.add(User(username="mate", role="editor", password_hash="-"))
        db.session.commit()
    rules = sorted((r for r in app.url_map.iter_rules() if "<int:" in r.rule), key=lambda r: r.rule)
    assert len(rules) > 20
    unfilled, checked = [], 0
    for n, rule in enumerate(rules):
        ids = records_in_a_collection(app, member, member_headers, n)
        missing = rule.arguments - ids.keys()
        if missing:
            unfilled.append(f"{rule.rule} ({', '.join(sorted(missing))})")
            continue
        path = rule.build({k: ids[k] for k in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            body = {"json": {}} if method in ("POST", "PATCH") else {}
            before = events(app)
            refused = outsider.open(path, method=method, headers=outsider_headers, **body)
            assert refused.status_code in (403, 404), f"{method} {path} let a non-member in: {refused.status_code}"
            assert events(app) == before, f"{method} {path} wrote for a non-member"
            answered = member.open(path, method=method, headers=member_headers, **body)
            assert answered.status_code != 404 and answered.status_code < 500, (
                f"{method} {path} refused a member: {answered.status_code} {answered.text[:200]}"
            )
            checked += 1
    assert not unfilled, "routes whose ids this walk cannot fill: " + "; ".join(unfilled)
    assert checked >= len(rules)


def test_a_member_removed_from_the_collection_loses_it_at_once(app):
    member, headers = logged_in(app, "member", "editor")
    with app.app_context():
        db.session.add(User(username="mate", role="editor", password_hash="-"))
        db.session.commit()
    ids = records_in_a_collection(app, member, headers, 0)
    mate, _ = app.test_client(), None
    with app.app_context():
        db.session.get(User, ids["user_id"]).set_password("correct horse")
        db.session.commit()
    token = re.search(r'name="csrf-token" content="([^"]+)"', mate.get("/login").text).group(1)
    mate.post("/login", data={"username": "mate", "password": "correct horse", "csrf_token": token})
    assert mate.get(f"/api/articles/{ids['article_id']}").status_code == 200
    url = f"/api/collections/{ids['collection_id']}/members/{ids['member_id']}"
    assert member.delete(url, headers=headers).status_code == 204
    assert mate.get(f"/api/articles/{ids['article_id']}").status_code == 404
    assert mate.get(f"/api/collections/{ids['collection_id']}").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Membership)) == 1


@pytest.mark.parametrize("path", ["/api/articles", "/api/assignments", "/api/collections", "/jobs"])
def test_listings_hold_nothing_of_a_collection_for_a_non_member(app, path):
    member, headers = logged_in(app, "member", "editor")
    outsider, _ = logged_in(app, "outsider", "editor")
    with app.app_context():
        db.session.add(User(username="mate", role="editor", password_hash="-"))
        db.session.commit()
    records_in_a_collection(app, member, headers, 0)
    mine, theirs = member.get(path), outsider.get(path)
    assert "walk0" in mine.text or str(mine.json and mine.json.get("items")) != "[]"
    assert "walk0" not in theirs.text
    if path.startswith("/api/"):
        assert theirs.json["items"] == []


def test_an_import_into_someone_elses_collection_is_refused_and_writes_nothing(app):
    member, headers = logged_in(app, "member", "editor")
    outsider, outsider_headers = logged_in(app, "outsider", "editor")
    member.post("/api/articles", json={"text": TEXT, "collection": "desk"}, headers=headers)
    before = events(app)
    res = outsider.post(
        "/import",
        data={
            "csrf_token": outsider_headers["X-CSRFToken"],
            "fmt": "auto",
            "collection": "desk",
            "upload": (io.BytesIO(b'{"text": "Bo Li said so."}\n'), "one.jsonl"),
        },
        content_type="multipart/form-data",
    )
    assert res.status_code == 403 and "not a member of the collection" in res.text
    assert events(app) == before
    assert member.get("/api/articles").json["total"] == 1


def test_the_dashboard_cache_never_answers_one_user_with_what_another_sees(app):
    boss, _ = logged_in(app, "boss", "admin")
    member, headers = logged_in(app, "member", "editor")
    outsider, _ = logged_in(app, "outsider", "editor")
    member.post("/api/articles", json={"text": TEXT, "collection": "desk"}, headers=headers)
    # the admin fills the cache first, with the whole corpus
    assert '<option value="desk"' in boss.get("/dashboard").text
    assert '<option value="desk"' in member.get("/dashboard").text
    page = outsider.get("/dashboard").text
    assert "desk" not in page and "0 articles" in page
    assert "desk" not in outsider.get("/collections").text


def test_the_history_of_a_deleted_claim_stays_with_its_article(app):
    member, headers = logged_in(app, "member", "editor")
    outsider, _ = logged_in(app, "outsider", "editor")
    article = member.post("/api/articles", json={"text": TEXT, "collection": "desk"}, headers=headers).json
    claim = article["attributions"][0]
    deleted = member.delete(f"/api/attributions/{claim['id']}?version={claim['version']}", headers=headers)
    assert deleted.status_code == 204
    history = member.get(f"/api/attributions/{claim['id']}/history")
    assert history.status_code == 200 and history.json["events"][-1]["action"] == "attribution.delete"
    assert outsider.get(f"/api/attributions/{claim['id']}/history").status_code == 404
    assert outsider.get("/api/attributions/999999/history").status_code == 404


def test_a_job_is_its_starters_but_a_count_of_the_corpus_is_followed_by_anyone(app):
    member, headers = logged_in(app, "member", "editor")
    outsider, _ = logged_in(app, "outsider", "editor")
    with app.app_context():
        me = db.session.scalar(select(User).where(User.username == "member"))
        export = jobs.export_later("jsonl", None, None, "all", me)
        count = Job(kind="figures", state="queued", params={"what": "dashboard"})
        db.session.add(count)
        db.session.commit()
        export_id, count_id = export.id, count.id
    assert member.get(f"/jobs/{export_id}.json").status_code == 200
    assert outsider.get(f"/jobs/{export_id}.json").status_code == 404
    assert outsider.get(f"/jobs/{count_id}.json").json["kind"] == "figures"
    assert f"/jobs/{export_id}" not in outsider.get("/jobs").text
