"""Logging in under attack: throttled guessing (per account and per address), logged attempts, no open redirect."""

import logging
import time
import uuid

import pytest

from annotator.app import create_app
from annotator.models import User
from annotator.web.auth import same_site_path


@pytest.fixture
def attempt(client, csrf_from):
    """`attempt(name, password, address, into)`: one login through the form of a client (by default `client`)
    from that client address; returns the response."""

    def attempt(name: str, password: str, address: str = "127.0.0.1", into=None):
        into = into or client
        token = csrf_from(into.get("/login").text)
        return into.post(
            "/login",
            data={"username": name, "password": password, "csrf_token": token},
            environ_base={"REMOTE_ADDR": address},
        )

    return attempt


def test_the_sixth_wrong_password_in_a_minute_gets_429_with_retry_after(client, make_user, attempt):
    make_user("ed")
    for _ in range(5):
        assert attempt("ed", "wrong guess").status_code == 200
    res = attempt("ed", "wrong guess")
    assert res.status_code == 429
    assert 0 < int(res.headers["Retry-After"]) <= 60
    assert "Too many failed logins" in res.text
    # The right password is refused too until the minute is over: that is what stops the guessing.
    assert attempt("ed", "correct horse").status_code == 429
    assert client.get("/").status_code == 302


def test_the_account_limit_holds_whichever_address_the_guesses_come_from(make_user, attempt):
    make_user("ed")
    for n in range(5):
        assert attempt("ed", "wrong guess", address=f"10.0.0.{n}").status_code == 200
    assert attempt("ed", "wrong guess", address="10.0.0.99").status_code == 429
    make_user("rita")
    assert attempt("rita", "correct horse", address="10.0.0.99").status_code == 302  # another account is untouched


def test_one_address_guessing_across_accounts_is_throttled(app, make_user, attempt):
    app.config["LOGIN_ATTEMPTS_PER_ADDRESS"] = "3 per minute"
    for name in ("a1", "a2", "a3"):
        assert attempt(name, "wrong guess", address="10.1.1.1").status_code == 200
    res = attempt("a4", "wrong guess", address="10.1.1.1")
    assert res.status_code == 429 and "Retry-After" in res.headers
    make_user("ed")
    assert attempt("ed", "correct horse", address="10.1.1.2").status_code == 302  # another address is untouched


def test_a_throttled_login_is_refused_before_its_password_is_hashed(app, make_user, attempt, monkeypatch):
    app.config["LOGIN_FAILURES_PER_ACCOUNT"] = "2 per minute"
    make_user("ed")
    checks = []
    real_check = User.check_password
    monkeypatch.setattr(User, "check_password", lambda self, pw: checks.append(pw) or real_check(self, pw))
    attempt("ed", "guess 1")
    attempt("ed", "guess 2")
    assert checks == ["guess 1", "guess 2"]
    assert attempt("ed", "guess 3").status_code == 429
    assert checks == ["guess 1", "guess 2"]


def test_successful_logins_are_never_throttled(make_user, attempt):
    make_user("ed")
    for _ in range(8):
        assert attempt("ed", "correct horse").status_code == 302


def test_failed_and_successful_logins_are_logged_with_user_and_address(make_user, attempt, caplog):
    make_user("ed")
    caplog.set_level(logging.INFO, logger="annotator.auth")
    attempt("ed", "wrong guess", address="10.2.2.2")
    attempt("ed", "correct horse", address="10.2.2.3")
    messages = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "annotator.auth"]
    assert ("WARNING", "login failed: user='ed' address=10.2.2.2") in messages
    assert ("INFO", "login: user='ed' address=10.2.2.3") in messages


def test_a_throttled_login_is_logged(app, make_user, attempt, caplog):
    app.config["LOGIN_FAILURES_PER_ACCOUNT"] = "1 per minute"
    caplog.set_level(logging.INFO, logger="annotator.auth")
    attempt("ed", "wrong guess", address="10.3.3.3")
    attempt("ed", "wrong guess", address="10.3.3.3")
    assert any(r.getMessage().startswith("login throttled: user='ed' address=10.3.3.3") for r in caplog.records)


