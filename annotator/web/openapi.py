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
    ArticleCreate,
    AttributionCreate,
    AttributionEdit,
    CommentCreate,
    CommentState,
    CorroborationLink,
    ReviewDecision,
    SearchFilter,
)
from annotator.vocab import MAX_ID, MAX_PAGE, PER_PAGE_MAX

bp = Blueprint("openapi", __name__)

ERROR_STATUSES = {
    "400": "The body is not JSON, or not an object.",
    "401": "No session and no valid bearer token.",
    "403": "The user's role may not do this, or (REVIEW_SEPARATION) an approver edited a claim of the article.",
    "404": "No such record.",
    "409": "A stale version (of an attribution, or of the review an approval read), a decision the article's "
    "state does not allow, open blocking findings, or a corroboration link that exists already.",
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
    ("post", "/api/articles/{article_id}/attributions", "Add an attribution", AttributionCreate, 201, ()),
    ("patch", "/api/attributions/{attribution_id}", "Edit an attribution at its version", AttributionEdit, 200, ()),
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
)


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
