"""Search: the claims across articles that match a query and filters, as JSON and as a page."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user, login_required

from annotator.errors import InvalidInput
from annotator.schemas import SearchFilter, parse
from annotator.services import search
from annotator.vocab import REVIEW_STATES, SPEAKER_TYPES, STATES, STATUSES

bp = Blueprint("search", __name__)

# the choices of the filter form, by field
FILTER_CHOICES = {
    "status": STATUSES,
    "speaker_type": SPEAKER_TYPES,
    "state": STATES,
    "review_state": REVIEW_STATES,
}


@bp.before_request
@login_required
def require_login():
    """Every route here needs a logged-in user or a valid token."""


@bp.get("/api/search/claims")
def claims_api():
    return jsonify(search.claims(parse(SearchFilter, request.args.to_dict()), current_user).as_dict())


def filtered_page(template: str, find, per_page: int = 20, **context):
    """`template` with the results of `find(filter, user)`, or, for a bad filter, the form and its error (422)."""
    args = {"per_page": str(per_page), **request.args.to_dict()}
    try:
        results = find(parse(SearchFilter, args), current_user)
    except InvalidInput as err:
        return render_template(template, results=None, args=args, error=err, choices=FILTER_CHOICES, **context), 422
    return render_template(template, results=results, args=args, error=None, choices=FILTER_CHOICES, **context)


@bp.get("/claims")
def claims_page():
    return filtered_page("search/claims.html", search.claims)
