"""One log line per request, with a request id shared by every line the request writes and sent back to the client.

`LOG_FORMAT=json` writes JSON lines (what `make serve` and the repository's gunicorn config use, for a log
collector); the default `text` keeps the development console readable. Either way every record of the
`annotator` loggers (requests, logins, unhandled errors) carries the request id and the user.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request

log = logging.getLogger("annotator.request")

# A proxy's id is kept when it looks like one (uuid, hex, a load balancer's trace id); anything else is replaced,
# so a client cannot write arbitrary text into the logs.
INCOMING_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")
HEADER = "X-Request-ID"
# What each request's line carries beside time, level, logger, message, request id and user.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "address")


def _context() -> dict:
    """The request id and user of the request being handled, if any."""
    if not has_request_context() or "request_id" not in g:
        return {"request_id": None, "user": None}
    # The login's loaders keep the name of the user they load (web/auth.py); reading current_user here instead
    # would load a user for requests that never needed one, and read it again after a commit.
    return {"request_id": g.request_id, "user": g.get("username")}


class JSONFormatter(logging.Formatter):
    """A log record as one JSON object a line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **_context(),
        }
        for field in ("request_id", "user", *REQUEST_FIELDS):
            if field in record.__dict__:
                line[field] = record.__dict__[field]
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class TextFormatter(logging.Formatter):
    """A readable line for the development console, with the request id to find a request's other lines."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        for field, value in _context().items():
            record.__dict__.setdefault(field, value)
        return super().format(record)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (a test's capture, a server's redirected stream)."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self):
        return sys.stderr


# One handler for the process, however many apps it creates (the tests create hundreds).
_handler = StderrHandler()


def configure(log_format: str) -> None:
    """Send the `annotator` loggers to stderr in `log_format` (text or json), at INFO."""
    _handler.setFormatter(JSONFormatter() if log_format == "json" else TextFormatter())
    logger = logging.getLogger("annotator")  # also Flask's app.logger: unhandled errors go the same way
    if _handler not in logger.handlers:
        logger.addHandler(_handler)
    logger.setLevel(logging.INFO)


def start() -> None:
    """Before anything else in the request: its id and its clock."""
    g.request_started = time.perf_counter()
    incoming = request.headers.get(HEADER, "")
    g.request_id = incoming if INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex


def finish(response: Response) -> Response:
    """Name the request id in the answer and write the request's line."""
    response.headers[HEADER] = g.request_id
    duration = round((time.perf_counter() - g.request_started) * 1000, 2)
    fields = {
        **_context(),
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": duration,
        "address": request.remote_addr,
    }
    log.info("%s %s %s %.1f ms", request.method, request.path, response.status_code, duration, extra=fields)
    return response


def init_app(app: Flask) -> None:
    """Register first, so that the clock covers every other hook; `after_request` hooks run in reverse, so last."""
    configure(app.config["LOG_FORMAT"])
    app.before_request(start)
    app.after_request(finish)
