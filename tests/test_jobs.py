"""Jobs run in the request that queues them (JOBS_WORKER=immediate): what the pages, the retry, the
export, `flask jobs` and /healthz do with them. tests/test_job_worker.py runs them through a real queue."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from annotator.app import create_app
from annotator.extensions import db
from annotator.models import Article, Attribution, Job
from tests.conftest import StandInDetector, _config

BIG = "Ann Lee said the dam held.\n" * 1_000  # over DETECT_INLINE_MAX_BYTES


def paste(client, headers, text: str, title: str = "Paste"):
    return client.post("/articles/new", data={"csrf_token": headers["X-CSRFToken"], "title": title, "text": text})


def jobs_of(app) -> list[Job]:
    with app.app_context():
        rows = list(db.session.scalars(select(Job).order_by(Job.id)))
        db.session.expunge_all()
        return rows


def test_a_small_article_is_still_detected_in_the_request(app, client, editor):
    assert paste(client, editor, "Ann Lee said the dam held.").status_code == 302
    assert jobs_of(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attribution)) == 1


class FailsOnce(StandInDetector):
    def __init__(self):
        self.failed = False

    def detect_many(self, texts, n_process=1, limit=None, progress=None):
        if not self.failed:
            self.failed = True
            raise RuntimeError("the model file is unreadable")
        return super().detect_many(texts, n_process, limit, progress)


def test_a_failed_job_shows_its_error_and_a_retry_runs_it_again(app, client, editor):
    app.extensions["detector"] = FailsOnce()
    article_url = paste(client, editor, BIG).headers["Location"]
    [job] = jobs_of(app)
    assert job.state == "failed" and job.error == "RuntimeError: the model file is unreadable"
    page = client.get(article_url).text
    assert "RuntimeError: the model file is unreadable" in page and f'action="/jobs/{job.id}/retry"' in page
    assert "workbench.js" not in page  # no editing on an article whose detection has not run
    assert client.post(f"/jobs/{job.id}/retry").status_code == 400  # no CSRF token
    res = client.post(f"/jobs/{job.id}/retry", data={"csrf_token": editor["X-CSRFToken"]})
    assert res.status_code == 302 and res.headers["Location"] == article_url
    [job] = jobs_of(app)
    assert (job.state, job.error, job.attempts) == ("done", None, 1)
    page = client.get(article_url).text
    assert "workbench.js" in page and 'id="detection-pending"' not in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attribution)) == 1_000
    res = client.post(f"/jobs/{job.id}/retry", data={"csrf_token": editor["X-CSRFToken"]})
    assert res.status_code == 302  # only a failed job is retried: the page says so
    assert f"Job {job.id} was not retried: job {job.id} is done" in client.get(res.headers["Location"]).text


def test_a_big_export_is_written_by_a_job_and_downloaded(app, client, editor):
    for title in ("One", "Two"):
        paste(client, editor, "Ann Lee said the dam held.", title=title)
    app.config["EXPORT_INLINE_MAX_ARTICLES"] = 1
    page = client.get("/export?format=jsonl")  # a link (from anywhere) only offers the job
    assert page.status_code == 200 and "holds 2 articles" in page.text and jobs_of(app) == []
    assert client.post("/export?format=jsonl").status_code == 400  # no CSRF token: no job
    res = client.post("/export?format=jsonl", headers=editor)
    [job] = jobs_of(app)
    assert res.status_code == 302 and res.headers["Location"].endswith(f"/jobs/{job.id}")
    assert (job.kind, job.state, job.done, job.total) == ("export", "done", 2, 2)
    assert f"/jobs/{job.id}/download" in client.get(f"/jobs/{job.id}").text
    download = client.get(f"/jobs/{job.id}/download")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    assert [json.loads(line)["title"] for line in download.data.decode().splitlines()] == ["One", "Two"]
    app.config["EXPORT_INLINE_MAX_ARTICLES"] = 2
    assert client.get("/export?format=jsonl").status_code == 200  # at most the setting: streamed as before


def test_flask_jobs_lists_jobs_and_their_state(app, client, editor):
    paste(client, editor, BIG)
    with app.app_context():
        db.session.execute(Article.__table__.delete())
        db.session.commit()
    out = app.test_cli_runner().invoke(args=["jobs"])
    assert out.exit_code == 0, out.output
    [job] = jobs_of(app)
    assert out.output.split() == [str(job.id), "detect", "done", f"{len(BIG)}/{len(BIG)}"]


def test_healthz_says_which_part_failed(migrated, tmp_path):
    def health(**config):
        app = create_app({**_config(migrated), "JOBS_WORKER": "external", "JOBS_SQLITE": str(tmp_path / "q"), **config})
        res = app.test_client().get("/healthz")
        return res.status_code, res.json

    assert health() == (200, {"status": "ok", "checks": {"database": "ok", "queue": "ok"}, "failed": []})
    # a port nothing listens on: the queue does not answer
    status, body = health(REDIS_URL="redis://127.0.0.1:1/0")
    assert (status, body["failed"], body["checks"]["database"]) == (503, ["queue"], "ok")
    status, body = health(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.sqlite'}")
    assert (status, body["failed"], body["checks"]["queue"]) == (503, ["database"], "ok")


def test_a_long_article_posted_to_the_api_is_detected_by_a_job_it_names(app, client, editor):
    app.config["DETECT_INLINE_MAX_BYTES"] = 100
    res = client.post("/api/articles", json={"text": BIG}, headers=editor)
    [job] = jobs_of(app)
    assert res.status_code == 201  # (the tests run jobs in the request; a worker would answer before detecting)
    assert res.headers["Link"] == f'</jobs/{job.id}.json>; rel="monitor"'
    assert client.get(f"/jobs/{job.id}.json", headers=editor).json["state"] == "done"  # immediate mode in tests
    assert client.get(f"/api/articles/{res.json['id']}", headers=editor).json["attributions"]
    short = client.post("/api/articles", json={"text": "Ann Lee said the dam held."}, headers=editor)
    assert "Link" not in short.headers and short.json["attributions"]  # detected in the request, as before


class ImportFailsOnce:
    """Stands in for the import's write: the first call fails as a lost database connection would."""

    def __init__(self, real):
        self.real, self.failed = real, False

    def __call__(self, *args, **kwargs):
        if not self.failed:
            self.failed = True
            raise RuntimeError("the database went away")
        return self.real(*args, **kwargs)


