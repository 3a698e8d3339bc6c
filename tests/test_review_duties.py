"""Separation of duties in the sourcing review: versioned approvals, narrow overrides, corroboration changes
reopening review, and the review and corroboration routes' answers to hostile bodies."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from annotator.config import default_config
from annotator.extensions import db
from annotator.models import AuditEvent, Corroboration, Review
from annotator.review import Finding
from annotator.services.reviewing import overridden

# Paragraph 1: an unnamed source with no reason (a blocking finding on that claim); 2 and 3: named people.
TEXT = (
    "The dam failed at noon, officials said.\n\n"
    "Ana Ruiz, the mayor, said the water rose fast.\n\n"
    "Pedro Gil, an engineer, said the cracks were old."
)
CLAIMS = {
    "officials": {
        "content": [0, 22],
        "speaker": "officials",
        "speaker_type": "unnamed_group",
        "status": "anonymous_no_reason",
    },
    "ruiz": {"content": [67, 86], "speaker": "Ana Ruiz", "speaker_type": "person", "role": "mayor"},
    "gil": {"content": [118, 137], "speaker": "Pedro Gil", "speaker_type": "person", "role": "engineer"},
}
# what a reviewer who edited a claim is told, by the panel and by a refused approval
SEPARATED = "you edited claims of this article, so another reviewer must approve it"


@pytest.fixture
def desk(client, bearer):
    """An article submitted for review by the editor `ed`, its claims by name, and a reviewer `rev`."""
    ed, rev = bearer("ed", "editor"), bearer("rev", "reviewer")
    article = client.post("/api/articles", json={"text": TEXT}, headers=ed).json
    for a in article["attributions"]:
        client.delete(f"/api/attributions/{a['id']}?version={a['version']}", headers=ed)
    ids = {}
    for name, fields in CLAIMS.items():
        res = client.post(
            f"/api/articles/{article['id']}/attributions", json={"kind": "indirect", **fields}, headers=ed
        )
        assert res.status_code == 201, res.json
        ids[name] = res.json["id"]
    url = f"/api/articles/{article['id']}/review"
    assert client.post(url, json={"decision": "submit"}, headers=ed).status_code == 200
    return {"id": article["id"], "url": url, "ids": ids, "ed": ed, "rev": rev}


def override(claim_id: int | None, code: str = "anonymous_no_reason") -> dict:
    return {"code": code, "attribution_id": claim_id, "reason": "The desk knows the source; the city confirmed."}


def approve(client, desk, headers=None, overrides=None, version=None):
    """An approval on the review version just read (or the one given)."""
    if version is None:
        version = client.get(desk["url"], headers=desk["rev"]).json["version"]
    body = {"decision": "approve", "version": version, "overrides": overrides or [override(desk["ids"]["officials"])]}
    return client.post(desk["url"], json=body, headers=headers or desk["rev"])


def written(app, article_id: int) -> tuple:
    """What a refused request must leave as it was: reviews, audit events, links and the article's version."""
    with app.app_context():
        count = db.session.scalar
        return (
            count(select(func.count()).select_from(Review).where(Review.article_id == article_id)),
            count(select(func.count()).select_from(AuditEvent).where(AuditEvent.article_id == article_id)),
            count(select(func.count()).select_from(Corroboration)),
            count(select(func.max(AuditEvent.id))),
        )


def edit(client, desk, name: str, headers: dict, **fields):
    a = client.get(f"/api/articles/{desk['id']}", headers=headers).json["attributions"]
    current = next(x for x in a if x["id"] == desk["ids"][name])
    res = client.patch(
        f"/api/attributions/{current['id']}", json={"version": current["version"], **fields}, headers=headers
    )
    assert res.status_code == 200, res.json


# --- the review version ----------------------------------------------------------------------------


