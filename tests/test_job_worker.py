"""Jobs through a real queue: the request only queues them, a real consumer (a thread here, or `flask jobs
worker` in a process that gets killed) runs them from the SQLite file, or from Redis when one answers."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from annotator import jobqueue
from annotator.app import create_app
from annotator.extensions import db
from annotator.models import Article, Attribution, Job
from annotator.services.jobs import FIX_THE_FILE
from tests.conftest import _config

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
BIG = "Ann Lee said the dam held.\n" * 1_000  # 27 kB: over DETECT_INLINE_MAX_BYTES


def redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


STORAGES = [
    "sqlite",
    pytest.param(
        "redis",
        marks=pytest.mark.skipif(
            not redis_answers(), reason=f"no Redis answers at {REDIS_URL} (TEST_REDIS_URL): the Redis queue is untested"
        ),
    ),
]


def queue_config(migrated: str, tmp_path: Path, storage: str) -> dict:
    return {
        **_config(migrated),
        "JOBS_WORKER": "external",  # nothing runs a job until the test starts a consumer
        "JOBS_SQLITE": str(tmp_path / "jobs.sqlite"),
        "JOBS_FILES": str(tmp_path / "files"),
        "JOBS_QUEUE_NAME": f"test-{uuid.uuid4().hex}",
        "REDIS_URL": REDIS_URL if storage == "redis" else "",
    }


@pytest.fixture(params=STORAGES)
def app(migrated, tmp_path, request):
    app = create_app(queue_config(migrated, tmp_path, request.param))
    yield app
    consumer = jobqueue.queue(app).consumer
    if consumer is not None:
        consumer.stop(graceful=True)
    jobqueue.queue(app).huey.storage.flush_all()  # a Redis queue outlives the test
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


def start_consumer(app) -> None:
    q = jobqueue.queue(app)
    q.consumer = jobqueue.consumer(app, workers=1, in_threads_of_another_process=True)
    q.consumer.start()


def wait_for(app, job_id: int, states=("done", "failed"), seconds: float = 60) -> Job:
    """The job once it reaches one of `states` (a wait for an outcome, not a measure of speed)."""
    deadline = time.monotonic() + seconds
    while True:
        with app.app_context():
            job = db.session.get(Job, job_id)
            db.session.expunge_all()
        if job.state in states or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def only_job(app) -> Job:
    with app.app_context():
        job = db.session.scalars(select(Job)).one()
        db.session.expunge(job)
        return job


def attribution_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Attribution))


def paste(client, headers, text: str, title: str = "Big"):
    return client.post(
        "/articles/new",
        data={"csrf_token": headers["X-CSRFToken"], "title": title, "text": text},
    )


def test_a_big_paste_returns_at_once_and_detection_finishes_in_the_background(app, client, editor):
    res = paste(client, editor, BIG)
    assert res.status_code == 302
    article_url = res.headers["Location"]
    job = only_job(app)
    # answered with the job still waiting: the article is there, its suggestions are not
    assert (job.kind, job.state, job.done) == ("detect", "queued", 0) and attribution_count(app) == 0
    page = client.get(article_url).text
    assert 'id="detection-pending"' in page and "Ann Lee said the dam held." in page
    assert "jobs.js" in page and "workbench.js" not in page  # editing stays closed while detection runs
    start_consumer(app)
    job = wait_for(app, job.id)
    assert job.state == "done", job.error
    assert attribution_count(app) == 1_000
    polled = client.get(f"/jobs/{job.id}.json").json
    assert (polled["state"], polled["percent"], polled["done"], polled["total"]) == ("done", 100, len(BIG), len(BIG))
    page = client.get(article_url).text
    assert 'id="detection-pending"' not in page and "workbench.js" in page


def test_a_web_import_of_1000_articles_returns_at_once(app, client, editor):
    lines = "".join(
        json.dumps({"title": f"Piece {i}", "text": f"Ann Lee said the dam {i} held."}) + "\n" for i in range(1_000)
    )
    form = {
        "csrf_token": editor["X-CSRFToken"],
        "fmt": "auto",
        "detect": "y",
        "upload": (io.BytesIO(lines.encode()), "thousand.jsonl"),
    }
    res = client.post("/import", data=form, content_type="multipart/form-data")
    job = only_job(app)
    assert res.status_code == 302 and res.headers["Location"].endswith(f"/jobs/{job.id}")
    assert job.state == "queued"
    upload = Path(job.params["path"])
    assert upload.is_file()  # kept where the worker reads it
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 0
    assert "Import (job" in client.get(f"/jobs/{job.id}").text
    start_consumer(app)
    job = wait_for(app, job.id)
    assert job.state == "done", job.error
    assert (job.done, job.total) == (1_000, 1_000)
    assert job.result["message"] == "Imported 1000 article(s) with 1000 attribution(s)."
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 1_000
    jobqueue.queue(app).consumer.stop(graceful=True)  # the job's last step, after its commit, is finished too
    assert not upload.exists() and not upload.parent.exists()  # deleted when the job ended


def test_an_article_deleted_while_its_job_waits_ends_the_job_with_a_clear_error(app, client, editor):
    paste(client, editor, BIG, title="Doomed")
    paste(client, editor, BIG, title="Kept")
    with app.app_context():
        doomed = db.session.scalar(select(Article.id).where(Article.title == "Doomed"))
        db.session.execute(delete(Article).where(Article.id == doomed))
        db.session.commit()
        first, second = db.session.scalars(select(Job.id).order_by(Job.id)).all()
    start_consumer(app)
    failed, done = wait_for(app, first), wait_for(app, second)
    assert failed.state == "failed" and failed.error == "the article was deleted before its detection ran"
    assert done.state == "done" and attribution_count(app) == 1_000  # nothing else is affected
    assert "the article was deleted before its detection ran" in client.get(f"/jobs/{first}").text


def test_a_corrupt_upload_found_by_the_worker_fails_its_job_and_nothing_else(app, client, editor):
    def upload(data: bytes, name: str):
        form = {"csrf_token": editor["X-CSRFToken"], "fmt": "auto", "upload": (io.BytesIO(data), name)}
        return client.post("/import", data=form, content_type="multipart/form-data")

    upload(b"PK\x03\x04 this is no zip at all", "corrupt.zip")
    upload(b'{"title": "Fine", "text": "Ann Lee said the dam held."}\n', "fine.jsonl")
    with app.app_context():
        corrupt, fine = db.session.scalars(select(Job).order_by(Job.id)).all()
        db.session.expunge_all()
    start_consumer(app)
    corrupt, fine = wait_for(app, corrupt.id), wait_for(app, fine.id)
    assert corrupt.state == "failed" and "corrupt.zip" in corrupt.error, corrupt.error
    assert fine.state == "done"
    with app.app_context():
        assert db.session.scalars(select(Article.title)).all() == ["Fine"]
    page = client.get(f"/jobs/{corrupt.id}").text
    # the file itself is at fault: no retry, which would read it again, but what to do instead
    assert corrupt.error.split(":")[0] in page and '<p id="job-fix">' in page and FIX_THE_FILE in page
    assert f'action="/jobs/{corrupt.id}/retry" hidden>' in page
    jobqueue.queue(app).consumer.stop(graceful=True)
    assert Path(corrupt.params["path"]).exists()  # kept JOB_FILES_DAYS, as every failed import's upload


WORKER_APP = """
import json, os, time
from annotator.app import create_app


