"""Corpus pages: collections with their downloads, streaming exports, and the import form."""

from __future__ import annotations

import tempfile
from pathlib import Path

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

from annotator.errors import InvalidInput
from annotator.formats.detect_format import EXPORT_FORMATS, IMPORT_FORMATS, UnknownFormat, read_corpus
from annotator.formats.records import ImportLimits, collect
from annotator.schemas import CorpusFilter, parse
from annotator.services import corpus, corpus_figures
from annotator.vocab import MAX_LENGTHS, REVIEW_STATES

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
    rows = corpus_figures.collections()
    return render_template("corpus/collections.html", rows=rows, formats=EXPORT_FORMATS, states=REVIEW_STATES)


@bp.get("/export")
def download():
    fmt = request.args.get("format", "jsonl")
    if fmt not in EXPORT_FORMATS:
        abort(404)
    # checked before the first byte: once streaming starts, an error can only cut the file short
    wanted = parse(CorpusFilter, request.args.to_dict())
    spec = EXPORT_FORMATS[fmt]
    name = secure_filename(wanted.collection or "corpus") or "corpus"
    chunks = spec.chunks(corpus.export_records(wanted.collection, wanted.state))
    return Response(
        stream_with_context(chunks),
        mimetype=spec.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}{spec.suffix}"'},
    )


@bp.route("/import", methods=["GET", "POST"])
def upload():
    form = ImportForm()
    problems: list = []
    if form.validate_on_submit():
        upload = form.upload.data
        name = secure_filename(upload.filename or "") or "upload"
        config = current_app.config
        limits = ImportLimits.of(config)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name  # the reader tells formats apart by their file name too
            upload.save(path)
            try:
                report = collect(
                    read_corpus(path, form.fmt.data, name=name, max_bytes=config["ARTICLE_MAX_BYTES"], limits=limits)
                )
            except UnknownFormat as err:
                form.upload.errors.append(str(err))
                return render_template("corpus/import.html", form=form, problems=[]), 422
            except InvalidInput as err:  # over an import limit: refused whole, skip_bad or not
                form.upload.errors.append(err.message)
                return render_template("corpus/import.html", form=form, problems=[]), err.status
        problems = report.problems
        if problems and not form.skip_bad.data:
            return render_template("corpus/import.html", form=form, problems=problems), 422
        records, duplicates = (
            (report.records, []) if form.allow_duplicates.data else corpus.split_duplicates(report.records)
        )
        detected = corpus.suggestions_for(records) if form.detect.data else None
        # the web never keeps a file's review state: every imported article starts as a draft
        articles, attributions = corpus.import_records(
            records, current_user, collection=form.collection.data or None, detected=detected
        )
        skipped = f"; skipped {len(problems)} bad record(s)" if problems else ""
        if duplicates:
            skipped += f"; skipped {len(duplicates)} already imported: " + "; ".join(str(d) for d in duplicates[:20])
        flash(f"Imported {articles} article(s) with {attributions} attribution(s){skipped}.", "ok")
        return redirect(url_for("articles.index"))
    return render_template("corpus/import.html", form=form, problems=problems), 422 if form.errors else 200
