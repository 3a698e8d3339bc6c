"""User accounts: passwords, sessions, API tokens (only their digests are stored), disabling.

Every change an admin (or the CLI) makes to an account is an audit event; `actor` is None for the CLI.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select
from werkzeug.security import check_password_hash

from annotator.errors import InvalidInput
from annotator.extensions import db
from annotator.fields import storable_problem
from annotator.models import User, token_digest, utcnow
from annotator.services.editing import record_event
from annotator.vocab import API_TOKEN_DAYS, MIN_PASSWORD_CHARS

# Checked against on unknown usernames so a failed login takes as long either way.
_DUMMY_HASH = "scrypt:32768:8:1$dummysaltdummys$" + "0" * 128


def check_password_rules(password: str, field: str = "password") -> None:
    """The one password rule of every path (CLI, admin page, own page); InvalidInput if broken."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput(f"The password needs at least {MIN_PASSWORD_CHARS} characters.", field)
    problem = storable_problem(field, password)  # a lone surrogate cannot even be hashed
    if problem:
        raise InvalidInput(problem, field)


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def authenticate(username: str, password: str) -> User | None:
    """The user these credentials name, if the password is right and the account is enabled."""
    user = find_user(username)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user


def user_for_session(session_id: str) -> User | None:
    """The user a session cookie names (`<id>.<generation>`), unless that generation was ended or the user disabled."""
    user_id, _, generation = session_id.partition(".")
    if not (user_id.isdigit() and generation.isdigit()):
        return None  # a cookie from before session generations, or forged
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_generation != int(generation):
        return None
    return user


def user_for_token(token: str) -> User | None:
    """The enabled user holding this unexpired API token."""
    return db.session.scalar(
        select(User).where(
            User.token_hash == token_digest(token),
            User.token_expires_at > utcnow(),
            User.disabled_at.is_(None),
        )
    )


def end_sessions(user: User) -> None:
    """Every session cookie of the user, on any machine, stops working (logout ends them all)."""
    user.session_generation += 1
    db.session.commit()


def _event(action: str, user: User, actor: User | None, before: dict | None, after: dict) -> None:
    named = {"user_id": user.id, "username": user.username}
    record_event(action, actor, None, None, {**named, **before} if before else None, {**named, **after})


def issue_token(user: User, days: int = API_TOKEN_DAYS, actor: User | None = None) -> str:
    """A new API token for the user (replacing any earlier one), valid for `days`; only its digest is stored."""
    token = secrets.token_urlsafe(32)
    user.token_hash = token_digest(token)
    user.token_expires_at = utcnow() + timedelta(days=days)
    _event("user.token", user, actor, None, {"token_expires_at": user.token_expires_at.isoformat()})
    db.session.commit()
    return token


def revoke_token(user: User, actor: User | None) -> bool:
    """The user's API token stops working; False if there was none."""
    if user.token_hash is None:
        return False
    user.token_hash = user.token_expires_at = None
    _event("user.token_revoke", user, actor, {"token": True}, {"token": False})
    db.session.commit()
    return True


def set_password(user: User, password: str, actor: User | None) -> None:
    """A new password (by the rules); the user's sessions end, so a stolen cookie dies with the old password."""
    check_password_rules(password)
    user.set_password(password)
    user.session_generation += 1
    _event("user.password", user, actor, None, {"password": "changed"})
    db.session.commit()


def change_own_password(user: User, current: str, new: str) -> None:
    """The user's own password change: the current password is needed, as at login."""
    if not user.check_password(current):
        raise InvalidInput("The current password is wrong.", "current_password")
    set_password(user, new, user)


def set_disabled(user: User, disabled: bool, actor: User | None) -> None:
    """Disable (every session and the token refused at once) or enable the account."""
    if actor is not None and actor.id == user.id and disabled:
        raise InvalidInput("You cannot disable your own account: another admin can.")
    if user.is_active != disabled:
        return  # already so: nothing changes, nothing to record
    user.disabled_at = utcnow() if disabled else None
    if disabled:
        user.session_generation += 1
    action = "user.disable" if disabled else "user.enable"
    _event(action, user, actor, {"disabled": not disabled}, {"disabled": disabled})
    db.session.commit()
