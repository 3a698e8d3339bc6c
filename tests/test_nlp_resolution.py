"""Who speaks, category by category: a case that must resolve and a case that must not, each written here."""
from __future__ import annotations

import pytest

from annotator.nlp import detect


def _speakers(text: str) -> list[tuple]:
    """(source text, speaker, speaker type, status) of each attribution, rules alone for a stable answer."""
    return [(text[a.source[0]:a.source[1]] if a.source else None, a.speaker, a.speaker_type, a.status)
            for a in detect(text, spans="rules")]


ON, NO_REASON = "on_record", "anonymous_no_reason"

CASES = {
    # documents, recordings and data speak for their author or publisher, never anonymously
    "emails, publisher named": (
        "Emails released by the Sierra Club show that the company knew of the leak.",
        ("Emails", "Sierra Club", "organization", ON)),
    "audio, publisher named": (
        "The mill lost money for years, according to audio obtained by the Chicago Tribune.",
        ("audio", "Chicago Tribune", "organization", ON)),
    "a book, no author named": (
        "The book says the general ignored every warning.",
        ("The book", "book", "organization", ON)),
    "a poll's respondents speak through the poll": (
        "A Quinnipiac University poll was released on Monday. Sixty-three percent said the economy was improving.",
        ("Sixty-three percent", "Quinnipiac University", "organization", ON)),
    "the poll, later": (
        "A Gallup poll came out on Monday. The poll found that most voters distrust both parties.",
        ("The poll", "Gallup", "organization", ON)),
    # references to people and bodies named earlier
    "relative pronoun": (
        "The plan came from Tom Okafor, who said the bridge would be rebuilt by May.",
        ("who", "Tom Okafor", "person", ON)),
    "personal pronoun": (
        "Laura Diaz runs the clinic in Tulsa. She wrote that the beds were full.",
        ("She", "Laura Diaz", "person", ON)),
    "pronoun follows the newest subject": (
        "Priya Raman said the budget was tight. Mayor Lena Ortiz toured the site on Monday. "
        "She said the repairs were finished.",
        ("She", "Lena Ortiz", "person", ON)),
    "description of an office": (
        "Gov. Martin Keller signed the bill on Friday. The governor said the money would arrive in May.",
        ("The governor", "Martin Keller", "person", ON)),
    "description of a body": (
        "The International Monetary Fund cut its forecast on Tuesday. The fund said growth would slow.",
        ("The fund", "International Monetary Fund", "organization", ON)),
    "possessive body": (
        "Hillary Clinton spoke in Ohio. Her campaign said the report was false.",
        ("Her campaign", "Hillary Clinton campaign", "organization", ON)),
    "apposition names the description": (
        "The campaign's spokeswoman, Jane Roe, said the ad was false.",
        ("The campaign's spokeswoman", "Jane Roe", "person", ON)),
    "surname of a speaker named in full": (
        "Jeh Johnson spoke first. Gary Johnson spoke later. \"We are ready,\" Jeh Johnson said. "
        "Johnson said the drills went well.",
        ("Johnson", "Jeh Johnson", "person", ON)),
    # several sources are one attribution with every name
    "coordinated sources": (
        "Sens. Alvarez, Becker and Cho said the bill was dead.",
        ("Sens. Alvarez, Becker and Cho", "Alvarez; Becker; Cho", "person", ON)),
    "the writer": (
        "We think the new tax is a mistake.",
        ("We", "the author", "person", ON)),
}

NEGATIVES = {
    "an unnamed official stays unnamed": (
        "A senior official said the talks had stalled.", ("A senior official", None, "unnamed_person", NO_REASON)),
    "an indefinite pronoun is nobody in particular": (
        "Some said the vote was rigged.", ("Some", "Some", "unnamed_group", NO_REASON)),
    "party members are a loose group, not the party": (
        "Democrats said the vote was rigged.", ("Democrats", "Democrats", "unnamed_group", NO_REASON)),
    "an indefinite body is no named one": (
        "The Acme Corporation posted a loss. A company said the market was weak.",
        ("A company", None, "unnamed_person", NO_REASON)),
    "a description matches no office of another kind": (
        "Vice President Joe Biden spoke in Ohio. The president said jobs were coming back.",
        ("The president", None, None, None)),
    "a pronoun inside a quotation is not the writer": (
        "\"We will win,\" said Ana Ruiz.", ("Ana Ruiz", "Ana Ruiz", "person", ON)),
    "the object of a cue is not its source": (
        "Clinton mocked Trump for losing the debate.", ("Clinton", "Clinton", "person", ON)),
}


@pytest.mark.parametrize("text,expected", CASES.values(), ids=CASES.keys())
def test_resolves(nlp, text, expected):
    assert expected in _speakers(text)


@pytest.mark.parametrize("text,expected", NEGATIVES.values(), ids=NEGATIVES.keys())
def test_does_not_resolve_to_a_named_speaker(nlp, text, expected):
    source, name, kind, status = expected
    found = [s for s in _speakers(text) if s[0] == source]
    assert found, _speakers(text)
    _, got_name, got_kind, got_status = found[0]
    if name is not None:
        assert got_name == name
    if kind is not None:
        assert (got_kind, got_status) == (kind, status)
    if source == "The president":
        assert got_name != "Joe Biden"


def test_a_pronoun_with_no_antecedent_is_left_open_not_called_anonymous(nlp):
    text = "The bridge reopened on Monday. She said the repairs cost less than planned."
    (found,) = detect(text, spans="rules")
    assert text[found.source[0]:found.source[1]] == "She"
    assert (found.speaker, found.speaker_type, found.status) == (None, None, None)
    named = detect("Laura Diaz runs the clinic in Tulsa. She said the repairs cost less than planned.", spans="rules")
    assert named[0].speaker == "Laura Diaz"
    assert found.confidence < named[0].confidence
