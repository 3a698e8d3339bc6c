"""Work that runs off the request: detecting a big article, a web import, a big export, a corpus count.

A `Job` row says what to do (`params`), how far it got and how it ended; the queue (annotator/jobqueue.py)
carries only its id. Each run writes its results in one transaction together with the job's `done` state,
so a worker that dies half-way leaves nothing written, and `recover_stale` puts a job whose worker died
back in the queue, or fails it with the reason after `JOB_MAX_ATTEMPTS` tries. Files a job leaves (an
export, the upload of a failed import) are kept `JOB_FILES_DAYS` (`sweep_files`).
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select

from annotator import detector, jobqueue
from annotator.errors import Conflict, Forbidden, InvalidInput, NotFound
from annotator.extensions import db
from annotator.formats.detect_format import EXPORT_FORMATS, UnknownFormat, read_corpus
from annotator.formats.records import CorpusArticle, ImportLimits, collect
from annotator.models import Article, Job, User, utcnow
from annotator.services import corpus, corpus_figures, editing, redetection

log = logging.getLogger(__name__)
WORKER = f"{socket.gethostname()}:{os.getpid()}"
ACTIVE = ("queued", "running")
# What the page of an import that failed on its file says, and a refused retry of it
FIX_THE_FILE = "Fix the file and upload it again."


class JobFailed(InvalidInput):
    """Bad input found by a job: it ends failed with this message, and `result` for the page (an import's problems)."""

    def __init__(self, message: str, result: dict[str, Any] | None = None):
        super().__init__(message)
        self.result = result


# --- starting jobs (in the request) ----------------------------------------------------------------


def submit(kind: str, user: User | None, params: dict[str, Any], *, article_id: int | None = None) -> Job:
    """Record a job and put it in the queue; a queue that does not answer fails the job with the reason."""
    job = Job(kind=kind, user_id=user.id if user else None, article_id=article_id, params=params, state="queued")
    db.session.add(job)
    db.session.commit()
    job_id = job.id
    try:
        jobqueue.enqueue(job_id)
    except Exception as err:  # the job is recorded: the user sees why it never ran
        log.exception("could not queue job %s", job_id)
        _end(job_id, error=f"the job queue did not answer: {err}")
    return fresh(job_id)


def fresh(job_id: int) -> Job:
    """The job as the database has it now (a job that ran in `immediate` mode changed under this session)."""
    job = db.session.get(Job, job_id, populate_existing=True)
    assert job is not None
    return job


def detect_later(article: Article, user: User | None) -> Job:
    """Queue the detection of an article stored without it."""
    return submit("detect", user, {}, article_id=article.id)


def create_article(fields: dict[str, Any], user: User | None) -> tuple[Article, Job | None]:
    """A new article, detected now when it is short, else stored at once and detected by a job.

    One rule for the page and the API: an article over DETECT_INLINE_MAX_BYTES would hold a request
    (and a server worker) for as long as its detection takes.
    """
    if len(fields["text"].encode("utf-8")) <= current_app.config["DETECT_INLINE_MAX_BYTES"]:
        return editing.create_article(fields, user), None
    article = editing.create_article(fields, user, run_detection=False)
    return article, detect_later(article, user)


def redetect(article: Article, user: User | None) -> tuple[dict[str, Any] | None, Job | None]:
    """Run detection on an article again (services.redetection): now when it is short, else by a job, by the
    rule of `create_article`. Returns the outcome, or the job that will write it."""
    running = active_detection(article.id)
    if running is not None and running.state in ACTIVE:
        raise InvalidInput("detection is already running on this article; wait for it to end", status=409)
    if len(article.text.encode("utf-8")) > current_app.config["DETECT_INLINE_MAX_BYTES"]:
        return None, submit("detect", user, {"redetect": True}, article_id=article.id)
    result = redetection.apply(article, detector.detect(article.text), user)
    db.session.commit()
    return result, None


def keep_upload(data_from: Callable[[Path], None], filename: str) -> Path:
    """A place in JOBS_FILES/uploads the worker can read, holding the upload (`data_from(path)` saves it there)."""
    folder = Path(current_app.config["JOBS_FILES"]) / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / filename  # the reader tells formats apart by their file name too
    data_from(path)
    return path


def import_later(path: Path, user: User | None, options: dict[str, Any]) -> Job:
    """Queue the import of a kept upload; `options`: fmt, collection, detect, skip_bad, allow_duplicates."""
    return submit("import", user, {"path": str(path), "name": path.name, **options})


def export_later(fmt: str, collection: str | None, state: str | None, filename: str, user: User | None) -> Job:
    """Queue an export to a file the user downloads when it is written."""
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(f"no export format {fmt!r}", "format")
    params = {"format": fmt, "collection": collection, "state": state, "filename": filename}
    return submit("export", user, params)


def recount_later(view: corpus_figures.View, user: User | None) -> Job:
    """The job counting `view`'s figures: the one already waiting or running for it, else a new one (two
    pages asking at once may both queue one; the second count finds the first kept and stands beside it)."""
    key = view.key()
    waiting = select(Job).where(Job.kind == "figures", Job.state.in_(ACTIVE)).order_by(Job.id)
    for job in db.session.scalars(waiting):
        if job.params.get("view") == key:
            return job
    return submit("figures", user, {"view": key, **view.params()})


def retry(job: Job, user: User) -> Job:
    """Queue a failed job again (its starter or an admin): one that crashed or lost its worker, never one that
    failed on its input; a failed import's upload is kept JOB_FILES_DAYS."""
    if user.role != "admin" and job.user_id != user.id:
        raise Forbidden("only the user who started a job, or an admin, may retry it")
    if job.state != "failed":
        raise Conflict(None, f"job {job.id} is {job.state}: only a failed job can be retried")
    if failed_on_input(job):
        fix = f" {FIX_THE_FILE}" if job.kind == "import" else ""
        raise InvalidInput(f"it failed on its input, which a retry would read again unchanged.{fix}")
    if not retryable(job):
        days = current_app.config["JOB_FILES_DAYS"]
        raise InvalidInput(f"the uploaded file was deleted {days:g} days after the import failed: upload it again")
    job.state, job.error, job.result, job.done, job.attempts, job.finished_at = "queued", None, None, 0, 0, None
    db.session.commit()
    jobqueue.enqueue(job.id)
    return fresh(job.id)


def retryable(job: Job) -> bool:
    """A failed job can run again, unless it failed on its input or is an import whose upload is deleted
    (JOB_FILES_DAYS)."""
    if job.state != "failed" or failed_on_input(job):
        return False
    return job.kind != "import" or Path(job.params["path"]).is_file()


def failed_on_input(job: Job) -> bool:
    """Whether a job failed on its input (a bad file, an article deleted meanwhile) rather than on a crash or a
    lost worker: running it again would fail the same way. `run` records such a failure with the HTTP status
    the same input gets in a request; a crash and a lost worker leave no result."""
    return job.state == "failed" and "status" in (job.result or {})


def active_detection(article_id: int) -> Job | None:
    """The latest detection job of an article, while it waits or runs or when it failed (a failed one that
    a later run of detection made good is over)."""
    latest = db.session.scalar(
        select(Job).where(Job.article_id == article_id, Job.kind == "detect").order_by(Job.id.desc()).limit(1)
    )
    return latest if latest is not None and latest.state != "done" else None


def job_dict(job: Job) -> dict[str, Any]:
    """What the page polls: state, progress (a percentage for a detection), the outcome."""
    percent = round(100 * job.done / job.total) if job.total else (100 if job.state == "done" else 0)
    return {
        "id": job.id,
        "kind": job.kind,
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "percent": min(percent, 100),
        "article_id": job.article_id,
        "error": job.error,
        "result": job.result,
        "attempts": job.attempts,
        "retryable": retryable(job),
        "failed_on_input": failed_on_input(job),
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


def recent(user: User | None, limit: int = 50) -> list[Job]:
    """The latest jobs `user` started (every user's for an admin, or for None: the command line)."""
    query = select(Job).order_by(Job.id.desc()).limit(limit)
    if user is not None and user.role != "admin":
        query = query.where(Job.user_id == user.id)
    return list(db.session.scalars(query))


def job_or_404(job_id: int, user: User) -> Job:
    """A job its starter or an admin asks for; NotFound for anyone else, as for no job. A count of the corpus's
    figures is no one's (every page waiting for it follows it) and tells nothing of what it counted."""
    job = db.session.get(Job, job_id)
    mine = job is not None and (job.user_id == user.id or (job.user_id is None and job.kind == "figures"))
    if job is None or not (mine or user.role == "admin"):
        raise NotFound(f"No job {job_id}.")
    return job


# --- running jobs (in the worker) ------------------------------------------------------------------


def run(job_id: int) -> None:
    """Run a queued job: claim it, do its kind's work, end it done or failed with the reason."""
    job = db.session.get(Job, job_id)
    if job is None or job.state not in ACTIVE:
        return  # deleted, or finished by an earlier copy of its message
    now = utcnow()
    job.state, job.worker, job.attempts = "running", WORKER, job.attempts + 1
    job.started_at = job.heartbeat_at = now
    job.done, job.error = 0, None
    db.session.commit()
    try:
        RUNNERS[job.kind](job)
    except InvalidInput as err:
        db.session.rollback()
        # the HTTP status the same input gets in a request (413 for an upload over a limit), for the form;
        # it also marks the failure as the input's (failed_on_input), which no retry mends
        extra = err.result if isinstance(err, JobFailed) else None
        _end(job_id, error=err.message, result={**(extra or {}), "status": err.status})
    except Exception as err:
        db.session.rollback()
        log.exception("job %s failed", job_id)
        _end(job_id, error=f"{type(err).__name__}: {err}")


def _progress(job_id: int, done: int, total: int | None = None) -> None:
    """Record how far a job got (and that its worker lives); nothing else is pending in the session."""
    job = db.session.get(Job, job_id)
    if job is None:
        return
    job.done = done
    if total is not None:
        job.total = total
    job.heartbeat_at = utcnow()
    db.session.commit()


def _mark_done(job: Job, result: dict[str, Any]) -> None:
    """Set the job done in the session: it commits with the work it describes."""
    job.state, job.result, job.finished_at, job.done = "done", result, utcnow(), job.total


def _end(job_id: int, *, error: str, result: dict[str, Any] | None = None) -> None:
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is None:
        return
    job.state, job.error, job.result, job.finished_at = "failed", error, result, utcnow()
    db.session.commit()


def _files_of(job: Job) -> Path | None:
    """The folder holding what the job keeps on disk: an import's upload, an export's file."""
    if job.kind == "import" and job.params.get("path"):
        return Path(job.params["path"]).parent
    if job.kind == "export":
        return _export_folder(job.id)
    return None


def _export_folder(job_id: int) -> Path:
    return Path(current_app.config["JOBS_FILES"]) / "exports" / str(job_id)


def _drop_files(job: Job) -> None:
    folder = _files_of(job)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_files() -> list[int]:
    """Delete the files of jobs that ended more than JOB_FILES_DAYS ago; returns those jobs' ids."""
    ended_before = utcnow() - timedelta(days=current_app.config["JOB_FILES_DAYS"])
    ended = Job.state.in_(("done", "failed")) & (Job.finished_at < ended_before)
    old = db.session.scalars(select(Job).where(Job.kind.in_(("import", "export")), ended))
    swept = []
    for job in old:
        folder = _files_of(job)
        if folder is not None and folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
            swept.append(job.id)
    return swept


def housekeeping() -> None:
    """What the queue runs when a consumer starts and every minute after: dead workers' jobs, old files."""
    recover_stale()
    sweep_files()


def _detect(job: Job) -> None:
    article = db.session.get(Article, job.article_id) if job.article_id else None
    if article is None:
        raise InvalidInput("the article was deleted before its detection ran")
    job_id, article_id, text = job.id, article.id, article.text
    user = db.session.get(User, job.user_id) if job.user_id else None
    _progress(job_id, 0, len(text))
    found = detector.detect(text, progress=lambda n: _progress(job_id, n))
    # Under the article's row lock: a deletion meanwhile is reported, never met by a foreign key error.
    article = db.session.get(Article, article_id, with_for_update=True, populate_existing=True)
    if article is None:
        raise InvalidInput("the article was deleted while its detection ran")
    if job.params.get("redetect"):
        result = redetection.apply(article, found, user)
        _mark_done(fresh(job_id), result)
        db.session.commit()
        return
    if article.attributions and any(a.origin == "model" for a in article.attributions):
        raise InvalidInput("the article has the detector's suggestions already")
    count = editing.add_suggestions(article, found, user)
    job = fresh(job_id)
    stopped = " (stopped at the limit for one article)" if detector.stopped_early(found) else ""
    _mark_done(job, {"message": f"The detector suggested {count:,} attributions{stopped}.", "attributions": count})
    db.session.commit()


def _import(job: Job) -> None:
    params, job_id = dict(job.params), job.id
    path = Path(params["path"])
    if not path.exists():
        raise InvalidInput("the uploaded file is gone: upload it again")
    user = db.session.get(User, job.user_id) if job.user_id else None
    config = current_app.config
    try:
        report = collect(
            read_corpus(
                path,
                params["fmt"],
                name=params["name"],
                max_bytes=config["ARTICLE_MAX_BYTES"],
                limits=ImportLimits.of(config),
            )
        )
    except UnknownFormat as err:
        raise InvalidInput(str(err), "upload") from None
    problems = [str(p) for p in report.problems]
    if problems and not params.get("skip_bad"):
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        message = f"{len(problems)} bad record(s); nothing was imported: " + "; ".join(problems[:3]) + more
        raise JobFailed(message, {"problems": problems})
    records, duplicates = (
        (report.records, []) if params.get("allow_duplicates") else corpus.split_duplicates(report.records)
    )
    to_detect = [r for r in records if not r.attributions] if params.get("detect") else []
    _progress(job_id, 0, len(records))
    detected = _detect_records(job_id, records, to_detect) if params.get("detect") else None
    suggestions = detected if detected is not None else [[] for _ in records]
    attributions = sum(len(r.attributions) or len(found) for r, found in zip(records, suggestions))
    message = f"Imported {len(records)} article(s) with {attributions} attribution(s)"
    if problems:
        message += f"; skipped {len(problems)} bad record(s)"
    if duplicates:
        message += f"; skipped {len(duplicates)} already imported: " + "; ".join(str(d) for d in duplicates[:20])
    job = fresh(job_id)
    # written by the import's own commit, all or nothing with the articles it counts
    _mark_done(job, {"message": message + ".", "articles": len(records), "attributions": attributions})
    corpus.import_records(records, user, collection=params.get("collection") or None, detected=detected)
    _drop_files(fresh(job_id))


def _detect_records(job_id: int, records: list[CorpusArticle], to_detect: list[CorpusArticle]) -> list[list]:
    """The suggestions for each record (`[]` for those with attributions), all found before anything is written,
    so the import's one transaction is short and the progress can be committed as it goes."""
    found = iter(detector.detect_many(r.text for r in to_detect))
    out: list[list] = []
    for i, record in enumerate(records, 1):
        out.append([] if record.attributions else next(found))
        if i % 10 == 0 or i == len(records):
            _progress(job_id, i)
    return out


def _export(job: Job) -> None:
    params, job_id = job.params, job.id
    spec = EXPORT_FORMATS[params["format"]]
    collection, state = params.get("collection"), params.get("state")
    # the export holds what its starter may see; a job of no user (none is queued so) would hold all
    user = db.session.get(User, job.user_id) if job.user_id else None
    _progress(job_id, 0, corpus.count(collection, state, user))
    folder = _export_folder(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{params['filename']}{spec.suffix}"
    partial = path.with_suffix(path.suffix + ".part")
    with partial.open("wb") as out:
        for chunk in spec.chunks(_counted(job_id, corpus.export_records(collection, state, user))):
            out.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
    partial.replace(path)  # a download never sees a half-written file
    job = fresh(job_id)
    _mark_done(job, {"message": f"Exported {job.total:,} article(s).", "file": path.name, "mimetype": spec.mimetype})
    db.session.commit()


def _figures(job: Job) -> None:
    seconds = corpus_figures.recount(corpus_figures.View.from_params(job.params))
    _mark_done(fresh(job.id), {"message": f"Counted the figures in {seconds:.1f} s."})
    db.session.commit()


def _counted(job_id: int, records: Iterator[CorpusArticle]) -> Iterator[CorpusArticle]:
    for i, record in enumerate(records, 1):
        yield record
        if i % 100 == 0:
            _progress(job_id, i)


def export_path(job: Job) -> Path | None:
    """The file a finished export wrote, if it is still there."""
    if job.kind != "export" or job.state != "done" or not job.result:
        return None
    path = _export_folder(job.id) / job.result["file"]
    return path if path.is_file() else None


RUNNERS: dict[str, Callable[[Job], None]] = {
    "detect": _detect,
    "import": _import,
    "export": _export,
    "figures": _figures,
}


# --- jobs whose worker died -------------------------------------------------------------------------


def _worker_gone(job: Job, lease: timedelta) -> bool:
    """Whether a running job's worker is dead: a process of this host that is gone, or silent past the lease."""
    host, _, pid = (job.worker or "").rpartition(":")
    if host == socket.gethostname() and pid.isdigit() and int(pid) != os.getpid():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass  # alive, another user's
    beat = job.heartbeat_at
    if beat is not None and beat.tzinfo is None:  # SQLite keeps no time zone
        beat = beat.replace(tzinfo=utcnow().tzinfo)
    return beat is None or utcnow() - beat > lease


def recover_stale() -> list[int]:
    """Put running jobs whose worker died back in the queue, or fail them after JOB_MAX_ATTEMPTS tries;
    returns the ids re-queued."""
    config = current_app.config
    lease = timedelta(seconds=config["JOB_LEASE_SECONDS"])
    requeued, failed = [], []
    for job in db.session.scalars(select(Job).where(Job.state == "running")):
        if not _worker_gone(job, lease):
            continue
        if job.attempts >= config["JOB_MAX_ATTEMPTS"]:
            job.state, job.finished_at = "failed", utcnow()
            job.error = f"its worker ({job.worker}) stopped while running it, {job.attempts} time(s)"
            failed.append(job)
        else:
            job.state = "queued"
            requeued.append(job.id)
    db.session.commit()
    for job_id in requeued:
        log.warning("job %s: its worker stopped; queued again", job_id)
        jobqueue.enqueue(job_id)
    return requeued
