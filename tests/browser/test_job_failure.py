"""An import that fails while its page is open, in a real browser: the page offers a retry only where one can
help, and for a file at fault says to fix it instead."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from annotator.app import create_app
from annotator.extensions import db
from annotator.models import Job
from annotator.services import jobs
from tests.conftest import _config

pytestmark = pytest.mark.browser


@pytest.fixture
def app(migrated, tmp_path):
    """Jobs queued for a worker that the test plays itself (jobs.run), once the job's page is open."""
    config = {**_config(migrated), "JOBS_WORKER": "external", "JOBS_SQLITE": str(tmp_path / "jobs.sqlite")}
    app = create_app({**config, "JOBS_FILES": str(tmp_path)})
    yield app
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


def _import(page, tmp_path, name: str, content: bytes) -> int:
    """Uploads a file through the import form; returns its job's id, from the job page it lands on."""
    upload = tmp_path / name
    upload.write_bytes(content)
    page.goto("/import")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/jobs/*")
    expect(page.locator("#job-state")).to_have_text("queued")
    return int(page.url.rsplit("/", 1)[1])


def test_a_file_at_fault_is_to_be_fixed_and_a_crash_retried(app, new_page, make_user, log_in, tmp_path, monkeypatch):
    make_user("ed", "editor")
    page = new_page()
    log_in(page, "ed")
    job_id = _import(page, tmp_path, "bad3.jsonl", b'{"text": "Ann Lee said the dam held."}\n{"text": \n')
    with app.app_context():
        jobs.run(job_id)
    expect(page.locator("#job-state")).to_have_text("failed")
    expect(page.locator("#job-error")).to_contain_text("bad3.jsonl:2: broken JSON: Expecting value at column 10")
    expect(page.locator("#job-fix")).to_be_visible()
    expect(page.locator("#job-fix")).to_contain_text(jobs.FIX_THE_FILE)
    expect(page.get_by_role("button", name="Retry")).to_be_hidden()

    job_id = _import(page, tmp_path, "fine.jsonl", b'{"text": "Ann Lee said the dam held."}\n')

    def crash(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(jobs.corpus, "import_records", crash)
    with app.app_context():
        jobs.run(job_id)
    expect(page.locator("#job-error")).to_have_text("RuntimeError: the database went away")
    expect(page.locator("#job-fix")).to_be_hidden()
    monkeypatch.undo()
    page.get_by_role("button", name="Retry").click()
    expect(page.locator(".flash-ok")).to_have_text(f"Job {job_id} is queued again.")
    with app.app_context():
        assert db.session.scalar(select(Job.state).where(Job.id == job_id)) == "queued"
