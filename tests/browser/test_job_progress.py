"""A big paste in a real browser: the page shows the detection's progress as the job reports it, without
a reload, keeps editing closed meanwhile, and opens the workbench when the job is done."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import expect

from annotator import jobqueue
from annotator.app import create_app
from annotator.extensions import db
from tests.conftest import StandInDetector, _config

pytestmark = pytest.mark.browser
BIG = "Ann Lee said the dam held.\n" * 1_000


class Stepped(StandInDetector):
    """Reads each text in two halves, each when the test allows it."""

    def __init__(self):
        self.steps = threading.Semaphore(0)

    def detect_many(self, texts, n_process=1, limit=None, progress=None):
        texts = list(texts)
        for i, text in enumerate(texts):
            for half in (1, 2):
                assert self.steps.acquire(timeout=60), "the test never let detection go on"
                if progress:
                    progress(i, len(text) * half // 2)
        return super().detect_many(texts, n_process, limit)


@pytest.fixture
def app(migrated, tmp_path):
    """The app as `flask run` has it: its own consumer thread (JOBS_WORKER=inline) on a SQLite queue."""
    config = {**_config(migrated), "DETECTOR": Stepped(), "JOBS_WORKER": "inline"}
    app = create_app({**config, "JOBS_SQLITE": str(tmp_path / "jobs.sqlite"), "JOBS_FILES": str(tmp_path)})
    yield app
    jobqueue.stop_inline(app)
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


def test_the_progress_updates_without_a_reload_and_editing_opens_when_detection_is_done(
    app, new_page, make_user, log_in
):
    steps = app.extensions["detector"].steps
    make_user("ed", "editor")
    page = new_page()
    log_in(page, "ed")
    page.goto("/articles/new")
    page.get_by_label("Title").fill("Long")
    page.get_by_label("Text").fill(BIG)
    page.get_by_role("button", name="Create and detect").click()
    expect(page.locator("#detection-pending")).to_be_visible()
    expect(page.locator("#text")).to_contain_text("Ann Lee said the dam held.")
    page.evaluate("window.sameDocument = true")  # gone if the page reloads
    expect(page.locator("#attr-form")).to_be_hidden()
    assert page.locator("body[data-ready=true]").count() == 0  # the workbench is not running: no editing
    steps.release()
    expect(page.locator("#job-count")).to_have_text("50% of the text read")
    expect(page.locator("#job-progress")).to_have_attribute("value", "50")
    assert page.evaluate("window.sameDocument") is True
    page.keyboard.press("j")  # the workbench's keys do nothing yet
    assert page.locator("#attr-list li.selected").count() == 0
    steps.release()
    page.wait_for_selector("body[data-ready=true]")  # done: the page opens the workbench by itself
    expect(page.locator("#detection-pending")).to_have_count(0)
    assert page.locator("mark[data-attribution-id]").count() > 0
