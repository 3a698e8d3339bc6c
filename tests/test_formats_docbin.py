"""spaCy DocBin export: loads with spaCy, counts the spans, keeps exact offsets and tags."""

from __future__ import annotations

import io
from dataclasses import replace

import spacy
from spacy.tokens import DocBin

from annotator.formats.docbin import SPANS_KEY, USER_DATA_KEY, article_doc, iter_docbin, read_docbin
from annotator.formats.records import AttributionRecord, CorpusArticle, collect


def test_docbin_loads_with_spacy_and_counts_the_spans(tmp_path, mayadeen):
    art = mayadeen
    odd = CorpusArticle(
        text="Officials said the town fell.",
        attributions=[AttributionRecord("indirect", (17, 25)), AttributionRecord("direct", (9, 10))],
    )  # mid-token, white space
    path = tmp_path / "corpus.spacy"
    path.write_bytes(b"".join(iter_docbin([art, odd])))
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
    assert [len(d.spans[SPANS_KEY]) for d in docs] == [26, 2]
    assert docs[0].text == art.text
    assert [s.label_ for s in docs[0].spans[SPANS_KEY]] == [a.kind for a in art.attributions]
    first = docs[0].spans[SPANS_KEY][0]
    assert (first.start_char, first.end_char) == art.attributions[0].content
    assert docs[1].spans[SPANS_KEY][0].text == "the town fell"  # "e town f" expanded to whole tokens
    stored = docs[1].user_data[USER_DATA_KEY]["attributions"][0]
    assert list(stored["content"]) == [17, 25]  # the exact offsets are kept
    assert docs[0].user_data[USER_DATA_KEY]["article"]["published"] == "2017-06-19"


def test_docbin_reimports_without_loss(mayadeen):
    art = mayadeen
    report = collect(read_docbin(io.BytesIO(b"".join(iter_docbin([art]))), "c.spacy"))
    assert report.problems == [] and replace(report.records[0], source_name=None) == art


def test_foreign_docbin_and_broken_file():
    doc = article_doc(
        CorpusArticle(text="Officials said the town fell.", attributions=[AttributionRecord("indirect", (15, 28))])
    )
    del doc.user_data[USER_DATA_KEY]
    docbin = DocBin(docs=[doc])
    (article,) = collect(read_docbin(io.BytesIO(docbin.to_bytes()), "other.spacy")).records
    assert article.attributions == [AttributionRecord("indirect", (15, 28))]
    (problem,) = collect(read_docbin(io.BytesIO(b"garbage"), "bad.spacy")).problems
    assert problem.file == "bad.spacy" and "not a spaCy DocBin" in problem.message
