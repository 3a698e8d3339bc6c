"""The guidelines inside the app: docs/GUIDELINES.md rendered with anchors and contents, any HTML in it escaped."""

from __future__ import annotations

import re

from annotator.web import guidelines


def test_the_guidelines_page_has_every_heading_with_an_anchor_the_contents_link_to(client, editor):
    page = client.get("/guidelines")
    assert page.status_code == 200
    html = page.text
    source = guidelines.GUIDELINES.read_text(encoding="utf-8")
    headings = re.findall(r"^(#{1,6}) (.+)$", source, flags=re.M)
    assert len(headings) > 5
    text = html.split('<article class="guidelines-text">', 1)[1]
    shown = re.findall(r'<h(\d) id="[\w-]+">([^<]*)</h\d>', text)
    assert shown == [(str(len(marks)), words.replace("`", "")) for marks, words in headings]
    # each section heading is an anchor the contents link to, in the file's order
    anchors = re.findall(r'<h[2-6] id="([\w-]+)">', text)
    links = re.findall(r'<li class="level-\d"><a href="#([\w-]+)">', html)
    assert links == anchors and len(set(anchors)) == len(anchors)
    assert 'id="status-authorization-and-anonymity"' in html
    # the tables of the file are tables on the page
    assert "<table>" in html and "<th>" in html
    assert "<title>Annotation guidelines: attributions, speakers, authorization" in html


def test_html_in_the_guidelines_is_shown_as_text_never_run(client, editor, tmp_path, monkeypatch):
    hostile = tmp_path / "GUIDELINES.md"
    hostile.write_text(
        "# Rules <img src=x onerror=alert(1)>\n\n"
        "<script>alert('raw')</script>\n\n"
        "## Tags and `<b>`\n\n"
        'A [link](javascript:alert(1)) and <i onclick="x()">inline</i>.\n\n'
        "## Tags and `<b>`\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(guidelines, "GUIDELINES", hostile)
    html = client.get("/guidelines").text
    assert "<script>alert" not in html and "&lt;script&gt;alert('raw')&lt;/script&gt;" in html
    assert "<img" not in html and "<i onclick" not in html
    assert 'href="javascript:' not in html
    # a heading's words repeated get a numbered anchor, and code in a heading is escaped in the contents too
    assert '<h2 id="tags-and-b">' in html and '<h2 id="tags-and-b-2">' in html
    assert '<a href="#tags-and-b-2">Tags and &lt;b&gt;</a>' in html


def test_the_guidelines_need_a_login_and_are_in_the_nav(client, editor):
    assert 'href="/guidelines"' in client.get("/").text
    client.post("/logout", headers=editor)
    assert client.get("/guidelines").status_code == 302


def test_every_file_the_guidelines_name_is_in_the_repository(client, editor):
    html = client.get("/guidelines").text.split('<article class="guidelines-text">', 1)[1]
    # a path is a code span with a slash in it: `tests/data/mayadeen.txt`, `acceptance/`
    named = {code for code in re.findall(r"<code>([^<\s]+)</code>", html) if "/" in code}
    assert {"tests/data/mayadeen.txt", "tests/data/mayadeen.gold.json"} <= named
    root = guidelines.GUIDELINES.parents[1]
    assert [path for path in sorted(named) if not (root / path).exists()] == []
