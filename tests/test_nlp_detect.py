"""Sentence -> attributions with the real pipeline: every pattern of issue 3, negatives included."""

from __future__ import annotations

import random

import pytest

from annotator.nlp import Attribution, detect, detect_many
from annotator.nlp.pipeline import BATCH_CHARS, BATCH_SIZE, CHUNK_CHARS, _batches
from annotator.vocab import KINDS, SPEAKER_TYPES, STATUSES


def _text(text: str, span) -> str | None:
    return text[span[0] : span[1]] if span else None


def _view(text: str, att: Attribution) -> dict:
    """An attribution as the strings it covers, for readable expectations."""
    return {
        "kind": att.kind,
        "content": _text(text, att.content),
        "cue": _text(text, att.cue),
        "source": _text(text, att.source),
        "speaker": att.speaker,
    }


def _check(nlp, text: str, expected: list[dict]) -> None:
    got = [_view(text, a) for a in detect(text)]
    assert len(got) == len(expected), got
    for g, e in zip(got, expected):
        assert {k: g[k] for k in e} == e, got


CASES = {
    "direct, cue after": (
        '"We will strike them," said Col. Ryan Dillon, a coalition spokesman.',
        [
            {
                "kind": "direct",
                "content": '"We will strike them,"',
                "cue": "said",
                "source": "Col. Ryan Dillon",
                "speaker": "Ryan Dillon",
            }
        ],
    ),
    "direct, curly quotes and pronoun": (
        "Mary Jones runs the clinic. \u201cWe have no beds left,\u201d she said.",
        [
            {
                "kind": "direct",
                "content": "\u201cWe have no beds left,\u201d",
                "cue": "said",
                "source": "she",
                "speaker": "Mary Jones",
            }
        ],
    ),
    "direct, colon-introduced": (
        'The minister said: "The border will stay closed until further notice."',
        [
            {
                "kind": "direct",
                "content": '"The border will stay closed until further notice."',
                "cue": "said",
                "source": "The minister",
            }
        ],
    ),
    "direct, split by its cue": (
        '"The talks have failed," he said, "and nobody knows what comes next."',
        [
            {
                "kind": "direct",
                "content": '"The talks have failed," he said, "and nobody knows what comes next."',
                "cue": "said",
                "source": "he",
            }
        ],
    ),
    "direct, nested single quotes": (
        "\"They told us 'leave now or die,' so we left,\" said Ahmed Saleh, a farmer.",
        [{"kind": "direct", "content": "\"They told us 'leave now or die,' so we left,\"", "source": "Ahmed Saleh"}],
    ),
    "direct, over two paragraphs": (
        'Anna Berg, the mayor, spoke on Monday.\n\n"The water is safe to drink.\n\n'
        '"We tested it twice and found nothing," she said.',
        [
            {
                "kind": "direct",
                "content": '"The water is safe to drink.\n\n"We tested it twice and found nothing,"',
                "cue": "said",
                "speaker": "Anna Berg",
            }
        ],
    ),
    "mixed quote": (
        'It will be the "new capital," said Mohammed Khider, who heads a monitoring group.',
        [{"kind": "mixed", "content": 'It will be the "new capital,"', "cue": "said", "source": "Mohammed Khider"}],
    ),
    "indirect, say that (the complementizer stays)": (
        "The senator said that the bill would pass next week.",
        [{"kind": "indirect", "content": "that the bill would pass next week", "cue": "said", "source": "The senator"}],
    ),
    "indirect, cue after with inverted subject": (
        "And most of the fighters are now in the area, said Ahmad Hamade, a former army colonel.",
        [
            {
                "kind": "indirect",
                "content": "most of the fighters are now in the area",
                "cue": "said",
                "source": "Ahmad Hamade",
            }
        ],
    ),
    "indirect, cue after the claim": (
        "Innocent civilians have been killed, too, activists say.",
        [
            {
                "content": "Innocent civilians have been killed, too",
                "cue": "say",
                "source": "activists",
                "speaker": "activists",
            }
        ],
    ),
    "according to, claim before it": (
        "Two of the strikes killed militant leaders, according to the ministry, including a commander.",
        [{"content": "Two of the strikes killed militant leaders", "cue": "according to", "source": "the ministry"}],
    ),
    "according to, claim after it": (
        "According to the report, prices rose by 4 percent last year.",
        [{"content": "prices rose by 4 percent last year", "cue": "According to", "source": "the report"}],
    ),
    "participial cue shares the source": (
        '"It moves every time," she said, noting reports of a new headquarters in the east.',
        [
            {"kind": "direct", "cue": "said", "source": "she"},
            {"content": "reports of a new headquarters in the east", "cue": "noting", "source": "she"},
        ],
    ),
    "verbs of confirming and saying": (
        "Opposition activists confirm those accounts, saying the militants moved south.",
        [
            {"content": "those accounts", "cue": "confirm", "source": "Opposition activists"},
            {"content": "the militants moved south", "cue": "saying", "source": "Opposition activists"},
        ],
    ),
    "denying: content is what is rejected": (
        "Defense officials dismiss suggestions that the campaign has stalled.",
        [{"content": "suggestions that the campaign has stalled", "cue": "dismiss"}],
    ),
    "blaming and claiming": (
        "Activists blamed the coalition, but Russia has also claimed airstrikes there.",
        [
            {"content": "the coalition", "cue": "blamed", "source": "Activists"},
            {"content": "airstrikes there", "cue": "claimed", "source": "Russia", "speaker": "Russia"},
        ],
    ),
    "reporting, past perfect": (
        "The coalition had reported only five airstrikes near the town since April.",
        [{"content": "only five airstrikes near the town since April", "cue": "reported", "source": "The coalition"}],
    ),
    "agreeing, pronoun resolved to the group": (
        "Defense officials spoke on Friday. But they agree the fighting will last for months.",
        [
            {
                "content": "the fighting will last for months",
                "cue": "agree",
                "source": "they",
                "speaker": "Defense officials",
            }
        ],
    ),
    "agentless passive has no source": (
        "The agency has been criticized for delays leading to deaths.",
        [{"content": "delays leading to deaths", "cue": "criticized", "source": None, "speaker": None}],
    ),
    "floating quote follows a known speaker": (
        'It will be the "new capital," said Mohammed Khider. "It will be the last castle for the group."',
        [
            {"kind": "mixed", "source": "Mohammed Khider"},
            {
                "kind": "direct",
                "content": '"It will be the last castle for the group."',
                "cue": None,
                "source": None,
                "speaker": "Mohammed Khider",
            },
        ],
    ),
    "the group resolves to the last organization": (
        "The Syrian Observatory for Human Rights says 20 people died. The dead include children, the group said.",
        [
            {"speaker": "Syrian Observatory for Human Rights"},
            {
                "content": "The dead include children",
                "source": "the group",
                "speaker": "Syrian Observatory for Human Rights",
            },
        ],
    ),
    "possessive pronoun resolved in an unnamed source": (
        "Baraa Kadek, a founder of the agency, was killed with his daughter, his brother claimed.",
        [
            {
                "content": "Baraa Kadek, a founder of the agency, was killed with his daughter",
                "cue": "claimed",
                "source": "his brother",
                "speaker": "brother of Baraa Kadek",
            }
        ],
    ),
    "surname resolves to the full name": (
        '"We are ready," said Jennifer Cafarella. Cafarella said the group had moved.',
        [{"speaker": "Jennifer Cafarella"}, {"source": "Cafarella", "speaker": "Jennifer Cafarella"}],
    ),
    "two apostrophes as quote marks (NYT archive)": (
        "''This isn't tax reform,'' said Douglas Holtz-Eakin, an economist.",
        [{"kind": "direct", "content": "''This isn't tax reform,''", "source": "Douglas Holtz-Eakin"}],
    ),
    "headline with a colon": (
        "Pence: Flowers Won't Be at the Debate\n\nGOP nominee Mike Pence said on Sunday that it was fine.",
        [
            {
                "kind": "indirect",
                "content": "Flowers Won't Be at the Debate",
                "cue": ":",
                "source": "Pence",
                "speaker": "Mike Pence",
            },
            {"content": "that it was fine", "source": "GOP nominee Mike Pence", "speaker": "Mike Pence"},
        ],
    ),
    "interview questions and answers": (
        "Q: What did you find when you came home?\n\nA: My parents were gone and the house was empty.",
        [
            {"content": "What did you find when you came home", "cue": ":", "source": "Q"},
            {"content": "My parents were gone and the house was empty", "cue": ":", "source": "A"},
        ],
    ),
    "quote signed with a dash": (
        '"Boeing and GE and other multinationals pay zero taxes."\n\n- Sanders.\n\nThis is complex.',
        [
            {
                "kind": "direct",
                "content": '"Boeing and GE and other multinationals pay zero taxes."',
                "cue": "-",
                "source": "Sanders",
            }
        ],
    ),
    "quote signed with a horizontal bar touching the mark": (
        "\u201cHe represents our greatest shame.\u201d\u2015 Sonya Herridge\n\u201cWe will vote.\u201d",
        [
            {
                "kind": "direct",
                "content": "\u201cHe represents our greatest shame.\u201d",
                "cue": "\u2015",
                "source": "Sonya Herridge",
            }
        ],
    ),
    "as the paper reported": (
        "As The Washington Post reported, the senator would need 55 percent of the delegates.",
        [
            {
                "content": "the senator would need 55 percent of the delegates",
                "cue": "reported",
                "source": "The Washington Post",
            }
        ],
    ),
    "passive with an agent": (
        "The meeting was first reported by Politico.",
        [{"content": "The meeting", "cue": "reported", "source": "Politico", "speaker": "Politico"}],
    ),
    "calling something a name": (
        'Trump defended the plan, calling the policy "an absolute necessity."',
        [{"kind": "mixed", "content": 'the policy "an absolute necessity."', "cue": "calling", "source": "Trump"}],
    ),
    "claim after a preposition": (
        "The NAACP has called for a moratorium on charter schools.",
        [{"content": "a moratorium on charter schools", "cue": "called", "source": "The NAACP"}],
    ),
    "aside inside the claim": (
        "The museum, Mr. Bush said, celebrated several of his heroes.",
        [
            {
                "content": "The museum, Mr. Bush said, celebrated several of his heroes",
                "cue": "said",
                "source": "Mr. Bush",
                "speaker": "Bush",
            }
        ],
    ),
    "a promise is reported speech": (
        "The governor promised to cut taxes next year.",
        [{"content": "to cut taxes next year", "cue": "promised", "source": "The governor"}],
    ),
    "hearsay adverb: no source": (
        "The plant reportedly closed last week, and workers left.",
        [{"content": "The plant reportedly closed last week", "cue": "reportedly", "source": None, "speaker": None}],
    ),
    "a stance expressed": (
        "The senator expressed concern about the deal.",
        [{"content": "concern about the deal", "cue": "expressed", "source": "The senator"}],
    ),
    "a forecast": (
        "Analysts expect that prices will rise next year.",
        [{"content": "that prices will rise next year", "cue": "expect", "source": "Analysts"}],
    ),
    "a reminder": (
        "The governor reminded voters that the deadline is Friday.",
        [{"content": "that the deadline is Friday", "cue": "reminded", "source": "The governor"}],
    ),
    "title before the name is not the speaker": (
        '"We will vote," said Council President Dana Whitfield.',
        [{"kind": "direct", "cue": "said", "source": "Council President Dana Whitfield", "speaker": "Dana Whitfield"}],
    ),
    "she passes over a man named with Mr.": (
        "Mrs. Jane Smith met Mr. Tom Brown on Monday. Brown said the deal was done. She said it was not.",
        [{"source": "Brown", "speaker": "Tom Brown"}, {"source": "She", "speaker": "Jane Smith"}],
    ),
    "she prefers the woman an earlier she was resolved to": (
        'Jane Smith spoke first. "We are done," she said. Tom Brown said the deal was off. "It is not off," she said.',
        [
            {"source": "she", "speaker": "Jane Smith"},
            {"source": "Tom Brown"},
            {"source": "she", "speaker": "Jane Smith"},
        ],
    ),
    "he passes over a woman named with Mrs.": (
        'Mrs. Jane Smith and Tom Brown met. Brown said the deal was off. Smith said it was on. "It is off," he said.',
        [{"speaker": "Tom Brown"}, {"speaker": "Jane Smith"}, {"source": "he", "speaker": "Tom Brown"}],
    ),
    "a lone quote: no cue, no known speaker, low confidence": (
        '"If we find them, we will strike them."',
        [{"kind": "direct", "content": '"If we find them, we will strike them."', "cue": None, "speaker": None}],
    ),
    "possessive apostrophe does not break quotes": (
        "ISIS' fighters have left the city, officials said. The group's leaders stayed.",
        [{"content": "ISIS' fighters have left the city", "source": "officials"}],
    ),
}

