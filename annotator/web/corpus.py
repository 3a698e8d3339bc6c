"""Corpus pages: collections with their downloads, streaming exports, and the import form."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.utils import secure_filename
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Length, Optional

from annotator.formats.detect_format import EXPORT_FORMATS, IMPORT_FORMATS
from annotator.schemas import CorpusFilter, parse
from annotator.services import access, corpus, corpus_figures, jobs
from annotator.services import collections as teams
from annotator.vocab import MAX_LENGTHS, REVIEW_STATES
from annotator.web.dashboard import counted_view

bp = Blueprint("corpus", __name__)


class ImportForm(FlaskForm):
    upload = FileField("File (.jsonl, .zip of brat or text files, .txt, .html, .spacy)", validators=[FileRequired()])
    fmt = SelectField("Format", choices=["auto", *IMPORT_FORMATS], default="auto")
    collection = StringField("Collection", validators=[Optional(), Length(max=MAX_LENGTHS["collection"])])
    detect = BooleanField("Run the detector on articles without attributions", default=True)
    skip_bad = BooleanField("Import the good records and skip the bad ones")
    allow_duplicates = BooleanField("Import articles already here (same text and URL) again")


@bp.before_request
@login_required
def require_login():
    """Every page here needs a logged-in user."""


@bp.get("/collections")
def collections():
    view = corpus_figures.View("collections", access.visible_collections(current_user))
    counted, job = counted_view(view)
    # the collections the user works in, for the links to their pages
    ids = {c["name"]: c["id"] for c in teams.listing(current_user)}
    return render_template(
        "corpus/collections.html",
        rows=counted.value,
        counted=counted,
        job=job and jobs.job_dict(job),
        ids=ids,
        formats=EXPORT_FORMATS,
        states=REVIEW_STATES,
        name_max=MAX_LENGTHS["collection"],
    )


@bp.route("/export", methods=["GET", "POST"])
def download():
    fmt = request.args.get("format", "jsonl")
    if fmt not in EXPORT_FORMATS:
        abort(404)
    # checked before the first byte: once streaming starts, an error can only cut the file short
    wanted = parse(CorpusFilter, request.args.to_dict())
    spec = EXPORT_FORMATS[fmt]
    name = secure_filename(wanted.collection or "corpus") or "corpus"
    count = corpus.count(wanted.collection, wanted.state, current_user)
    if count > current_app.config["EXPORT_INLINE_MAX_ARTICLES"]:
        # Too many to stream within a request: a job writes the file, its page offers it when written.
        # The job starts only from the page's form (a CSRF-checked POST): a link from another site
        # must not set the server exporting the corpus on a logged-in editor's behalf.
        if request.method != "POST":
            return render_template("corpus/export_job.html", count=count, fmt=fmt, name=name + spec.suffix)
        job = jobs.export_later(fmt, wanted.collection, wanted.state, name, current_user)
        return redirect(url_for("jobs.show", job_id=job.id))
    chunks = spec.chunks(corpus.export_records(wanted.collection, wanted.state, current_user))
    return Response(
        stream_with_context(chunks),
        mimetype=spec.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}{spec.suffix}"'},
    )


@bp.route("/import", methods=["GET", "POST"])
def upload():
    """The upload is kept where the worker reads it and imported by a job: the page answers at once."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.upload.data
        path = jobs.keep_upload(upload.save, secure_filename(upload.filename or "") or "upload")
        options = {
            "fmt": form.fmt.data,
            "collection": form.collection.data or None,
            "detect": bool(form.detect.data),
            "skip_bad": bool(form.skip_bad.data),
            "allow_duplicates": bool(form.allow_duplicates.data),
        }
        job = jobs.import_later(path, current_user, options)
        if job.state == "failed":  # found bad at once (a job run in the request): the form says why, as before
            problems = (job.result or {}).get("problems", [])
            if not problems:  # the problems have their own list on the page
                form.upload.errors.append(job.error or "the import failed")
            status = (job.result or {}).get("status", 422)
            return render_template("corpus/import.html", form=form, problems=problems), status
        if job.state == "done":
            flash((job.result or {}).get("message", "Imported."), "ok")
            return redirect(url_for("articles.index"))
        flash("The file is being imported; this page shows how far it got.", "ok")
        return redirect(url_for("jobs.show", job_id=job.id))
    return render_template("corpus/import.html", form=form, problems=[]), 422 if form.errors else 200
