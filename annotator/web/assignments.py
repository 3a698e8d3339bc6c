"""Assignments (the JSON API) and My work: what waits for me, as a page and as JSON."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from annotator.extensions import db
from annotator.schemas import AssignmentCreate, AssignmentQuery, parse
from annotator.services import assignments
from annotator.vocab import NAV_COUNT_MAX

bp = Blueprint("assignments", __name__)


@bp.before_request
@login_required
def require_login():
    """Every route here needs a logged-in user or a valid token."""


@bp.get("/api/assignments")
def list_assignments():
    wanted = parse(AssignmentQuery, request.args.to_dict())
    items = assignments.listing(current_user, wanted.user, wanted.article, wanted.collection)
    return jsonify({"items": items})


@bp.post("/api/assignments")
def create_assignments():
    body = parse(AssignmentCreate, request.get_json(silent=True))
    return jsonify(assignments.assign(body, current_user)), 201


@bp.delete("/api/assignments/<int:assignment_id>")
def delete_assignment(assignment_id: int):
    assignments.unassign(assignments.assignment_or_404(assignment_id, current_user), current_user)
    return "", 204


@bp.get("/api/my-work")
def my_work_json():
    return jsonify(assignments.my_work(current_user))


@bp.get("/my-work")
def my_work():
    """The page draws the sections from `GET /api/my-work`."""
    return render_template("my_work.html")


@bp.app_context_processor
def waiting_count():
    """`my_work_count()` for the nav: counted only on pages that show it, for a logged-in user; "" when nothing
    waits, "99+" past NAV_COUNT_MAX."""

    def my_work_count() -> str:
        if not current_user.is_authenticated:
            return ""
        try:
            count = assignments.waiting(current_user)
        except SQLAlchemyError:  # the error page of a failing database must still render
            db.session.rollback()
            return ""
        return f"{NAV_COUNT_MAX}+" if count > NAV_COUNT_MAX else str(count or "")

    return {"my_work_count": my_work_count}