def test_a_failed_import_keeps_its_upload_so_a_retry_imports_it(app, client, editor, monkeypatch):
    import io

    from annotator.services import corpus

    monkeypatch.setattr(corpus, "import_records", ImportFailsOnce(corpus.import_records))
    line = json.dumps({"title": "Dam", "text": "Ann Lee said the dam held."}).encode()
    form = {"csrf_token": editor["X-CSRFToken"], "fmt": "auto", "upload": (io.BytesIO(line), "dam.jsonl")}
    client.post("/import", data=form, content_type="multipart/form-data")
    [job] = jobs_of(app)
    assert job.state == "failed" and "the database went away" in job.error
    page = client.get(f"/jobs/{job.id}").text
    assert f'action="/jobs/{job.id}/retry">' in page and '<p id="job-fix" hidden>' in page  # a crash: retry it
    assert client.get(f"/jobs/{job.id}.json").json["retryable"] is True
    res = client.post(f"/jobs/{job.id}/retry", data={"csrf_token": editor["X-CSRFToken"]})
    assert res.status_code == 302
    [job] = jobs_of(app)
    assert job.state == "done", job.error
    with app.app_context():
        assert db.session.scalars(select(Article.title)).all() == ["Dam"]
    assert not Path(job.params["path"]).exists()  # an import that succeeded keeps nothing


def test_an_import_that_failed_on_its_file_offers_no_retry_but_says_to_fix_the_file(app, client, editor):
    import io

    from annotator.services.jobs import FIX_THE_FILE

    cut = b'{"title": "Cut", "text": '
    broken = b'{"title": "Dam", "text": "Ann Lee said the dam held."}\n' + cut + b"\n"
    form = {"csrf_token": editor["X-CSRFToken"], "fmt": "auto", "upload": (io.BytesIO(broken), "bad3.jsonl")}
    assert client.post("/import", data=form, content_type="multipart/form-data").status_code == 422
    [job] = jobs_of(app)
    assert job.state == "failed" and f"bad3.jsonl:2: broken JSON: Expecting value at column {len(cut) + 1}" in job.error
    state = client.get(f"/jobs/{job.id}.json").json
    assert (state["retryable"], state["failed_on_input"]) == (False, True)
    page = client.get(f"/jobs/{job.id}").text
    assert f'action="/jobs/{job.id}/retry" hidden>' in page
    assert '<p id="job-fix">' in page and FIX_THE_FILE in page
    # a retry sent all the same (a page left open) is refused, and the job's page says why
    res = client.post(f"/jobs/{job.id}/retry", data={"csrf_token": editor["X-CSRFToken"]}, follow_redirects=True)
    assert res.request.path == f"/jobs/{job.id}"
    refusal = res.text.split('class="flash flash-error" role="status">')[1].split("</p>")[0]
    why = "it failed on its input, which a retry would read again unchanged."
    assert refusal == f"Job {job.id} was not retried: {why} {FIX_THE_FILE}"
    [again] = jobs_of(app)
    assert (again.state, again.attempts, again.error) == ("failed", 1, job.error)


def test_files_of_jobs_ended_long_ago_are_deleted_and_the_pages_say_so(app, client, editor, monkeypatch):
    import io
    from datetime import timedelta

    from annotator.models import utcnow
    from annotator.services import corpus, jobs

    paste(client, editor, "Ann Lee said the dam held.", title="One")
    app.config["EXPORT_INLINE_MAX_ARTICLES"] = 0
    client.post("/export?format=jsonl", headers=editor)
    monkeypatch.setattr(corpus, "import_records", ImportFailsOnce(corpus.import_records))
    form = {"csrf_token": editor["X-CSRFToken"], "fmt": "auto", "upload": (io.BytesIO(b'{"text": "x y"}\n'), "a.jsonl")}
    client.post("/import", data=form, content_type="multipart/form-data")
    export, failed_import = jobs_of(app)
    exported = Path(app.config["JOBS_FILES"]) / "exports" / str(export.id)
    assert exported.is_dir() and Path(failed_import.params["path"]).is_file()
    with app.app_context():
        assert jobs.sweep_files() == []  # ended just now: kept
        days = app.config["JOB_FILES_DAYS"]
        for job in db.session.scalars(select(Job)):
            job.finished_at = utcnow() - timedelta(days=days, minutes=1)
        db.session.commit()
        assert sorted(jobs.sweep_files()) == [export.id, failed_import.id]
    assert not exported.exists() and not Path(failed_import.params["path"]).exists()
    assert "The file was deleted 7 days after the export" in client.get(f"/jobs/{export.id}").text
    assert client.get(f"/jobs/{export.id}/download").status_code == 410
    res = client.post(f"/jobs/{failed_import.id}/retry", data={"csrf_token": editor["X-CSRFToken"]})
    assert res.status_code == 302 and res.headers["Location"] == f"/jobs/{failed_import.id}"
    assert "deleted 7 days after the import failed: upload it again" in client.get(res.headers["Location"]).text
    assert jobs_of(app)[1].state == "failed"
