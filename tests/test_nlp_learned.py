"""The span model's spans turned into frames: which are kept, on docs parsed for real and spans set by hand."""

from __future__ import annotations

import pytest
from spacy.tokens import SpanGroup

from annotator.nlp.learned import learned_frames, learned_source
from annotator.nlp.span_model import PARTS_KEY


@pytest.fixture(scope="module")
def parse():
    from annotator.nlp import get_nlp

    nlp = get_nlp(None, "rules")
    return lambda text: nlp(text)


def _with_parts(doc, **parts):
    """Set the model's spans by their text (first occurrence): content=..., cue=..., source=..."""
    spans = []
    for label, words in parts.items():
        for w in [words] if isinstance(words, str) else words:
            start = doc.text.index(w)
            spans.append(doc.char_span(start, start + len(w), label=label.upper(), alignment_mode="expand"))
    doc.spans[PARTS_KEY] = SpanGroup(doc, name=PARTS_KEY, spans=spans)
    return doc


def _texts(doc, frames):
    return [
        (
            doc[f.content[0] : f.content[1]].text,
            doc[f.cue[0] : f.cue[1]].text,
            f.source.text if f.source is not None else None,
        )
        for f in frames
    ]


def test_a_reported_claim_is_kept_with_its_source(parse):
    doc = _with_parts(
        parse("In a memo, the agency insisted the plant was safe."),
        content="the plant was safe",
        cue="insisted",
        source="the agency",
    )
    assert _texts(doc, learned_frames(doc, [], [])) == [("the plant was safe", "insisted", "agency")]


@pytest.mark.parametrize(
    "text,parts",
    [
        (
            "The chairman called a meeting to discuss the budget.",  # an act, not a report
            {"content": "a meeting to discuss the budget", "cue": "called", "source": "The chairman"},
        ),
        (
            "The mayor wants to rebuild the bridge by May.",  # a want: PolNeAR marks it, the guidelines do not
            {"content": "to rebuild the bridge by May", "cue": "wants", "source": "The mayor"},
        ),
        (
            "Loudspeakers urged residents to donate blood.",  # an instruction
            {"content": "residents to donate blood", "cue": "urged", "source": "Loudspeakers"},
        ),
        (
            "Ana Ruiz reported from Lima.\n\nLoad More",  # a credit line, then page furniture
            {"content": "Load More", "cue": "reported", "source": "Ana Ruiz"},
        ),
    ],
)
def test_what_is_no_attribution_is_dropped(parse, text, parts):
    doc = _with_parts(parse(text), **parts)
    assert learned_frames(doc, [], []) == []


def test_contents_the_rules_have_and_cues_they_used_are_left_alone(parse):
    doc = _with_parts(
        parse('"We are ready," said Ana Ruiz. "The drills went well."'),
        content=['"We are ready,"', '"The drills went well."'],
        cue="said",
        source="Ana Ruiz",
    )
    rule_content, rule_cue = (0, len('"We are ready,"')), (doc.text.index("said"), doc.text.index("said") + 4)
    assert learned_frames(doc, [rule_content], [rule_cue]) == []  # the second quote floats, as GUIDELINES.md says


def test_learned_source_fills_a_subject_the_parse_lost(parse):
    doc = _with_parts(parse("Rising prices, Ana Ruiz warned, will hurt the poor."), source="Ana Ruiz")
    cue = next(t.i for t in doc if t.text == "warned")
    content = (0, len(doc.text) - 1)
    assert learned_source(doc, (cue, cue + 1), (0, doc.text.index(","))).text == "Ruiz"
    assert learned_source(doc, (cue, cue + 1), content) is None  # a source inside the content is not its own
