"""`flask` commands: users and tokens, the demo, detection and evaluation."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from .extensions import db
from .models import ROLES, Article, User

users = AppGroup("users", help="Manage user accounts.")
DEMO_TEXT = Path(__file__).parent / "demo" / "mayadeen.txt"
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
    if len(password) < 8:
        raise click.ClickException("the password needs at least 8 characters")
    user = User(username=name, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"created {role} {name}")


@users.command("token")
@click.argument("name")
def user_token(name: str) -> None:
    """Print a new API token for NAME on the last line (earlier tokens stop working)."""
    from .auth import issue_token

    user = db.session.scalar(select(User).where(User.username == name))
    if user is None:
        raise click.ClickException(f"no user {name!r}")
    click.echo(f"API token for {name} (send it as 'Authorization: Bearer <token>'):")
    click.echo(issue_token(user))


@click.command("demo")
@with_appcontext
def load_demo() -> None:
    """Create the demo editor and load the demo article, unless they exist."""
    from .editing import create_article

    user = db.session.scalar(select(User).where(User.username == DEMO_USER))
    if user is None:
        user = User(username=DEMO_USER, role="editor")
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        db.session.commit()
    text = DEMO_TEXT.read_text(encoding="utf-8")
    if db.session.scalar(select(Article).where(Article.text_hash == Article.hash_text(text))) is None:
        create_article({"text": text, "title": "ISIS leaders flee to Mayadeen, Syria", "outlet": "Associated Press",
                        "byline": "Lolita C. Baldor and Bassem Mroue", "collection": "demo",
                        "url": None, "published": None}, user)
    click.echo(f"demo login: {DEMO_USER} / {DEMO_PASSWORD}")


@click.command("review")
@click.argument("article_id", type=int)
@with_appcontext
def review_command(article_id: int) -> None:
    """Print the sourcing review of an article; exit 1 while a blocking finding is open."""
    from .reviewing import open_blocks, summary

    article = db.session.get(Article, article_id)
    if article is None:
        raise click.ClickException(f"no article {article_id}")
    report = summary(article)
    mix = report["source_mix"]
    click.echo(f"{article.title}  [{article.review_state}]")
    click.echo(f"{len(article.attributions)} attributions, {mix['distinct_sources']} distinct sources, "
               f"{mix['unnamed_share']:.0%} of claims on unnamed sources")
    for finding in report["findings"]:
        click.echo(f"  {finding['severity']:5}  {finding['code']:26}  {finding['message']}")
    blocking = open_blocks(article)
    if blocking:
        click.echo(f"{len(blocking)} blocking finding(s) open")
        sys.exit(1)
    click.echo("no blocking finding open")


def register_commands(app: Flask) -> None:
    """Attach every command to the app's `flask` CLI."""
    from .corpus_commands import export_command, import_command
    from .nlp_commands import detect_command, evaluate_command
    from .train_commands import train_command

    for command in (users, load_demo, review_command, detect_command, evaluate_command, export_command,
                    import_command, train_command):
        app.cli.add_command(command)
