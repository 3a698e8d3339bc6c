"""What keeps the pages fast on a large corpus: listings that never read article texts, a review panel
computed once per article version, corpus figures kept until the corpus changes."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from annotator.extensions import db
from annotator.services import caches, corpus_figures, reviewing
from annotator.services.caches import Bounded

TEXT = "Ana Ruiz said the bridge would open in May. The mayor said nothing."


@pytest.fixture
def statements(app):
    """The SQL statements the app sends while the test runs, in order."""
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield sent
    event.remove(engine, "before_cursor_execute", record)


def selects_text(statement: str) -> bool:
    """Whether a SELECT reads the article's text column (`article.text`, not `text_hash`)."""
    return (
        statement.lstrip().upper().startswith("SELECT") and re.search(r"\barticle\.text\b(?!_)", statement) is not None
    )


def test_the_article_list_never_loads_article_texts(client, editor, statements):
    for n in range(3):
        client.post("/api/articles", json={"title": f"Piece {n}", "text": TEXT}, headers=editor)
    statements.clear()
    page = client.get("/")
    assert page.status_code == 200 and "Piece 2" in page.text
    api = client.get("/api/articles", headers=editor)
    assert [a["title"] for a in api.json["items"]] == ["Piece 2", "Piece 1", "Piece 0"]
    assert any("FROM article" in s for s in statements)
    assert not [s for s in statements if selects_text(s)]


def test_the_text_check_sees_an_article_page_read_the_text(client, editor, statements):
    article = client.post("/api/articles", json={"title": "Piece", "text": TEXT}, headers=editor).json
    statements.clear()
    assert client.get(f"/articles/{article['id']}").status_code == 200
    assert [s for s in statements if selects_text(s)], "the check would miss a listing that read texts"


@pytest.fixture
def counted_checks(monkeypatch):
    """How many times the sourcing checks ran."""
    runs = []
    real = reviewing.check

    def counting(record):
        runs.append(record)
        return real(record)

    monkeypatch.setattr(reviewing, "check", counting)
    return runs


def test_the_review_panel_is_computed_once_per_article_version(client, editor, counted_checks):
    article = client.post("/api/articles", json={"title": "Piece", "text": TEXT}, headers=editor).json
    claim = article["attributions"][0]
    first = client.get(f"/articles/{article['id']}")
    assert first.status_code == 200 and len(counted_checks) == 1
    again = client.get(f"/api/articles/{article['id']}/review")
    assert client.get(f"/articles/{article['id']}/review").status_code == 200
    assert client.get(f"/articles/{article['id']}").status_code == 200
    assert len(counted_checks) == 1, "the same version computes nothing again"
    assert again.json["version"] == article["version"]

    changed = client.patch(
        f"/api/attributions/{claim['id']}",
        json={"version": claim["version"], "state": "accepted", "status": "anonymous_no_reason"},
        headers=editor,
    )
    assert changed.status_code == 200, changed.json
    review = client.get(f"/api/articles/{article['id']}/review").json
    assert len(counted_checks) == 2, "a change to a claim computes the panel afresh"
    assert review["version"] > article["version"]
    assert review["source_mix"]["by_status"]["anonymous_no_reason"]["count"] == 1


def test_a_cached_review_panel_cannot_be_changed_by_its_reader(app, client, editor):
    article = client.post("/api/articles", json={"title": "Piece", "text": TEXT}, headers=editor).json
    with app.app_context():
        from annotator.models import Article

        stored = db.session.get(Article, article["id"])
        reviewing.summary(stored)["findings"].append({"code": "mine"})
        assert {"code": "mine"} not in reviewing.summary(stored)["findings"]


def test_no_review_panel_is_kept_when_the_cache_size_is_zero(app, client, editor, counted_checks):
    app.config["REVIEW_CACHE_SIZE"] = 0
    article = client.post("/api/articles", json={"title": "Piece", "text": TEXT}, headers=editor).json
    client.get(f"/api/articles/{article['id']}/review")
    client.get(f"/api/articles/{article['id']}/review")
    assert len(counted_checks) == 2


def test_the_dashboard_and_collections_follow_every_change_to_the_corpus(client, editor):
    first = client.post("/api/articles", json={"text": TEXT, "collection": "local"}, headers=editor).json
    before = client.get("/dashboard").text
    assert "0 articles · 0 attributions" in before, "suggestions count only when asked for"
    claim = first["attributions"][0]
    accepted = client.patch(
        f"/api/attributions/{claim['id']}", json={"version": claim["version"], "state": "accepted"}, headers=editor
    )
    assert accepted.status_code == 200
    assert "1 articles · 1 attributions" in client.get("/dashboard").text, "a kept figure never hides a change"
    assert re.search(r">local</a></td><td class=\"num\">1</td>", client.get("/collections").text)
    client.post("/api/articles", json={"text": TEXT + " Again.", "collection": "local"}, headers=editor)
    assert re.search(r">local</a></td><td class=\"num\">2</td>", client.get("/collections").text)


def test_corpus_figures_are_counted_once_until_the_corpus_changes(app, client, editor, monkeypatch):
    runs = []
    real = corpus_figures.figures

    def counting(*args):
        runs.append(args)
        return real(*args)

    monkeypatch.setattr(corpus_figures, "figures", counting)
    client.post("/api/articles", json={"text": TEXT}, headers=editor)
    client.get("/dashboard")
    client.get("/dashboard")
    assert len(runs) == 1
    client.get("/dashboard?suggested=1")
    assert len(runs) == 2, "each filter choice has figures of its own"
    client.post("/api/articles", json={"text": TEXT + " Again."}, headers=editor)
    client.get("/dashboard")
    assert len(runs) == 3, "a new article counts the figures afresh"
    app.config["FIGURES_CACHE_SECONDS"] = 0
    client.get("/dashboard")
    client.get("/dashboard")
    assert len(runs) == 5, "FIGURES_CACHE_SECONDS=0 keeps none"


def test_a_bounded_cache_drops_the_least_recently_used_entry():
    kept = Bounded(2)
    kept.get("a", lambda: 1)
    kept.get("b", lambda: 2)
    kept.get("a", lambda: "computed again")  # "a" is now the most recently used
    kept.get("c", lambda: 3)
    assert kept.get("a", lambda: "computed again") == 1
    assert kept.get("b", lambda: "computed again") == "computed again"


def test_a_cache_entry_older_than_its_limit_is_computed_again(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(caches.time, "monotonic", lambda: clock[0])
    kept = Bounded(10, seconds=60)
    kept.get("figures", lambda: "old")
    clock[0] += 59
    assert kept.get("figures", lambda: "new") == "old"
    clock[0] += 2
    assert kept.get("figures", lambda: "new") == "new"
