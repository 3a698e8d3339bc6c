"""Error answers: JSON `{"error": {...}}` under /api/, a page elsewhere; the session is rolled back."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from annotator.errors import Blocked, Conflict, Forbidden, InvalidInput, NotFound
from annotator.extensions import db, login_manager
from annotator.services.editing import attribution_dict

bp = Blueprint("errors", __name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


def error_response(status: int, message: str, field: str | None = None):
    db.session.rollback()
    if _wants_json():
        body = {"code": CODES.get(status, "error"), "message": message}
        if field:
            body["field"] = field
        return jsonify({"error": body}), status
    return render_template("error.html", status=status, message=message), status


@bp.app_errorhandler(InvalidInput)
def invalid_input(err: InvalidInput):
    return error_response(err.status, err.message, err.field)


@bp.app_errorhandler(Conflict)
def conflict(err: Conflict):
    db.session.rollback()
    what = "changed" if err.current is not None else "deleted"
    body: dict = {
        "error": {
            "code": "conflict",
            "message": err.message
            or f"This attribution was {what} since you loaded it "
            "(someone else, or you in another window). Reload to see the current version.",
        }
    }
    if err.current is not None:
        body["current"] = attribution_dict(err.current)
    return jsonify(body), 409


@bp.app_errorhandler(Forbidden)
def forbidden(err: Forbidden):
    return error_response(403, str(err))


@bp.app_errorhandler(NotFound)
def not_found(err: NotFound):
    return error_response(404, str(err) or "Not found.")


@bp.app_errorhandler(Blocked)
def blocked(err: Blocked):
    db.session.rollback()
    message = "Approval needs every blocking finding resolved or overridden with a written reason."
    findings = [f.to_dict() for f in err.findings]
    return jsonify({"error": {"code": "blocked", "message": message, "findings": findings}}), 409


@bp.app_errorhandler(CSRFError)
def csrf_error(err: CSRFError):
    return error_response(400, f"{err.description} Reload the page and try again.")


@bp.app_errorhandler(HTTPException)
def http_error(err: HTTPException):
    if err.code == 413:
        return error_response(413, "The upload is over the size limit.")
    return error_response(err.code or 500, err.description or err.name)


@bp.app_errorhandler(Exception)
def server_error(err: Exception):
    # Logged with its traceback; the client gets no internals.
    current_app.logger.exception("unhandled error")
    return error_response(500, "Something went wrong on the server; nothing was saved. Try again.")


@login_manager.unauthorized_handler
def unauthorized():
    if _wants_json():
        return error_response(401, "Log in, or send Authorization: Bearer <token>.")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
