"""The corpus dashboard: the source mix across a collection or a date range, drawn as charts."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from annotator.errors import InvalidInput
from annotator.models import Job
from annotator.review.mix import UNTAGGED
from annotator.schemas import CorpusFilter, parse
from annotator.services import access, corpus_figures, jobs
from annotator.web.charts import hbar, stacked

bp = Blueprint("dashboard", __name__)

STATUS_SERIES = (
    ("on_record", "on record", "#1d4ed8"),
    ("anonymous_reason_given", "unnamed, reason given", "#b45309"),
    ("anonymous_not_authorized", "unnamed, not authorized", "#6d28d9"),
    ("anonymous_no_reason", "unnamed, no reason", "#b91c1c"),
    (None, "no status", "#6b7280"),
)


@bp.get("/dashboard")
@login_required
def index():
    chosen = parse(CorpusFilter, request.args.to_dict())
    collection, start, end = chosen.collection, chosen.start, chosen.end
    if start and end and start > end:
        raise InvalidInput("the From date must not be after the To date", "start")
    # The detector's unreviewed guesses are not the newsroom's sourcing unless asked for.
    suggested = request.args.get("suggested") == "1"
    states = ("accepted", "edited", "suggested") if suggested else ("accepted", "edited")
    visible = access.visible_collections(current_user)
    view = corpus_figures.View("dashboard", visible, collection, start, end, states)
    counted, job = counted_view(view)
    page = {
        "collections": corpus_figures.collection_names(visible),
        "collection": collection,
        "start": start,
        "end": end,
        "suggested": suggested,
        "counted": counted,
        "job": job and jobs.job_dict(job),
    }
    if counted.value is None:
        return render_template("dashboard.html", **page)
    found = counted.value
    mix = found.mix

    # "untagged" counts claims with no value: part of the mix, not a speaker or a body to rank.
    def top(table: dict) -> list[tuple[str, int]]:
        counted = ((k, v["count"]) for k, v in table.items() if v["count"] and k != UNTAGGED)
        return sorted(counted, key=lambda r: -r[1])[:10]

    speakers, affiliations = top(mix["by_speaker"]), top(mix["by_affiliation"])
    charts = {
        "Share of claims on unnamed sources, by outlet": hbar(
            "Share of claims on unnamed sources, by outlet",
            found.unnamed_by_outlet,
            fmt=lambda v: f"{v:.0%}",
            max_value=1,
            color="#b91c1c",
        ),
        "Top speakers": hbar("Top speakers", speakers),
        "Top affiliations": hbar("Top affiliations", affiliations, color="#047857"),
        "Status of the sources, by month (share of each month's claims)": stacked(
            "Status of the sources, by month", found.statuses_by_month, STATUS_SERIES
        ),
    }
    return render_template(
        "dashboard.html", charts=charts, mix=mix, n_articles=found.articles, n_claims=mix["claims"], **page
    )


def counted_view(view: corpus_figures.View) -> tuple[corpus_figures.Counted, Job | None]:
    """`view`'s figures as the page shows them, and the job counting them afresh when the last count is
    stale or missing (None when the figures are current)."""
    counted = corpus_figures.read(view)
    if not counted.stale:
        return counted, None
    job = jobs.recount_later(view, None)  # the corpus's count, no one user's: every viewer follows it
    if job.state == "done":  # counted at once (JOBS_WORKER=immediate)
        return corpus_figures.read(view), None
    return counted, job
