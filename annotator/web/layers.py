"""API of independent annotation: submitting one's layer, agreement per article and collection, adjudication."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user, login_required

from annotator.schemas import AdjudicationPick, parse
from annotator.services import access, adjudication, agreement_figures, layers

bp = Blueprint("layers", __name__, url_prefix="/api")


@bp.before_request
@login_required
def require_login():
    """Every route here needs a logged-in user or a valid token."""


@bp.post("/articles/<int:article_id>/submit")
def submit_layer(article_id: int):
    article = access.article_or_404(article_id, current_user)
    layers.submit(article, current_user)
    return jsonify(layers.layer_state(article, current_user))


@bp.get("/articles/<int:article_id>/agreement")
def article_agreement(article_id: int):
    article = access.article_or_404(article_id, current_user)
    layers.may_see_layers(article, current_user)
    return jsonify(agreement_figures.article_agreement(article))


@bp.get("/collections/<int:collection_id>/agreement")
def collection_agreement(collection_id: int):
    collection = access.collection_or_404(collection_id, current_user)
    return jsonify(agreement_figures.collection_agreement(collection))


@bp.get("/articles/<int:article_id>/adjudication")
def get_adjudication(article_id: int):
    article = access.article_or_404(article_id, current_user)
    return jsonify(adjudication.view(article, current_user))


@bp.post("/articles/<int:article_id>/adjudication")
def pick(article_id: int):
    article = access.article_or_404(article_id, current_user)
    body = parse(AdjudicationPick, request.get_json(silent=True))
    return jsonify(adjudication.pick(article, current_user, body))