def test_the_review_shows_its_version_and_an_approval_must_send_it(client, desk, csrf_from, login):
    review = client.get(desk["url"], headers=desk["rev"]).json
    assert isinstance(review["version"], int)
    res = client.post(
        desk["url"],
        json={"decision": "approve", "overrides": [override(desk["ids"]["officials"])]},
        headers=desk["rev"],
    )
    assert res.status_code == 422 and res.json["error"]["field"] == "version"
    assert "version" in res.json["error"]["message"]
    login("rev")
    page = client.get(f"/articles/{desk['id']}").text
    assert f'"version": {review["version"]}' in page.split('id="page-data"')[1]
    assert approve(client, desk).status_code == 200


def test_an_approval_after_a_claim_changed_gets_409_and_changes_nothing(app, client, desk):
    read = client.get(desk["url"], headers=desk["rev"]).json["version"]
    edit(client, desk, "gil", desk["ed"], role="chief engineer")
    before = written(app, desk["id"])
    res = approve(client, desk, version=read)
    assert res.status_code == 409 and res.json["error"]["field"] == "version"
    assert "changed since you read" in res.json["error"]["message"]
    assert written(app, desk["id"]) == before
    assert client.get(desk["url"], headers=desk["rev"]).json["state"] == "in_review"
    assert approve(client, desk).status_code == 200  # read again, approved


@pytest.mark.parametrize("change", ["add", "delete", "link"])
def test_an_approval_after_any_change_to_the_claims_gets_409(client, desk, change):
    read = client.get(desk["url"], headers=desk["rev"]).json["version"]
    ids, ed = desk["ids"], desk["ed"]
    if change == "add":
        extra = {"kind": "indirect", "content": [24, 38], "speaker": "officials", "speaker_type": "unnamed_group"}
        assert client.post(f"/api/articles/{desk['id']}/attributions", json=extra, headers=ed).status_code == 201
    elif change == "delete":
        assert client.delete(f"/api/attributions/{ids['gil']}?version=1", headers=ed).status_code == 204
    else:
        link = client.post(
            f"/api/attributions/{ids['ruiz']}/corroborations", json={"corroborating_id": ids["gil"]}, headers=ed
        )
        assert link.status_code == 201
    assert approve(client, desk, version=read).status_code == 409


# --- separation of duties --------------------------------------------------------------------------


def test_a_reviewer_who_edited_a_claim_cannot_approve(app, client, desk, bearer):
    edit(client, desk, "gil", desk["rev"], role="chief engineer")
    before = written(app, desk["id"])
    res = approve(client, desk)
    # the reason, and no server setting the user could not change anyway
    assert res.status_code == 403
    assert res.json["error"]["message"] == SEPARATED
    assert written(app, desk["id"]) == before
    assert approve(client, desk, headers=bearer("rev2", "reviewer")).status_code == 200


def test_the_review_tells_a_reviewer_who_edited_a_claim_that_another_must_approve(client, desk, bearer, login):
    rev2 = bearer("rev2", "reviewer")
    free = {"may_approve": True, "separated": None}
    assert client.get(desk["url"], headers=desk["rev"]).json["you"] == free
    assert client.get(desk["url"], headers=desk["ed"]).json["you"] == {"may_approve": False, "separated": None}
    edit(client, desk, "gil", desk["rev"], role="chief engineer")
    separated = {"may_approve": False, "separated": SEPARATED}
    # one review version read in turn by both reviewers: the kept panel carries neither's part
    first = client.get(desk["url"], headers=desk["rev"]).json
    second = client.get(desk["url"], headers=rev2).json
    again = client.get(desk["url"], headers=desk["rev"]).json
    assert first["version"] == second["version"] == again["version"]
    assert (first["you"], second["you"], again["you"]) == (separated, free, separated)
    assert {k: v for k, v in first.items() if k != "you"} == {k: v for k, v in second.items() if k != "you"}
    # the article page's panel starts from the same answer
    login("rev")
    page = client.get(f"/articles/{desk['id']}").text.split('id="page-data"')[1]
    assert '"separated": "you edited claims of this article' in page
    # a decision's answer is the decider's own too
    res = client.post(desk["url"], json={"decision": "request_changes", "note": "Name them."}, headers=desk["rev"])
    assert res.status_code == 200 and res.json["you"] == separated


