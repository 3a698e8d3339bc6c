"""Corpus import and export against the database: lossless round trips, all-or-nothing imports, downloads."""

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin
from sqlalchemy import select, update

from annotator.extensions import db
from annotator.models import Article, Attribution

STRIP = ("collection",)


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def counts(app):
    with app.app_context():
        return db.session.query(Article).count(), db.session.query(Attribution).count()


@pytest.fixture
def reference(client, editor, acceptance_text, load_reference):
    art = load_reference(editor, acceptance_text)
    client.patch(
        f"/api/attributions/{art['ids'][0]}",
        headers=editor,
        json={"version": 1, "note": "check with the desk", "credibility": "disputed"},
    )
    return art


def test_jsonl_round_trip_keeps_everything(app, tmp_path, reference):
    first = tmp_path / "first.jsonl"
    assert run(app, "export", "--format", "jsonl", "--out", str(first)).exit_code == 0
    out = run(app, "import", str(first), "--collection", "copy", "--no-detect", "--allow-duplicates")
    assert out.exit_code == 0, out.output
    assert "imported 1 article(s) with 26 attribution(s)" in out.output
    second = tmp_path / "second.jsonl"
    assert run(app, "export", "--format", "jsonl", "--collection", "copy", "--out", str(second)).exit_code == 0
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    for key in STRIP:
        a.pop(key), b.pop(key)
    assert a == b
    assert any(x["note"] == "check with the desk" and x["credibility"] == "disputed" for x in b["attributions"])


def test_jsonl_round_trip_keeps_which_detector_suggested_each_claim(app, tmp_path, reference):
    detectors = {reference["ids"][0]: "rules", reference["ids"][1]: "attribution_spans-20261202-084545"}
    with app.app_context():
        for claim, name in detectors.items():
            db.session.execute(update(Attribution).where(Attribution.id == claim).values(origin="model", detector=name))
        db.session.commit()
        before = _detectors(collection=None)
    assert sorted(filter(None, before.values())) == sorted(detectors.values())
    first = tmp_path / "first.jsonl"
    assert run(app, "export", "--format", "jsonl", "--out", str(first)).exit_code == 0
    out = run(app, "import", str(first), "--collection", "copy", "--no-detect", "--allow-duplicates")
    assert out.exit_code == 0, out.output
    with app.app_context():
        assert _detectors(collection="copy") == before


def _detectors(collection: str | None) -> dict[tuple, str | None]:
    """Each stored claim's detector, by its kind and content span, in one collection (None: no collection)."""
    query = select(Attribution.kind, Attribution.content_start, Attribution.content_end, Attribution.detector).join(
        Article, Attribution.article_id == Article.id
    )
    where = Article.collection.is_(None) if collection is None else Article.collection == collection
    return {tuple(row[:3]): row[3] for row in db.session.execute(query.where(where))}


def test_broken_line_stops_the_import_and_names_it(app, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"text": "One fine article.", "title": "one"}\n'
        '{"text": "Two fine articles.", "title": "two"}\n'
        '{"text": "broken", \n'
        '{"title": "no text"}\n'
        '{"text": "abc", "attributions": [{"kind": "direct", "content": [0, 99]}]}\n'
    )
    out = run(app, "import", str(path), "--no-detect")
    assert out.exit_code != 0
    for line in (3, 4, 5):
        assert f"in.jsonl:{line}:" in out.output
    assert "nothing was imported" in out.output
    assert counts(app) == (0, 0)
    out = run(app, "import", str(path), "--no-detect", "--skip-bad")
    assert out.exit_code == 0 and "skipped 3 bad record(s)" in out.output
    assert counts(app) == (2, 0)


def test_import_runs_the_detector_on_plain_text(real_detector, app, tmp_path, acceptance_text):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "mayadeen.txt").write_text(acceptance_text, encoding="utf-8")
    (folder / "short.txt").write_text('"We will rebuild," said Mayor Ana Ruiz.', encoding="utf-8")
    out = run(app, "import", str(folder), "--collection", "texts")
    assert out.exit_code == 0, out.output
    with app.app_context():
        rows = db.session.query(Attribution).all()
        assert len(rows) > 20 and {r.origin for r in rows} == {"model"} and {r.state for r in rows} == {"suggested"}


