"""Collections and their members: the API, the command line, who may manage them, and what non-members see."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import AuditEvent, Collection, Membership

TEXT = "Ana Ruiz said the bridge is closed."


@pytest.fixture
def team(client, bearer):
    """`cur` curates the collection `desk` (created by their article in it); `ann` and `out` are editors."""
    cur, ann, out, boss = (
        bearer("cur", "editor"),
        bearer("ann", "editor"),
        bearer("out", "editor"),
        bearer("boss", "admin"),
    )
    article = client.post("/api/articles", json={"text": TEXT, "collection": "desk"}, headers=cur).json
    desk = next(c for c in client.get("/api/collections", headers=cur).json["items"] if c["name"] == "desk")
    return {"cur": cur, "ann": ann, "out": out, "boss": boss, "article": article["id"], "desk": desk["id"]}


def written(app) -> tuple[int, int, int]:
    with app.app_context():
        count = db.session.scalar
        return (
            count(select(func.count()).select_from(Collection)),
            count(select(func.count()).select_from(Membership)),
            count(select(func.count()).select_from(AuditEvent)),
        )


def test_a_curator_adds_a_member_who_then_sees_the_collection_and_its_articles(client, team, app):
    url = f"/api/collections/{team['desk']}"
    assert client.get(url, headers=team["ann"]).status_code == 404
    assert client.get(f"/api/articles/{team['article']}", headers=team["ann"]).status_code == 404
    assert client.get("/api/collections", headers=team["ann"]).json["items"] == []

    res = client.post(f"{url}/members", json={"username": "ann", "role": "annotator"}, headers=team["cur"])
    assert res.status_code == 201 and res.json["username"] == "ann" and res.json["role"] == "annotator"

    listed = client.get("/api/collections", headers=team["ann"]).json["items"]
    assert [(c["name"], c["articles"], c["members"], c["role"]) for c in listed] == [("desk", 1, 2, "annotator")]
    assert client.get(f"/api/articles/{team['article']}", headers=team["ann"]).status_code == 200
    members = client.get(f"{url}/members", headers=team["ann"]).json["items"]
    assert [(m["username"], m["role"]) for m in members] == [("cur", "curator"), ("ann", "annotator")]
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "member.add")).one()
        assert event.after == {"collection": "desk", "username": "ann", "role": "annotator"}
        assert event.user.username == "cur"


def test_a_member_who_is_not_curator_may_read_but_not_manage(client, team, app):
    url = f"/api/collections/{team['desk']}"
    client.post(f"{url}/members", json={"username": "ann", "role": "annotator"}, headers=team["cur"])
    before = written(app)
    assert (
        client.post(f"{url}/members", json={"username": "out", "role": "reviewer"}, headers=team["ann"]).status_code
        == 403
    )
    assert client.patch(url, json={"annotators_per_article": 2}, headers=team["ann"]).status_code == 403
    me = client.get(f"{url}/members", headers=team["ann"]).json["items"][1]
    assert client.patch(f"{url}/members/{me['id']}", json={"role": "curator"}, headers=team["ann"]).status_code == 403
    assert client.delete(f"{url}/members/{me['id']}", headers=team["ann"]).status_code == 403
    assert written(app) == before
    assert client.get(url, headers=team["ann"]).json["may_manage"] is False


def test_an_admin_sees_and_manages_every_collection(client, team):
    url = f"/api/collections/{team['desk']}"
    assert [c["name"] for c in client.get("/api/collections", headers=team["boss"]).json["items"]] == ["desk"]
    res = client.patch(url, json={"annotators_per_article": 3}, headers=team["boss"])
    assert res.status_code == 200 and res.json["annotators_per_article"] == 3 and res.json["may_manage"]
    assert (
        client.post(f"{url}/members", json={"username": "out", "role": "reviewer"}, headers=team["boss"]).status_code
        == 201
    )


def test_roles_change_and_members_leave_but_the_last_curator_stays(client, team, app):
    url = f"/api/collections/{team['desk']}"
    ann = client.post(f"{url}/members", json={"username": "ann", "role": "annotator"}, headers=team["cur"]).json
    res = client.patch(f"{url}/members/{ann['id']}", json={"role": "reviewer"}, headers=team["cur"])
    assert res.status_code == 200 and res.json["role"] == "reviewer"
    cur = client.get(f"{url}/members", headers=team["cur"]).json["items"][0]
    before = written(app)
    res = client.patch(f"{url}/members/{cur['id']}", json={"role": "annotator"}, headers=team["cur"])
    assert res.status_code == 422 and "last curator" in res.json["error"]["message"]
    assert client.delete(f"{url}/members/{cur['id']}", headers=team["cur"]).status_code == 422
    assert written(app) == before
    assert client.delete(f"{url}/members/{ann['id']}", headers=team["cur"]).status_code == 204
    assert client.get(f"/api/articles/{team['article']}", headers=team["ann"]).status_code == 404
    with app.app_context():
        actions = list(
            db.session.scalars(
                select(AuditEvent.action).where(AuditEvent.action.like("member.%")).order_by(AuditEvent.id)
            )
        )
    assert actions == ["member.add", "member.update", "member.remove"]


def test_creating_a_collection_makes_me_its_curator_and_a_name_is_taken_once(client, team):
    res = client.post("/api/collections", json={"name": " wire ", "annotators_per_article": 2}, headers=team["ann"])
    assert res.status_code == 201, res.json
    assert res.json["name"] == "wire" and res.json["role"] == "curator" and res.json["annotators_per_article"] == 2
    again = client.post("/api/collections", json={"name": "desk"}, headers=team["out"])
    assert again.status_code == 409 and again.json["error"]["field"] == "name"


@pytest.mark.parametrize(
    "body, status, field, words",
    [
        ({"username": "nobody", "role": "annotator"}, 422, "username", "no user is called 'nobody'"),
        ({"username": "ann", "role": "boss"}, 422, "role", "role must be one of: annotator, reviewer, curator"),
        ({"username": "ann"}, 422, "role", "role is required"),
        ({"username": "", "role": "annotator"}, 422, "username", "must name a user"),
        ({"username": 7, "role": "annotator"}, 422, "username", "must name a user"),
        ({"username": "ann", "role": "annotator", "admin": True}, 422, "admin", "unknown field"),
        ({"username": "cur", "role": "annotator"}, 409, None, "member of 'desk' already"),
        (["ann"], 400, None, "JSON object"),
    ],
)
def test_a_bad_member_gets_a_clear_4xx_and_writes_nothing(client, team, app, body, status, field, words):
    before = written(app)
    res = client.post(f"/api/collections/{team['desk']}/members", json=body, headers=team["cur"])
    assert res.status_code == status, res.json
    assert words in res.json["error"]["message"] and res.json["error"].get("field") == field
    assert written(app) == before


@pytest.mark.parametrize("value", [0, 6, "2", None, True, 2.5])
def test_annotators_per_article_runs_from_1_to_5(client, team, app, value):
    before = written(app)
    res = client.patch(f"/api/collections/{team['desk']}", json={"annotators_per_article": value}, headers=team["cur"])
    assert res.status_code == 422 and res.json["error"]["field"] == "annotators_per_article"
    assert written(app) == before


def test_a_non_member_sees_no_collection_no_members_and_no_article(client, team):
    url = f"/api/collections/{team['desk']}"
    for path in (url, f"{url}/members", f"/api/articles/{team['article']}", f"/api/articles/{team['article']}/review"):
        res = client.get(path, headers=team["out"])
        assert res.status_code == 404 and res.json["error"]["code"] == "not_found", path
    listed = client.get("/api/articles", headers=team["out"]).json
    assert listed["items"] == [] and listed["total"] == 0
    assert client.get("/api/articles", headers=team["cur"]).json["total"] == 1


def test_the_collections_page_and_exports_hold_only_what_the_user_sees(client, team, make_user, login):
    client.post(
        "/api/articles", json={"text": "Bo Li said the road is open.", "collection": "wire"}, headers=team["out"]
    )
    make_user("ed", "editor")
    client.post(
        f"/api/collections/{team['desk']}/members", json={"username": "ed", "role": "reviewer"}, headers=team["cur"]
    )
    login("ed")
    page = client.get("/collections").text
    assert "desk" in page and "wire" not in page
    assert f'href="/collections/{team["desk"]}"' in page
    export = client.get("/export?format=jsonl").text
    assert "the bridge is closed" in export and "the road is open" not in export
    assert client.get("/export?format=jsonl&collection=wire").text == ""
    dashboard = client.get("/dashboard").text
    assert '<option value="desk"' in dashboard and "wire" not in dashboard


def test_the_collection_page_is_for_members_and_loads_its_script(client, team, make_user, login):
    make_user("ed", "editor")
    login("ed")
    assert client.get(f"/collections/{team['desk']}").status_code == 404
    client.post(
        f"/api/collections/{team['desk']}/members", json={"username": "ed", "role": "curator"}, headers=team["cur"]
    )
    page = client.get(f"/collections/{team['desk']}")
    assert page.status_code == 200 and "collections.js" in page.text and "Collection: desk" in page.text


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_flask_collections_add_member_and_list(app, client, team):
    out = cli(app, "collections", "add-member", "desk", "ann", "--role", "reviewer")
    assert out.exit_code == 0, out.output
    assert "ann is now reviewer of desk" in out.output
    assert client.get(f"/api/articles/{team['article']}", headers=team["ann"]).status_code == 200
    listing = cli(app, "collections", "list")
    assert (
        listing.exit_code == 0 and "desk  [1 annotator(s) per article]: cur (curator), ann (reviewer)" in listing.output
    )


@pytest.mark.parametrize(
    "args, words",
    [
        (("desk", "nobody", "--role", "annotator"), "no user is called 'nobody'"),
        (("desk", "ann", "--role", "boss"), "role must be one of: annotator, reviewer, curator"),
        (("nowhere", "ann", "--role", "annotator"), "no collection 'nowhere'"),
        (("desk", "cur", "--role", "annotator"), "member of 'desk' already"),
    ],
)
def test_flask_collections_add_member_refuses_bad_input_as_the_api_does(app, team, args, words):
    before = written(app)
    out = cli(app, "collections", "add-member", *args)
    assert out.exit_code != 0 and words in out.output
    assert written(app) == before