class Stalls:
    # Reads half the text, then never finishes: the test kills the process meanwhile.
    def detect_many(self, texts, n_process=1, limit=None, progress=None):
        for i, text in enumerate(texts):
            progress(i, len(text) // 2)
            time.sleep(600)
            yield []


app = create_app({**json.loads(os.environ["WORKER_CONFIG"]), "DETECTOR": Stalls()})
"""


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_a_job_killed_mid_detection_is_retried_or_failed_with_a_reason(app, client, editor, tmp_path):
    (tmp_path / "stalling_worker.py").write_text(WORKER_APP)
    config = {k: v for k, v in app.config.items() if k.startswith(("JOBS_", "REDIS_", "SQLALCHEMY_DATABASE_URI"))}
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "stalling_worker:app", "jobs", "worker"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}", "WORKER_CONFIG": json.dumps(config)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        paste(client, editor, BIG)
        job = only_job(app)
        deadline = time.monotonic() + 60
        while job.done == 0:  # the worker has read half the text and stalls there
            assert time.monotonic() < deadline and worker.poll() is None, "the worker never took the job"
            time.sleep(0.05)
            job = only_job(app)
        assert job.state == "running" and job.worker.endswith(f":{worker.pid}")
    finally:
        worker.kill()
        worker.wait()
    assert attribution_count(app) == 0  # nothing half-written
    start_consumer(app)  # the next consumer finds the job running with its worker gone, and queues it again
    job = wait_for(app, job.id)
    assert (job.state, job.attempts) == ("done", 2), job.error
    assert attribution_count(app) == 1_000  # written once


def test_a_job_whose_worker_died_too_often_is_failed_with_the_reason(app, client, editor):
    paste(client, editor, BIG)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    with app.app_context():
        job = db.session.scalars(select(Job)).one()
        job.state, job.attempts, job.worker = (
            "running",
            app.config["JOB_MAX_ATTEMPTS"],
            f"{socket.gethostname()}:{gone.pid}",
        )
        db.session.commit()
        job_id = job.id
    start_consumer(app)
    job = wait_for(app, job_id)
    assert job.state == "failed"
    assert job.error == f"its worker ({job.worker}) stopped while running it, 2 time(s)"
    assert attribution_count(app) == 0
    page = client.get(f"/articles/{job.article_id}").text
    assert job.error in page and f'action="/jobs/{job.id}/retry">' in page  # a lost worker: a retry may do
