"""Shared fixtures: an app on a migrated database (SQLite, or PostgreSQL via TEST_DATABASE_URL)."""

from __future__ import annotations

import datetime
import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from annotator.app import create_app
from annotator.extensions import db
from annotator.formats.records import CorpusArticle, attribution_from_dict
from annotator.models import User
from annotator.services import accounts

DATA = Path(__file__).parent / "data"
GOLD = json.loads((DATA / "mayadeen.gold.json").read_text(encoding="utf-8"))
TAGS = (
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
)


class StandInDetector:
    """A fast detector for web tests that do not test detection.

    It finds `Name said <claim>.` and `"<quote>," said Name` (or he, she) only. Tests of detection through the app
    ask for the `real_detector` fixture, which binds the spaCy engine instead.
    """

    PATTERNS = (
        re.compile(r"(?P<source>(?:[A-Z][a-z]+ )*[A-Z][a-z]+) (?P<cue>said|says|say) (?P<content>[^.\"\n]+)\."),
        re.compile(r"(?P<content>\"[^\"]+\") (?P<cue>said) (?P<source>he|she|[A-Z][a-z]+(?: [A-Z][a-z]+)*)"),
        re.compile(r"(?P<content>\"[^\"]+\") (?P<source>he|she|[A-Z][a-z]+(?: [A-Z][a-z]+)*) (?P<cue>said)"),
    )

    def detect_many(self, texts, n_process=1, limit=None, progress=None):
        from annotator.nlp.types import Attribution

        for i, article in enumerate(texts):
            if progress is not None:
                progress(i, len(article or ""))
            found = [
                Attribution(
                    kind="direct" if m["content"].startswith('"') else "indirect",
                    content=m.span("content"),
                    cue=m.span("cue"),
                    source=m.span("source"),
                    speaker=m["source"],
                    speaker_type="person",
                    status="on_record",
                    confidence=0.5,
                    detector="stand-in",
                )
                for pattern in self.PATTERNS
                for m in pattern.finditer(article or "")
            ]
            yield sorted(found, key=lambda a: a.content)[:limit]


def _config(url: str, spacy_engine: bool = False) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret",
        "ARTICLE_MAX_BYTES": 1_000_000,
        "DETECTOR": None if spacy_engine else StandInDetector(),
        # scrypt takes 0.1 s a password on purpose; the suite creates and logs in hundreds of users
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        # Jobs run in the request that queues them, in memory; tests of the queue itself run a real consumer.
        "JOBS_WORKER": "immediate",
        "REDIS_URL": "",
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def migrated(database_url) -> str:
    """The schema built by the migrations, from nothing, once per run."""
    app = create_app(_config(database_url))
    with app.app_context():
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # everything, the objects no model describes among them (the full-text tables and triggers)
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
    return database_url


@pytest.fixture
def app(migrated, request):
    app = create_app(_config(migrated, spacy_engine="real_detector" in request.fixturenames))
    yield app
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def real_detector():
    """Marks a test that runs the spaCy engine through the app (the `app` fixture binds it)."""


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    """`make_user(name, role, password)`: adds a user to the app's database; returns it, usable outside the app."""

    def make_user(name: str = "ed", role: str = "editor", password: str = "correct horse") -> User:
        with app.app_context():
            user = User(username=name, role=role)
            user.set_password(password)
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)  # usable after the app context closes
            return user

    return make_user


@pytest.fixture
def csrf_from():
    """`csrf_from(html)`: the CSRF token in a page's csrf-token meta tag."""

    def csrf_from(html: str) -> str:
        return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)

    return csrf_from


@pytest.fixture
def login(client, csrf_from):
    """`login(name, password)`: logs the client in through the form; returns the CSRF token of the session."""

    def login(name: str, password: str = "correct horse") -> str:
        """Log in through the form; returns the CSRF token of the session."""
        token = csrf_from(client.get("/login").text)
        res = client.post("/login", data={"username": name, "password": password, "csrf_token": token})
        assert res.status_code == 302, res.text
        return csrf_from(client.get("/").text)

    return login


@pytest.fixture
def bearer(app):
    """`bearer(name, role)`: a new user's API headers (a token, so several users can act in one test)."""

    def bearer(name: str, role: str) -> dict:
        with app.app_context():
            user = User(username=name, role=role)
            user.set_password("correct horse")
            db.session.add(user)
            db.session.commit()
            return {"Authorization": f"Bearer {accounts.issue_token(user)}"}

    return bearer


@pytest.fixture
def editor(make_user, login):
    """A logged-in editor: the client carries the session; returns its CSRF header."""
    make_user("ed", "editor")
    return {"X-CSRFToken": login("ed")}


@pytest.fixture
def load_reference(client):
    """`load_reference(headers, text)`: posts the acceptance article through the client with exactly its reference
    attributions (tests/data/mayadeen.gold.json), accepted; returns {"id": article id, "ids": attribution ids}."""

    def load_reference(headers, text) -> dict:
        """The acceptance article with exactly its reference attributions, accepted."""
        article = client.post("/api/articles", json={"title": "Mayadeen", "text": text}, headers=headers).json
        for a in article["attributions"]:
            assert (
                client.delete(f"/api/attributions/{a['id']}?version={a['version']}", headers=headers).status_code == 204
            )
        ids = []
        for g in GOLD["attributions"]:
            res = client.post(
                f"/api/articles/{article['id']}/attributions", headers=headers, json={k: g[k] for k in TAGS}
            )
            assert res.status_code == 201, res.json
            ids.append(res.json["id"])
        return {"id": article["id"], "ids": ids}

    return load_reference


@pytest.fixture
def mayadeen() -> CorpusArticle:
    """The reference article with every tag set somewhere: metadata, notes, model suggestions."""
    gold = json.loads((DATA / "mayadeen.gold.json").read_text(encoding="utf-8"))
    text = (DATA / "mayadeen.txt").read_text(encoding="utf-8")
    atts = [
        attribution_from_dict({k: v for k, v in a.items() if not k.endswith("_text")}, len(text))
        for a in gold["attributions"]
    ]
    atts[0] = replace(
        atts[0],
        credibility="corroborated",
        note="checked with ISW\n\u201csecond\u201d line\tтаб",
        origin="model",
        state="edited",
        confidence=0.73,
        detector="attribution_spans-20261202-084545",
    )
    atts[1] = replace(atts[1], origin="model", state="suggested", confidence=0.5, role="spokesman", detector="rules")
    atts[2] = replace(atts[2], state="rejected", credibility="disputed", confidence=1.0)
    return CorpusArticle(
        text=text,
        title="ISIS leaders flee to Mayadeen",
        outlet="AP",
        byline="Lolita C. Baldor",
        url="https://example.org/mayadeen",
        published=datetime.date(2017, 6, 19),
        collection="acceptance",
        review_state="in_review",
        attributions=atts,
    )


@pytest.fixture
def acceptance_text() -> str:
    return (DATA / "mayadeen.txt").read_text(encoding="utf-8")


# --- detection engine (annotator/nlp): the real spaCy pipeline, loaded once per run -------------


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline with the attribution detector (annotator.nlp.get_nlp)."""
    from annotator.nlp import get_nlp

    return get_nlp()
