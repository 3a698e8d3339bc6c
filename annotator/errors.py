"""What can go wrong in a request, as the domain says it; `annotator/web/errors.py` maps each to HTTP once.

Plain exceptions (no Flask), raised by validation and the services, so the CLI can report them too.
"""

from __future__ import annotations

from typing import Any


class InvalidInput(ValueError):
    """Bad input, with the field it concerns (if any) for the client to point at; nothing was written."""

    def __init__(self, message: str, field: str | None = None, status: int = 422):
        super().__init__(message)
        self.message, self.field, self.status = message, field, status


class Conflict(Exception):
    """The client edited a version that is no longer current; `current` is the record as it is now (or None).

    `message` says what conflicted when it is not a stale attribution (a link someone else made first).
    """

    def __init__(self, current: Any | None, message: str | None = None):
        super().__init__(message or "stale version")
        self.current, self.message = current, message


class NotFound(Exception):
    """No such record for this user: it does not exist, or it is in a collection they are not a member of
    (the two answer alike, so a non-member learns nothing of what a collection holds)."""


class Forbidden(Exception):
    """The user's role may not take this decision (the message says which role may)."""


class Blocked(Exception):
    """Approval refused: blocking findings (`annotator.review.Finding`) are open and not overridden."""

    def __init__(self, findings: list[Any]):
        super().__init__("blocking findings are open")
        self.findings = findings
