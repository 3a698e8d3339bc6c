"""Logging in: session cookies for people, bearer tokens for scripts, roles for both; login throttling."""

from __future__ import annotations

import logging
import math
import time
import unicodedata
from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import (
    Blueprint,
    Flask,
    Request,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask_limiter import RequestLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from limits import RateLimitItem
from limits import parse as parse_limit

from annotator.extensions import csrf, limiter, login_manager
from annotator.models import User
from annotator.services import accounts
from annotator.web.forms import LoginForm

bp = Blueprint("auth", __name__)

# Logins are the security trail: kept at INFO even where the root logger keeps only warnings.
log = logging.getLogger("annotator.auth")
log.setLevel(logging.INFO)


def bearer_token(req: Request | None = None) -> str | None:
    auth = (req or request).headers.get("Authorization", "")
    scheme, _, token = auth.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class TokenRequestsHaveNoSession(SecureCookieSessionInterface):
    """A request that presents a bearer token is judged by the token alone: its cookie is neither read
    nor set, so a cookie riding along can neither lend it a session nor, by failing Flask-Login's
    session protection, cost it the token's user."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if bearer_token(request):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if not bearer_token():
            super().save_session(app, session, response)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    # A request that presents a token is judged by the token alone, never by a cookie
    # riding along with it (that request skips CSRF).
    if bearer_token():
        return None
    return _named(accounts.user_for_session(session_id))


@login_manager.request_loader
def load_user_from_token(req) -> User | None:
    token = bearer_token()
    return _named(accounts.user_for_token(token)) if token else None


def _named(user: User | None) -> User | None:
    """Keep the user's name for the request's log lines: after a save's commit, reading it would cost a query."""
    if user is not None:
        g.username = user.username
    return user


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


def same_site_path(target: str) -> str | None:
    """`target` if it is a path on this site, else None: an open redirect would make the login page a phishing aid.

    Browsers drop tabs and newlines inside a URL and read `\\` as `/`, and a proxy may decode once more, so every
    percent-decoding of the target must still be a plain path: no scheme, no host, no `//` start, no backslash,
    no control character and no white space before the query.
    """
    probe = target
    for _ in range(4):
        path = probe.split("?", 1)[0].split("#", 1)[0]
        if (
            not probe.startswith("/")
            or probe.startswith("//")
            or "\\" in probe
            or any(unicodedata.category(c) == "Cc" for c in probe)
            or any(c.isspace() for c in path)
        ):
            return None
        parts = urlsplit(probe)
        if parts.scheme or parts.netloc:
            return None
        decoded = unquote(probe)
        if decoded == probe:
            return target
        probe = decoded
    return None  # encoded more deeply than any real link


def _address_key() -> str:
    return "address:" + get_remote_address()


def _log_throttled(limit: RequestLimit) -> None:
    log.warning(
        "login throttled: user=%r address=%s limit=%s", request.form.get("username"), request.remote_addr, limit.limit
    )


THROTTLED = "Too many failed logins. Wait a minute, then try again."


def _account_limit() -> RateLimitItem:
    return parse_limit(current_app.config["LOGIN_FAILURES_PER_ACCOUNT"])


def take_password_attempt(username: str) -> int | None:
    """Count a password check against the account before it is made; the seconds to wait when over the limit.

    Counted before, not after: guesses sent at the same moment each take their turn in the (atomic)
    counter, so no burst gets more checks than the limit. A correct password clears the count
    (`password_attempts_succeeded`), so only failures add up.
    """
    limit = _account_limit()
    if limiter.limiter.hit(limit, "password", username):
        return None
    reset, _ = limiter.limiter.get_window_stats(limit, "password", username)
    log.warning("login throttled: user=%r address=%s", username, request.remote_addr)
    return max(1, math.ceil(reset - time.time()))


def password_attempts_succeeded(username: str) -> None:
    limiter.limiter.clear(_account_limit(), "password", username)


# The address limit counts every attempt, checked before the view runs; the account limit is taken in the
# view, before the password hash: a refused attempt costs no hashing either way.
@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_ATTEMPTS_PER_ADDRESS"],
    key_func=_address_key,
    methods=["POST"],
    scope="login-address",
    error_message=THROTTLED,
    on_breach=_log_throttled,
)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        wait = take_password_attempt(form.username.data)
        if wait is not None:
            flash(THROTTLED, "error")
            return render_template("login.html", form=form), 429, {"Retry-After": str(wait)}
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is not None:
            password_attempts_succeeded(user.username)
            login_user(_named(user))
            log.info("login: user=%r address=%s", user.username, request.remote_addr)
            return redirect(same_site_path(request.args.get("next", "")) or url_for("articles.index"))
        log.warning("login failed: user=%r address=%s", form.username.data, request.remote_addr)
        flash("Wrong username or password.", "error")
    return render_template("login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    accounts.end_sessions(current_user)
    logout_user()
    return redirect(url_for("auth.login"))
