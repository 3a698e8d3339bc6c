"""Revocable accounts: sessions that end everywhere, tokens that expire or are revoked, disabled users, passwords."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import AuditEvent, User

PASSWORD_RULE = "The password needs at least 8 characters."


@pytest.fixture
def second_client(app, client):
    """`second_client()`: another browser holding a copy of `client`'s session cookie as it is now."""

    def second_client():
        other = app.test_client()
        other.set_cookie("session", client.get_cookie("session").value)
        return other

    return second_client


@pytest.fixture
def token_for(app):
    """`token_for(name)`: a new API token for the user, issued by `flask users token`."""

    def token_for(name: str) -> dict:
        out = app.test_cli_runner().invoke(args=["users", "token", name])
        assert out.exit_code == 0, out.output
        return {"Authorization": f"Bearer {out.output.strip().splitlines()[-1]}"}

    return token_for


def cli(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def user_named(app, name: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == name))
        db.session.expunge(user)
        return user


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC times, PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def events(app, action: str) -> list[tuple[int | None, dict | None, dict | None]]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
        return [(e.user_id, e.before, e.after) for e in rows]


def test_a_session_cookie_copied_before_logout_is_refused_after_it(client, editor, second_client):
    copy = second_client()
    assert copy.get("/").status_code == 200  # the copy works while the session lives
    assert client.post("/logout", data={"csrf_token": editor["X-CSRFToken"]}).status_code == 302
    res = copy.get("/")
    assert res.status_code == 302 and "/login" in res.headers["Location"]
    assert copy.get("/api/articles").status_code == 401


def test_logout_ends_every_session_of_the_user(app, make_user, editor, client):
    elsewhere = app.test_client()
    token = elsewhere.get("/login").text.split('name="csrf-token" content="')[1].split('"')[0]
    elsewhere.post("/login", data={"username": "ed", "password": "correct horse", "csrf_token": token})
    assert elsewhere.get("/").status_code == 200
    client.post("/logout", data={"csrf_token": editor["X-CSRFToken"]})
    assert elsewhere.get("/").status_code == 302


def test_changing_your_own_password_ends_your_other_sessions_but_keeps_this_one(app, client, editor, second_client):
    copy = second_client()
    res = client.post(
        "/account/password",
        data={
            "current_password": "correct horse",
            "new_password": "a new long one",
            "confirm": "a new long one",
            "csrf_token": editor["X-CSRFToken"],
        },
    )
    assert res.status_code == 302
    assert client.get("/").status_code == 200
    assert copy.get("/").status_code == 302
    assert user_named(app, "ed").check_password("a new long one")
    assert events(app, "user.password")[0][2] == {
        "user_id": user_named(app, "ed").id,
        "username": "ed",
        "password": "changed",
    }


def test_changing_your_own_password_needs_the_current_one(app, client, editor):
    res = client.post(
        "/account/password",
        data={
            "current_password": "not it",
            "new_password": "a new long one",
            "confirm": "a new long one",
            "csrf_token": editor["X-CSRFToken"],
        },
    )
    assert res.status_code == 422 and "The current password is wrong." in res.text
    assert user_named(app, "ed").check_password("correct horse")
    assert events(app, "user.password") == []


def test_password_rules_are_the_same_on_the_cli_the_admin_page_and_your_own_page(app, client, make_user, login):
    make_user("ed")
    make_user("root", "admin")
    csrf = login("root")
    for args in (("users", "create", "sam"), ("users", "passwd", "ed")):
        out = cli(app, *args, input="short\n")
        assert out.exit_code != 0 and PASSWORD_RULE in out.output
    res = client.post(
        "/admin/users", data={"username": "sam", "password": "short", "role": "editor", "csrf_token": csrf}
    )
    assert res.status_code == 422 and PASSWORD_RULE in res.text
    ed = user_named(app, "ed")
    res = client.post(f"/admin/users/{ed.id}/password", data={"password": "short", "csrf_token": csrf})
    assert res.status_code == 422 and PASSWORD_RULE in res.text
    res = client.post(
        "/account/password",
        data={"current_password": "correct horse", "new_password": "short", "confirm": "short", "csrf_token": csrf},
    )
    assert res.status_code == 422 and PASSWORD_RULE in res.text
    assert user_named(app, "ed").check_password("correct horse") and user_named(app, "root").check_password(
        "correct horse"
    )
    assert events(app, "user.password") == []


