"""`flask export-layers`: a collection's independent annotation (final version, every layer, agreement) as a zip."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Collection
from annotator.services import layer_export


@click.command("export-layers")
@click.argument("collection")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True, help="The zip to write.")
@with_appcontext
def export_layers_command(collection: str, out: str) -> None:
    """Write COLLECTION's final version, each annotator's submitted layer (JSONL and brat) and agreement.json."""
    found = db.session.scalar(select(Collection).where(Collection.name == collection))
    if found is None:
        raise click.BadParameter(f"no collection {collection!r}", param_hint="COLLECTION")
    with open(out, "wb") as fh:
        fh.write(layer_export.layers_zip(found))
    click.echo(f"Wrote {out}.")
