"""Hostile imports and exports (issue #10): review bypass, bombs, lying zips, duplicates, formula cells, bad filters."""

from __future__ import annotations

import io
import json
import struct
import tracemalloc
import warnings
import zipfile
import zlib

import pytest
import srsly
from sqlalchemy import select

from annotator.errors import InvalidInput
from annotator.extensions import db
from annotator.formats.brat_export import article_ann, read_brat
from annotator.formats.detect_format import read_corpus
from annotator.formats.docbin import USER_DATA_KEY, article_doc
from annotator.formats.records import AttributionRecord, CorpusArticle, ImportLimits, collect
from annotator.models import Article, AuditEvent

MB = 1024 * 1024
ARTICLE = "Officials said the town fell to the rebels overnight."


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def upload(client, headers, data: bytes, filename: str, **fields):
    form = {"csrf_token": headers["X-CSRFToken"], "fmt": "auto", "upload": (io.BytesIO(data), filename), **fields}
    return client.post("/import", data=form, content_type="multipart/form-data")


def articles(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(a.title, a.review_state) for a in db.session.scalars(select(Article).order_by(Article.id))]


def import_events(app) -> list[AuditEvent]:
    with app.app_context():
        events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "article.import")))
        db.session.expunge_all()
        return events


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def zip_bomb(inflated: int) -> bytes:
    """A small zip whose one member inflates to `inflated` bytes of one repeated letter."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("bomb.txt", "w") as member:
        for _ in range(inflated // MB):
            member.write(b"a" * MB)
    return buf.getvalue()


def lying_zip(inflated: int, claimed: int) -> bytes:
    """A zip whose member inflates to `inflated` bytes while both its headers say `claimed`."""
    data = bytearray(zip_bomb(inflated))
    struct.pack_into("<I", data, 22, claimed)  # the local header's uncompressed size
    struct.pack_into("<I", data, data.rfind(b"PK\x01\x02") + 24, claimed)  # the central directory's
    return bytes(data)


def docbin_bomb(inflated: int) -> bytes:
    """A `.spacy` file (zlib-compressed msgpack, as spaCy writes one) that inflates to `inflated` bytes."""
    packer = zlib.compressobj()
    parts = [packer.compress(srsly.msgpack_dumps({"strings": []}))]
    parts += [packer.compress(b"\0" * MB) for _ in range(inflated // MB)]
    return b"".join([*parts, packer.flush()])


def docbin_with_user_data(user_data) -> bytes:
    from spacy.tokens import DocBin

    doc = article_doc(CorpusArticle(text=ARTICLE))
    doc.user_data[USER_DATA_KEY] = user_data
    return DocBin(docs=[doc], store_user_data=True).to_bytes()


# --- the review state ----------------------------------------------------------------------------


def test_an_imported_approved_state_becomes_a_draft(app, client, editor):
    line = json.dumps({"text": ARTICLE, "title": "approved in the file", "review_state": "approved"})
    res = upload(client, editor, line.encode() + b"\n", "approved.jsonl")
    assert res.status_code == 302
    assert articles(app) == [("approved in the file", "draft")]
    (event,) = import_events(app)
    assert event.after["review_state"] == "draft" and event.after["review_state_in_file"] == "approved"


def test_a_docbin_that_says_approved_imports_as_a_draft(app, client, editor):
    from annotator.formats.docbin import iter_docbin

    data = b"".join(iter_docbin([CorpusArticle(text=ARTICLE, title="from spaCy", review_state="approved")]))
    assert upload(client, editor, data, "approved.spacy").status_code == 302
    assert articles(app) == [("from spaCy", "draft")]


def test_the_command_line_import_makes_drafts_too(app, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": ARTICLE, "title": "t", "review_state": "approved"}) + "\n")
    assert run(app, "import", str(path), "--no-detect").exit_code == 0
    assert articles(app) == [("t", "draft")]


def test_keep_review_state_is_recorded_in_the_audit_trail(app, tmp_path, make_user):
    admin = make_user("root", "admin")
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": ARTICLE, "title": "t", "review_state": "approved"}) + "\n")
    out = run(app, "import", str(path), "--no-detect", "--keep-review-state", "--by", "root")
    assert out.exit_code == 0, out.output
    assert articles(app) == [("t", "approved")]
    (event,) = import_events(app)
    assert event.user_id == admin.id
    assert event.after["review_state"] == "approved" and event.after["review_state_kept_by"] == "root"


@pytest.mark.parametrize("by", [[], ["--by", "ed"], ["--by", "nobody"]])
def test_keep_review_state_needs_an_admin(app, tmp_path, make_user, by):
    make_user("ed", "editor")
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": ARTICLE, "review_state": "approved"}) + "\n")
    out = run(app, "import", str(path), "--no-detect", "--keep-review-state", *by)
    assert out.exit_code != 0 and "admin" in out.output
    assert articles(app) == []


def test_the_web_import_refuses_a_javascript_url(app, client, editor):
    line = json.dumps({"text": ARTICLE, "url": "javascript:alert(document.cookie)"})
    res = upload(client, editor, line.encode(), "x.jsonl")
    assert res.status_code == 422 and "url must start with http:// or https://" in res.text
    assert articles(app) == []


# --- sizes and bombs ------------------------------------------------------------------------------


def over_size_zip(app) -> bytes:
    # varied words, so that the zip passes the ratio and the byte limits and only the article size is over
    limit = app.config["ARTICLE_MAX_BYTES"]
    words = " ".join(f"w{i}" for i in range(limit // 3))
    return zip_of({"one.txt": words.encode(), "two.txt": words.encode()})


def test_articles_over_the_size_limit_in_a_zip_are_refused_on_the_web(app, client, editor):
    res = upload(client, editor, over_size_zip(app), "big.zip")
    assert res.status_code == 422
    assert "big.zip/one.txt" in res.text and "big.zip/two.txt" in res.text and "1,000,000-byte limit" in res.text
    assert articles(app) == []


def test_articles_over_the_size_limit_in_a_zip_are_refused_on_the_command_line(app, tmp_path):
    path = tmp_path / "big.zip"
    path.write_bytes(over_size_zip(app))
    out = run(app, "import", str(path), "--no-detect")
    assert out.exit_code != 0 and "1,000,000-byte limit" in out.output and "nothing was imported" in out.output
    assert articles(app) == []


def _refused_reading(path, fmt: str = "auto") -> tuple[InvalidInput, int]:
    """The refusal an import of `path` ends with, and the peak of memory traced while reading it."""
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput) as refused:
            collect(read_corpus(path, fmt))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return refused.value, peak


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    path = tmp_path / "bomb.zip"
    path.write_bytes(zip_bomb(64 * MB))
    refused, peak = _refused_reading(path, "txt")
    assert refused.status == 413 and "compression bomb" in refused.message
    assert peak < 8 * MB  # the 64 MB were never held


def test_a_zip_bomb_is_a_413_form_error_on_the_web_and_writes_nothing(app, client, editor):
    good = zip_of({"fine.txt": ARTICLE.encode()})
    assert upload(client, editor, good, "fine.zip").status_code == 302
    res = upload(client, editor, zip_bomb(64 * MB), "bomb.zip", skip_bad="y")
    assert res.status_code == 413 and "compression bomb" in res.text and "nothing was imported" in res.text
    assert len(articles(app)) == 1


def test_a_zip_bomb_is_a_clear_error_on_the_command_line(app, tmp_path):
    path = tmp_path / "bomb.zip"
    path.write_bytes(zip_bomb(64 * MB))
    out = run(app, "import", str(path), "--no-detect", "--skip-bad")
    assert out.exit_code != 0 and "compression bomb" in out.output and articles(app) == []


def test_the_byte_limit_is_a_setting(app, client, editor):
    app.config["IMPORT_MAX_BYTES"] = 1000
    text = ("Officials said the town fell. " * 40).encode()  # 1,200 bytes: the ratio is not what stops it
    res = upload(client, editor, zip_of({"a.txt": text}), "a.zip")
    assert res.status_code == 413 and "over 1,000 bytes" in res.text
    assert articles(app) == []


def test_a_zip_with_more_files_than_the_limit_is_refused(app, client, editor):
    app.config["IMPORT_MAX_MEMBERS"] = 3
    many = zip_of({f"{i}.txt": f"{ARTICLE} {i}".encode() for i in range(4)})
    res = upload(client, editor, many, "many.zip")
    assert res.status_code == 413 and "4 files or docs" in res.text and articles(app) == []


def test_a_zip_whose_header_lies_about_its_size_is_refused(app, client, editor):
    res = upload(client, editor, lying_zip(inflated=16 * MB, claimed=100), "liar.zip")
    assert res.status_code == 422 and "liar.zip/bomb.txt" in res.text and "cannot be read from the zip" in res.text
    assert articles(app) == []


def test_a_zip_header_that_claims_too_much_is_not_believed(tmp_path):
    # the size in the header is not what counts: the bytes that really come out are
    data = bytearray(zip_of({"a.txt": ARTICLE.encode()}))
    struct.pack_into("<I", data, data.rfind(b"PK\x01\x02") + 24, 2**32 - 1)
    path = tmp_path / "claims.zip"
    path.write_bytes(bytes(data))
    (article,) = collect(read_corpus(path, "txt", limits=ImportLimits(max_bytes=MB))).records
    assert article.text == ARTICLE


def test_a_docbin_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.spacy"
    path.write_bytes(docbin_bomb(64 * MB))
    refused, peak = _refused_reading(path)
    assert refused.status == 413 and "compression bomb" in refused.message
    assert peak < 8 * MB  # refused before spaCy inflated it


def _repeated_token_docbin(token_chars: int, tokens: int, docs: int = 1) -> bytes:
    """A tiny DocBin whose docs repeat one long token: its texts grow without the file growing."""
    import spacy
    from spacy.tokens import Doc, DocBin

    vocab, word = spacy.blank("en").vocab, "a" * token_chars
    docbin = DocBin(attrs=["ORTH", "SPACY"], store_user_data=True)
    for _ in range(docs):
        doc = Doc(vocab, words=[word] * tokens, spaces=[False] * tokens)
        doc.user_data[USER_DATA_KEY] = {"article": {}, "attributions": []}
        docbin.add(doc)
    return docbin.to_bytes()


def test_a_docbin_of_repeated_long_tokens_is_refused_before_its_text_is_built(tmp_path):
    path = tmp_path / "tokens.spacy"
    path.write_bytes(_repeated_token_docbin(100_000, 300))  # a 30 MB text from a file of a few kB
    assert path.stat().st_size < 10_000
    refused, peak = _refused_reading(path)
    assert refused.status == 413 and "compression bomb" in refused.message
    assert peak < 8 * MB


def test_a_docbin_doc_over_the_article_limit_is_a_problem_and_no_doc_is_built(tmp_path):
    path = tmp_path / "long.spacy"
    path.write_bytes(_repeated_token_docbin(1_000, 600))  # 600 kB of text, inside the ratio's grace
    report = collect(read_corpus(path, max_bytes=500_000))
    assert report.records == [] and [p.message for p in report.problems] == [
        "doc 1: its text is over the 500,000-byte limit"
    ]


def test_a_docbin_bomb_is_a_413_on_the_web(app, client, editor):
    res = upload(client, editor, docbin_bomb(64 * MB), "bomb.spacy")
    assert res.status_code == 413 and "compression bomb" in res.text and articles(app) == []


def test_a_docbin_with_more_docs_than_the_limit_is_refused(app, client, editor):
    from annotator.formats.docbin import iter_docbin

    app.config["IMPORT_MAX_MEMBERS"] = 2
    data = b"".join(iter_docbin([CorpusArticle(text=f"{ARTICLE} {i}") for i in range(3)]))
    res = upload(client, editor, data, "three.spacy")
    assert res.status_code == 413 and "3 files or docs" in res.text and articles(app) == []


@pytest.mark.parametrize(
    "user_data", [["not", "an", "object"], {"article": ["a", "list"]}, "text"], ids=["list", "article-list", "text"]
)
def test_a_docbin_with_malformed_user_data_is_a_problem_not_a_crash(app, client, editor, user_data):
    res = upload(client, editor, docbin_with_user_data(user_data), "odd.spacy")
    assert res.status_code == 422 and "odd.spacy" in res.text and "doc 1" in res.text
    assert articles(app) == []


def test_a_docbin_without_our_user_data_imports_its_text(app, client, editor):
    assert upload(client, editor, docbin_with_user_data(None), "plain.spacy").status_code == 302
    assert len(articles(app)) == 1


# --- duplicates and unsafe names -----------------------------------------------------------------


def test_duplicate_zip_members_are_problems(app, client, editor):
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w") as zf:
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns, then writes both
        zf.writestr("a.txt", "The first one, which zipfile would lose.")
        zf.writestr("a.txt", ARTICLE)
        zf.writestr("b.txt", ARTICLE + " Again.")
    res = upload(client, editor, buf.getvalue(), "dupes.zip")
    assert res.status_code == 422 and "dupes.zip/a.txt" in res.text and "2 files of this name" in res.text
    assert articles(app) == []
    assert upload(client, editor, buf.getvalue(), "dupes.zip", skip_bad="y").status_code == 302
    assert [title for title, _ in articles(app)] == ["b"]  # neither a.txt is guessed at


@pytest.mark.parametrize("name", ["../escape.txt", "text/../../escape.txt", "/etc/escape.txt", "C:/escape.txt"])
def test_members_that_leave_the_zip_are_problems(tmp_path, name):
    path = tmp_path / "evil.zip"
    path.write_bytes(zip_of({name: ARTICLE.encode(), "ok.txt": ARTICLE.encode()}))
    report = collect(read_corpus(path, "txt"))
    assert [p.file for p in report.problems] == [f"{path}/{name}"]
    assert "'..'" in report.problems[0].message
    assert [r.title for r in report.records] == ["ok"]


def test_duplicate_brat_ids_are_problems_with_their_line(tmp_path):
    article = CorpusArticle(
        text=ARTICLE, attributions=[AttributionRecord("indirect", (15, 53), cue=(10, 14), source=(0, 9))]
    )
    ann = article_ann(article).splitlines()
    first = {line.split("\t")[0]: number for number, line in enumerate(ann, 1)}
    n = len(ann)
    lines = [
        *ann,
        "T1\tSource 0 9\tOfficials",
        next(line for line in ann if line.startswith("E1\t")),
        next(line for line in ann if line.startswith("A1\t")),
        "#1\tAnnotatorNotes E1\tfirst",
        "#1\tAnnotatorNotes E1\tsecond",
    ]
    path = tmp_path / "ids.zip"
    path.write_bytes(zip_of({"a.txt": ARTICLE.encode(), "a.ann": ("\n".join(lines) + "\n").encode()}))
    problems = collect(read_brat(path)).problems
    assert {(p.file, p.line, p.message) for p in problems} == {
        (f"{path}/a.ann", n + 1, f"the id T1 is used again (first on line {first['T1']})"),
        (f"{path}/a.ann", n + 2, f"the id E1 is used again (first on line {first['E1']})"),
        (f"{path}/a.ann", n + 3, f"the id A1 is used again (first on line {first['A1']})"),
        (f"{path}/a.ann", n + 5, f"the id #1 is used again (first on line {n + 4})"),
    }


def test_a_reimport_is_skipped_and_reported(app, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"text": ARTICLE, "title": "one", "url": "https://example.org/a"})
        + "\n"
        + json.dumps({"text": ARTICLE, "title": "same text, other URL", "url": "https://example.org/b"})
        + "\n"
    )
    assert run(app, "import", str(path), "--no-detect").exit_code == 0
    again = run(app, "import", str(path), "--no-detect")
    assert again.exit_code == 0, again.output
    assert "skipped 2 duplicate(s)" in again.output and "the same text and URL as article" in again.output
    assert len(articles(app)) == 2
    forced = run(app, "import", str(path), "--no-detect", "--allow-duplicates")
    assert forced.exit_code == 0 and len(articles(app)) == 4


def test_duplicates_within_one_file_are_skipped_and_counted(app, tmp_path):
    path = tmp_path / "twice.jsonl"
    line = json.dumps({"text": ARTICLE, "title": "twice"}) + "\n"
    path.write_text(line + line)
    out = run(app, "import", str(path), "--no-detect")
    assert out.exit_code == 0 and "imported 1 article(s)" in out.output and "skipped 1 duplicate(s)" in out.output
    assert "an earlier record of this import" in out.output


def test_a_web_reimport_is_skipped_unless_the_box_is_ticked(app, client, editor):
    line = (json.dumps({"text": ARTICLE, "title": "once"}) + "\n").encode()
    assert upload(client, editor, line, "a.jsonl").status_code == 302
    res = upload(client, editor, line, "a.jsonl")
    assert res.status_code == 302 and len(articles(app)) == 1
    assert "skipped 1 already imported" in client.get(res.headers["Location"]).text
    assert upload(client, editor, line, "a.jsonl", allow_duplicates="y").status_code == 302
    assert len(articles(app)) == 2


# --- exports ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["collection=a%00b", "state=published", "state=%00", "collection=" + "x" * 201],
    ids=["nul-collection", "unknown-state", "nul-state", "long-collection"],
)
def test_export_with_a_nul_in_collection_is_a_4xx(client, editor, query):
    res = client.get(f"/export?format=csv&{query}")
    assert 400 <= res.status_code < 500
    assert "attachment" not in res.headers.get("Content-Disposition", "")


def test_the_export_command_refuses_a_nul_in_collection(app):
    out = run(app, "export", "--format", "jsonl", "--collection", "a\x00b")
    assert out.exit_code != 0 and "NUL" in out.output


def test_csv_export_defuses_a_formula_typed_by_an_editor(client, editor):
    formula = '=HYPERLINK("http://evil.example","x")'
    res = client.post("/api/articles", headers=editor, json={"title": formula, "text": ARTICLE})
    assert res.status_code == 201 and res.json["attributions"]  # the stand-in detector finds "Officials said"
    rows = client.get("/export?format=csv").data.decode().splitlines()
    assert rows[1].split(",")[1] == '"\'=HYPERLINK(""http://evil.example""'