def test_a_disabled_user_is_refused_by_cookie_and_token_at_once(app, client, editor, token_for, second_client):
    api = token_for("ed")
    copy = second_client()
    assert copy.get("/").status_code == 200 and client.get("/api/articles", headers=api).status_code == 200
    out = cli(app, "users", "disable", "ed")
    assert out.exit_code == 0, out.output
    for browser in (client, copy):
        page = browser.get("/")
        assert page.status_code == 302 and "/login" in page.headers["Location"]
        assert browser.get("/api/articles").status_code == 401
    res = client.get("/api/articles", headers=api)
    assert res.status_code == 401 and res.json["error"]["code"] == "unauthorized"
    assert events(app, "user.disable")[0] == (
        None,
        {"user_id": user_named(app, "ed").id, "username": "ed", "disabled": False},
        {"user_id": user_named(app, "ed").id, "username": "ed", "disabled": True},
    )
    # Enabled again: the token works again; the ended sessions stay ended.
    assert cli(app, "users", "enable", "ed").exit_code == 0
    assert client.get("/api/articles", headers=api).status_code == 200
    assert copy.get("/").status_code == 302


def test_a_disabled_user_cannot_log_in(app, client, make_user, csrf_from):
    make_user("ed")
    cli(app, "users", "disable", "ed")
    token = csrf_from(client.get("/login").text)
    res = client.post("/login", data={"username": "ed", "password": "correct horse", "csrf_token": token})
    assert res.status_code == 200 and "Wrong username or password" in res.text
    assert client.get("/").status_code == 302


def test_an_expired_token_gets_401(app, client, make_user, token_for):
    make_user("bot")
    api = token_for("bot")
    assert client.get("/api/articles", headers=api).status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "bot"))
        user.token_expires_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    res = client.get("/api/articles", headers=api)
    assert res.status_code == 401 and res.json["error"]["code"] == "unauthorized"


def test_a_token_expires_after_the_configured_number_of_days(app, make_user):
    make_user("bot")
    app.config["API_TOKEN_DAYS"] = 7
    out = cli(app, "users", "token", "bot")
    expected = datetime.now(UTC) + timedelta(days=7)
    assert f"valid until {expected:%Y-%m-%d}" in out.output
    expires = user_named(app, "bot").token_expires_at
    assert abs(aware(expires) - expected) < timedelta(minutes=1)


def test_flask_users_revoke_ends_the_token(app, client, make_user, token_for):
    make_user("bot")
    api = token_for("bot")
    out = cli(app, "users", "revoke", "bot")
    assert out.exit_code == 0 and "revoked the API token of bot" in out.output
    assert client.get("/api/articles", headers=api).status_code == 401
    assert "bot has no API token" in cli(app, "users", "revoke", "bot").output
    assert len(events(app, "user.token_revoke")) == 1


def test_a_user_revokes_their_own_token_on_their_page(app, client, editor, token_for):
    api = token_for("ed")
    page = client.get("/account")
    assert page.status_code == 200 and "Revoke my token" in page.text
    assert client.post("/account/token/revoke", data={"csrf_token": editor["X-CSRFToken"]}).status_code == 302
    assert client.get("/api/articles", headers=api).status_code == 401
    assert "You have no API token" in client.get("/account").text
    assert events(app, "user.token_revoke")[0][0] == user_named(app, "ed").id


