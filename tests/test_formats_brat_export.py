"""brat: our zip export re-imports with every tag; PolNeAR folders import; bad lines are Problems."""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.formats.brat import parse_ann as shared_parse_ann
from annotator.formats.brat import read_folder
from annotator.formats.brat_export import article_ann, iter_brat, read_brat
from annotator.formats.records import AttributionRecord, CorpusArticle, collect

TEXT = "Officials said the town fell.\n\nIt fell, she said. \u201cWe are\nsafe,\u201d a man said."
POLNEAR = Path(os.environ.get("POLNEAR_DIR", "/work/polnear"))


def _zip(articles) -> bytes:
    return b"".join(iter_brat(articles))


def test_export_reimports_every_tag_and_the_metadata(tmp_path, mayadeen):
    art = mayadeen
    plain = CorpusArticle(
        text=TEXT, attributions=[AttributionRecord("direct", (50, 64), cue=(71, 75), note="across\na line break")]
    )
    path = tmp_path / "corpus.zip"
    path.write_bytes(_zip([art, plain]))
    report = collect(read_brat(path))
    assert report.problems == []
    first, second = report.records
    assert replace(first, source_name=None) == art
    assert replace(second, source_name=None) == replace(plain, title=None)
    assert first.source_name == f"{path}/00001-isis-leaders-flee-to-mayadeen.txt"
    names = zipfile.ZipFile(path).namelist()
    assert names[:4] == [
        "annotation.conf",
        "00001-isis-leaders-flee-to-mayadeen.txt",
        "00001-isis-leaders-flee-to-mayadeen.ann",
        "00001-isis-leaders-flee-to-mayadeen.json",
    ]


def test_ann_layout_matches_polnear_and_the_shared_reader():
    art = CorpusArticle(
        text=TEXT,
        attributions=[
            AttributionRecord(
                "indirect", (15, 28), cue=(10, 14), source=(0, 9), speaker="officials", status="anonymous_no_reason"
            ),
            AttributionRecord("direct", (50, 64), cue=(71, 75), source=(65, 70), anonymity_reason=(65, 70)),
        ],
    )
    ann = article_ann(art)
    lines = ann.splitlines()
    assert lines[:5] == [
        "T1\tSource 0 9\tOfficials",
        "T2\tCue 10 14\tsaid",
        "T3\tContent 15 28\tthe town fell",
        "T4\tAttribution 10 14\tsaid",
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
    ]
    assert "A3\tCredibility E1 unverified" in lines and '#1\tAnnotatorNotes E1\t{"speaker": "officials"}' in lines
    # a span across a line break is cut into fragments, as brat wants
    assert "T7\tContent 50 57;58 64\t\u201cWe are safe,\u201d" in lines
    assert "E2\tAttribution:T9 Source:T5 Cue:T6 Content:T7 AnonymityReason:T8" in lines
    # the evaluation's reader sees the same spans
    assert [a["content"] for a in shared_parse_ann(ann).attributions()] == [[(15, 28)], [(50, 57), (58, 64)]]


def test_no_source_uses_polnears_trigger_type():
    art = CorpusArticle(text=TEXT, attributions=[AttributionRecord("indirect", (15, 28))])
    assert article_ann(art).splitlines()[1:3] == [
        "T2\tAttribution-no-source 15 28\tthe town fell",
        "E1\tAttribution-no-source:T2 Content:T1",
    ]


def _polnear(tmp_path: Path) -> Path:
    root = tmp_path / "polnear"
    (root / "text").mkdir(parents=True), (root / "attributions").mkdir()
    (root / "text" / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "text" / "b.txt").write_text("Nobody annotated this one.", encoding="utf-8")
    (root / "attributions" / "a_2f0c.ann").write_text("T1\tSource 0 3\tOff\n", encoding="utf-8")
    (root / "attributions" / "a_1b7e.ann").write_text(
        "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 15 28\tthe town fell\n"
        "T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "T5\tContent 50 57;58 64\tWe are safe\nT6\tCue 71 75\tsaid\nT7\tAttribution-no-source 71 75\tsaid\n"
        "E2\tAttribution-no-source:T7 Cue:T6 Content:T5\n#1\tAnnotatorNotes T5\tunsure\n"
        "T8\tSource 31 33\tIt\nE3\tAttribution:T8 Source:T8\n",
        encoding="utf-8",
    )
    return root


