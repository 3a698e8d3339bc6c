"""Plain .txt/.html articles, alone or in a folder or zip; pages without a body are refused."""

from __future__ import annotations

import datetime
import io
import zipfile

from annotator.formats.plaintext import read_plaintext
from annotator.formats.records import Problem, collect

BODY = " ".join(["The coalition said the campaign against the group was entering its final phase."] * 6)
PAGE = f"""<html><head><title>Final phase | The Daily</title>
<meta property="og:title" content="Final phase"><meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2017-06-19"></head>
<body><nav>Home News Sport</nav><article><h1>Final phase</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>"""
NAV_ONLY = "<html><body><nav>Home News</nav></body></html>"


def test_folder_of_txt_and_html(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "mayadeen-story.txt").write_text("Officials said the town fell.\n", encoding="utf-8")
    (tmp_path / "sub" / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")
    report = collect(read_plaintext(tmp_path))
    assert report.problems == []
    txt, html = report.records
    assert (txt.title, txt.text, txt.attributions) == ("mayadeen-story", "Officials said the town fell.\n", [])
    assert html.title == "Final phase" and html.byline == "Jane Roe"
    assert html.published == datetime.date(2017, 6, 19)
    assert html.text.startswith("The coalition said") and "Home News" not in html.text
    assert html.source_name == f"{tmp_path}/sub/page.html"


def test_zip_with_bad_members_reports_each(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "Officials said the town fell.")
        zf.writestr("empty.txt", "")
        zf.writestr("latin.txt", "caf\u00e9".encode("latin-1"))
        zf.writestr("image.txt", b"\x89PNG\x00\x00")
        zf.writestr("nav.html", NAV_ONLY)
        zf.writestr("__MACOSX/._a.txt", b"\x00\x05")
    buf.seek(0)
    report = collect(read_plaintext(buf, "up.zip"))
    assert [r.title for r in report.records] == ["a"]
    got = {p.file: p for p in report.problems}
    assert set(got) == {"up.zip/empty.txt", "up.zip/latin.txt", "up.zip/image.txt", "up.zip/nav.html"}
    assert "empty" in got["up.zip/empty.txt"].message and "binary" in got["up.zip/image.txt"].message
    assert got["up.zip/latin.txt"].line == 1 and "UTF-8" in got["up.zip/latin.txt"].message
    assert "no article body" in got["up.zip/nav.html"].message


def test_single_files_and_streams(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Officials said the town fell.", encoding="utf-8")
    assert collect(read_plaintext(path)).records[0].title == "story"
    (html,) = collect(read_plaintext(io.BytesIO(PAGE.encode()), "upload.html")).records
    assert html.title == "Final phase"
    assert collect(read_plaintext(io.BytesIO(NAV_ONLY.encode()), "n.html")).problems[0].file == "n.html"
    (missing,) = collect(read_plaintext(tmp_path / "nothing-here.txt", "gone.txt")).problems
    assert (missing.file, missing.message) == ("gone.txt", "cannot be read (No such file or directory)")


def test_folder_without_articles(tmp_path):
    (tmp_path / "readme.md").write_text("x", encoding="utf-8")
    assert collect(read_plaintext(tmp_path)).problems == [Problem(str(tmp_path), None, "no .txt or .html files in it")]
