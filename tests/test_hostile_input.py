"""Hostile input on every API route and import format: random JSON, Unicode and ids never get a 5xx.

Driven by hypothesis (derandomized, so a run is repeatable): the bodies mix the fields the API knows
with NUL bytes, lone surrogates, bidi controls, huge and negative numbers and deep nesting.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from annotator.errors import Conflict
from annotator.extensions import db
from annotator.models import Attribution, AuditEvent
from annotator.services import editing

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
TEXT = 'Ana Ruiz said the bridge is closed. "It reopens in May," said Ana Ruiz.'

# The characters that break naive code: NUL, lone surrogates, bidi overrides, BOM, line separators.
NASTY = st.sampled_from(["\x00", "\ud800", "\udfff", "\u202e", "\u2066", "\ufeff", "\u2028", "\r", "=", "'"])
HOSTILE_TEXT = st.text(alphabet=st.characters(exclude_categories=()) | NASTY, max_size=30)
FIELDS = st.sampled_from(
    [
        *("text", "title", "url", "published", "collection", "kind", "content", "cue", "source", "speaker"),
        *("speaker_type", "status", "credibility", "state", "note", "version", "decision", "overrides"),
        *("code", "attribution_id", "reason", "corroborating_id", "attributions", "review_state"),
    ]
)
NUMBERS = st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | st.sampled_from([0, 1, 2, 2**31, 2**63, 10**30])
JSON = st.recursive(
    st.none() | st.booleans() | NUMBERS | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(FIELDS | HOSTILE_TEXT, inner, max_size=6),
    max_leaves=12,
)
IDS = st.sampled_from([0, -1, 2**31, 2**63, 10**30]) | st.integers(1, 50)


def _api_routes(app) -> list[tuple[str, str]]:
    return sorted(
        (method, str(rule))
        for rule in app.url_map.iter_rules()
        if str(rule).startswith("/api/") and rule.endpoint.split(".")[0] != "openapi"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    )


def _body(raw: object) -> bytes:
    # ensure_ascii writes a lone surrogate as the `\ud800` escape a hostile client would send
    return json.dumps(raw, ensure_ascii=True).encode() if not isinstance(raw, bytes) else raw


def _no_server_error(res) -> None:
    assert res.status_code < 500, res.get_data(as_text=True)[:300]
    if res.status_code >= 400 and res.is_json:
        assert set(res.json["error"]) >= {"code", "message"}


def _route_probe(client, headers: dict, method: str, rule: str, known: list[int]):
    """A hypothesis test of one route: any ids (mostly ones that exist), body and query string; no server error."""

    @given(
        ids=st.lists(st.sampled_from(known) | IDS, min_size=2, max_size=2),
        body=JSON | st.binary(max_size=40) | st.just(b"[" * 100_000),
        query=st.dictionaries(st.sampled_from(["page", "per_page", "collection", "state", "version"]), HOSTILE_TEXT),
    )
    @SETTINGS
    def answers_without_a_server_error(ids, body, query):
        path = re.sub(r"<int:\w+>", lambda _m: str(ids.pop()), rule)
        data = None if method == "GET" else _body(body)
        res = client.open(
            path, method=method, data=data, query_string=query, headers={**headers, "Content-Type": "application/json"}
        )
        _no_server_error(res)

    return answers_without_a_server_error


@pytest.mark.slow  # about 40 requests per route and method
def test_random_json_unicode_and_ids_on_every_api_route_get_no_server_error(app, client, editor):
    article = client.post("/api/articles", json={"text": TEXT}, headers=editor).json
    made = client.post(
        f"/api/articles/{article['id']}/attributions", json={"kind": "direct", "content": [45, 61]}, headers=editor
    ).json
    known = [article["id"], made["id"], *(a["id"] for a in article["attributions"])]
    routes = _api_routes(app)
    assert len(routes) >= 12
    for method, rule in routes:
        _route_probe(client, editor, method, rule, known)()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


ANN_LINE = st.builds(
    lambda tag, label, start, end, text: f"{tag}\t{label} {start} {end}\t{text}",
    st.sampled_from(["T1", "T2", "E1", "A1", "#1", "R1", "X"]),
    st.sampled_from(["Content", "Cue", "Source", "Attribution", "Status E1", "AnnotatorNotes E1"]),
    NUMBERS,
    NUMBERS,
    HOSTILE_TEXT,
)
UPLOADS = st.one_of(
    st.lists(JSON, max_size=3).map(lambda lines: ("in.jsonl", "\n".join(json.dumps(x) for x in lines).encode())),
    st.tuples(HOSTILE_TEXT, st.lists(ANN_LINE, max_size=4)).map(
        lambda t: ("in.zip", _zip({"a.txt": t[0].encode("utf-8", "surrogatepass"), "a.ann": "\n".join(t[1]).encode()}))
    ),
    HOSTILE_TEXT.map(lambda t: ("in.txt", t.encode("utf-8", "surrogatepass"))),
    HOSTILE_TEXT.map(lambda t: ("in.html", f"<html><body><p>{t}</p></body></html>".encode("utf-8", "surrogatepass"))),
    st.binary(max_size=64).map(lambda b: ("in.spacy", b)),
)


@pytest.mark.slow  # a real import per example, the format detection and validation included
def test_random_files_in_every_import_format_get_no_server_error(app, client, editor):
    form_token = editor["X-CSRFToken"]

    @given(upload=UPLOADS, collection=HOSTILE_TEXT)
    @SETTINGS
    def imports_without_a_server_error(upload, collection):
        name, data = upload
        res = client.post(
            "/import",
            data={
                "upload": (io.BytesIO(data), name),
                "collection": collection.encode("utf-8", "replace").decode(),
                "csrf_token": form_token,
            },
            content_type="multipart/form-data",
        )
        assert res.status_code < 500, res.get_data(as_text=True)[:300]

    imports_without_a_server_error()


def test_a_delete_racing_a_delete_or_an_edit_at_the_same_version_is_a_conflict(app, client, editor):
    article = client.post("/api/articles", json={"text": TEXT}, headers=editor).json
    made = client.post(
        f"/api/articles/{article['id']}/attributions", json={"kind": "direct", "content": [45, 61]}, headers=editor
    ).json
    with app.app_context():
        for loser in (
            lambda a: editing.delete_attribution(a, 1, None),
            lambda a: editing.update_attribution(a, {"speaker": "Ana Ruiz"}, 1, None),
        ):
            mine = db.session.get(Attribution, made["id"])  # loaded at version 1, as the losing request had it
            with db.engine.begin() as winner:  # another request deletes it first, in its own transaction
                winner.execute(delete(Attribution).where(Attribution.id == made["id"]))
            with pytest.raises(Conflict) as lost:
                loser(mine)
            assert lost.value.current is None
            db.session.rollback()
            # put it back for the next race
            with db.engine.begin() as conn:
                conn.execute(Attribution.__table__.insert().values(**_row(made, article["id"])))
        losers_wrote = select(func.count()).where(AuditEvent.action.in_(["attribution.delete", "attribution.update"]))
        assert db.session.scalar(losers_wrote) == 0


def _row(made: dict, article_id: int) -> dict:
    return {
        "id": made["id"],
        "article_id": article_id,
        "kind": "direct",
        "content_start": 45,
        "content_end": 61,
        "origin": "editor",
        "state": "accepted",
        "credibility": "unverified",
        "version": 1,
    }


def test_deleting_twice_finds_nothing_the_second_time(client, editor):
    article = client.post("/api/articles", json={"text": TEXT}, headers=editor).json
    made = client.post(
        f"/api/articles/{article['id']}/attributions", json={"kind": "direct", "content": [45, 61]}, headers=editor
    ).json
    first = client.delete(f"/api/attributions/{made['id']}?version=1", headers=editor)
    again = client.delete(f"/api/attributions/{made['id']}?version=1", headers=editor)
    assert first.status_code == 204 and again.status_code == 404


@pytest.mark.parametrize(
    "body, message",
    [
        ('{"text": "a \\ud800 b"}', "the article text contains a lone surrogate"),
        ('{"text": "fine", "title": "\\udfff"}', "title contains a lone surrogate"),
        ('{"text": "fine", "byline": "a\\u0000b"}', "byline contains a NUL byte"),
        ("[" * 100_000 + "]" * 100_000, "the request body must be JSON"),
    ],
)
def test_text_no_database_can_store_and_json_nested_too_deep_get_a_clear_4xx(client, editor, body, message):
    res = client.post("/api/articles", data=body, headers={**editor, "Content-Type": "application/json"})
    assert 400 <= res.status_code < 500 and message in res.json["error"]["message"]
    assert client.get("/api/articles", headers=editor).json["total"] == 0


# Each as a browser would send it: URL-encoded bytes, some of them not UTF-8 at all.
QUERY_VALUES = ("%00", "%ED%A0%80", "%FF", "9" * 30, "9" * 5000, "-1", "%E2%80%AE", "%C2%B2", "2017-13-45")
QUERY_KEYS = ("page", "per_page", "collection", "state", "start", "end", "format", "next", "suggested", "version")


def test_every_page_with_hostile_query_strings_gets_no_server_error(app, client, editor):
    article = client.post("/api/articles", json={"text": TEXT}, headers=editor).json
    pages = [
        re.sub(r"<int:\w+>", str(article["id"]), str(rule))
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint != "static" and "<" not in re.sub(r"<int:\w+>", "", str(rule))
    ]
    assert {"/", "/dashboard", "/export", f"/articles/{article['id']}"} <= set(pages)
    for page in pages:
        for key in QUERY_KEYS:
            for value in QUERY_VALUES:
                res = client.get(f"{page}?{key}={value}")
                assert res.status_code < 500, (page, key, value, res.get_data(as_text=True)[:200])
                res.close()  # an export streams from an open query until read or closed


FORM_VALUES = ("a\x00b", "\u202egnp.exe", "=HYPERLINK(1)", "x" * 5000, "9" * 30, "")


def test_every_form_with_hostile_values_gets_no_server_error(app, client, editor):
    article = client.post("/api/articles", json={"text": TEXT}, headers=editor).json
    forms = [
        re.sub(r"<int:\w+>", str(article["id"]), str(rule))
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and not str(rule).startswith("/api/") and str(rule) != "/logout"
    ]
    assert {"/login", "/articles/new", "/import"} <= set(forms)
    names = ("username", "password", "text", "title", "url", "published", "collection", "fmt", "role", "note", "q")
    for form in forms:
        for value in FORM_VALUES:
            res = client.post(form, data={"csrf_token": editor["X-CSRFToken"], **dict.fromkeys(names, value)})
            assert res.status_code < 500, (form, value, res.get_data(as_text=True)[:200])
            res.close()  # an export streams from an open query until read or closed
