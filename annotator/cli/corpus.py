"""`flask export` and `flask import`: annotated corpora in and out, with progress bars."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from tqdm import tqdm

from annotator.errors import InvalidInput
from annotator.extensions import db
from annotator.formats.detect_format import EXPORT_FORMATS, IMPORT_FORMATS, UnknownFormat, export, read_corpus
from annotator.formats.records import ImportLimits, collect
from annotator.models import User
from annotator.schemas import CorpusFilter, parse
from annotator.services import corpus
from annotator.vocab import REVIEW_STATES


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), required=True)
@click.option("--collection", help="Only this collection.")
@click.option("--state", type=click.Choice(REVIEW_STATES), help="Only articles in this review state.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@with_appcontext
def export_command(fmt: str, collection: str | None, state: str | None, out: str | None) -> None:
    """Write the annotated corpus in FORMAT, streaming article by article."""
    try:
        collection = parse(CorpusFilter, {"collection": collection}).collection
    except InvalidInput as err:
        raise click.BadParameter(err.message, param_hint="--collection") from None
    spec = EXPORT_FORMATS[fmt]
    total = corpus.count(collection, state)
    records = tqdm(
        corpus.export_records(collection, state),
        total=total,
        unit="article",
        file=sys.stderr,
        disable=None,
        desc=f"export {fmt}",
    )
    if out:
        opened = open(out, "wb") if spec.binary else open(out, "w", encoding="utf-8", newline="")  # noqa: SIM115
        with opened as fh:
            export(fmt, records, fh)
    else:
        stream = sys.stdout.buffer if spec.binary else sys.stdout
        export(fmt, records, stream)
        stream.flush()


def _admin(username: str | None) -> User:
    """The admin account named by --by, who answers for the review states an import keeps."""
    if not username:
        raise click.UsageError("--keep-review-state needs --by ADMIN: the admin account that answers for the states")
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None or user.role != "admin":
        raise click.UsageError(f"--by {username}: no admin account of that name")
    return user


@click.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["auto", *IMPORT_FORMATS]), default="auto", show_default=True)
@click.option("--collection", help="Put every imported article in this collection.")
@click.option(
    "--detect/--no-detect",
    default=True,
    show_default=True,
    help="Run the detector on articles that come without attributions.",
)
@click.option("--skip-bad", is_flag=True, help="Import the good records and report the bad ones.")
@click.option(
    "--allow-duplicates",
    is_flag=True,
    help="Import articles already there (same text and URL) again instead of skipping them.",
)
@click.option(
    "--keep-review-state",
    is_flag=True,
    help="Keep the review state each record carries (default: every article starts as a draft); needs --by.",
)
@click.option("--by", "by", metavar="ADMIN", help="The admin account recorded as keeping the review states.")
@click.option(
    "--processes",
    type=click.IntRange(1, 16),
    default=1,
    show_default=True,
    help="Detector processes for large imports.",
)
@with_appcontext
def import_command(
    path: Path,
    fmt: str,
    collection: str | None,
    detect: bool,
    skip_bad: bool,
    allow_duplicates: bool,
    keep_review_state: bool,
    by: str | None,
    processes: int,
) -> None:
    """Import articles from PATH (file, folder or zip); all or nothing unless --skip-bad.

    Every article starts as a draft unless an admin passes --keep-review-state --by ADMIN.
    """
    admin = _admin(by) if keep_review_state else None
    config = current_app.config
    try:
        report = collect(
            tqdm(
                read_corpus(path, fmt, max_bytes=config["ARTICLE_MAX_BYTES"], limits=ImportLimits.of(config)),
                unit="record",
                file=sys.stderr,
                disable=None,
                desc="read",
            )
        )
    except (UnknownFormat, InvalidInput) as err:
        raise click.ClickException(str(err)) from None
    for problem in report.problems:
        click.echo(f"{'skipped' if skip_bad else 'error'}: {problem}", err=True)
    if report.problems and not skip_bad:
        raise click.ClickException(
            f"{len(report.problems)} bad record(s); nothing was imported "
            "(fix them, or pass --skip-bad to import the rest)"
        )
    records, duplicates = (report.records, []) if allow_duplicates else corpus.split_duplicates(report.records)
    for duplicate in duplicates:
        click.echo(f"skipped duplicate: {duplicate}", err=True)
    suggestions = corpus.suggestions_for(records, processes) if detect else None
    with tqdm(total=len(records), unit="article", file=sys.stderr, disable=None, desc="import") as bar:
        try:
            articles, attributions = corpus.import_records(
                records,
                admin,
                collection=collection,
                detected=suggestions,
                keep_review_state=keep_review_state,
                progress=bar.update,
            )
        except InvalidInput as err:  # a record over the attribution limit: the import wrote nothing
            raise click.ClickException(f"{err.message}; nothing was imported") from None
    skipped = f", skipped {len(report.problems)} bad record(s)" if report.problems else ""
    if duplicates:
        skipped += f", skipped {len(duplicates)} duplicate(s) (--allow-duplicates imports them)"
    click.echo(f"imported {articles} article(s) with {attributions} attribution(s){skipped}")
