"""Our JSONL: a lossless round trip, plain lines, and a Problem (file, line) for each bad line."""

from __future__ import annotations

import io
import json
from dataclasses import replace

from annotator.formats.jsonl import iter_jsonl, read_jsonl
from annotator.formats.records import AttributionRecord, Problem, collect

GOOD = '{"text": "Officials said the town fell.", "title": "A"}'


def _read(content: str | bytes, name: str = "in.jsonl"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return collect(read_jsonl(io.BytesIO(data), name))


def test_round_trip_keeps_everything(tmp_path, mayadeen):
    art = mayadeen
    second = replace(
        art,
        title=None,
        outlet=None,
        byline=None,
        url=None,
        published=None,
        collection=None,
        review_state="draft",
        attributions=[],
    )
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(iter_jsonl([art, second])), encoding="utf-8")
    report = collect(read_jsonl(path))
    assert report.problems == []
    assert report.records == [replace(art, source_name=str(path)), replace(second, source_name=str(path))]
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert line["published"] == "2017-06-19" and line["attributions"][0]["content"] == [423, 633]
    assert set(line["attributions"][0]) == set(AttributionRecord.__dataclass_fields__)


def test_plain_lines_and_text_streams():
    report = collect(read_jsonl(io.StringIO(GOOD + "\n\n" + '{"text": "B", "outlet": "X"}\n'), "plain.jsonl"))
    assert report.problems == [] and [a.title for a in report.records] == ["A", None]
    assert report.records[0].attributions == [] and report.records[0].review_state == "draft"


def test_each_bad_line_is_a_problem_with_its_line_number():
    lines = [
        GOOD,
        '{"title": "no text"}',
        '{"text": "broken", ',
        '{"text": "Hi there", "attributions": [{"kind": "direct", "content": [0, 99]}]}',
        '{"text": "Hi there", "attributions": [{"kind": "direct", "content": [0, 2], "status": "secret"}]}',
        '{"text": "Hi there", "attributions": [{"kind": "direct", "content": [5, 2]}]}',
        '{"text": "Hi there", "attributions": [{"kind": "rumour", "content": [0, 2]}]}',
        '["not", "an", "object"]',
        '{"text": ""}',
        GOOD,
    ]
    report = _read("\n".join(lines) + "\n")
    assert len(report.records) == 2
    got = {p.line: p.message for p in report.problems}
    assert sorted(got) == [2, 3, 4, 5, 6, 7, 8, 9]
    assert "text is missing" in got[2] and "broken JSON" in got[3]
    assert "content span [0, 99] is not inside the text" in got[4]
    assert "unknown status 'secret'" in got[5] and "content span [5, 2]" in got[6]
    assert "unknown kind 'rumour'" in got[7] and "must be a JSON object" in got[8] and "text is empty" in got[9]
    assert str(report.problems[1]).startswith("in.jsonl:3: broken JSON")


def test_empty_binary_and_non_utf8_files(tmp_path):
    assert [str(p) for p in _read(b"").problems] == ["in.jsonl: the file is empty"]
    assert [str(p) for p in _read(b"\n  \n").problems] == ["in.jsonl: the file is empty"]
    binary = _read(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20)
    assert [str(p) for p in binary.problems] == ["in.jsonl: the file is binary, not JSON lines"]
    latin = _read((GOOD + "\n" + '{"text": "caf\u00e9"}\n').encode("latin-1"))
    assert len(latin.records) == 1
    assert [(p.file, p.line) for p in latin.problems] == [("in.jsonl", 2)] and "UTF-8" in latin.problems[0].message
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    assert collect(read_jsonl(path)).problems == [Problem(str(path), None, "the file is empty")]


def test_detector_is_read_back_and_checked_like_every_other_tag():
    claim = '{"text": "Officials say.", "attributions": [{"kind": "indirect", "content": [10, 13], "detector": %s}]}'
    lines = [
        claim % '"rules"',
        claim % '"attribution_spans-20261202-084545"',
        claim % "null",
        claim % '"gpt-4"',
        claim % json.dumps("attribution_spans-" + "9" * 50),
        claim % "7",
    ]
    report = _read("\n".join(lines) + "\n")
    assert [r.attributions[0].detector for r in report.records] == ["rules", "attribution_spans-20261202-084545", None]
    got = {p.line: p.message for p in report.problems}
    assert sorted(got) == [4, 5, 6]
    assert got[4] == "attribution 1: unknown detector 'gpt-4' (expected rules, attribution_spans-<version> or null)"
    assert got[5] == "attribution 1: detector is longer than 60 characters"
    assert got[6] == "attribution 1: detector must be text or null, not a number"


def test_a_broken_line_is_reported_at_the_column_where_it_breaks():
    broken = '{"text": "Officials said it.", "title": "A", "outlet": }'
    truncated = '{"text": "Officials said it.", "title": '
    report = _read("\n".join([GOOD, broken, truncated]) + "\n")
    assert [str(p) for p in report.problems] == [
        f"in.jsonl:2: broken JSON: Expecting value at column {broken.index('}') + 1}",
        f"in.jsonl:3: broken JSON: Expecting value at column {len(truncated) + 1}",
    ]
    # the column Python's own parser gives for the line, CRLF line ends too
    report = _read(GOOD + "\r\n" + truncated + "\r\n")
    assert [p.message for p in report.problems] == [f"broken JSON: Expecting value at column {len(truncated) + 1}"]
