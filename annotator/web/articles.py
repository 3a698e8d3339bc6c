"""Pages: the article list, creating an article, and the article workbench."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from annotator.errors import InvalidInput
from annotator.schemas import ArticleCreate, parse
from annotator.services import access, editing, jobs, layers, reviewing, search
from annotator.services.ingest import article_from_upload
from annotator.vocab import CHOICES, FORM_TAGS, SPAN_FIELDS, SPEAKER_TYPES, STATES, STATUSES
from annotator.web.forms import ArticleForm
from annotator.web.highlight import render
from annotator.web.search import filtered_page

bp = Blueprint("articles", __name__)


@bp.before_request
@login_required
def require_login():
    """Every page here needs a logged-in user."""


@bp.get("/articles")
@bp.get("/")  # registered first, so the links to the list (url_for) say `/`
def index():
    return filtered_page("articles/index.html", search.articles, per_page=50)


@bp.route("/articles/new", methods=["GET", "POST"])
def new():
    form = ArticleForm()
    if form.validate_on_submit():
        data = {
            name: form[name].data for name in ("title", "outlet", "byline", "url", "published", "collection", "text")
        }
        # Browsers submit a textarea with CRLF line breaks whatever was pasted; the article has LF.
        data["text"] = (data["text"] or "").replace("\r\n", "\n")
        max_bytes = current_app.config["ARTICLE_MAX_BYTES"]
        try:
            if form.upload.data:
                upload = form.upload.data
                extracted = article_from_upload(upload.filename or "", upload.read(), max_bytes)
                # What the editor typed wins over what the file says about itself.
                data = {**extracted, **{k: v for k, v in data.items() if v}, "text": extracted["text"]}
            fields = parse(ArticleCreate, data, max_bytes=max_bytes).fields()
        except InvalidInput as err:
            form[err.field if err.field in form else "text"].errors.append(err.message)
            return render_template("articles/new.html", form=form), err.status
        article, job = jobs.create_article(fields, current_user)
        if job is not None:
            if job.state == "failed":
                flash(f"Article created, but its detection failed: {job.error}", "error")
            elif job.state != "done":
                flash("Article created; the detector is reading it (the page shows how far it got).", "ok")
            else:
                flash(f"Article created. {(job.result or {}).get('message', '')}", "ok")
            return redirect(url_for("articles.show", article_id=article.id))
        stopped = " and stopped there, at the limit for one article" if editing.detection_stopped_at(article) else ""
        flash(f"Article created; the detector suggested {len(article.attributions):,} attributions{stopped}.", "ok")
        return redirect(url_for("articles.show", article_id=article.id))
    return render_template("articles/new.html", form=form), 422 if form.errors else 200


@bp.get("/articles/<int:article_id>")
def show(article_id: int):
    article = access.article_or_404(article_id, current_user)
    layer = layers.layer_of(article, current_user)
    if layer is None:
        attributions = [editing.attribution_dict(a) for a in article.attributions]
        counts = editing.state_counts([article.id])[article.id]
    else:  # an independent annotator sees and changes their own layer only
        layers.open_layer(article, current_user)
        attributions = [editing.attribution_dict(a) for a in layers.layer_rows(article, layer)]
        counts = {state: sum(a["state"] == state for a in attributions) for state in STATES}
    choices = {name: CHOICES[name] for name in FORM_TAGS if name in CHOICES}
    job = jobs.active_detection(article.id)
    return render_template(
        "articles/show.html",
        article=article,
        attributions=attributions,
        counts=counts,
        marked_text=render(article.text, attributions),
        choices=choices,
        vocab={"tags": FORM_TAGS, "span_fields": SPAN_FIELDS, "choices": choices},
        list_filters={"status": STATUSES, "state": STATES, "speaker_type": SPEAKER_TYPES},
        review=reviewing.summary_for(article, current_user),
        stopped_at=editing.detection_stopped_at(article),
        job=jobs.job_dict(job) if job else None,
        layer=layers.layer_state(article, current_user),
        independent=layers.independent_summary(article, current_user),
        # the panel assigning this article: its collection's curators and the admins
        can_assign=article.collection is not None
        and (access.is_admin(current_user) or access.role_in(article.collection, current_user) == "curator"),
    )
