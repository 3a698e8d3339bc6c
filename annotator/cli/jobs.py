"""`flask jobs`: the background jobs, and the worker that runs them beside the web server."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from annotator import jobqueue
from annotator.services import jobs as job_service


@click.group("jobs", invoke_without_command=True)
@click.pass_context
@with_appcontext
def jobs(ctx: click.Context) -> None:
    """List the latest jobs and their state (`flask jobs worker` runs them)."""
    if ctx.invoked_subcommand is not None:
        return
    rows = job_service.recent(None, 100)
    if not rows:
        click.echo("no jobs")
    for job in rows:
        progress = f"{job.done}/{job.total}"
        where = f"article {job.article_id}" if job.article_id else ""
        click.echo(f"{job.id:>6}  {job.kind:7} {job.state:8} {progress:>13}  {where:14} {job.error or ''}".rstrip())


@jobs.command("worker")
@click.option(
    "--workers", default=1, show_default=True, help="Jobs run at once (threads; each detection holds a model)."
)
@with_appcontext
def worker(workers: int) -> None:
    """Run the jobs as they are queued, until stopped (SIGINT or SIGTERM: the running jobs finish first)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config["JOBS_WORKER"] == "immediate":
        raise click.ClickException("JOBS_WORKER=immediate runs jobs in the request: there is nothing to consume")
    storage = app.config["REDIS_URL"] or app.config["JOBS_SQLITE"]
    click.echo(f"consuming {app.config['JOBS_QUEUE_NAME']} at {storage} with {workers} worker(s)")
    jobqueue.consumer(app, workers=workers).run()
