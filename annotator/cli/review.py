"""`flask review`: an article's sourcing review on the command line."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from annotator.extensions import db
from annotator.models import Article


@click.command("review")
@click.argument("article_id", type=int)
@with_appcontext
def review_command(article_id: int) -> None:
    """Print the sourcing review of an article; exit 1 while a blocking finding is open."""
    from annotator.services.reviewing import open_blocks, summary

    article = db.session.get(Article, article_id)
    if article is None:
        raise click.ClickException(f"no article {article_id}")
    report = summary(article)
    mix = report["source_mix"]
    click.echo(f"{article.title}  [{article.review_state}]")
    click.echo(
        f"{len(article.attributions)} attributions, {mix['distinct_sources']} distinct sources, "
        f"{mix['unnamed_share']:.0%} of claims on unnamed sources"
    )
    for finding in report["findings"]:
        click.echo(f"  {finding['severity']:5}  {finding['code']:26}  {finding['message']}")
    blocking = open_blocks(article)
    if blocking:
        click.echo(f"{len(blocking)} blocking finding(s) open")
        sys.exit(1)
    click.echo("no blocking finding open")
