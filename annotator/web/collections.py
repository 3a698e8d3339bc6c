"""Collections and their members: the JSON API, and the page where curators and admins manage a collection."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user, login_required

from annotator.errors import InvalidInput
from annotator.schemas import CollectionCreate, CollectionEdit, MemberAdd, MemberEdit, parse
from annotator.services import collections
from annotator.vocab import COLLECTION_ROLES, MAX_ANNOTATORS_PER_ARTICLE, REVIEW_STATES

bp = Blueprint("collections", __name__)


@bp.before_request
@login_required
def require_login():
    """Every route here needs a logged-in user or a valid token."""


def _body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput("the request body must be a JSON object", status=400)
    return data


@bp.get("/api/collections")
def list_collections():
    return jsonify({"items": collections.listing(current_user)})


@bp.post("/api/collections")
def create_collection():
    body = parse(CollectionCreate, _body())
    created = collections.create(body.name, body.annotators_per_article, current_user)
    return jsonify(collections.details(created, current_user)), 201


@bp.get("/api/collections/<int:collection_id>")
def get_collection(collection_id: int):
    found = collections.collection_or_404(collection_id, current_user)
    return jsonify(collections.details(found, current_user))


@bp.patch("/api/collections/<int:collection_id>")
def edit_collection(collection_id: int):
    found = collections.collection_or_404(collection_id, current_user)
    body = parse(CollectionEdit, _body())
    collections.set_annotators(found, body.annotators_per_article, current_user)
    return jsonify(collections.details(found, current_user))


@bp.get("/api/collections/<int:collection_id>/members")
def list_members(collection_id: int):
    return jsonify({"items": collections.members(collections.collection_or_404(collection_id, current_user))})


@bp.post("/api/collections/<int:collection_id>/members")
def add_member(collection_id: int):
    found = collections.collection_or_404(collection_id, current_user)
    body = parse(MemberAdd, _body())
    return jsonify(collections.member_dict(collections.add_member(found, body.username, body.role, current_user))), 201


@bp.patch("/api/collections/<int:collection_id>/members/<int:member_id>")
def edit_member(collection_id: int, member_id: int):
    found = collections.collection_or_404(collection_id, current_user)
    member = collections.member_or_404(found, member_id)
    body = parse(MemberEdit, _body())
    return jsonify(collections.member_dict(collections.change_role(found, member, body.role, current_user)))


@bp.delete("/api/collections/<int:collection_id>/members/<int:member_id>")
def remove_member(collection_id: int, member_id: int):
    found = collections.collection_or_404(collection_id, current_user)
    collections.remove_member(found, collections.member_or_404(found, member_id), current_user)
    return "", 204


@bp.get("/collections/<int:collection_id>")
def manage(collection_id: int):
    """The collection's page: its team and settings, and assigning its articles (the script calls the API)."""
    found = collections.collection_or_404(collection_id, current_user)
    page_data = {
        "collection_id": found.id,
        "roles": COLLECTION_ROLES,
        "states": REVIEW_STATES,
        "max_annotators": MAX_ANNOTATORS_PER_ARTICLE,
    }
    return render_template("collections/manage.html", collection=found, page_data=page_data)