def test_with_review_separation_off_the_review_lets_the_editing_reviewer_approve(app, client, desk):
    app.config["REVIEW_SEPARATION"] = False
    edit(client, desk, "gil", desk["rev"], role="chief engineer")
    assert client.get(desk["url"], headers=desk["rev"]).json["you"] == {"may_approve": True, "separated": None}


def test_a_reviewer_who_linked_a_corroboration_cannot_approve(client, desk):
    ids = desk["ids"]
    url = f"/api/attributions/{ids['ruiz']}/corroborations"
    assert client.post(url, json={"corroborating_id": ids["gil"]}, headers=desk["rev"]).status_code == 201
    assert approve(client, desk).status_code == 403


def test_an_admin_who_edited_a_claim_cannot_approve_either(client, desk, bearer):
    admin = bearer("boss", "admin")
    edit(client, desk, "gil", admin, role="chief engineer")
    assert approve(client, desk, headers=admin).status_code == 403


def test_review_separation_false_lets_the_editor_reviewer_approve(app, client, desk):
    app.config["REVIEW_SEPARATION"] = False
    edit(client, desk, "gil", desk["rev"], role="chief engineer")
    res = approve(client, desk)
    assert res.status_code == 200 and res.json["state"] == "approved"


@pytest.mark.parametrize("value, expected", [(None, True), ("false", False), ("0", False), ("TRUE", True)])
def test_review_separation_is_read_from_the_environment(tmp_path, monkeypatch, value, expected):
    monkeypatch.setenv("SECRET_KEY", "x")
    if value is None:
        monkeypatch.delenv("REVIEW_SEPARATION", raising=False)
    else:
        monkeypatch.setenv("REVIEW_SEPARATION", value)
    assert default_config(tmp_path)["REVIEW_SEPARATION"] is expected


