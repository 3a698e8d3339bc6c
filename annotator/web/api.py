"""JSON API: articles and their attributions, for the page's scripts and for other tools."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from annotator.errors import InvalidInput
from annotator.extensions import db
from annotator.models import Speaker
from annotator.schemas import ArticleCreate, AttributionCreate, AttributionEdit, SearchFilter, parse
from annotator.services import access, editing, jobs, layers, search
from annotator.vocab import MAX_ID

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.before_request
@login_required
def require_login():
    """Every API route needs a logged-in user or a valid token."""


def _json_body() -> dict:
    data = request.get_json(silent=True)
    if data is None:
        raise InvalidInput("the request body must be JSON (Content-Type: application/json)", status=400)
    return data


@bp.post("/articles")
def create_article():
    fields = parse(ArticleCreate, _json_body(), max_bytes=current_app.config["ARTICLE_MAX_BYTES"]).fields()
    article, job = jobs.create_article(fields, current_user)
    response = jsonify(editing.article_dict(article))
    if job is not None:
        # a long article is detected by a job: its suggestions arrive when the job is done
        response.headers["Link"] = f'<{url_for("jobs.status", job_id=job.id)}>; rel="monitor"'
    return response, 201


@bp.get("/articles")
def list_articles():
    return jsonify(search.articles(parse(SearchFilter, request.args.to_dict()), current_user).as_dict())


@bp.get("/articles/<int:article_id>")
def get_article(article_id: int):
    article = access.article_or_404(article_id, current_user)
    out = editing.article_dict(article)
    layer = layers.layer_of(article, current_user)
    if layer is not None:  # an independent annotator reads and changes their own layer
        layers.open_layer(article, current_user)
        out["attributions"] = [editing.attribution_dict(a) for a in layers.layer_rows(article, layer)]
        out["layer"] = layers.layer_state(article, current_user)
    return jsonify(out)


@bp.post("/articles/<int:article_id>/attributions")
def add_attribution(article_id: int):
    article = access.article_or_404(article_id, current_user)
    fields = parse(AttributionCreate, _json_body(), text_length=len(article.text)).changes()
    layer = layers.layer_of(article, current_user)
    layers.writable(article, layer)
    if layer is not None:
        layers.open_layer(article, current_user)
    attribution = editing.add_attribution(article, fields, current_user, layer=layer)
    return jsonify(editing.attribution_dict(attribution)), 201


@bp.patch("/attributions/<int:attribution_id>")
def update_attribution(attribution_id: int):
    # The article comes in the same query: its text length bounds the spans, and the save takes its lock.
    attribution = access.attribution_or_404(attribution_id, current_user)
    edit = parse(AttributionEdit, _json_body(), text_length=len(attribution.article.text))
    layers.writable(attribution.article, attribution.layer_user_id)
    return jsonify(editing.update_attribution(attribution, edit.changes(), edit.version, current_user))


@bp.delete("/attributions/<int:attribution_id>")
def delete_attribution(attribution_id: int):
    attribution = access.attribution_or_404(attribution_id, current_user)
    raw = request.args.get("version")
    if raw is None:
        raise InvalidInput("version (the version you are deleting) is required", "version")
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_ID:
        raise InvalidInput(f"version must be a whole number from 1 (got {raw!r})", "version")
    version = int(raw)
    layers.writable(attribution.article, attribution.layer_user_id)
    editing.delete_attribution(attribution, version, current_user)
    return "", 204


@bp.get("/attributions/<int:attribution_id>/history")
def attribution_history(attribution_id: int):
    access.history_or_404(attribution_id, current_user)
    events = editing.history(attribution_id)
    return jsonify({"attribution_id": attribution_id, "events": events})


@bp.get("/speakers")
def speakers():
    """Registry suggestions for the speaker field, by name prefix or word."""
    q = request.args.get("q", "").strip()
    if "\x00" in q:  # PostgreSQL compares no NUL in text
        raise InvalidInput("q contains a NUL byte", "q")
    query = select(Speaker).order_by(Speaker.name).limit(10)
    if q:
        query = query.where(func.lower(Speaker.name).contains(q.lower(), autoescape=True))
    return jsonify(
        [
            {"name": s.name, "speaker_type": s.speaker_type, "affiliation": s.affiliation, "role": s.role}
            for s in db.session.scalars(query)
        ]
    )
