"""Who speaks, category by category: a case that must resolve and a case that must not, each written here."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from annotator.nlp import detect
from annotator.nlp.mentions import antecedent


def _speakers(text: str) -> list[tuple]:
    """(source text, speaker, speaker type, status) of each attribution, rules alone for a stable answer."""
    return [
        (text[a.source[0] : a.source[1]] if a.source else None, a.speaker, a.speaker_type, a.status)
        for a in detect(text, spans="rules")
    ]


ON, NO_REASON = "on_record", "anonymous_no_reason"

CASES = {
    # documents, recordings and data speak for their author or publisher, never anonymously
    "emails, publisher named": (
        "Emails released by the Sierra Club show that the company knew of the leak.",
        ("Emails", "Sierra Club", "organization", ON),
    ),
    "audio, publisher named": (
        "The mill lost money for years, according to audio obtained by the Chicago Tribune.",
        ("audio", "Chicago Tribune", "organization", ON),
    ),
    "a book, no author named": (
        "The book says the general ignored every warning.",
        ("The book", "book", "organization", ON),
    ),
    "a poll's respondents speak through the poll": (
        "A Quinnipiac University poll was released on Monday. Sixty-three percent said the economy was improving.",
        ("Sixty-three percent", "Quinnipiac University", "organization", ON),
    ),
    "a share counted out of ten speaks through the poll cited a few sentences before": (
        "A Quinnipiac University poll came out on Sunday. The race is tied. Turnout may be high. "
        "The debate is on Monday. Both sides are nervous. Nearly eight of 10 voters say they will watch the debate.",
        ("Nearly eight of 10 voters", "Quinnipiac University", "organization", ON),
    ),
    "the poll, later": (
        "A Gallup poll came out on Monday. The poll found that most voters distrust both parties.",
        ("The poll", "Gallup", "organization", ON),
    ),
    # references to people and bodies named earlier
    "relative pronoun": (
        "The plan came from Tom Okafor, who said the bridge would be rebuilt by May.",
        ("who", "Tom Okafor", "person", ON),
    ),
    "relative pronoun after a description in apposition to a name": (
        "Obama met Dana Whitfield, now the Senate majority leader, who said the goal was to win.",
        ("who", "Dana Whitfield", "person", ON),
    ),
    "personal pronoun": (
        "Laura Diaz runs the clinic in Tulsa. She wrote that the beds were full.",
        ("She", "Laura Diaz", "person", ON),
    ),
    "pronoun follows the newest subject": (
        "Priya Raman said the budget was tight. Mayor Lena Ortiz toured the site on Monday. "
        "She said the repairs were finished.",
        ("She", "Lena Ortiz", "person", ON),
    ),
    "description of an office": (
        "Gov. Martin Keller signed the bill on Friday. The governor said the money would arrive in May.",
        ("The governor", "Martin Keller", "person", ON),
    ),
    "a lead's description, named further down": (
        "A Chicago judge said the records must stay sealed.\n\nThe ruling came on Friday. "
        "Circuit Judge Ana Mora also ordered a hearing.",
        ("A Chicago judge", "Ana Mora", "person", ON),
    ),
    "a named person's lawyer is the attorney the article names": (
        "Sara Ortiz's lawyer said the charges were false. Her attorney, Tom Reyes, filed the papers on Monday.",
        ("Sara Ortiz's lawyer", "Tom Reyes", "person", ON),
    ),
    "a surname the tagger reads as a common noun": (
        "Donald Trump spoke in Ohio on Monday. Trump knows the voters are angry.",
        ("Trump", "Donald Trump", "person", ON),
    ),
    "description of a body": (
        "The International Monetary Fund cut its forecast on Tuesday. The fund said growth would slow.",
        ("The fund", "International Monetary Fund", "organization", ON),
    ),
    "possessive body": (
        "Hillary Clinton spoke in Ohio. Her campaign said the report was false.",
        ("Her campaign", "Hillary Clinton campaign", "organization", ON),
    ),
    "a spokesperson for a named person speaks for that person": (
        "Hillary Clinton spoke in Ohio. A spokeswoman for Clinton said the report was false.",
        ("A spokeswoman for Clinton", "Hillary Clinton", "person", ON),
    ),
    "apposition names the description": (
        "The campaign's spokeswoman, Jane Roe, said the ad was false.",
        ("The campaign's spokeswoman", "Jane Roe", "person", ON),
    ),
    "surname of a speaker named in full": (
        'Jeh Johnson spoke first. Gary Johnson spoke later. "We are ready," Jeh Johnson said. '
        "Johnson said the drills went well.",
        ("Johnson", "Jeh Johnson", "person", ON),
    ),
    # several sources are one attribution with every name
    "coordinated sources": (
        "Sens. Alvarez, Becker and Cho said the bill was dead.",
        ("Sens. Alvarez, Becker and Cho", "Alvarez; Becker; Cho", "person", ON),
    ),
    "`they` after several people named together": (
        "Ann Lee and Maria Gomez spoke in Ohio. The program has grown too fast, they say.",
        ("they", "Ann Lee; Maria Gomez", "person", ON),
    ),
    "`he` passes over several people named together": (
        "Donald Trump spoke in Iowa. Jeb Bush and Rand Paul attacked the plan on Monday. He said the plan would work.",
        ("He", "Donald Trump", "person", ON),
    ),
    "the writer": ("We think the new tax is a mistake.", ("We", "the author", "person", ON)),
}

NEGATIVES = {
    "an unnamed official stays unnamed": (
        "A senior official said the talks had stalled.",
        ("A senior official", "A senior official", "unnamed_person", NO_REASON),
    ),
    "an indefinite pronoun is nobody in particular": (
        "Some said the vote was rigged.",
        ("Some", "Some", "unnamed_group", NO_REASON),
    ),
    "party members are a loose group, not the party": (
        "Democrats said the vote was rigged.",
        ("Democrats", "Democrats", "unnamed_group", NO_REASON),
    ),
    "a spokesperson for an unnamed party stays unnamed": (
        "A spokesman for the family said the report was false.",
        ("A spokesman for the family", "A spokesman for the family", "unnamed_person", NO_REASON),
    ),
    "a share of voters with no poll cited is an unnamed group": (
        "The debate is on Monday. Both sides are nervous. Nearly eight of 10 voters say they will watch the debate.",
        ("Nearly eight of 10 voters", "Nearly eight of 10 voters", "unnamed_group", NO_REASON),
    ),
    "an indefinite body is no named one": (
        "The Acme Corporation posted a loss. A company said the market was weak.",
        ("A company", "A company", "unnamed_person", NO_REASON),
    ),
    "a description matches no office of another kind": (
        "Vice President Joe Biden spoke in Ohio. The president said jobs were coming back.",
        ("The president", "The president", "unnamed_person", NO_REASON),
    ),
    "a pronoun inside a quotation is not the writer": (
        '"We will win," said Ana Ruiz.',
        ("Ana Ruiz", "Ana Ruiz", "person", ON),
    ),
    "`he` after two speakers quoted together is neither of them": (
        '"The plan will fail," Jeb Bush and Rand Paul said on Monday. He said the plan would work.',
        ("He", None, None, None),
    ),
    "a relative pronoun's unnamed antecedent stays unnamed": (
        "He refused to pay an architect, who said he was never paid.",
        ("who", "an architect", "unnamed_person", NO_REASON),
    ),
    "`they` goes to the group named since the people": (
        "Ann Lee and Maria Gomez spoke in Ohio on Monday. Local farmers were angry at the plan. "
        "The program has grown too fast, they say.",
        ("they", "Local farmers", "unnamed_group", NO_REASON),
    ),
    "a described person after the lead is not the one named later": (
        "The ruling came on Friday. The court met on Monday. The lawyers left early. Reporters waited outside. "
        "A judge said the records must stay sealed. Circuit Judge Ana Mora also ordered a hearing.",
        ("A judge", "A judge", "unnamed_person", NO_REASON),
    ),
    "`a judge` after a named judge is another judge": (
        "Circuit Judge Ana Mora ordered a hearing. A judge said the records must stay sealed.",
        ("A judge", "A judge", "unnamed_person", NO_REASON),
    ),
    "a lawyer the article does not name stays unnamed": (
        "Sara Ortiz's lawyer said the charges were false.",
        ("Sara Ortiz's lawyer", "Sara Ortiz's lawyer", "unnamed_person", NO_REASON),
    ),
    "a capitalised word that ends no name is no person": (
        "Jane Smith spoke on Monday. Critics said the plan would fail.",
        ("Critics", "Critics", "unnamed_group", NO_REASON),
    ),
    "the object of a cue is not its source": (
        "Clinton mocked Trump for losing the debate.",
        ("Clinton", "Clinton", "person", ON),
    ),
}


@pytest.mark.parametrize("text,expected", CASES.values(), ids=CASES.keys())
def test_resolves(nlp, text, expected):
    assert expected in _speakers(text)


@pytest.mark.parametrize("text,expected", NEGATIVES.values(), ids=NEGATIVES.keys())
def test_does_not_resolve_to_a_named_speaker(nlp, text, expected):
    found = [s for s in _speakers(text) if s[0] == expected[0]]
    assert found, _speakers(text)
    assert found[0] == expected


def test_a_demonstrative_subject_is_left_open_not_called_anonymous(nlp):
    text = "The audit found gaps in the records. That shows the plan failed, critics said."
    sources = {s[0]: s[1:] for s in _speakers(text)}
    assert sources["critics"] == ("critics", "unnamed_group", NO_REASON)
    assert sources["That"] == (None, None, None)


def test_a_pronoun_with_no_antecedent_is_left_open_not_called_anonymous(nlp):
    text = "The bridge reopened on Monday. She said the repairs cost less than planned."
    (found,) = detect(text, spans="rules")
    assert text[found.source[0] : found.source[1]] == "She"
    assert (found.speaker, found.speaker_type, found.status) == (None, None, None)
    named = detect("Laura Diaz runs the clinic in Tulsa. She said the repairs cost less than planned.", spans="rules")
    assert named[0].speaker == "Laura Diaz"
    assert found.confidence < named[0].confidence


def _parsed(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos)


def test_a_relative_clause_hung_on_a_verb_takes_the_noun_before_the_pronoun():
    # the parse the small model gives `they turned to the Police Department which reported ...`
    doc = _parsed(
        ["they", "turned", "to", "the", "Department", "which", "reported", "shootings"],
        [1, 1, 1, 4, 2, 6, 1, 6],
        ["nsubj", "ROOT", "prep", "det", "pobj", "nsubj", "relcl", "dobj"],
        ["PRON", "VERB", "ADP", "DET", "PROPN", "PRON", "VERB", "NOUN"],
    )
    assert antecedent(doc[5]).text == "Department"
    # with nothing nominal before it, there is no antecedent to offer
    doc = _parsed(
        ["they", "left", "which", "hurt"],
        [1, 1, 3, 1],
        ["nsubj", "ROOT", "nsubj", "relcl"],
        ["PRON", "VERB", "PRON", "VERB"],
    )
    assert antecedent(doc[2]) is None
