"""Managing articles: the API to edit an article's metadata, delete, restore and re-detect it, and the
admins' page of deleted articles."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request, url_for
from flask_login import current_user, login_required

from annotator.schemas import ArticleEdit, parse
from annotator.services import access, editing, jobs, managing
from annotator.web.auth import role_required

bp = Blueprint("manage", __name__)


@bp.before_request
@login_required
def require_login():
    """Every route here needs a logged-in user (or a valid token, for the API)."""


@bp.patch("/api/articles/<int:article_id>")
def edit_article(article_id: int):
    article = access.article_or_404(article_id, current_user)
    edit = parse(ArticleEdit, request.get_json(silent=True))
    article = managing.edit_metadata(article, edit.changes(), edit.version, current_user)
    return jsonify(editing.article_dict(article, with_text=False))


@bp.delete("/api/articles/<int:article_id>")
def delete_article(article_id: int):
    managing.delete(access.article_or_404(article_id, current_user), current_user)
    return "", 204


@bp.post("/api/articles/<int:article_id>/restore")
def restore_article(article_id: int):
    article = access.deleted_article_or_404(article_id, current_user)
    managing.restore(article, current_user)
    return jsonify(editing.article_dict(article, with_text=False))


@bp.get("/api/articles/deleted")
def deleted_articles():
    return jsonify({"items": managing.deleted_articles(current_user)})


@bp.post("/api/articles/<int:article_id>/redetect")
def redetect(article_id: int):
    article = access.article_or_404(article_id, current_user)
    result, job = jobs.redetect(article, current_user)
    if job is not None:
        # a long article is detected by a job: its suggestions arrive when the job is done
        response = jsonify({"job": jobs.job_dict(job)})
        response.headers["Link"] = f'<{url_for("jobs.status", job_id=job.id)}>; rel="monitor"'
        return response, 202
    return jsonify({**(result or {}), "version": editing.review_version(article)})


@bp.get("/admin/deleted")
@role_required("admin")
def deleted_page():
    return render_template("admin/deleted.html", articles=managing.deleted_articles(current_user))
