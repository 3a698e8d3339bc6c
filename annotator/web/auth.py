"""Logging in: session cookies for people, bearer tokens for scripts, roles for both."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash

from annotator.extensions import csrf, db, login_manager
from annotator.models import User, token_digest
from annotator.web.forms import LoginForm

bp = Blueprint("auth", __name__)

# Checked against on unknown usernames so a failed login takes as long either way.
_DUMMY_HASH = "scrypt:32768:8:1$dummysaltdummys$" + "0" * 128


def bearer_token() -> str | None:
    auth = request.headers.get("Authorization", "")
    scheme, _, token = auth.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    # A request that presents a token is judged by the token alone, never by a cookie
    # riding along with it (that request skips CSRF).
    if bearer_token():
        return None
    return db.session.get(User, int(user_id))


@login_manager.request_loader
def load_user_from_token(req) -> User | None:
    token = bearer_token()
    if not token:
        return None
    return db.session.scalar(select(User).where(User.token_hash == token_digest(token)))


def protect_csrf() -> None:
    """CSRF on every unsafe request but those authenticated by a bearer token."""
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or bearer_token():
        return
    if request.path.startswith("/api/") and not current_user.is_authenticated:
        return  # refused as unauthenticated (401) before it can change anything
    csrf.protect()


def role_required(*roles: str):
    """Allow only users with one of these roles (admins may do anything)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles and current_user.role != "admin":
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data))
        if user is None:
            check_password_hash(_DUMMY_HASH, form.password.data)
        elif user.check_password(form.password.data):
            login_user(user)
            target = request.args.get("next", "")
            # Only same-site paths: an open redirect would make the login page a phishing aid.
            if not target.startswith("/") or target.startswith("//"):
                target = url_for("articles.index")
            return redirect(target)
        flash("Wrong username or password.", "error")
    return render_template("login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    return redirect(url_for("auth.login"))
