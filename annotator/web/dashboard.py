"""The corpus dashboard: the source mix across a collection or a date range, drawn as charts."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from annotator.errors import InvalidInput
from annotator.review.mix import UNTAGGED
from annotator.schemas import CorpusFilter, parse
from annotator.services import access, corpus_figures
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
    seen = access.scope(current_user)
    found = corpus_figures.dashboard(collection, start, end, states, seen)
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
        "dashboard.html",
        charts=charts,
        mix=mix,
        n_articles=found.articles,
        n_claims=mix["claims"],
        collections=corpus_figures.collection_names(seen),
        collection=collection,
        start=start,
        end=end,
        suggested=suggested,
    )
