"""Shared fixtures: an app on a migrated database (SQLite, or PostgreSQL via TEST_DATABASE_URL)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from annotator.app import create_app
from annotator.extensions import db
from annotator.models import User

DATA = Path(__file__).parent / "data"


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

    def detect_many(self, texts, n_process=1):
        from annotator.nlp.types import Attribution

        for article in texts:
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
            yield sorted(found, key=lambda a: a.content)


def _config(url: str, spacy_engine: bool = False) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret",
        "ARTICLE_MAX_BYTES": 1_000_000,
        "DETECTOR": None if spacy_engine else StandInDetector(),
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


def make_user(app, name: str = "ed", role: str = "editor", password: str = "correct horse") -> User:
    with app.app_context():
        user = User(username=name, role=role)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)  # usable after the app context closes
        return user


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def login(client, name: str, password: str = "correct horse") -> str:
    """Log in through the form; returns the CSRF token of the session."""
    token = csrf_from(client.get("/login").text)
    res = client.post("/login", data={"username": name, "password": password, "csrf_token": token})
    assert res.status_code == 302, res.text
    return csrf_from(client.get("/").text)


@pytest.fixture
def editor(app, client):
    """A logged-in editor: the client carries the session; returns its CSRF header."""
    make_user(app, "ed", "editor")
    return {"X-CSRFToken": login(client, "ed")}


@pytest.fixture
def acceptance_text() -> str:
    return (DATA / "mayadeen.txt").read_text(encoding="utf-8")


# --- detection engine (annotator/nlp): the real spaCy pipeline, loaded once per run -------------


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline with the attribution detector (annotator.nlp.get_nlp)."""
    from annotator.nlp import get_nlp

    return get_nlp()