NEGATIVES = {
    "a name in quotation marks": 'He ran a youth program called "Cubs of the Caliphate," a training camp.',
    "reporter credit line": "Mroue reported from Beirut.",
    "page furniture": "In Other News\nLoad More",
    "an instruction": "Mosque loudspeakers urged residents to donate blood to the wounded.",
    "wording, not a claim": "Daesh is a name for the group, an Arabic acronym the locals use.",
    "a scare quote mid-sentence": 'The so-called "peace plan" was never put to a vote.',
    "no reporting verb": "Tens of thousands of refugees have descended on the town.",
    "a label before a colon": "Read more: the full story of the town is on our website.",
    "calling a meeting": "The chairman called a meeting to discuss the budget.",
    "what someone called it": "The debate is infected with what he called tribalism.",
}


@pytest.mark.parametrize("text,expected", CASES.values(), ids=CASES.keys())
def test_patterns(nlp, text, expected):
    _check(nlp, text, expected)


@pytest.mark.parametrize("text", NEGATIVES.values(), ids=NEGATIVES.keys())
def test_not_attributions(nlp, text):
    assert detect(text) == []


def test_wording_participle_is_not_part_of_the_content(nlp):
    text = 'Deir el-Zour province "will be the last battle for Daesh," he said, using an Arabic acronym.'
    (att,) = detect(text)
    assert _text(text, att.content) == 'Deir el-Zour province "will be the last battle for Daesh,"'
    assert att.kind == "mixed"