def test_an_admin_disables_enables_resets_and_revokes_with_an_audit_event_each(
    app, client, make_user, login, token_for
):
    ed = make_user("ed")
    root = make_user("root", "admin")
    api = token_for("ed")
    csrf = {"csrf_token": login("root")}
    assert "Revoke" in client.get("/admin/users").text
    assert client.post(f"/admin/users/{ed.id}/disable", data=csrf).status_code == 302
    assert "disabled" in client.get("/admin/users").text
    assert client.post(f"/admin/users/{ed.id}/enable", data=csrf).status_code == 302
    res = client.post(f"/admin/users/{ed.id}/password", data={**csrf, "password": "reset by admin"})
    assert res.status_code == 302
    assert client.post(f"/admin/users/{ed.id}/token/revoke", data=csrf).status_code == 302
    assert client.get("/api/articles", headers=api).status_code == 401
    assert user_named(app, "ed").check_password("reset by admin")
    for action in ("user.disable", "user.enable", "user.password", "user.token_revoke"):
        (actor, _, after), *more = events(app, action)
        assert actor == root.id and after["username"] == "ed" and not more, action
    assert client.get("/admin/users").status_code == 200  # the admin is still logged in


def test_an_admin_who_resets_their_own_password_stays_logged_in(app, client, make_user, login):
    root = make_user("root", "admin")
    csrf = login("root")
    res = client.post(f"/admin/users/{root.id}/password", data={"password": "a fresh one", "csrf_token": csrf})
    assert res.status_code == 302 and client.get("/admin/users").status_code == 200


def test_an_admin_cannot_disable_themselves(app, client, make_user, login):
    root = make_user("root", "admin")
    csrf = login("root")
    res = client.post(f"/admin/users/{root.id}/disable", data={"csrf_token": csrf})
    assert res.status_code == 422 and "cannot disable your own account" in res.text
    assert user_named(app, "root").is_active and events(app, "user.disable") == []


@pytest.mark.parametrize("action", ["disable", "enable", "password", "token/revoke"])
def test_only_admins_act_on_accounts(app, client, make_user, login, action):
    target = make_user("target")
    make_user("ed")
    csrf = login("ed")
    res = client.post(f"/admin/users/{target.id}/{action}", data={"csrf_token": csrf, "password": "long enough"})
    assert res.status_code == 403
    assert user_named(app, "target").is_active and user_named(app, "target").check_password("correct horse")


def test_admin_actions_on_an_unknown_user_are_404(client, make_user, login):
    make_user("root", "admin")
    csrf = login("root")
    assert client.post("/admin/users/999/disable", data={"csrf_token": csrf}).status_code == 404


def test_flask_users_passwd_sets_the_password_and_ends_sessions(app, client, editor):
    out = cli(app, "users", "passwd", "ed", input="a brand new one\n")
    assert out.exit_code == 0, out.output
    assert client.get("/").status_code == 302
    assert user_named(app, "ed").check_password("a brand new one")
    assert events(app, "user.password")[0][0] is None  # done from the command line
    assert cli(app, "users", "passwd", "nobody", input="a brand new one\n").exit_code != 0


def test_tokens_issued_before_expiry_existed_get_the_default_lifetime_on_upgrade(app):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    with app.app_context():
        downgrade(revision="5b1f0c2d9e37")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    'INSERT INTO "user" (username, password_hash, role, token_hash, created_at) '
                    "VALUES ('old', 'x', 'editor', :digest, :now), ('none', 'x', 'editor', NULL, :now)"
                ),
                {"digest": "a" * 64, "now": datetime.now(UTC)},
            )
        upgrade()
    expected = datetime.now(UTC) + timedelta(days=90)
    assert abs(aware(user_named(app, "old").token_expires_at) - expected) < timedelta(minutes=1)
    assert user_named(app, "none").token_expires_at is None
    assert user_named(app, "old").session_generation == 0 and user_named(app, "old").is_active
