"""`--format auto`: formats told apart by extension and content; one entry point per direction."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from annotator.formats.detect_format import EXPORT_FORMATS, UnknownFormat, detect_format, export, read_corpus
from annotator.formats.records import CorpusArticle, collect


def _zip(path, members: dict) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_detects_files_folders_and_zips(tmp_path):
    cases = {
        "a.jsonl": '{"text": "x"}\n',
        "a.ndjson": "{}",
        "a.txt": "x",
        "a.html": "<p>x</p>",
        "a.htm": "<p>x</p>",
        "noext": '{"text": "x"}\n',
        "page": "<!doctype html><p>x</p>",
        "anno.json": json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation"}),
        "plain.json": '{"text": "x"}',
    }
    for name, content in cases.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    expected = {
        "a.jsonl": "jsonl",
        "a.ndjson": "jsonl",
        "a.txt": "txt",
        "a.html": "html",
        "a.htm": "html",
        "noext": "jsonl",
        "page": "html",
        "anno.json": "webannotation",
        "plain.json": "jsonl",
    }
    assert {name: detect_format(tmp_path / name) for name in cases} == expected
    _zip(tmp_path / "brat.zip", {"a.txt": "x", "a.ann": ""})
    _zip(tmp_path / "polnear.zip", {"dev/text/a.txt": "x", "dev/attributions/a_1.ann": ""})
    _zip(tmp_path / "pages.zip", {"a.html": "<p>x</p>", "b.htm": "<p>y</p>"})
    _zip(tmp_path / "texts.bin", {"a.txt": "x", "b.html": "<p>y</p>"})  # a zip whatever its name
    assert [detect_format(tmp_path / n) for n in ("brat.zip", "polnear.zip", "pages.zip", "texts.bin")] == [
        "brat",
        "brat",
        "html",
        "txt",
    ]
    polnear = tmp_path / "polnear"
    (polnear / "text").mkdir(parents=True), (polnear / "attributions").mkdir()
    (polnear / "text" / "a.txt").write_text("x"), (polnear / "attributions" / "a_1.ann").write_text("")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("x")
    assert (detect_format(polnear), detect_format(texts)) == ("brat", "txt")
    (tmp_path / "c.spacy").write_bytes(b"".join(EXPORT_FORMATS["spacy"].chunks([CorpusArticle(text="Hi there.")])))
    assert detect_format(tmp_path / "c.spacy") == "spacy"


def test_streams_are_detected_and_rewound():
    stream = io.BytesIO(b'{"text": "Officials said the town fell."}\n')
    assert detect_format(stream, "upload") == "jsonl" and stream.tell() == 0
    zipped = io.BytesIO()
    _zip(zipped, {"a.txt": "Officials said the town fell."})
    zipped.seek(0)
    (article,) = collect(read_corpus(zipped, name="upload.zip")).records
    assert article.title == "a"


def test_unknown_and_export_only_formats_are_problems(tmp_path, mayadeen):
    (tmp_path / "x.bin").write_bytes(b"\x00\x01")
    with pytest.raises(UnknownFormat, match="x.bin"):
        detect_format(tmp_path / "x.bin")
    (problem,) = collect(read_corpus(tmp_path / "x.bin")).problems
    assert "cannot tell the format" in problem.message
    anno = tmp_path / "anno.jsonld"
    with anno.open("w", encoding="utf-8") as out:
        export("webannotation", [mayadeen], out)
    (problem,) = collect(read_corpus(anno)).problems
    assert "cannot be imported" in problem.message


@pytest.mark.parametrize("fmt", ["jsonl", "brat", "spacy"])
def test_every_reimportable_export_comes_back_through_auto(tmp_path, fmt, mayadeen):
    spec = EXPORT_FORMATS[fmt]
    path = tmp_path / f"corpus{spec.suffix}"
    out = path.open("wb") if spec.binary else path.open("w", encoding="utf-8", newline="")
    with out:
        export(fmt, [mayadeen], out)
    report = collect(read_corpus(path))
    assert report.problems == [] and report.records[0].attributions == mayadeen.attributions