UNNAMED = {
    "not authorized": (
        "The command is now in the city, said several U.S. officials, who weren't authorized to "
        "speak publicly on the matter and demanded anonymity.",
        "unnamed_group",
        "anonymous_not_authorized",
        "who weren't authorized to speak publicly on the matter",
        "U.S. government",
    ),
    "reason given": (
        "The talks have stalled, said a diplomat who spoke on condition of anonymity because "
        "the negotiations are confidential.",
        "unnamed_person",
        "anonymous_reason_given",
        "because the negotiations are confidential",
        None,
    ),
    "no reason": ("Senior officials say the commanders have fled.", "unnamed_group", "anonymous_no_reason", None, None),
    "not authorized to discuss": (
        "The suspect has fled, said an official who was not authorized to discuss the investigation.",
        "unnamed_person",
        "anonymous_not_authorized",
        "who was not authorized to discuss the investigation",
        None,
    ),
    "declined to be named because": (
        "The deal is close, said a diplomat who declined to be named because the talks are at a sensitive stage.",
        "unnamed_person",
        "anonymous_reason_given",
        "because the talks are at a sensitive stage",
        None,
    ),
    "anonymity with no why": (
        "The deal is close, said a diplomat who spoke on condition of anonymity.",
        "unnamed_person",
        "anonymous_no_reason",
        None,
        None,
    ),
    "fear of reprisal, source without its clause": (
        "The talks failed, according to two officials familiar with the matter who spoke on condition of "
        "anonymity for fear of reprisals.",
        "unnamed_group",
        "anonymous_reason_given",
        "for fear of reprisals",
        None,
    ),
    "named person": (
        "Jennifer Cafarella, a Syria expert with the Institute for the Study of War, said the campaign had stalled.",
        "person",
        "on_record",
        None,
        "Institute for the Study of War",
    ),
    "named organization": (
        "The U.S. military said other strikes also targeted the city.",
        "organization",
        "on_record",
        None,
        "U.S. military",
    ),
    "another source's reason is not the speaker's": (
        "Officials said council members, who spoke on condition of anonymity because the talks are private, had "
        "agreed to the plan.",
        "unnamed_group",
        "anonymous_no_reason",
        None,
        None,
    ),
    "an office named by its holder, with a nested anonymous source": (
        "The mayor's office said council members, who spoke on condition of anonymity because the talks are "
        "private, had agreed to the plan.",
        "organization",
        "on_record",
        None,
        "mayor's office",
    ),
    "anonymity in the source's own clause": (
        "Two officials, speaking on condition of anonymity because the talks are private, said the plan had failed.",
        "unnamed_group",
        "anonymous_reason_given",
        "because the talks are private",
        None,
    ),
}


