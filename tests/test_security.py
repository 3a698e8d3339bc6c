"""Login, roles, CSRF on every unsafe route, tokens, cookies and escaping."""

import re

import pytest

from annotator.extensions import db
from annotator.models import User

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# The health check answers a load balancer, which has no login (tests/test_serving.py).
PUBLIC = {"auth.login", "static", "deployment.health"}


def fill(rule) -> str:
    """A concrete URL for a rule, with 1 for every argument."""
    return re.sub(r"<(?:[^:>]+:)?[^>]+>", "1", rule.rule)


def test_login_form_has_the_documented_fields(client):
    html = client.get("/login").text
    assert re.search(r'<label for="username">Username</label>', html)
    assert re.search(r'<label for="password">Password</label>', html)
    assert 'name="csrf_token"' in html


def test_every_route_but_login_and_static_needs_a_login(app, client, csrf_from):
    # A valid CSRF token (anyone can get one from the login page) so that the login check is what answers.
    headers = {"X-CSRFToken": csrf_from(client.get("/login").text)}
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            res = client.open(fill(rule), method=method, headers=headers)
            if rule.rule.startswith("/api/"):
                assert res.status_code == 401, (method, rule.rule, res.status_code)
                assert res.json["error"]["code"] == "unauthorized"
            else:
                assert res.status_code == 302 and "/login" in res.headers["Location"], (method, rule.rule)
            checked += 1
    assert checked >= 12


def test_every_unsafe_cookie_request_needs_csrf(app, client, editor):
    checked = 0
    for rule in app.url_map.iter_rules():
        for method in rule.methods & UNSAFE:
            res = client.open(fill(rule), method=method, json={})  # session cookie, no token
            assert res.status_code == 400, (method, rule.rule, res.status_code)
            assert "CSRF" in (res.json["error"]["message"] if res.is_json else res.text)
            checked += 1
    assert checked >= 7
    # The same request with the token gets past CSRF.
    assert client.post("/api/articles", json={"text": "hi"}, headers=editor).status_code == 201


def test_bearer_token_needs_no_csrf_and_ignores_cookies(app, client, make_user, login):
    make_user("bot", "editor")
    runner = app.test_cli_runner()
    out = runner.invoke(args=["users", "token", "bot"])
    assert out.exit_code == 0
    token = out.output.strip().splitlines()[-1]
    res = client.post(
        "/api/articles", json={"text": "Officials say it works."}, headers={"Authorization": f"Bearer {token}"}
    )
    assert res.status_code == 201
    assert client.get("/api/articles", headers={"Authorization": "Bearer wrong"}).status_code == 401
    # A logged-in browser session cannot ride along with a bad token to skip CSRF.
    make_user("ed", "editor")
    login("ed")
    assert (
        client.post("/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer wrong"}).status_code == 401
    )
    with app.app_context():
        stored = db.session.query(User).filter_by(username="bot").one().token_hash
    assert stored != token and len(stored) == 64


def test_wrong_password_is_refused(app, client, make_user, csrf_from):
    make_user("ed", "editor")
    token = csrf_from(client.get("/login").text)
    res = client.post("/login", data={"username": "ed", "password": "nope", "csrf_token": token})
    assert res.status_code == 200 and "Wrong username or password" in res.text
    assert client.get("/").status_code == 302


def test_login_redirect_stays_on_site(app, client, make_user, csrf_from):
    make_user("ed", "editor")
    token = csrf_from(client.get("/login").text)
    res = client.post(
        "/login?next=https://evil.example/", data={"username": "ed", "password": "correct horse", "csrf_token": token}
    )
    assert res.headers["Location"] == "/"


def test_passwords_are_hashed(app, make_user):
    user = make_user("ed", "editor")
    assert "correct horse" not in user.password_hash and user.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_session_cookie_is_httponly_and_samesite(app, client, make_user, csrf_from):
    make_user("ed", "editor")
    token = csrf_from(client.get("/login").text)
    res = client.post("/login", data={"username": "ed", "password": "correct horse", "csrf_token": token})
    cookie = [c for c in res.headers.getlist("Set-Cookie") if c.startswith("session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("role, status", [("editor", 403), ("reviewer", 403), ("admin", 200)])
def test_only_admins_manage_users(app, client, role, status, make_user, login):
    make_user("someone", role)
    login("someone")
    assert client.get("/admin/users").status_code == status


def test_admin_creates_a_user(app, client, make_user, login):
    make_user("root", "admin")
    token = login("root")
    res = client.post(
        "/admin/users", data={"username": "rev", "password": "long enough", "role": "reviewer", "csrf_token": token}
    )
    assert res.status_code == 302
    with app.app_context():
        assert db.session.query(User).filter_by(username="rev").one().role == "reviewer"


def test_article_text_is_escaped(client, editor):
    text = 'Hello <script>alert("x")</script> <b>bold</b> said the <img src=x onerror=alert(1)> man.'
    article = client.post("/api/articles", json={"title": "<i>t</i>", "text": text}, headers=editor).json
    html = client.get(f"/articles/{article['id']}").text
    assert "<script>alert" not in html and "<img src=x" not in html and "<i>t</i>" not in html
    assert "&lt;script&gt;alert(" in html
    assert "Content-Security-Policy" in client.get(f"/articles/{article['id']}").headers


def test_cli_users_create_reads_password_from_stdin(app):
    runner = app.test_cli_runner()
    out = runner.invoke(args=["users", "create", "rita", "--role", "reviewer"], input="a long password\n")
    assert out.exit_code == 0, out.output
    with app.app_context():
        user = db.session.query(User).filter_by(username="rita").one()
        assert user.role == "reviewer" and user.check_password("a long password")
    again = runner.invoke(args=["users", "create", "rita"], input="a long password\n")
    assert again.exit_code != 0 and "already exists" in again.output
    short = runner.invoke(args=["users", "create", "sam"], input="short\n")
    assert short.exit_code != 0 and "8 characters" in short.output


def test_passwords_are_hashed_with_scrypt_unless_configured(tmp_path):
    from annotator.app import create_app
    from annotator.models import User

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "SECRET_KEY": "x"})
    with app.app_context():
        user = User(username="ed", role="editor")
        user.set_password("correct horse")
    assert user.password_hash.startswith("scrypt:") and user.check_password("correct horse")
