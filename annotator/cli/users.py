"""`flask users` and `flask demo`: accounts, tokens and the demo article."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from annotator.errors import InvalidInput
from annotator.extensions import db
from annotator.models import Article, User
from annotator.services import accounts
from annotator.vocab import ROLES

users = AppGroup("users", help="Manage user accounts.")
DEMO_TEXT = Path(__file__).resolve().parents[1] / "demo" / "mayadeen.txt"
DEMO_USER, DEMO_PASSWORD = "demo", "demo-editor"


def _read_password() -> str:
    """A password by the rules, from stdin (or prompted on a terminal)."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        accounts.check_password_rules(password)
    except InvalidInput as err:
        raise click.ClickException(err.message) from err
    return password


def _user(name: str) -> User:
    user = accounts.find_user(name)
    if user is None:
        raise click.ClickException(f"no user {name!r}")
    return user


@users.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="editor", show_default=True)
def create_user(name: str, role: str) -> None:
    """Create a user; the password is read from stdin (or prompted on a terminal)."""
    if accounts.find_user(name):
        raise click.ClickException(f"user {name!r} already exists")
    password = _read_password()
    user = User(username=name, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"created {role} {name}")


@users.command("token")
@click.argument("name")
def user_token(name: str) -> None:
    """Print a new API token for NAME on the last line (earlier tokens stop working)."""
    user = _user(name)
    token = accounts.issue_token(user, current_app.config["API_TOKEN_DAYS"])
    expires = user.token_expires_at
    click.echo(f"API token for {name}, valid until {expires:%Y-%m-%d} (send it as 'Authorization: Bearer <token>'):")
    click.echo(token)


@users.command("revoke")
@click.argument("name")
def revoke_token(name: str) -> None:
    """Revoke NAME's API token."""
    revoked = accounts.revoke_token(_user(name), None)
    click.echo(f"revoked the API token of {name}" if revoked else f"{name} has no API token")


@users.command("disable")
@click.argument("name")
def disable_user(name: str) -> None:
    """Disable NAME: every session and the API token are refused at once."""
    accounts.set_disabled(_user(name), True, None)
    click.echo(f"disabled {name}")


@users.command("enable")
@click.argument("name")
def enable_user(name: str) -> None:
    """Enable NAME again (their token, if unexpired, works again; sessions must log in anew)."""
    accounts.set_disabled(_user(name), False, None)
    click.echo(f"enabled {name}")


@users.command("passwd")
@click.argument("name")
def set_password(name: str) -> None:
    """Set NAME's password from stdin (or a prompt); their sessions are logged out."""
    user = _user(name)
    accounts.set_password(user, _read_password(), None)
    click.echo(f"new password set for {name}")


@click.command("demo")
@with_appcontext
def load_demo() -> None:
    """Create the demo editor and load the demo article, unless they exist."""
    from annotator.services.editing import create_article

    user = db.session.scalar(select(User).where(User.username == DEMO_USER))
    if user is None:
        user = User(username=DEMO_USER, role="editor")
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        db.session.commit()
    text = DEMO_TEXT.read_text(encoding="utf-8")
    if db.session.scalar(select(Article).where(Article.text_hash == Article.hash_text(text))) is None:
        create_article(
            {
                "text": text,
                "title": "ISIS leaders flee to Mayadeen, Syria",
                "outlet": "Associated Press",
                "byline": "Lolita C. Baldor and Bassem Mroue",
                "collection": "demo",
                "url": None,
                "published": None,
            },
            user,
        )
    click.echo(f"demo login: {DEMO_USER} / {DEMO_PASSWORD}")