@pytest.mark.parametrize("text,speaker_type,status,reason,affiliation", UNNAMED.values(), ids=UNNAMED.keys())
def test_speaker_type_status_and_reason(nlp, text, speaker_type, status, reason, affiliation):
    (att,) = detect(text)
    assert (att.speaker_type, att.status, _text(text, att.anonymity_reason)) == (speaker_type, status, reason)
    assert att.affiliation == affiliation


ROLES = {
    "appositive with a body": (
        '"It moves," said Jennifer Cafarella, a Syria expert with the Institute for the Study of War.',
        "Syria expert",
        "Institute for the Study of War",
    ),
    "title naming a body mentioned earlier": (
        'The U.S.-led coalition launched strikes. "We will strike them," '
        "said Col. Ryan Dillon, coalition spokesman in Baghdad.",
        "coalition spokesman",
        "U.S.-led coalition",
    ),
    "relative clause": (
        "It will be the capital, said Mohammed Khider, who heads the Sound and Picture Organization.",
        "head",
        "Sound and Picture Organization",
    ),
    "a country speaks for its government": ("Russia has also claimed airstrikes there.", None, "Russian government"),
    "nationality and department": (
        "U.S. defense officials dismiss suggestions that the campaign stalled.",
        None,
        "U.S. Department of Defense",
    ),
    "title before the name": ('"We will vote," said Council President Dana Whitfield.', "Council President", None),
    "office and department before the name": (
        '"We are ready," said Defense Secretary Jim Mattis.',
        "Defense Secretary",
        None,
    ),
    "abbreviated title": ('"No," said Sen. John McCain.', "Sen.", None),
    "a courtesy title is no role": ('"No," said Mr. John McCain.', None, None),
    "an appositive outweighs the title": (
        '"No," said Sen. John McCain, the committee chairman.',
        "committee chairman",
        None,
    ),
}