def test_review_separation_refuses_a_value_that_is_not_true_or_false(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("REVIEW_SEPARATION", "sometimes")
    with pytest.raises(ValueError, match="REVIEW_SEPARATION must be true or false"):
        default_config(tmp_path)


# --- overrides -------------------------------------------------------------------------------------


def test_an_override_covers_only_its_claim_not_a_later_finding(client, desk):
    assert approve(client, desk).status_code == 200
    # A second unnamed source with no reason: a new finding on a new claim, which the override never named.
    late = {"kind": "indirect", "content": [24, 38], "speaker": "officials", "speaker_type": "unnamed_group"}
    new = client.post(f"/api/articles/{desk['id']}/attributions", json=late, headers=desk["ed"]).json["id"]
    review = client.get(desk["url"], headers=desk["rev"]).json
    assert review["state"] == "in_review"
    findings = {tuple(f["attribution_ids"]): f for f in review["findings"] if f["code"] == "anonymous_no_reason"}
    assert findings[(new,)]["overridden"] is None
    res = approve(client, desk)  # the same override as before
    assert res.status_code == 409 and [f["attribution_ids"] for f in res.json["error"]["findings"]] == [[new]]


def test_a_null_override_does_not_cover_a_claims_finding(app, client, desk):
    before = written(app, desk["id"])
    res = approve(client, desk, overrides=[override(None)])
    assert res.status_code == 422 and res.json["error"]["field"] == "overrides"
    assert "name each claim" in res.json["error"]["message"]
    assert written(app, desk["id"]) == before


@pytest.mark.parametrize("named", ["gil", "unknown code"])
def test_an_override_that_names_no_open_blocking_finding_is_refused(app, client, desk, named):
    extra = override(desk["ids"]["gil"]) if named == "gil" else override(desk["ids"]["officials"], "no_such_check")
    res = approve(client, desk, overrides=[override(desk["ids"]["officials"]), extra])
    assert res.status_code == 422 and "overrides[2]: no blocking finding" in res.json["error"]["message"]
    assert client.get(desk["url"], headers=desk["rev"]).json["state"] == "in_review"


def test_overrides_go_with_an_approval_only(client, desk):
    body = {"decision": "request_changes", "note": "Name them.", "overrides": [override(desk["ids"]["officials"])]}
    res = client.post(desk["url"], json=body, headers=desk["rev"])
    assert res.status_code == 422 and res.json["error"]["field"] == "overrides"


def test_a_finding_about_several_claims_is_covered_only_when_each_claim_is_named():
    lede = Finding("lede_rests_on_anonymous", "block", "The lede rests only on unnamed sources.", (3, 5))
    one = [override(3, "lede_rests_on_anonymous")]
    assert not overridden(lede, one)
    assert not overridden(lede, [override(None, "lede_rests_on_anonymous")])
    assert overridden(lede, [*one, override(5, "lede_rests_on_anonymous")])
    grown = Finding(lede.code, "block", lede.message, (3, 5, 8))
    assert not overridden(grown, [*one, override(5, "lede_rests_on_anonymous")])
    article_wide = Finding("some_article_check", "block", "About the article.", ())
    assert overridden(article_wide, [override(None, "some_article_check")])
    assert not overridden(article_wide, [override(3, "some_article_check")])


# --- corroboration changes -------------------------------------------------------------------------


@pytest.mark.parametrize("change", ["link", "unlink"])
def test_linking_a_corroboration_reopens_an_approved_article(app, client, desk, change):
    ids, ed = desk["ids"], desk["ed"]
    url = f"/api/attributions/{ids['ruiz']}/corroborations"
    if change == "unlink":
        assert client.post(url, json={"corroborating_id": ids["gil"]}, headers=ed).status_code == 201
    assert approve(client, desk).status_code == 200
    version = client.get(desk["url"], headers=desk["rev"]).json["version"]
    if change == "link":
        res = client.post(url, json={"corroborating_id": ids["gil"]}, headers=ed)
        assert res.status_code == 201
    else:
        assert client.delete(f"{url}/{ids['gil']}", headers=ed).status_code == 204
    review = client.get(desk["url"], headers=desk["rev"]).json
    assert review["state"] == "in_review" and review["version"] > version
    with app.app_context():
        reopen = db.session.scalars(
            select(AuditEvent).where(AuditEvent.article_id == desk["id"], AuditEvent.action == "article.reopen")
        ).one()
        assert reopen.after["reason"].startswith("a corroboration was")


def test_a_repeated_corroboration_link_gets_409_and_writes_nothing(app, client, desk):
    ids, ed = desk["ids"], desk["ed"]
    url = f"/api/attributions/{ids['ruiz']}/corroborations"
    assert client.post(url, json={"corroborating_id": ids["gil"]}, headers=ed).status_code == 201
    before = written(app, desk["id"])
    res = client.post(url, json={"corroborating_id": ids["gil"]}, headers=ed)
    assert res.status_code == 409 and "already linked" in res.json["error"]["message"]
    assert written(app, desk["id"]) == before


def test_two_identical_corroboration_links_at_once_one_gets_409(app, desk):
    """Two clients post the same link at the same moment; the database's unique constraint picks the winner."""
    ids = desk["ids"]
    url = f"/api/attributions/{ids['ruiz']}/corroborations"
    start = threading.Barrier(2)
    statuses: list[int] = []

    def post() -> None:
        client = app.test_client()
        start.wait()
        statuses.append(client.post(url, json={"corroborating_id": ids["gil"]}, headers=desk["ed"]).status_code)

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201, 409]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Corroboration)) == 1
        added = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "corroboration.add")
        assert db.session.scalar(added) == 1


# --- hostile bodies --------------------------------------------------------------------------------

BIG = 10**30
WRONG = [BIG, 1.5, 2.0, "1", [1], {"a": 1}, True, None]


def review_bodies():
    for value in WRONG:
        yield {"decision": value}
        if value is not None and not isinstance(value, str):  # text (or no note) is a note, a code or a reason
            yield {"decision": "submit", "note": value}
        if value is not None:
            yield {"decision": "approve", "version": value}
            yield {"decision": "approve", "version": 1, "overrides": value}
            for field in ("code", "attribution_id", "reason") if not isinstance(value, str) else ("attribution_id",):
                yield {"decision": "approve", "version": 1, "overrides": [{**override(1), field: value}]}
    yield {"decision": "approve", "version": 1, "overrides": [override(1), 7]}
    yield {"decision": "approve", "version": 1, "overrides": [{"code": "anonymous_no_reason", "reason": "why"}]}
    yield {"decision": "approve", "version": 1, "overrides": [{**override(1), "extra": 1}]}
    yield {"decision": "request_changes", "note": "a\x00b"}
    yield {"decision": "approve", "version": 1, "overrides": [{**override(1), "reason": "a\x00b"}]}
    yield {"decision": "submit", "extra": 1}


