"""Pages of independent annotation: the curator's adjudication, a collection's agreement, its layers' download."""

from __future__ import annotations

from flask import Blueprint, Response, render_template
from flask_login import current_user, login_required
from werkzeug.utils import secure_filename

from annotator.errors import Forbidden
from annotator.services import access, adjudication, agreement_figures, layer_export
from annotator.vocab import CHOICES
from annotator.web.charts import hbar

bp = Blueprint("layer_pages", __name__)


@bp.before_request
@login_required
def require_login():
    """Every page here needs a logged-in user."""


@bp.get("/articles/<int:article_id>/adjudication")
def adjudicate(article_id: int):
    """The page is built on GET/POST /api/articles/<id>/adjudication (static/adjudication.js)."""
    article = access.article_or_404(article_id, current_user)
    adjudication.may_adjudicate(article, current_user)
    choices = {name: CHOICES[name] for name in ("kind", "speaker_type", "status")}
    return render_template("adjudication/show.html", article=article, choices=choices)


def _chart(figures: dict):
    rows = [(f"alpha: {tag.replace('_', ' ')}", v) for tag, v in figures["alpha"].items() if v is not None]
    for pair in figures["pairs"]:
        who = " & ".join(pair["annotators"])
        rows += [(f"{who}: {role} F1", pair[f"{role}_f1"]) for role in ("content", "source", "cue")]
        if pair["speaker_agreement"] is not None:
            rows.append((f"{who}: speaker", pair["speaker_agreement"]))
    # alpha below 0 (worse than chance) draws as an empty bar; its figure is printed beside it
    return hbar(
        "Agreement (1 is perfect)", [(label, max(v, 0.0)) for label, v in rows], fmt="{:.2f}".format, max_value=1
    )


@bp.get("/collections/<int:collection_id>/agreement")
def collection_agreement(collection_id: int):
    collection = access.collection_or_404(collection_id, current_user)
    figures = agreement_figures.collection_agreement(collection)
    curator = access.is_admin(current_user) or access.role_in(collection.name, current_user) == "curator"
    return render_template(
        "adjudication/agreement.html", collection=collection, figures=figures, chart=_chart(figures), curator=curator
    )


@bp.get("/collections/<int:collection_id>/layers.zip")
def layers_download(collection_id: int):
    collection = access.collection_or_404(collection_id, current_user)
    if not access.is_admin(current_user) and access.role_in(collection.name, current_user) != "curator":
        raise Forbidden("Only a curator of the collection (or an admin) downloads every annotator's layer.")
    name = secure_filename(collection.name) or "collection"
    return Response(
        layer_export.layers_zip(collection),
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}-layers.zip"'},
    )
