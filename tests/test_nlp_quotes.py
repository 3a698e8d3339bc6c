"""Quotation spans from raw text (no pipeline needed)."""

from __future__ import annotations

import pytest

from annotator.nlp.quotes import find_quotes, is_naming

QUOTES = {
    "straight": ('He said "yes, we will," and left.', ['"yes, we will,"']),
    "curly": ("\u201cWe will,\u201d she said.", ["\u201cWe will,\u201d"]),
    "two apostrophes (NYT archive)": ("''This isn't reform,'' he said.", ["''This isn't reform,''"]),
    "nested single quotes stay inside": ("\"They said 'go' to us,\" he said.", ["\"They said 'go' to us,\""]),
    "possessive apostrophe is no quote": ("ISIS' leaders met the Jones' lawyer.", []),
    "unclosed quote is dropped": ('He said "this never ends', []),
    "stray closing mark is ignored": ('The board is 12" wide and "solid," he said.', ['"solid,"']),
    "over two paragraphs": ('"First part.\n\n"Second part," she said.', ['"First part.\n\n"Second part,"']),
    "open paragraph not reopened": ('"First part.\n\nThen she left. "Next," he said.', ['"Next,"']),
    "empty": ("", []),
}


@pytest.mark.parametrize("text,expected", QUOTES.values(), ids=QUOTES.keys())
def test_find_quotes(text, expected):
    assert [text[q.start : q.end] for q in find_quotes(text)] == expected


def test_multi_paragraph_quote_keeps_its_pieces():
    text = '"First part.\n\n"Second part," she said.'
    (quote,) = find_quotes(text)
    assert [text[s:e] for s, e in quote.pieces] == ['"First part.', '"Second part,"']


@pytest.mark.parametrize(
    "text,naming",
    [
        ('a youth program called "Cubs of the Caliphate," a camp', True),
        ('the group known as "the base" met', True),
        ('he said "we will win" loudly', False),
    ],
)
def test_is_naming(text, naming):
    (quote,) = find_quotes(text)
    assert is_naming(text, quote) is naming