@pytest.mark.parametrize("body", [*review_bodies(), [], "approve", 5, None], ids=repr)
def test_a_review_body_of_the_wrong_shape_gets_a_4xx_and_writes_nothing(app, client, desk, body):
    before = written(app, desk["id"])
    res = client.post(desk["url"], json=body, headers=desk["rev"])
    assert res.status_code in (400, 422), res.json
    assert res.json["error"]["message"]
    assert written(app, desk["id"]) == before


@pytest.mark.parametrize(
    "body", [*({"corroborating_id": v} for v in WRONG), {}, {"corroborating_id": 1, "x": 1}, [], "1", 5, None], ids=repr
)
def test_a_corroboration_body_of_the_wrong_shape_gets_a_4xx_and_writes_nothing(app, client, desk, body):
    before = written(app, desk["id"])
    url = f"/api/attributions/{desk['ids']['ruiz']}/corroborations"
    res = client.post(url, json=body, headers=desk["ed"])
    assert res.status_code in (400, 422), res.json
    assert res.json["error"]["message"]
    assert written(app, desk["id"]) == before


@pytest.mark.parametrize("path", ["/api/attributions/{big}/corroborations", "/api/articles/{big}/review"])
def test_an_id_beyond_the_database_in_a_review_url_is_refused_not_a_server_error(client, desk, path):
    res = client.post(path.format(big=BIG), json={"corroborating_id": 1, "decision": "submit"}, headers=desk["ed"])
    # no route takes an id beyond the database's integers (404, or 405 where another route's pattern matches)
    assert res.status_code in (404, 405) and res.json["error"]["code"] in ("not_found", "method_not_allowed")
    assert (
        client.delete(f"/api/attributions/{desk['ids']['ruiz']}/corroborations/{BIG}", headers=desk["ed"]).status_code
        == 404
    )


