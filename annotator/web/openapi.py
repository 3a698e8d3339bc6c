"""The JSON API described as OpenAPI 3.1: `/api/openapi.json`, and a readable page at `/api/docs`.

Request bodies are the pydantic models of `annotator.schemas`, the same ones that validate them,
so the description cannot drift from what the API accepts. Like every page but the login, both
need a session or a bearer token.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Blueprint, jsonify, render_template
from flask_login import login_required
from pydantic import BaseModel

from annotator.schemas import (
    AcceptMany,
    AdjudicationPick,
    ArticleCreate,
    ArticleEdit,
    AssignmentCreate,
    AttributionCreate,
    AttributionEdit,
    CollectionCreate,
    CollectionEdit,
    CommentCreate,
    CommentState,
    CorroborationLink,
    MemberAdd,
    MemberEdit,
    ReviewDecision,
    SearchFilter,
)
from annotator.vocab import KINDS, MAX_ID, MAX_LENGTHS, MAX_PAGE, PER_PAGE_MAX, SPEAKER_TYPES, STATUSES

bp = Blueprint("openapi", __name__)

ERROR_STATUSES = {
    "400": "The body is not JSON, or not an object.",
    "401": "No session and no valid bearer token.",
    "403": "The user's role may not do this (in a collection: only its curators and the admins manage it), or "
    "(REVIEW_SEPARATION) an approver edited a claim of the article, or a non-member puts an article in a "
    "collection, or deletes one they neither created nor curate.",
    "404": "No such record, or it is in a collection the user is not a member of.",
    "409": "A stale version (of an attribution, of an article's details, or of the review an approval read), a "
    "decision the article's state does not allow, open blocking findings, a corroboration link, member or "
    "collection name that exists already, assignments changed meanwhile, or a detection of the article already "
    "running.",
    "413": "The article text is over ARTICLE_MAX_BYTES.",
    "422": "A field is invalid (`field` names it), or the article already has MAX_ATTRIBUTIONS_PER_ARTICLE.",
}

# What a search's filters mean (their types come from schemas.SearchFilter, which validates them).
FILTER_WORDS = {
    "q": 'words (all of them, any form: `changes` finds `changed`), "a phrase", -excluded; in the claim\'s '
    "content, speaker, affiliation, role and note, or the article's title and text",
    "speaker": "the speaker's name holds these words, in this order",
    "affiliation": "the affiliation holds these words, in this order",
    "status": "the claim's status",
    "speaker_type": "the claim's speaker type",
    "state": "the claim's state",
    "review_state": "the article's review state",
    "outlet": "the article's outlet, exactly",
    "collection": "the article's collection, exactly",
    "assignee": "a username holding an assignment on the article",
    "start": "published on or after (YYYY-MM-DD)",
    "end": "published on or before (YYYY-MM-DD)",
    "page": "from 1",
    "per_page": "20 unless given",
}


def _filter_schema(name: str, schema: dict) -> dict:
    if name == "page":
        return {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}
    if name == "per_page":
        return {"type": "integer", "minimum": 1, "maximum": PER_PAGE_MAX}
    return {k: v for k, v in schema.items() if k not in ("title", "default")}


SEARCH_PARAMETERS = tuple(
    (name, _filter_schema(name, schema), FILTER_WORDS[name], False)
    for name, schema in SearchFilter.model_json_schema()["properties"].items()
)

# method, path, summary, request body model, success status, query parameters (name, schema, description, required)
Operation = tuple[str, str, str, type[BaseModel] | None, int, tuple[tuple[str, dict, str, bool], ...]]
OPERATIONS: tuple[Operation, ...] = (
    (
        "post",
        "/api/articles",
        "Store an article; the detector suggests its attributions (at most MAX_ATTRIBUTIONS_PER_ARTICLE). "
        "An article over DETECT_INLINE_MAX_BYTES is detected by a job: it comes back without attributions and "
        'a `Link: </jobs/ID.json>; rel="monitor"` header names the job to poll',
        ArticleCreate,
        201,
        (),
    ),
    (
        "get",
        "/api/articles",
        "Articles, newest first, a page at a time, those the filters keep (the claim filters keep the articles "
        "with such a claim); `more` when another page follows; `total` counted when only the articles' own "
        "columns are filtered, else known on the last page and null before it",
        None,
        200,
        SEARCH_PARAMETERS,
    ),
    (
        "get",
        "/api/search/claims",
        "Claims across the articles, newest first, a page at a time, each with the article's title and a snippet "
        "of its content where `marks` ([start, end] in the snippet) show the words found; `more` when another "
        "page follows, `total` known on the last page (null before it)",
        None,
        200,
        SEARCH_PARAMETERS,
    ),
    ("get", "/api/articles/{article_id}", "One article with its text and attributions", None, 200, ()),
    (
        "patch",
        "/api/articles/{article_id}",
        "Edit an article's details (title, outlet, byline, url, published, collection) at its version; "
        "only the fields sent change",
        ArticleEdit,
        200,
        (),
    ),
    ("delete", "/api/articles/{article_id}", "Delete an article (softly: an admin can restore it)", None, 204, ()),
    ("get", "/api/articles/deleted", "The deleted articles (admins only)", None, 200, ()),
    ("post", "/api/articles/{article_id}/restore", "Restore a deleted article (admins only)", None, 200, ()),
    (
        "post",
        "/api/articles/{article_id}/redetect",
        "Run detection again: keeps every attribution an editor accepted, edited, rejected or added, replaces the "
        "untouched suggestions; an article over DETECT_INLINE_MAX_BYTES answers 202 with the job that does it",
        None,
        200,
        (),
    ),
    ("post", "/api/articles/{article_id}/attributions", "Add an attribution", AttributionCreate, 201, ()),
    (
        "patch",
        "/api/attributions/{attribution_id}",
        "Edit an attribution at its version; the answer is the attribution as saved, with `approval_withdrawn` "
        "true when this edit sent the approved article back to review",
        AttributionEdit,
        200,
        (),
    ),
    (
        "delete",
        "/api/attributions/{attribution_id}",
        "Delete an attribution at its version",
        None,
        204,
        (("version", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, "the version you are deleting", True),),
    ),
    ("get", "/api/attributions/{attribution_id}/history", "The audit events of an attribution", None, 200, ()),
    (
        "get",
        "/api/speakers",
        "Registry suggestions for a speaker name",
        None,
        200,
        (("q", {"type": "string", "pattern": "^[^\\x00]*$"}, "part of a name", False),),
    ),
    ("get", "/api/articles/{article_id}/review", "Findings, source mix, badges and past decisions", None, 200, ()),
    ("post", "/api/articles/{article_id}/review", "Submit, approve or request changes", ReviewDecision, 200, ()),
    (
        "post",
        "/api/attributions/{attribution_id}/corroborations",
        "Link a claim that corroborates this one",
        CorroborationLink,
        201,
        (),
    ),
    (
        "delete",
        "/api/attributions/{attribution_id}/corroborations/{other_id}",
        "Remove a corroboration link",
        None,
        204,
        (),
    ),
    ("get", "/api/articles/{article_id}/comments", "The article's discussion, oldest first", None, 200, ()),
    (
        "post",
        "/api/articles/{article_id}/comments",
        "Comment on the article or one of its claims; `@name` puts the article in that user's My work",
        CommentCreate,
        201,
        (),
    ),
    ("patch", "/api/comments/{comment_id}", "Resolve a discussion entry, or open it again", CommentState, 200, ()),
    ("get", "/api/mentions", "The mentions of me still waiting (not done, not resolved)", None, 200, ()),
    ("post", "/api/mentions/{mention_id}/done", "Mark a mention of me done", None, 204, ()),
    (
        "get",
        "/api/articles/{article_id}/accept",
        "Count the suggestions an accept-many with these filters takes, with their versions to send back",
        None,
        200,
        (
            ("min_confidence", {"type": "number", "minimum": 0, "maximum": 1}, "confidence at least this", False),
            ("kind", {"enum": list(KINDS)}, "only this kind", False),
            ("status", {"enum": list(STATUSES)}, "only this status", False),
            ("speaker_type", {"enum": list(SPEAKER_TYPES)}, "only this speaker type", False),
            ("detector", {"type": "string", "maxLength": MAX_LENGTHS["detector"]}, "only this detector", False),
        ),
    ),
    (
        "post",
        "/api/articles/{article_id}/accept",
        "Accept every suggestion the filters match, all or none, as one audited batch",
        AcceptMany,
        201,
        (),
    ),
    ("get", "/api/articles/{article_id}/batches", "The article's accept-many batches, newest first", None, 200, ()),
    (
        "post",
        "/api/batches/{batch_id}/undo",
        "Put every claim of a batch back as it was; 409 naming what changed since, if anything did",
        None,
        200,
        (),
    ),
    (
        "post",
        "/api/articles/{article_id}/submit",
        "Hand in my own annotation (layer) of an article of a multi-annotator collection; it is closed after",
        None,
        200,
        (),
    ),
    (
        "get",
        "/api/articles/{article_id}/agreement",
        "Agreement of the article's submitted annotations: Krippendorff's alpha for status and speaker type, "
        "span F1 and speaker agreement per pair of annotators",
        None,
        200,
        (),
    ),
    (
        "get",
        "/api/collections/{collection_id}/agreement",
        "Agreement over every article of the collection with two submitted annotations or more",
        None,
        200,
        (),
    ),
    (
        "get",
        "/api/articles/{article_id}/adjudication",
        "The annotators' versions of each claim side by side, agreed ones marked (curators and admins)",
        None,
        200,
        (),
    ),
    (
        "post",
        "/api/articles/{article_id}/adjudication",
        "Put one annotator's version of a claim, a merged one, or none into the final version",
        AdjudicationPick,
        200,
        (),
    ),
    ("get", "/api/collections", "The collections I may see, with member and article counts", None, 200, ()),
    ("post", "/api/collections", "Create a collection; I become its curator", CollectionCreate, 201, ()),
    ("get", "/api/collections/{collection_id}", "A collection with its members", None, 200, ()),
    ("patch", "/api/collections/{collection_id}", "Set annotators_per_article (curators)", CollectionEdit, 200, ()),
    ("get", "/api/collections/{collection_id}/members", "A collection's members and their roles", None, 200, ()),
    ("post", "/api/collections/{collection_id}/members", "Add a member (curators)", MemberAdd, 201, ()),
    (
        "patch",
        "/api/collections/{collection_id}/members/{member_id}",
        "Change a member's role (curators)",
        MemberEdit,
        200,
        (),
    ),
    ("delete", "/api/collections/{collection_id}/members/{member_id}", "Remove a member (curators)", None, 204, ()),
    (
        "get",
        "/api/assignments",
        "Assignments on the articles I may see",
        None,
        200,
        (
            ("user", {"type": "string", "maxLength": MAX_LENGTHS["username"]}, "a holder's username", False),
            ("article", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, "an article id", False),
            ("collection", {"type": "string", "maxLength": MAX_LENGTHS["collection"]}, "a collection", False),
        ),
    ),
    (
        "post",
        "/api/assignments",
        "Assign annotators and a reviewer to one article, or to the articles of a collection a filter finds",
        AssignmentCreate,
        201,
        (),
    ),
    ("delete", "/api/assignments/{assignment_id}", "Remove an assignment (curators)", None, 204, ()),
    ("get", "/api/my-work", "What waits for me, in sections with counts", None, 200, ()),
)

# Operations that hand a long article to a job: 202 and the job, besides their usual answer.
LATER = {("post", "/api/articles/{article_id}/redetect"): "A job runs the detection: `{job}` and a Link header"}


def _operation(method: str, path: str, summary: str, body: type[BaseModel] | None, status: int, query) -> dict:
    params = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        }
        for name in (part[1:-1] for part in path.split("/") if part.startswith("{"))
    ]
    params += [
        {"name": n, "in": "query", "required": required, "schema": schema, "description": d}
        for n, schema, d, required in query
    ]
    success: dict[str, Any] = {"description": summary}
    if status != 204:
        success["content"] = {"application/json": {"schema": {"type": ["object", "array"]}}}
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    responses = {str(status): success, **{code: {"description": d, **error} for code, d in ERROR_STATUSES.items()}}
    if (method, path) in LATER:
        responses["202"] = {"description": LATER[(method, path)], "content": success.get("content", {})}
    op: dict[str, Any] = {
        "summary": summary,
        "operationId": f"{method}_{path}",
        "parameters": params,
        "responses": responses,
    }
    if body is not None:
        ref = {"$ref": f"#/components/schemas/{body.__name__}"}
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref}}}
    return op


@lru_cache(maxsize=1)
def document() -> dict:
    """The OpenAPI 3.1 document of the JSON API."""
    paths: dict[str, dict] = {}
    schemas: dict[str, Any] = {}
    for method, path, summary, body, status, query in OPERATIONS:
        paths.setdefault(path, {})[method] = _operation(method, path, summary, body, status, query)
        if body is not None:
            found = body.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(found.pop("$defs", {}))
            schemas[body.__name__] = found
    schemas["Error"] = {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}},
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Sourcing annotator API", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }


@bp.before_request
@login_required
def require_login():
    """Every route here needs a logged-in user or a valid token."""


@bp.get("/api/openapi.json")
def openapi_json():
    return jsonify(document())


@bp.get("/api/docs")
def docs():
    return render_template("api_docs.html", spec=document())
