"""Bounded caches in this process's memory, one set per app, for results that a version number names.

A result is stored under a key that includes the version it was computed at (an article's `version`,
the corpus's newest audit event), so a change never needs to find and drop it: the next read asks for
a new key, and the stale entry ages out of the least-recently-used end. Each server process keeps its
own; nothing is shared, so nothing needs locking across processes.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app


class Bounded:
    """A least-recently-used map of at most `size` entries, each kept at most `seconds` (None: no limit)."""

    def __init__(self, size: int, seconds: float | None = None) -> None:
        self.size, self.seconds = size, seconds
        self._items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()  # a threaded server reads and writes it from several requests at once

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value stored under `key`, or `compute()` stored there now (two threads may both compute it)."""
        now = time.monotonic()
        with self._lock:
            found = self._items.get(key)
            if found is not None and (self.seconds is None or now - found[0] < self.seconds):
                self._items.move_to_end(key)
                return found[1]
        value = compute()
        with self._lock:
            self._items[key] = (now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


def cache(name: str, size: int, seconds: float | None = None) -> Bounded:
    """The app's cache called `name`, made on first use (each app, as each test, has its own), with the
    bounds given now: they come from settings, which may change while the app runs."""
    caches: dict[str, Bounded] = current_app.extensions.setdefault("annotator.caches", {})
    found = caches.setdefault(name, Bounded(size, seconds))
    found.size, found.seconds = size, seconds
    return found