def _commits_meanwhile(app, monkeypatch, module, statement, after="lock_article"):
    """Run `statement` in another transaction right after `module.<after>` read what the request decides on
    (a decision: the article, under `lock_article`; a change: its claim, with `attribution_dict`) and before
    the request writes: the window SQLite leaves open (it takes no row lock), where another request's change
    lands. PostgreSQL's row lock keeps a decision's window shut, which
    `test_on_postgresql_no_change_lands_between_the_read_and_the_write` shows; there these races cannot happen."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL's row lock keeps other writers out of this window")
    read = getattr(module, after)

    def read_then_other_commits(*args):
        found = read(*args)
        if not getattr(read_then_other_commits, "done", False):
            read_then_other_commits.done = True  # type: ignore[attr-defined]
            with db.engine.begin() as other:
                other.execute(statement)
        return found

    monkeypatch.setattr(module, after, read_then_other_commits)


def test_on_postgresql_no_change_lands_between_the_read_and_the_write(app, client, desk, monkeypatch):
    from sqlalchemy import text, update
    from sqlalchemy.exc import OperationalError

    from annotator.models import Article
    from annotator.services import reviewing

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("only PostgreSQL takes row locks")
    read, blocked = reviewing.lock_article, []

    def read_then_other_tries(article):
        read(article)
        with db.engine.begin() as other:
            other.execute(text("SET LOCAL lock_timeout = '300ms'"))
            try:
                other.execute(update(Article).where(Article.id == article.id).values(version=Article.version + 1))
            except OperationalError:
                blocked.append(True)

    monkeypatch.setattr(reviewing, "lock_article", read_then_other_tries)
    assert approve(client, desk).status_code == 200
    assert blocked == [True]


def test_an_approval_whose_read_a_change_overtook_gets_409_and_changes_nothing(app, client, desk, monkeypatch):
    from sqlalchemy import text, update

    from annotator.models import Article
    from annotator.services import reviewing

    version = client.get(desk["url"], headers=desk["rev"]).json["version"]
    # another editor's change commits after the approval read the article, before it writes
    _commits_meanwhile(
        app, monkeypatch, reviewing, update(Article).where(Article.id == desk["id"]).values(version=Article.version + 1)
    )
    res = approve(client, desk, version=version)
    assert res.status_code == 409 and res.json["error"]["field"] == "version"
    with app.app_context():
        assert db.session.scalar(text(f"SELECT review_state FROM article WHERE id = {desk['id']}")) == "in_review"
        assert db.session.scalar(select(func.count()).select_from(Review).where(Review.decision == "approve")) == 0


@pytest.mark.parametrize("change", ["delete", "edit"])
def test_a_change_whose_read_an_approval_overtook_reopens_the_review(app, client, desk, monkeypatch, change):
    from sqlalchemy import update

    from annotator.models import Article
    from annotator.services import editing

    claim = client.get(f"/api/articles/{desk['id']}", headers=desk["ed"]).json["attributions"][1]
    # a reviewer's approval commits after the change read its claim, before it writes
    _commits_meanwhile(
        app,
        monkeypatch,
        editing,
        update(Article).where(Article.id == desk["id"]).values(review_state="approved", version=Article.version + 1),
        after="attribution_dict",
    )
    url = f"/api/attributions/{claim['id']}"
    if change == "delete":
        res = client.delete(f"{url}?version={claim['version']}", headers=desk["ed"])
    else:
        res = client.patch(url, json={"version": claim["version"], "note": "checked"}, headers=desk["ed"])
    assert res.status_code in (200, 204)
    article = client.get(f"/api/articles/{desk['id']}", headers=desk["ed"]).json
    assert article["review_state"] == "in_review"
    with app.app_context():
        reopened = select(func.count()).where(AuditEvent.action == "article.reopen")
        assert db.session.scalar(reopened) == 1


def test_two_changes_at_once_move_the_review_version_twice(app, client, desk, monkeypatch):
    from sqlalchemy import update

    from annotator.models import Article
    from annotator.services import editing

    before = client.get(desk["url"], headers=desk["rev"]).json["version"]
    claim = client.get(f"/api/articles/{desk['id']}", headers=desk["ed"]).json["attributions"][2]
    _commits_meanwhile(
        app,
        monkeypatch,
        editing,
        update(Article).where(Article.id == desk["id"]).values(version=Article.version + 1),
        after="attribution_dict",
    )
    res = client.delete(f"/api/attributions/{claim['id']}?version={claim['version']}", headers=desk["ed"])
    assert res.status_code == 204
    assert client.get(desk["url"], headers=desk["rev"]).json["version"] == before + 2


def test_a_reviewer_who_imported_an_articles_claims_cannot_approve_it(app, client, make_user, login):
    import io
    import json

    make_user("rev2", "reviewer")
    token = login("rev2")
    line = {"text": TEXT, "attributions": [{"kind": "indirect", "state": "accepted", **CLAIMS["ruiz"]}]}
    res = client.post(
        "/import",
        data={"upload": (io.BytesIO(json.dumps(line).encode()), "mine.jsonl"), "csrf_token": token},
        content_type="multipart/form-data",
    )
    assert res.status_code == 302, res.text
    article = client.get("/api/articles", headers={"X-CSRFToken": token}).json["items"][0]
    url = f"/api/articles/{article['id']}/review"
    headers = {"X-CSRFToken": token}
    assert client.post(url, json={"decision": "submit"}, headers=headers).status_code == 200
    version = client.get(url, headers=headers).json["version"]
    res = client.post(url, json={"decision": "approve", "version": version, "overrides": []}, headers=headers)
    assert res.status_code == 403 and "another reviewer" in res.json["error"]["message"]


def _held_edit(app, monkeypatch):
    """Patches the end of a claim edit so that the first edit to reach it keeps its transaction open (its
    locks taken, not committed) until `release` is set; returns (reached, release)."""
    from annotator.services import editing

    reached, release = threading.Event(), threading.Event()
    original = editing.claim_edited

    def held(article, user):
        withdrawn = original(article, user)
        if not reached.is_set():
            reached.set()
            release.wait(10)
        return withdrawn

    monkeypatch.setattr(editing, "claim_edited", held)
    return reached, release


def _edit_in_thread(app, desk, claim: dict, **fields) -> tuple[threading.Thread, list]:
    """The editor's edit of `claim` (as read) in a thread of its own; returns the thread and a list its answer
    goes in."""
    url, body = f"/api/attributions/{claim['id']}", {"version": claim["version"], **fields}
    answer: list = []
    thread = threading.Thread(target=lambda: answer.append(app.test_client().patch(url, json=body, headers=desk["ed"])))
    thread.start()
    return thread, answer


def _claims_on_postgresql(app, client, desk) -> dict:
    """The desk's claims by name, as read now; skips the test on SQLite, which has one writer at a time."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has one writer at a time")
    claims = client.get(f"/api/articles/{desk['id']}", headers=desk["ed"]).json["attributions"]
    return {name: next(c for c in claims if c["id"] == claim_id) for name, claim_id in desk["ids"].items()}


