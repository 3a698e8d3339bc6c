"""`/healthz`: whether the database and the job queue answer, for a load balancer or a monitor (no login)."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from sqlalchemy import text

from annotator import jobqueue
from annotator.extensions import db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    """200 when both answer; 503 naming the part that failed. Two trivial questions, no table read."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as err:
        log.warning("healthz: the database did not answer: %s", err)
        db.session.rollback()
        checks["database"] = "failed"
    try:
        jobqueue.ping()
        checks["queue"] = "ok"
    except Exception as err:
        log.warning("healthz: the job queue did not answer: %s", err)
        checks["queue"] = "failed"
    healthy = all(v == "ok" for v in checks.values())
    failed = [name for name, v in checks.items() if v != "ok"]
    return jsonify(
        {"status": "ok" if healthy else "failed", "checks": checks, "failed": failed}
    ), 200 if healthy else 503
