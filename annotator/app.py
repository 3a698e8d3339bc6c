"""The Flask app factory: extensions bound, blueprints and commands registered."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter, Map

from annotator import detector, jobqueue
from annotator.config import default_config
from annotator.extensions import csrf, db, limiter, login_manager, migrate
from annotator.vocab import MAX_ID
from annotator.web import request_log

ROOT = Path(__file__).resolve().parent.parent

SECURITY_HEADERS = {
    # Article text is untrusted: even if markup slipped through, no inline script would run.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL (readers never wait for the writer) and enforced foreign keys on SQLite."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


class RecordId(IntegerConverter):
    """Path ids from 1 to the database's largest integer."""

    def __init__(self, url_map: Map, **kwargs: Any):
        super().__init__(url_map, min=kwargs.pop("min", 1), max=kwargs.pop("max", MAX_ID), **kwargs)


class JSONBodies(DefaultJSONProvider):
    """Flask's JSON, where a body nested too deeply for Python's parser is bad JSON (400), not a crash."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; `test_config` overrides the settings read from the environment."""
    app = Flask("annotator", instance_relative_config=True, template_folder=str(ROOT / "templates"))
    app.json = JSONBodies(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(default_config(Path(app.instance_path)))
    if test_config:
        app.config.from_mapping(test_config)

    request_log.init_app(app)  # before the extensions' hooks (the login limiter's), so its clock covers them
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    detector.init_app(app)
    from annotator.services import jobs

    jobqueue.init_app(app, jobs.run, jobs.housekeeping)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"

    from annotator.cli import register_commands

    # `<int:...>` in every route stops at the database's largest integer: a bigger id is a 404
    app.url_map.converters["int"] = RecordId
    from annotator.web import (
        account,
        admin,
        api,
        articles,
        assignments,
        auth,
        batches,
        collections,
        corpus,
        dashboard,
        deployment,
        discussion,
        errors,
        guidelines,
        health,
        layer_pages,
        layers,
        manage,
        openapi,
        review,
        search,
    )
    from annotator.web import jobs as job_pages

    deployment.init_app(app)
    app.before_request(auth.protect_csrf)
    app.session_interface = auth.TokenRequestsHaveNoSession()
    for blueprint in (
        errors.bp,
        auth.bp,
        account.bp,
        articles.bp,
        api.bp,
        review.bp,
        discussion.bp,
        batches.bp,
        layers.bp,
        layer_pages.bp,
        search.bp,
        dashboard.bp,
        corpus.bp,
        collections.bp,
        assignments.bp,
        admin.bp,
        manage.bp,
        openapi.bp,
        job_pages.bp,
        guidelines.bp,
        health.bp,
    ):
        app.register_blueprint(blueprint)
    register_commands(app)
    from annotator.vocab import STATUS_LABELS

    app.jinja_env.globals["status_labels"] = STATUS_LABELS

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
