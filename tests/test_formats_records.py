"""The plain corpus records: validation, dict conversion, decoding, and the constants' agreement."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.formats.jsonl import article_to_json
from annotator.formats.records import Problem, RecordError, article_from_dict, decode


def test_mayadeen_reads_back_through_the_import_validation(mayadeen):
    art = article_from_dict(json.loads(article_to_json(mayadeen)))
    assert replace(art, source_name=None) == mayadeen
    assert len(art.attributions) == 26
    assert any(a.anonymity_reason for a in art.attributions) and any(a.source is None for a in art.attributions)


def test_the_column_sizes_are_the_vocabulary_limits():
    from annotator import models, vocab

    tables = {
        "username": models.User,
        "speaker": models.Attribution,
        "affiliation": models.Attribution,
        "role": models.Attribution,
        **{name: models.Article for name in vocab.META_FIELDS},
    }
    sized = {name: table.__table__.c[name].type.length for name, table in tables.items()}
    assert sized == {name: vocab.MAX_LENGTHS[name] for name in tables}


def _problems(record: dict, **limits) -> list[str]:
    with pytest.raises(RecordError) as err:
        article_from_dict(record, **limits)
    return err.value.problems


def test_every_problem_of_a_record_is_named_at_once():
    errors = _problems(
        {
            "text": "Officials said the town fell.",
            "review_state": "lost",
            "attributions": [
                {"kind": "direct", "content": [15, 28]},
                {
                    "kind": "quoted",
                    "content": [15, 99],
                    "cue": [14, 10],
                    "status": "secret",
                    "state": "gone",
                    "confidence": 2.0,
                },
            ],
        }
    )
    assert errors[0].startswith("unknown review_state 'lost'")
    assert [e.split(":")[0] for e in errors[1:]] == ["attribution 2"] * 6
    joined = "\n".join(errors)
    for needle in (
        "content span [15, 99]",
        "cue span [14, 10]",
        "unknown kind 'quoted'",
        "unknown status 'secret'",
        "unknown state 'gone'",
        "confidence must be a number between 0 and 1 (got 2.0)",
    ):
        assert needle in joined
    assert _problems({"text": "  \n"}) == ["the article text is empty"]
    long = {
        "text": "Hi there",
        "title": "t" * 501,
        "attributions": [{"kind": "direct", "content": [0, 2], "role": "r" * 301}],
    }
    assert _problems(long) == [
        "title is longer than 500 characters",
        "attribution 1: role is longer than 300 characters",
    ]


def test_an_imported_record_meets_the_apis_rules():
    assert _problems({"text": "Hi there", "url": "javascript:alert(1)"}) == ["url must start with http:// or https://"]
    assert _problems({"text": "Hi \x00 there"}) == ["the article text contains a NUL byte"]
    assert _problems({"text": "Hi", "byline": "a\x00b"}) == ["byline contains a NUL byte"]
    assert _problems({"text": "caf\u00e9 " * 4}, max_bytes=20) == ["the article text is over the 20-byte limit"]
    assert article_from_dict({"text": "caf\u00e9 " * 4}, max_bytes=24).text.startswith("caf")


def test_from_dict_defaults_and_type_errors():
    art = article_from_dict(
        {
            "text": "Hi there.",
            "title": "t",
            "published": "2017-06-19T10:00:00",
            "attributions": [{"kind": "indirect", "content": [0, 2], "state": None}],
        }
    )
    assert art.published == datetime.date(2017, 6, 19) and art.review_state == "draft"
    assert (art.attributions[0].state, art.attributions[0].origin) == ("accepted", "editor")
    for bad, message in (
        ({"title": "x"}, "text is missing"),
        ({"text": 3}, "text must be a string"),
        (["text"], "a record must be a JSON object, not a list"),
        ({"text": "a", "published": "June"}, "published must be a date like 2017-06-15"),
        ({"text": "a", "attributions": [{"content": [0, 1]}]}, "attribution 1: kind is missing"),
        ({"text": "a", "attributions": [{"kind": "direct", "content": [0]}]}, "content must be"),
        ({"text": "a", "attributions": [{"kind": "direct"}]}, "attribution 1: content is missing"),
        ({"text": "a", "attributions": [{"kind": "direct", "content": None}]}, "needs a content span"),
        ({"text": "a", "attributions": {"kind": "direct"}}, "attributions: Input should be a valid list"),
        ({"text": "a", "attributions": [{"kind": "direct", "content": [0, 1], "confidence": "high"}]}, "confidence"),
        ({"text": "a", "title": ["x"]}, "title must be text"),
    ):
        with pytest.raises(RecordError, match=message):
            article_from_dict(bad)


def test_decode_refuses_empty_binary_and_other_encodings():
    assert decode(b"\xef\xbb\xbfhello", "a.txt") == "hello"
    assert decode(b"\xef\xbb\xbfhello", "a.txt", keep_bom=True) == "\ufeffhello"
    assert str(decode(b" \n", "a.txt")) == "a.txt: the file is empty"
    assert "binary" in decode(b"PK\x00\x01", "a.txt").message
    latin = decode("line one\ncaf\u00e9".encode("latin-1"), "a.txt")
    assert isinstance(latin, Problem) and str(latin).startswith("a.txt:2: not UTF-8")


def test_formats_layer_imports_no_flask_or_sqlalchemy():
    # a fresh interpreter: only what the formats modules pull in themselves (the package's
    # own __init__ imports Flask, so the modules are loaded by path)
    import subprocess
    import sys

    code = (
        "import sys, importlib.util, types, pathlib\n"
        "root = pathlib.Path('annotator')\n"
        "for pkg in ('annotator', 'annotator.formats', 'annotator.nlp'):\n"
        "    m = types.ModuleType(pkg); sys.modules[pkg] = m\n"
        "    m.__path__ = [str(root.joinpath(*pkg.split('.')[1:]))]\n"
        "import annotator.formats.detect_format, annotator.formats.docbin\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('flask', 'sqlalchemy', 'flask_sqlalchemy'))\n"
        "print(bad)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent.parent, check=True
    )
    assert out.stdout.strip() == "[]"
