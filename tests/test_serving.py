"""Production serving: request ids, JSON log lines, a proxy's headers, HTTPS-only cookies, health, gunicorn."""

from __future__ import annotations

import json
import logging
import os
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from annotator.app import create_app
from annotator.extensions import db
from annotator.models import User
from annotator.services import accounts
from annotator.web.request_log import JSONFormatter

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def settings(monkeypatch):
    """`settings(NAME=value, ...)`: environment settings for the app the test creates next."""

    def settings(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return settings


@pytest.fixture
def token(app, make_user) -> str:
    make_user("ed", "editor")
    with app.app_context():
        return accounts.issue_token(db.session.query(User).filter_by(username="ed").one())


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_every_answer_names_a_request_id_and_keeps_a_proxys_sane_one(client):
    made = client.get("/healthz").headers["X-Request-ID"]
    assert len(made) == 32 and int(made, 16) >= 0
    assert client.get("/healthz").headers["X-Request-ID"] != made
    assert client.get("/api/nothing").headers["X-Request-ID"]  # errors too
    proxy_id = "f47ac10b-58cc-4372-a567-0e02b2c3d479"
    assert client.get("/healthz", headers={"X-Request-ID": proxy_id}).headers["X-Request-ID"] == proxy_id
    for hostile in (
        "short",
        "x" * 200,
        "two words here",
        '{"user": "admin"}',
        "id\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9",
    ):
        replaced = client.get("/healthz", headers={"X-Request-ID": hostile}).headers["X-Request-ID"]
        assert replaced != hostile and len(replaced) == 32


def test_each_request_logs_one_line_with_its_id_user_method_path_status_and_duration(client, token, caplog):
    with caplog.at_level(logging.INFO, logger="annotator.request"):
        res = client.get("/api/articles", headers={"Authorization": f"Bearer {token}", "X-Request-ID": "req-0001-abcd"})
    (record,) = [r for r in caplog.records if r.name == "annotator.request"]
    line = json.loads(JSONFormatter().format(record))
    assert res.headers["X-Request-ID"] == "req-0001-abcd"
    assert {k: line[k] for k in ("level", "request_id", "user", "method", "path", "status")} == {
        "level": "INFO",
        "request_id": "req-0001-abcd",
        "user": "ed",
        "method": "GET",
        "path": "/api/articles",
        "status": 200,
    }
    assert line["duration_ms"] > 0 and line["time"].endswith("+00:00")


def test_json_logs_put_login_lines_and_request_lines_through_one_formatter(settings, migrated, make_user, capsys):
    settings(LOG_FORMAT="json")
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": migrated, "SECRET_KEY": "x", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1"}
    )
    assert app.config["LOG_FORMAT"] == "json"
    with app.app_context():
        db.session.add(user := User(username="lou", role="editor"))
        user.set_password("correct horse")
        db.session.commit()
    client = app.test_client()
    try:
        page = client.get("/login").text
        csrf = page.split('name="csrf-token" content="')[1].split('"')[0]
        capsys.readouterr()
        res = client.post("/login", data={"username": "lou", "password": "correct horse", "csrf_token": csrf})
        lines = _json_lines(capsys.readouterr().err)
    finally:
        with app.app_context():
            db.session.query(User).filter_by(username="lou").delete()
            db.session.commit()
    login, request_line = lines
    assert login["logger"] == "annotator.auth" and login["message"].startswith("login: user='lou'")
    assert request_line["logger"] == "annotator.request" and request_line["status"] == 302
    assert login["request_id"] == request_line["request_id"] == res.headers["X-Request-ID"]
    assert login["user"] == request_line["user"] == "lou"


@pytest.mark.parametrize("proxies, address", [("0", "127.0.0.1"), ("1", "203.0.113.9")])
def test_forwarded_client_address_is_believed_only_behind_a_proxy_fix(settings, migrated, caplog, proxies, address):
    settings(PROXY_FIX=proxies)
    app = create_app({"SQLALCHEMY_DATABASE_URI": migrated, "SECRET_KEY": "x"})
    with caplog.at_level(logging.INFO, logger="annotator.request"):
        app.test_client().get("/healthz", headers={"X-Forwarded-For": "203.0.113.9"})
    (record,) = [r for r in caplog.records if r.name == "annotator.request"]
    assert record.__dict__["address"] == address


@pytest.mark.parametrize("scheme, secure", [("https", True), ("http", False)])
def test_under_https_cookies_need_https_and_every_answer_sends_hsts(settings, migrated, scheme, secure):
    settings(PREFERRED_URL_SCHEME=scheme)
    app = create_app({"SQLALCHEMY_DATABASE_URI": migrated, "SECRET_KEY": "x"})
    res = app.test_client().get("/login")
    (cookie,) = [c for c in res.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert ("; Secure" in cookie) is secure
    assert app.config.get("REMEMBER_COOKIE_SECURE", False) is secure  # Flask-Login's default is False
    assert res.headers.get("Strict-Transport-Security") == ("max-age=31536000" if secure else None)


@pytest.mark.parametrize(
    "name, value",
    [("LOG_FORMAT", "xml"), ("PROXY_FIX", "yes"), ("PROXY_FIX", "-1"), ("PREFERRED_URL_SCHEME", "ftp")],
)
def test_a_serving_setting_out_of_its_values_stops_the_app(settings, tmp_path, name, value):
    settings(**{name: value})
    with pytest.raises(ValueError, match=name):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "SECRET_KEY": "x"})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_make_serve_migrates_and_runs_gunicorn_and_the_jobs_worker_with_json_logs_and_no_server_version(tmp_path):
    port = _free_port()
    database = tmp_path / "serve.sqlite"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "x",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "PYTHONUNBUFFERED": "1",  # the worker's first line reaches the log at once
    }
    env.pop("LOG_FORMAT", None)
    log = tmp_path / "serve.log"
    with log.open("w") as out:  # -o: never (re)install the virtualenv from a test
        server = subprocess.Popen(
            ["make", "-s", "-o", ".venv/installed", "serve"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    try:
        res = None
        for _ in range(300):
            try:
                res = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                time.sleep(0.1)
        assert res is not None and res.status == 200, log.read_text()
        assert "/" not in res.headers["Server"] and not any(c.isdigit() for c in res.headers["Server"])
        request_id = res.headers["X-Request-ID"]
        for _ in range(300):  # the jobs worker runs beside gunicorn
            if "consuming annotator at" in log.read_text():
                break
            time.sleep(0.1)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    with sqlite3.connect(database) as conn:  # `flask db upgrade` ran first
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()
    lines = _json_lines(log.read_text())
    assert any(line.get("request_id") == request_id and line["path"] == "/healthz" for line in lines), log.read_text()
    assert "consuming annotator at" in log.read_text()  # the jobs worker ran beside gunicorn
