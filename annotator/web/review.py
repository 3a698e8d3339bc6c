"""Sourcing review: the findings API, workflow decisions, corroboration links and the printable report."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask_login import current_user, login_required

from annotator.errors import InvalidInput
from annotator.models import utcnow
from annotator.review import in_sourcing
from annotator.schemas import CorroborationLink, ReviewDecision, parse
from annotator.services import access, corroboration, reviewing

bp = Blueprint("review", __name__)


@bp.before_request
@login_required
def require_login():
    """Every route here needs a logged-in user or a valid token."""


@bp.get("/api/articles/<int:article_id>/review")
def get_review(article_id: int):
    return jsonify(reviewing.summary_for(access.article_or_404(article_id, current_user), current_user))


@bp.post("/api/articles/<int:article_id>/review")
def post_review(article_id: int):
    article = access.article_or_404(article_id, current_user)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput("the request body must be a JSON object", status=400)
    body = parse(ReviewDecision, data)
    overrides = [o.model_dump() for o in body.overrides]
    reviewing.decide(
        article,
        current_user,
        body.decision,
        body.note,
        overrides,
        version=body.version,
        separation=current_app.config["REVIEW_SEPARATION"],
    )
    return jsonify(reviewing.summary_for(article, current_user))


@bp.post("/api/attributions/<int:attribution_id>/corroborations")
def add_corroboration(attribution_id: int):
    attribution = access.attribution_or_404(attribution_id, current_user)
    body = parse(CorroborationLink, request.get_json(silent=True))
    corroboration.link(attribution, body.corroborating_id, current_user)
    return jsonify({"attribution_id": attribution_id, "corroborated_by": corroboration.linked_ids(attribution_id)}), 201


@bp.delete("/api/attributions/<int:attribution_id>/corroborations/<int:other_id>")
def remove_corroboration(attribution_id: int, other_id: int):
    attribution = access.attribution_or_404(attribution_id, current_user)
    if not corroboration.unlink(attribution, other_id, current_user):
        abort(404)
    return "", 204


@bp.get("/articles/<int:article_id>/review")
def report(article_id: int):
    """The printable review report."""
    article = access.article_or_404(article_id, current_user)
    summary = reviewing.summary(article)
    record = reviewing.record_of(article)
    # the report lists the article's sourcing, as its source mix counts it: rejected claims left out
    listed = in_sourcing(record)
    return render_template(
        "review/report.html",
        article=article,
        summary=summary,
        claims={c.id: c for c in record.claims},
        listed=listed,
        rejected=len(record.claims) - len(listed),
        badges=summary["badges"],
        now=utcnow().strftime("%Y-%m-%d %H:%M UTC"),
    )