def test_polnear_folder_first_annotator_with_defaults(tmp_path):
    report = collect(read_brat(_polnear(tmp_path)))
    assert report.problems == []
    a, b = report.records
    assert (a.title, b.title, b.attributions) == (None, None, [])
    assert a.attributions == [
        AttributionRecord("indirect", (15, 28), cue=(10, 14), source=(0, 9)),
        AttributionRecord("direct", (50, 64), cue=(71, 75)),
    ]  # kind read from the quotes; hull of fragments
    assert (a.attributions[0].state, a.attributions[0].origin) == ("accepted", "editor")


def test_polnear_zip_imports_too(tmp_path):
    root = _polnear(tmp_path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in sorted(root.rglob("*.*")):
            zf.write(path, "dev/" + path.relative_to(root).as_posix())
    buf.seek(0)
    report = collect(read_brat(buf, "dev.zip"))
    assert report.problems == [] and [len(r.attributions) for r in report.records] == [2, 0]
    assert report.records[0].source_name == "dev.zip/dev/text/a.txt"


def test_bad_files_and_lines_are_problems_naming_the_ann_and_line(tmp_path):
    root = tmp_path / "bad"
    root.mkdir()
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "a.ann").write_text(
        "T1\tContent 15 28\tthe town fell\nT2\tContent 15 x\tbroken\nE1\tAttribution:T1 Content:T1\n"
        "T3\tContent 60 900\tfar\nT4\tAttribution 60 90\tx\nE2\tAttribution:T4 Content:T3\n"
        "E3\tAttribution:T1 Content:T1\nA1\tStatus E3 secret\nE4\tAttribution:T1 Content:T9\n"
        '#4\tAnnotatorNotes E1\t{"speaker": 5}\n',
        encoding="utf-8",
    )
    (root / "b.txt").write_bytes(b"caf\xe9")
    (root / "c.txt").write_bytes(b"")
    (root / "d.txt").write_bytes(b"\x00\x01\x02")
    report = collect(read_brat(root))
    assert report.records == []
    got = [(Path(p.file).name, p.line, p.message) for p in report.problems]
    assert got[0] == ("a.ann", 2, "malformed brat line: 'T2\\tContent 15 x\\tbroken'")
    assert got[1][:2] == ("a.ann", 9) and "refers to 'T9'" in got[1][2]
    assert got[2] == ("a.ann", 3, "speaker must be text or null, not a number")
    assert got[3][:2] == ("a.ann", 6) and "content span [60, 900] is not inside the text" in got[3][2]
    assert got[4][:2] == ("a.ann", 7) and "unknown status 'secret'" in got[4][2]
    assert [g[:2] for g in got[5:]] == [("b.txt", 1), ("c.txt", None), ("d.txt", None)]
    assert [g[2].split()[0] for g in got[5:]] == ["not", "the", "the"]


def test_not_a_zip_is_a_problem(tmp_path):
    path = tmp_path / "x.zip"
    path.write_bytes(b"not a zip")
    (problem,) = collect(read_brat(path)).problems
    assert problem.file == str(path) and "not a folder or a readable zip" in problem.message


@pytest.mark.skipif(not (POLNEAR / "dev" / "text").is_dir(), reason="PolNeAR dev split not available")
def test_polnear_dev_keeps_every_attribution_with_a_content():
    report = collect(read_brat(POLNEAR / "dev"))
    expected = sum(len(doc.attributions()) for _, _, doc in read_folder(POLNEAR / "dev"))
    assert report.problems == []
    assert sum(len(a.attributions) for a in report.records) == expected > 2000
