"""Accept-many API: count the suggestions a filter takes, accept them in one batch, undo the batch in one."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user, login_required

from annotator.schemas import AcceptMany, SuggestionFilter, parse
from annotator.services import access, batches, layers

bp = Blueprint("batches", __name__, url_prefix="/api")


@bp.before_request
@login_required
def require_login():
    """Every route here needs a logged-in user or a valid token."""


@bp.get("/articles/<int:article_id>/accept")
def preview(article_id: int):
    article = access.article_or_404(article_id, current_user)
    given = parse(SuggestionFilter, request.args.to_dict()).given()
    return jsonify(batches.preview(article, given, layers.layer_of(article, current_user)))


@bp.post("/articles/<int:article_id>/accept")
def accept_many(article_id: int):
    article = access.article_or_404(article_id, current_user)
    body = parse(AcceptMany, request.get_json(silent=True))
    batch, saved = batches.accept_many(
        article,
        body.given(),
        current_user,
        versions=body.versions,
        article_version=body.article_version,
        layer=layers.layer_of(article, current_user),  # an independent annotator accepts in their own layer
    )
    return jsonify({"batch": batches.batch_dict(batch), "attributions": saved}), 201


@bp.get("/articles/<int:article_id>/batches")
def list_batches(article_id: int):
    return jsonify({"items": batches.article_batches(access.article_or_404(article_id, current_user))})


@bp.post("/batches/<int:batch_id>/undo")
def undo(batch_id: int):
    batch = batches.batch_or_404(batch_id, current_user)
    saved = batches.undo(batch, current_user)
    return jsonify({"batch": batches.batch_dict(batch), "attributions": saved})
