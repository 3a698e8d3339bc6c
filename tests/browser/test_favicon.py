"""What the browser itself asks for besides the page: its icon, which must not be a 404 on every page."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.browser


def test_no_page_makes_the_browser_ask_for_something_missing(app, new_page, make_user, log_in):
    answered: list[tuple[str, str]] = []  # (path, status) of every request the server answered
    inner = app.wsgi_app

    def recording(environ, start_response):
        def start(status, headers, *exc_info):
            answered.append((environ["PATH_INFO"], status.split()[0]))
            return start_response(status, headers, *exc_info)

        return inner(environ, start)

    app.wsgi_app = recording
    make_user("ed", "editor")
    page = new_page()
    log_in(page, "ed")
    page.goto("/guidelines")
    # the browser asks for the icon on its own, after the page has loaded
    deadline = time.monotonic() + 10
    while not any(path.startswith("/static/favicon") for path, _ in answered) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [(path, status) for path, status in answered if status == "404"] == []
    assert ("/static/favicon.svg", "200") in answered  # a fresh browser context: nothing cached