@pytest.mark.parametrize("text,role,affiliation", ROLES.values(), ids=ROLES.keys())
def test_role_and_affiliation(nlp, text, role, affiliation):
    att = detect(text)[-1]
    assert (att.role, att.affiliation) == (role, affiliation)


@pytest.mark.slow
def test_seeded_fuzz_never_raises(nlp):
    """Random mixes of quote marks, cue words and punctuation: spans stay inside the text."""
    rng = random.Random(7)
    words = [
        '"',
        "\u201c",
        "\u201d",
        "''",
        "said",
        "he",
        "Officials",
        ",",
        ".",
        ":",
        "\n\n",
        "according",
        "to",
        "the",
        "group",
        "ISIS'",
        "Q",
        "-",
        "\u2015",
        "reported",
        "by",
        "called",
        "for",
        "who",
        "not",
        "authorized",
        "anonymity",
        "because",
        "It",
        "Mr.",
        "Smith",
        "his",
        "brother",
        "they",
        "noting",
    ]
    for _ in range(200):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
        for att in detect(text):
            for span in (att.content, att.cue, att.source, att.anonymity_reason):
                assert span is None or 0 <= span[0] < span[1] <= len(text), (text, att)


ODD_TEXTS = {
    "empty": "",
    "only spaces": "   \n\n  ",
    "no sentence": "-- ** ## 123 ,,, ...",
    "non-English": "Der Minister sagte: \u201eWir werden die Grenze schlie\u00dfen.\u201c "
    "\u4f60\u597d\u4e16\u754c\u3002",
    "unclosed quote": 'He said "this never ends and the quote is never closed',
    "stray closing quote": 'The board is 12" wide," he said.',
    "apostrophe after s": "ISIS' leaders and the Jones' house, said the police.",
}


