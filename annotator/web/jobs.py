"""Job pages: a job's progress (a page, and the JSON it polls), retrying a failed one, an export's file."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required

from annotator.errors import Conflict, InvalidInput
from annotator.services import jobs

bp = Blueprint("jobs", __name__)


@bp.before_request
@login_required
def require_login():
    """Every page here needs a logged-in user."""


@bp.get("/jobs")
def index():
    return render_template("jobs/index.html", jobs=jobs.recent(current_user))


@bp.get("/jobs/<int:job_id>")
def show(job_id: int):
    job = jobs.job_or_404(job_id, current_user)
    swept = job.kind == "export" and job.state == "done" and jobs.export_path(job) is None
    return render_template("jobs/show.html", job=job, state=jobs.job_dict(job), swept=swept, fix=jobs.FIX_THE_FILE)


@bp.get("/jobs/<int:job_id>.json")
def status(job_id: int):
    return jsonify(jobs.job_dict(jobs.job_or_404(job_id, current_user)))


@bp.post("/jobs/<int:job_id>/retry")
def retry(job_id: int):
    job = jobs.job_or_404(job_id, current_user)
    # back to the page the button was on: it shows the job running again, or why it was not retried
    if job.kind == "detect" and job.article_id:
        back = url_for("articles.show", article_id=job.article_id)
    else:
        back = url_for("jobs.show", job_id=job.id)
    try:
        jobs.retry(job, current_user)
    except (InvalidInput, Conflict) as err:
        flash(f"Job {job_id} was not retried: {err.message}", "error")
        return redirect(back)
    flash(f"Job {job_id} is queued again.", "ok")
    return redirect(back)


@bp.get("/jobs/<int:job_id>/download")
def download(job_id: int):
    job = jobs.job_or_404(job_id, current_user)
    path = jobs.export_path(job)
    if path is None:
        abort(404 if job.state != "done" else 410, description="The file was deleted; export again.")
    return send_file(path, mimetype=job.result["mimetype"] if job.result else None, as_attachment=True)