def test_login_counts_live_in_redis_when_it_is_configured(app, make_user, attempt):
    """Several worker processes share one count: a new app (a restarted worker) still refuses the sixth guess."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as err:
        pytest.skip(f"Redis is not reachable at {url} ({err}); the Redis storage is untested here")
    # Counters are keyed by account: a fresh name per run keeps runs (and other users of this Redis) apart.
    name = f"ed-{uuid.uuid4().hex[:12]}"
    make_user(name)
    config = {**app.config, "RATELIMIT_STORAGE_URI": url}
    first = create_app(config).test_client()
    for n in range(5):
        assert attempt(name, "wrong guess", address=f"10.4.0.{n}", into=first).status_code == 200
    second = create_app(config).test_client()
    assert attempt(name, "wrong guess", address="10.4.1.1", into=second).status_code == 429


def test_logins_are_still_throttled_when_the_shared_counter_store_is_down(app, make_user, attempt):
    make_user("ed")
    # nothing listens on port 1: every call to the store fails at once
    down = create_app({**app.config, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"}).test_client()
    assert attempt("ed", "correct horse", into=down).status_code == 302
    for n in range(5):
        assert attempt("ed", "wrong guess", address=f"10.5.0.{n}", into=down).status_code == 200
    assert attempt("ed", "wrong guess", address="10.5.1.1", into=down).status_code == 429


def test_an_app_built_after_one_whose_store_died_counts_every_guess_in_its_own_store(app, make_user, attempt):
    """Tests build many apps in one process. Flask-Limiter, once its store died, retries it only after a
    backoff; an app built meanwhile must not count the first guesses in the fallback and the next ones in
    its own store (that let a burst of guesses through twice the limit)."""
    make_user("ed")
    down = create_app({**app.config, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"}).test_client()
    for n in range(2):  # the store dies on the first; the second's retry fails and starts the backoff
        attempt("ed", "wrong guess", address=f"10.6.0.{n}", into=down)
    fresh = create_app(dict(app.config)).test_client()
    for n in range(3):
        assert attempt("ed", "wrong guess", address=f"10.6.1.{n}", into=fresh).status_code == 200
    time.sleep(2.1)  # past the backoff: the limiter would go back to this app's store here
    for n in range(2):
        assert attempt("ed", "wrong guess", address=f"10.6.2.{n}", into=fresh).status_code == 200
    assert attempt("ed", "wrong guess", address="10.6.3.0", into=fresh).status_code == 429


HOSTILE_NEXT = [
    "/%09/evil.example",  # the reported one: a tab that browsers drop, leaving //evil.example
    "/%0a/evil.example",
    "/%0d%0a/evil.example",
    "%09//evil.example",
    "/%5Cevil.example",  # /\evil.example: browsers read the backslash as a slash
    "/%5C/evil.example",
    "%5C%5Cevil.example",
    "%2F%2Fevil.example",
    "/%252F%252Fevil.example",  # encoded twice
    "/%2F/evil.example",
    "//evil.example",
    "///evil.example",
    "////evil.example/",
    "https://evil.example/",
    "https:evil.example",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "%20//evil.example",
    "/%20/evil.example",
    "%E3%80%80//evil.example",  # an ideographic space
    "evil.example",
    "",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_open_redirect_variants_land_on_the_index(make_user, attempt, client, target, csrf_from):
    make_user("ed")
    token = csrf_from(client.get("/login").text)
    res = client.post(
        f"/login?next={target}", data={"username": "ed", "password": "correct horse", "csrf_token": token}
    )
    assert res.status_code == 302 and res.headers["Location"] == "/"


@pytest.mark.parametrize(
    "target", ["/", "/articles/new", "/articles/3", "/review/1?tab=findings", "/corpus?q=a%20b", "/a/b#note"]
)
def test_same_site_paths_are_kept_after_login(make_user, client, target, csrf_from):
    make_user("ed")
    token = csrf_from(client.get("/login").text)
    res = client.post(
        "/login",
        query_string={"next": target},
        data={"username": "ed", "password": "correct horse", "csrf_token": token},
    )
    assert res.status_code == 302 and res.headers["Location"] == target


def test_same_site_path_refuses_what_a_browser_would_take_elsewhere():
    assert same_site_path("/\t/evil.example") is None
    assert same_site_path("/\\evil.example") is None
    assert same_site_path("/%2F%2Fevil.example") is None
    assert same_site_path("/%2525252541") is None  # encoded five times: deeper than any real link
    assert same_site_path("/articles/1") == "/articles/1"


def test_guesses_sent_at_the_same_moment_get_no_more_checks_than_the_limit(app, make_user, csrf_from, monkeypatch):
    import threading

    make_user("burst")
    checks = []
    real_check = User.check_password
    monkeypatch.setattr(User, "check_password", lambda self, pw: checks.append(pw) or real_check(self, pw))
    clients = [app.test_client() for _ in range(16)]
    tokens = [csrf_from(c.get("/login").text) for c in clients]
    start, answers = threading.Barrier(len(clients)), []

    def guess(client, token, n):
        start.wait()
        res = client.post(
            "/login",
            data={"username": "burst", "password": f"guess {n}", "csrf_token": token},
            environ_base={"REMOTE_ADDR": f"10.9.0.{n}"},
        )
        answers.append(res.status_code)

    threads = [threading.Thread(target=guess, args=(c, t, n)) for n, (c, t) in enumerate(zip(clients, tokens))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(checks) == 5 and sorted(answers) == [200] * 5 + [429] * 11


def test_the_current_password_of_a_password_change_cannot_be_guessed_freely(client, make_user, login, csrf_from):
    make_user("changer")
    login("changer")
    answers = []
    for n in range(6):
        token = csrf_from(client.get("/account").text)
        res = client.post(
            "/account/password",
            data={
                "current_password": f"guess {n}",
                "new_password": "new horse 1",
                "confirm": "new horse 1",
                "csrf_token": token,
            },
        )
        answers.append(res.status_code)
    assert answers == [422] * 5 + [429] and "Retry-After" in res.headers
