"""`flask collections`: list the collections and add members, through the API's validation."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from annotator.errors import Conflict, InvalidInput
from annotator.extensions import db
from annotator.models import Collection
from annotator.schemas import MemberAdd, parse
from annotator.services import collections as service
from annotator.vocab import COLLECTION_ROLES

collections = AppGroup("collections", help="Collections and their members.")


@collections.command("list")
def list_collections() -> None:
    """Every collection with its members and their roles."""
    found = list(db.session.scalars(select(Collection).order_by(Collection.name)))
    if not found:
        click.echo("no collections")
    for c in found:
        team = ", ".join(f"{m['username']} ({m['role']})" for m in service.members(c)) or "no members"
        click.echo(f"{c.name}  [{c.annotators_per_article} annotator(s) per article]: {team}")


@collections.command("add-member")
@click.argument("collection")
@click.argument("username")
@click.option("--role", required=True, help=f"One of: {', '.join(COLLECTION_ROLES)}.")
def add_member(collection: str, username: str, role: str) -> None:
    """Make USERNAME a member of COLLECTION with ROLE (the command line acts as an admin)."""
    try:
        body = parse(MemberAdd, {"username": username, "role": role})
        found = db.session.scalar(select(Collection).where(Collection.name == collection))
        if found is None:
            raise click.ClickException(f"no collection {collection!r}")
        service.add_member(found, body.username, body.role, None)
    except InvalidInput as err:
        raise click.ClickException(err.message) from None
    except Conflict as err:
        raise click.ClickException(err.message or str(err)) from None
    click.echo(f"{body.username} is now {body.role} of {collection}")
