"""Server-side highlight markup: nesting, overlaps, escaping, and text kept intact."""

import html
import re

from annotator.web.highlight import render


def attr(i, content, source=None, cue=None, status="on_record", state="suggested"):
    return {
        "id": i,
        "content": content,
        "source": source,
        "cue": cue,
        "anonymity_reason": None,
        "status": status,
        "state": state,
    }


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"</?mark[^>]*>", "", str(markup)))


def test_text_is_unchanged_under_the_marks():
    text = '"Yes," she said, noting <b>reports</b> & more. 😀 “Curly.”'
    out = render(text, [attr(1, [0, 5], [6, 9], [10, 14]), attr(2, [23, 39], [6, 9], [17, 23])])
    assert plain(out) == text


def test_markup_in_the_text_is_escaped():
    out = str(render("<script>alert(1)</script> said he", [attr(1, [0, 25], [31, 33], [26, 30])]))
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_overlapping_spans_nest_and_keep_their_ids():
    text = "Officials said the mayor said it rains."
    # Attribution 2's source ("the mayor") lies inside attribution 1's content.
    out = str(render(text, [attr(1, [15, 38], [0, 9], [10, 14]), attr(2, [29, 38], [15, 24], [25, 28])]))
    assert re.search(
        r'data-attribution-id="1" data-part="content"[^>]*><mark[^>]*data-attribution-id="2" '
        r'data-part="source"[^>]*>the mayor</mark></mark>',
        out,
    )
    assert out.count("<mark") == out.count("</mark>")
    pieces = re.findall(r'data-attribution-id="1" data-part="content"', out)
    assert len(pieces) == 5  # "the mayor", " ", "said", " ", "it rains.": one id for all pieces


def test_status_and_state_are_on_every_piece():
    out = str(render("Activists say so.", [attr(7, [14, 16], [0, 9], [10, 13], status="anonymous_no_reason")]))
    assert out.count('data-status="anonymous_no_reason"') == 3
    assert out.count('data-state="suggested"') == 3


def test_no_attributions_is_just_escaped_text():
    assert str(render("a < b", [])) == "a &lt; b"


def test_carriage_returns_survive_html_parsing():
    out = str(render('a\r\n"b," he said', [attr(1, [3, 7])]))
    assert "&#13;\n" in out and "\r" not in out
