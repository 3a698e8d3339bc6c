"""The job queue (Huey), bound to the app in the factory like the other extensions.

The queue carries job ids only: a `Job` row says what to run (annotator/services/jobs.py), so one task,
`run_job`, serves every kind of job. The storage is a SQLite file in instance/ unless `REDIS_URL` names a
Redis server. `JOBS_WORKER` says who consumes it: `inline`, a consumer thread the app starts with its first
request (one process, `flask run`); `external`, `flask jobs worker` beside the web server; `immediate`, the
request itself as it enqueues (the tests).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from huey import RedisHuey, SqliteHuey, crontab
from huey.api import Huey
from huey.consumer import Consumer
from redis import ConnectionPool

TASK = "run_job"


class ThreadConsumer(Consumer):
    """A consumer that runs in threads of a process it does not own: the web server keeps its signals."""

    def _set_signal_handlers(self) -> None:
        pass


@dataclass
class Queue:
    huey: Huey
    run: Any  # Huey's task wrapper: calling it with a job id enqueues the job
    housekeeping: Callable[[], None]
    consumer: Consumer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def make_huey(config: Mapping[str, Any]) -> Huey:
    """The Huey instance the settings name: Redis when REDIS_URL is set, else the SQLite file JOBS_SQLITE."""
    immediate = config["JOBS_WORKER"] == "immediate"
    name = config["JOBS_QUEUE_NAME"]
    if config["REDIS_URL"]:
        # Bounded waits: a Redis that stops answering is an error to report (/healthz), never a hung request.
        pool = ConnectionPool.from_url(config["REDIS_URL"], socket_connect_timeout=3, socket_timeout=10)
        return RedisHuey(name, connection_pool=pool, immediate=immediate, results=False)
    return SqliteHuey(name, filename=config["JOBS_SQLITE"], immediate=immediate, results=False)


def init_app(app: Flask, run: Callable[[int], None], housekeeping: Callable[[], object]) -> None:
    """Bind a queue whose task runs `run(job_id)` in an app context; `housekeeping` (stale jobs back in the
    queue, old files deleted) runs when a consumer starts and every minute in it."""
    huey = make_huey(app.config)

    def run_job(job_id: int) -> None:
        with app.app_context():
            run(job_id)

    def housekeeping_in_app() -> None:
        with app.app_context():
            housekeeping()

    task = huey.task(name=TASK)(run_job)
    huey.periodic_task(crontab(minute="*"), name="job_housekeeping")(housekeeping_in_app)
    app.extensions["jobs"] = Queue(huey, task, housekeeping_in_app)
    if app.config["JOBS_WORKER"] == "inline":
        app.before_request(lambda: start_inline(app))


def queue(app: Flask | None = None) -> Queue:
    return (app or current_app).extensions["jobs"]


def enqueue(job_id: int) -> None:
    """Put a job in the queue (in `immediate` mode: run it now)."""
    queue().run(job_id)


def ping() -> None:
    """Ask the queue's storage a cheap question; raises when it does not answer."""
    huey = queue().huey
    if isinstance(huey, RedisHuey):
        huey.storage.conn.ping()
    else:
        huey.pending_count()


def consumer(app: Flask, workers: int = 1, in_threads_of_another_process: bool = False) -> Consumer:
    """A consumer of the app's queue with `workers` threads; housekeeping runs before it starts."""
    q = queue(app)
    q.housekeeping()
    cls = ThreadConsumer if in_threads_of_another_process else Consumer
    return cls(q.huey, workers=workers, worker_type="thread", check_worker_health=True)


def start_inline(app: Flask) -> None:
    """Start the app's own consumer thread once (JOBS_WORKER=inline), so `flask run` needs nothing else."""
    q = queue(app)
    if q.consumer is not None:
        return
    with q.lock:
        if q.consumer is None:
            q.consumer = consumer(app, in_threads_of_another_process=True)
            q.consumer.start()


def stop_inline(app: Flask) -> None:
    """Stop the app's own consumer, if it started one (tests that run several apps in one process)."""
    q = queue(app)
    if q.consumer is not None:
        q.consumer.stop(graceful=True)
        q.consumer = None