def test_brat_export_reimports_with_every_tag(app, tmp_path, reference):
    zipped = tmp_path / "corpus.zip"
    assert run(app, "export", "--format", "brat", "--out", str(zipped)).exit_code == 0
    names = zipfile.ZipFile(zipped).namelist()
    assert any(n.endswith(".ann") for n in names) and any(n.endswith(".txt") for n in names)
    out = run(app, "import", str(zipped), "--collection", "again", "--no-detect", "--allow-duplicates")
    assert out.exit_code == 0, out.output
    jsonl = tmp_path / "x.jsonl"
    run(app, "export", "--format", "jsonl", "--out", str(jsonl))
    original, again = [json.loads(line) for line in jsonl.read_text().splitlines()]

    def key(a: dict) -> tuple:
        return a["content"], a["kind"]

    assert sorted(original["attributions"], key=key) == sorted(again["attributions"], key=key)


def test_spacy_docbin_loads_with_spacy(app, tmp_path, reference):
    path = tmp_path / "corpus.spacy"
    assert run(app, "export", "--format", "spacy", "--out", str(path)).exit_code == 0
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
    assert len(docs) == 1 and len(docs[0].spans["attributions"]) == 26


def test_web_downloads_stream_every_format(client, reference):
    for fmt, mimetype in (
        ("jsonl", "application/x-ndjson"),
        ("csv", "text/csv"),
        ("brat", "application/zip"),
        ("webannotation", "application/ld+json"),
        ("spacy", "application/octet-stream"),
    ):
        res = client.get(f"/export?format={fmt}")
        assert res.status_code == 200 and res.mimetype == mimetype, fmt
        assert "attachment" in res.headers["Content-Disposition"] and res.data
    anno = json.loads(client.get("/export?format=webannotation").data)
    assert anno["@context"] == "http://www.w3.org/ns/anno.jsonld"
    rows = client.get("/export?format=csv").data.decode().splitlines()
    assert len(rows) == 27 and "content_text" in rows[0]
    assert client.get("/export?format=docx").status_code == 404
    page = client.get("/collections").text
    assert "/export?format=brat" in page


def test_upload_form_is_all_or_nothing(app, client, editor):
    bad = b'{"text": "fine", "title": "ok"}\n{"text": "x", "attributions": [{"kind": "gossip", "content": [0, 1]}]}\n'
    res = client.post(
        "/import",
        data={
            "csrf_token": editor["X-CSRFToken"],
            "fmt": "auto",
            "collection": "",
            "detect": "",
            "upload": (io.BytesIO(bad), "bad.jsonl"),
        },
        content_type="multipart/form-data",
    )
    assert res.status_code == 422 and "bad.jsonl:2:" in res.text and "gossip" in res.text
    assert counts(app) == (0, 0)
    res = client.post(
        "/import",
        data={
            "csrf_token": editor["X-CSRFToken"],
            "fmt": "auto",
            "collection": "up",
            "skip_bad": "y",
            "upload": (io.BytesIO(bad), "bad.jsonl"),
        },
        content_type="multipart/form-data",
    )
    assert res.status_code == 302
    assert counts(app)[0] == 1
    empty = client.post(
        "/import",
        data={"csrf_token": editor["X-CSRFToken"], "fmt": "auto", "upload": (io.BytesIO(b""), "empty.jsonl")},
        content_type="multipart/form-data",
    )
    assert empty.status_code == 422 and "empty" in empty.text


def test_polnear_dev_import_keeps_every_attribution(app):
    root = os.environ.get("POLNEAR_DIR")
    if not root or not (Path(root) / "dev").is_dir():
        pytest.skip("PolNeAR not available: set POLNEAR_DIR to the output of shared/tools/polnear-extract")
    from annotator.formats.brat import read_folder

    expected = sum(len(doc.attributions()) for _, _, doc in read_folder(Path(root) / "dev"))
    out = run(app, "import", str(Path(root) / "dev"), "--format", "brat", "--no-detect")
    assert out.exit_code == 0, out.output
    assert counts(app)[1] == expected
