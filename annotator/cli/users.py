"""`flask users` and `flask demo`: accounts, tokens and the demo article."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Article, User
from annotator.vocab import MIN_PASSWORD_CHARS, ROLES

users = AppGroup("users", help="Manage user accounts.")
DEMO_TEXT = Path(__file__).resolve().parents[1] / "demo" / "mayadeen.txt"
DEMO_USER, DEMO_PASSWORD = "demo", "demo-editor"


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\n")


@users.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="editor", show_default=True)
def create_user(name: str, role: str) -> None:
    """Create a user; the password is read from stdin (or prompted on a terminal)."""
    if db.session.scalar(select(User).where(User.username == name)):
        raise click.ClickException(f"user {name!r} already exists")
    password = _read_password()
    if len(password) < MIN_PASSWORD_CHARS:
        raise click.ClickException(f"the password needs at least {MIN_PASSWORD_CHARS} characters")
    user = User(username=name, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"created {role} {name}")


@users.command("token")
@click.argument("name")
def user_token(name: str) -> None:
    """Print a new API token for NAME on the last line (earlier tokens stop working)."""
    from annotator.services.accounts import issue_token

    user = db.session.scalar(select(User).where(User.username == name))
    if user is None:
        raise click.ClickException(f"no user {name!r}")
    click.echo(f"API token for {name} (send it as 'Authorization: Bearer <token>'):")
    click.echo(issue_token(user))


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
