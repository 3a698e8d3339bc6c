"""Discussion API: an article's thread of comments, resolving entries, and the mentions waiting for me."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user, login_required

from annotator.extensions import db
from annotator.models import Mention
from annotator.schemas import CommentCreate, CommentState, parse
from annotator.services import access, discussion

bp = Blueprint("discussion", __name__, url_prefix="/api")


@bp.before_request
@login_required
def require_login():
    """Every route here needs a logged-in user or a valid token."""


@bp.get("/articles/<int:article_id>/comments")
def list_comments(article_id: int):
    return jsonify({"items": discussion.thread(access.article_or_404(article_id, current_user))})


@bp.post("/articles/<int:article_id>/comments")
def add_comment(article_id: int):
    article = access.article_or_404(article_id, current_user)
    body = parse(CommentCreate, request.get_json(silent=True))
    comment = discussion.add_comment(article, current_user, body.text, body.attribution_id)
    return jsonify(discussion.comment_dict(comment)), 201


@bp.patch("/comments/<int:comment_id>")
def update_comment(comment_id: int):
    comment = discussion.comment_or_404(comment_id, current_user)
    body = parse(CommentState, request.get_json(silent=True))
    return jsonify(discussion.comment_dict(discussion.set_resolved(comment, current_user, body.resolved)))


@bp.get("/mentions")
def my_mentions():
    return jsonify({"items": discussion.mentions_waiting(current_user)})


@bp.post("/mentions/<int:mention_id>/done")
def mention_done(mention_id: int):
    discussion.mention_done(db.get_or_404(Mention, mention_id), current_user)
    return "", 204