@pytest.mark.parametrize("text", ODD_TEXTS.values(), ids=ODD_TEXTS.keys())
def test_odd_texts_never_raise(nlp, text):
    found = detect(text)
    for att in found:
        assert 0 <= att.content[0] < att.content[1] <= len(text)
        assert att.kind in KINDS


@pytest.mark.slow
def test_a_long_text_is_found_whole_across_its_chunks(nlp):
    # Three chunks' worth: every boundary case a megabyte has (a chunk between two others, a last one
    # cut short), at a tenth of the time; the megabyte itself (time and peak memory) is measured by
    # `bench/detect.py DIR --megabyte`.
    para = "Officials said the talks would resume. " * 25 + "\n\n"
    text = para * (5 * CHUNK_CHARS // (2 * len(para)) + 1)
    found = detect(text)
    assert len(found) == text.count("Officials said")  # every repeat is found, across the chunk boundaries
    assert all(text[a.content[0] : a.content[1]] == "the talks would resume" for a in found)


def test_records_are_valid(nlp, acceptance_text):
    for att in detect(acceptance_text):
        assert att.kind in KINDS and 0 <= att.confidence <= 1
        assert att.speaker_type is None or att.speaker_type in SPEAKER_TYPES
        assert att.status is None or att.status in STATUSES
        for span in (att.content, att.cue, att.source, att.anonymity_reason):
            assert span is None or 0 <= span[0] < span[1] <= len(acceptance_text)


def test_detect_many_keeps_order_and_matches_detect(nlp, acceptance_text):
    texts = ["", acceptance_text, "Officials said the talks failed.", ""]
    many = list(detect_many(texts))
    assert [len(x) for x in many] == [0, len(detect(acceptance_text)), 1, 0]
    assert many[1] == detect(acceptance_text)
    assert list(detect_many([])) == []


def test_results_are_sorted_and_in_doc_spans(nlp, acceptance_text):
    found = detect(acceptance_text)
    assert [a.content for a in found] == sorted(a.content for a in found)
    doc = nlp(acceptance_text)
    assert len(doc.spans["attributions"]) == len(found) == len(doc._.attributions)
    assert {s.label_ for s in doc.spans["attributions"]} <= set(KINDS)


def test_a_batch_holds_eight_short_pieces_but_only_two_long_ones():
    # The parser-like components' memory grows with the characters of a batch: a megabyte in batches of
    # eight 25,000-character pieces peaked near 1 GB, two at a time near 500 MiB (bench/big_article.py).
    short = [("x" * 3_000, i) for i in range(20)]
    long = [("x" * CHUNK_CHARS, i) for i in range(5)]
    assert [len(b) for b in _batches(iter(short), BATCH_SIZE)] == [8, 8, 4]
    assert [len(b) for b in _batches(iter(long), BATCH_SIZE)] == [2, 2, 1]
    assert all(sum(len(p) for p, _ in b) <= BATCH_CHARS for b in _batches(iter(long), BATCH_SIZE))