def test_on_postgresql_an_edit_does_not_wait_for_an_edit_of_another_claim_in_flight(app, client, desk, monkeypatch):
    claims = _claims_on_postgresql(app, client, desk)
    before = client.get(desk["url"], headers=desk["rev"]).json["version"]
    reached, release = _held_edit(app, monkeypatch)
    first, first_answer = _edit_in_thread(app, desk, claims["ruiz"], note="a")
    try:
        assert reached.wait(10)
        second, second_answer = _edit_in_thread(app, desk, claims["gil"], note="b")
        second.join(10)
        # the second edit committed while the first still held its transaction open
        assert not second.is_alive() and second_answer[0].status_code == 200
    finally:
        release.set()
        first.join(10)
    assert first_answer[0].status_code == 200
    assert client.get(desk["url"], headers=desk["rev"]).json["version"] == before + 2


def test_on_postgresql_two_edits_after_an_approval_reopen_it_once(app, client, desk, monkeypatch):
    import time

    claims = _claims_on_postgresql(app, client, desk)
    assert approve(client, desk).status_code == 200
    reached, release = _held_edit(app, monkeypatch)
    first, first_answer = _edit_in_thread(app, desk, claims["ruiz"], note="a")
    try:
        assert reached.wait(10)  # the first edit reopened the article and has not committed
        second, second_answer = _edit_in_thread(app, desk, claims["gil"], note="b")
        time.sleep(0.3)
        assert second.is_alive()  # its reopening waits for the first's
    finally:
        release.set()
        first.join(10)
    second.join(10)
    assert first_answer[0].status_code == second_answer[0].status_code == 200
    assert client.get(desk["url"], headers=desk["rev"]).json["state"] == "in_review"
    with app.app_context():
        reopened = select(func.count()).where(AuditEvent.action == "article.reopen")
        assert db.session.scalar(reopened) == 1


def test_an_approval_waits_for_an_edit_in_flight_and_then_sees_it(app, client, desk, monkeypatch):
    """An edit that has written its claim holds the article in key-share mode until it commits: an approval
    read before it waits for the commit and is then refused, never approving what it did not see."""
    claims = _claims_on_postgresql(app, client, desk)
    read = client.get(desk["url"], headers=desk["rev"]).json["version"]
    reached, release = _held_edit(app, monkeypatch)
    editing_thread, edited = _edit_in_thread(app, desk, claims["gil"], role="geologist")
    answer: list = []
    try:
        assert reached.wait(10)
        approving = threading.Thread(target=lambda: answer.append(approve(app.test_client(), desk, version=read)))
        approving.start()
        approving.join(0.5)
        assert approving.is_alive()  # it waits for the edit's commit
    finally:
        release.set()
        editing_thread.join(10)
    approving.join(10)
    assert edited[0].status_code == 200
    assert answer[0].status_code == 409 and answer[0].json["error"]["field"] == "version"
