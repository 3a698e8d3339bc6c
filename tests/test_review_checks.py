"""Sourcing checks and credibility badges over small hand-built records, and the acceptance article."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.review import CHECKS, ArticleRecord, Claim, Finding, badges, check

DATA = Path(__file__).parent / "data"

UNNAMED_GROUP = {"speaker_type": "unnamed_group", "status": "anonymous_no_reason"}
UNNAMED_ONE = {"speaker_type": "unnamed_person", "status": "anonymous_no_reason"}
PERSON = {"speaker_type": "person", "status": "on_record", "role": "mayor"}
ORG = {"speaker_type": "organization", "status": "on_record"}


def at(text: str, words: str | None, nth: int = 0) -> tuple[int, int] | None:
    """Span of the nth occurrence of `words` in text."""
    if words is None:
        return None
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def claim(
    text: str,
    id: int,
    content: str,
    cue: str | None = None,
    source: str | None = None,
    reason: str | None = None,
    kind: str = "indirect",
    **tags,
) -> Claim:
    """A claim whose spans are the first occurrences of the given words (a tuple picks a later one)."""

    def span(words):
        return at(text, *words) if isinstance(words, tuple) else at(text, words)

    speaker = tags.pop("speaker", text[span(source)[0] : span(source)[1]] if source else None)
    return Claim(
        id=id,
        kind=kind,
        content=span(content),
        cue=span(cue),
        source=span(source),
        anonymity_reason=span(reason),
        speaker=speaker,
        **tags,
    )


def found(article: ArticleRecord, code: str) -> list[tuple[int, ...]]:
    return [f.attribution_ids for f in check(article) if f.code == code]


def messages(article: ArticleRecord, code: str) -> list[str]:
    return [f.message for f in check(article) if f.code == code]


# --- 1 anonymous_no_reason -------------------------------------------------------------------

T1 = "The bridge is closed, officials said. The mayor, who feared reprisals, said nothing."


@pytest.mark.parametrize(
    "tags, reason, expected",
    [
        (UNNAMED_GROUP, None, [(1,)]),
        ({"speaker_type": "unnamed_person"}, None, [(1,)]),  # unnamed by type, no status, no reason span
        ({"speaker_type": "unnamed_group", "status": "anonymous_reason_given"}, None, [(1,)]),  # no words marked
        ({"speaker_type": "unnamed_group", "status": "anonymous_reason_given"}, "who feared reprisals", []),
        (PERSON, None, []),
        ({**UNNAMED_GROUP, "state": "rejected"}, None, []),
        ({**UNNAMED_GROUP, "state": "suggested"}, None, [(1,)]),
    ],
)
def test_anonymous_no_reason(tags, reason, expected):
    art = ArticleRecord(T1, (claim(T1, 1, "The bridge is closed", "said", "officials", reason, **tags),))
    assert found(art, "anonymous_no_reason") == expected


def test_anonymous_no_reason_says_when_the_reason_is_tagged_but_not_marked():
    art = ArticleRecord(
        T1,
        (
            claim(
                T1,
                1,
                "The bridge is closed",
                "said",
                "officials",
                speaker_type="unnamed_group",
                status="anonymous_not_authorized",
            ),
        ),
    )
    assert "no words of the text are marked" in messages(art, "anonymous_no_reason")[0]


# --- 2 anonymous_not_authorized ----------------------------------------------------------------

T2 = (
    "The plan is dead, said two officials, who were not authorized to speak publicly. "
    "The talks stalled, said an aide, who was not authorized to speak and feared reprisals. "
    "The deal is near, said a diplomat, citing the sensitivity of the talks."
)


@pytest.mark.parametrize(
    "content, source, reason, status, expected",
    [
        (
            "The plan is dead",
            "two officials",
            "who were not authorized to speak publicly",
            "anonymous_not_authorized",
            True,
        ),
        # Tagged as another reason, but the marked words only speak of authorization.
        (
            "The plan is dead",
            "two officials",
            "who were not authorized to speak publicly",
            "anonymous_reason_given",
            True,
        ),
        (
            "The talks stalled",
            "an aide",
            "who was not authorized to speak and feared reprisals",
            "anonymous_reason_given",
            False,
        ),
        ("The deal is near", "a diplomat", "citing the sensitivity of the talks", "anonymous_reason_given", False),
        ("The plan is dead", "two officials", None, "anonymous_not_authorized", False),  # anonymous_no_reason's case
    ],
)
def test_anonymous_not_authorized(content, source, reason, status, expected):
    art = ArticleRecord(
        T2, (claim(T2, 1, content, "said", source, reason, speaker_type="unnamed_group", status=status),)
    )
    assert found(art, "anonymous_not_authorized") == ([(1,)] if expected else [])


def test_anonymous_not_authorized_quotes_the_reason():
    art = ArticleRecord(
        T2,
        (
            claim(
                T2,
                1,
                "The plan is dead",
                "said",
                "two officials",
                "who were not authorized to speak publicly",
                **UNNAMED_GROUP | {"status": "anonymous_not_authorized"},
            ),
        ),
    )
    assert '"who were not authorized to speak publicly"' in messages(art, "anonymous_not_authorized")[0]


# --- 3 vague_attribution -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, content, cue, source, tags, trigger",
    [
        (
            "Officials said the bridge is closed.",
            "the bridge is closed",
            "said",
            "Officials",
            UNNAMED_GROUP,
            '"Officials"',
        ),
        (
            "U.S. officials say the bridge is closed.",
            "the bridge is closed",
            "say",
            "U.S. officials",
            UNNAMED_GROUP,
            '"U.S. officials"',
        ),
        (
            "People familiar with the Pentagon's plans said the bridge is closed.",
            "the bridge is closed",
            "said",
            "People familiar with the Pentagon's plans",
            UNNAMED_GROUP,
            '"People familiar with the Pentagon',
        ),
        (
            "Critics and a lawyer said the bridge is closed.",
            "the bridge is closed",
            "said",
            "Critics and a lawyer",
            UNNAMED_GROUP,
            '"Critics"',
        ),
        # A pronoun is judged by the group it stands for.
        (
            "They said the bridge is closed.",
            "the bridge is closed",
            "said",
            "They",
            {**UNNAMED_GROUP, "speaker": "senior U.S. officials"},
            '"senior U.S. officials"',
        ),
        (
            "The bridge is reportedly closed, a newspaper said.",
            "The bridge is reportedly closed",
            "said",
            "a newspaper",
            ORG | {"speaker": "Daily Star"},
            '"reportedly"',
        ),
        (
            "The leader is said to be hiding in the city.",
            "to be hiding in the city",
            "said",
            None,
            UNNAMED_GROUP,
            '"is said to"',
        ),
        (
            "It is understood that the bridge will close.",
            "the bridge will close",
            "It is understood",
            None,
            UNNAMED_GROUP,
            '"It is understood"',
        ),
    ],
)
def test_vague_attribution_flags_and_names_its_trigger(text, content, cue, source, tags, trigger):
    art = ArticleRecord(text, (claim(text, 1, content, cue, source, **tags),))
    assert found(art, "vague_attribution") == [(1,)]
    assert trigger in messages(art, "vague_attribution")[0]


@pytest.mark.parametrize(
    "text, content, cue, source, tags",
    [
        ("Jennifer Cafarella said the bridge is closed.", "the bridge is closed", "said", "Jennifer Cafarella", PERSON),
        (
            "Officials at the Pentagon said the bridge is closed.",
            "the bridge is closed",
            "said",
            "Officials at the Pentagon",
            UNNAMED_GROUP,
        ),
        (
            "Pentagon officials said the bridge is closed.",
            "the bridge is closed",
            "said",
            "Pentagon officials",
            UNNAMED_GROUP,
        ),
        ("His brother said the bridge is closed.", "the bridge is closed", "said", "His brother", UNNAMED_ONE),
        # A named body's spokespeople are that body (GUIDELINES.md): not vague.
        (
            "Officials said the bridge is closed.",
            "the bridge is closed",
            "said",
            "Officials",
            ORG | {"speaker": "Ministry of Transport"},
        ),
        # The hedge is the named speaker's own word, inside the direct quote.
        (
            '"The bridge is reportedly closed," said Jane Doe.',
            '"The bridge is reportedly closed,"',
            "said",
            "Jane Doe",
            PERSON | {"kind": "direct"},
        ),
        # The hedge is in another sentence.
        (
            "The bridge is closed, Jane Doe said. The road reportedly is too.",
            "The bridge is closed",
            "said",
            "Jane Doe",
            PERSON,
        ),
    ],
)
def test_vague_attribution_leaves_specific_sources(text, content, cue, source, tags):
    art = ArticleRecord(text, (claim(text, 1, content, cue, source, **tags),))
    assert found(art, "vague_attribution") == []


# --- 4 anonymous_direct_quote ----------------------------------------------------------------------

T4 = '"We are leaving," said a senior official. "We stay," said Jane Doe.'


@pytest.mark.parametrize(
    "content, source, kind, tags, expected",
    [
        ('"We are leaving,"', "a senior official", "direct", UNNAMED_ONE, [(1,)]),
        ('"We are leaving,"', "a senior official", "mixed", UNNAMED_ONE, []),
        ('"We stay,"', "Jane Doe", "direct", PERSON, []),
    ],
)
def test_anonymous_direct_quote(content, source, kind, tags, expected):
    art = ArticleRecord(T4, (claim(T4, 1, content, "said", source, kind=kind, **tags),))
    assert found(art, "anonymous_direct_quote") == expected


# --- 5 anonymous_attack ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, content, cue, source, tags, trigger",
    [
        (
            "Activists blamed the U.S.-led coalition.",
            "the U.S.-led coalition",
            "blamed",
            "Activists",
            UNNAMED_GROUP,
            '"blamed"',
        ),
        ("Critics slammed the plan.", "the plan", "slammed", "Critics", UNNAMED_GROUP, '"slammed"'),
        (
            "The mayor is corrupt and lazy, residents said.",
            "The mayor is corrupt and lazy",
            "said",
            "residents",
            UNNAMED_GROUP,
            '"corrupt"',
        ),
    ],
)
def test_anonymous_attack_names_its_trigger(text, content, cue, source, tags, trigger):
    art = ArticleRecord(text, (claim(text, 1, content, cue, source, **tags),))
    assert found(art, "anonymous_attack") == [(1,)]
    assert trigger in messages(art, "anonymous_attack")[0]


@pytest.mark.parametrize(
    "text, content, cue, source, tags",
    [
        ("Jane Doe blamed the coalition.", "the coalition", "blamed", "Jane Doe", PERSON),
        ("The bridge is closed, officials said.", "The bridge is closed", "said", "officials", UNNAMED_GROUP),
        # `attacks` in the claim is news, not an attack by the source: only cues count for attack verbs.
        ("Attacks rose in May, officials said.", "Attacks rose in May", "said", "officials", UNNAMED_GROUP),
    ],
)
def test_anonymous_attack_leaves_neutral_or_named_claims(text, content, cue, source, tags):
    art = ArticleRecord(text, (claim(text, 1, content, cue, source, **tags),))
    assert found(art, "anonymous_attack") == []


# --- 6 lede_rests_on_anonymous ----------------------------------------------------------------------


def _lede_article(text: str, who: list[str]) -> ArticleRecord:
    """Claims `X happened, <who> said.` for each source in `who` ('officials' unnamed, others named)."""
    claims = []
    for i, source in enumerate(who, start=1):
        tags = UNNAMED_GROUP if source == "officials" else PERSON
        before = text.index(f"Fact {i}")
        claims.append(
            claim(
                text,
                i,
                f"Fact {i}",
                ("said", text.count("said", 0, before)),
                (source, text.count(source, 0, before)),
                **tags,
            )
        )
    return ArticleRecord(text, tuple(claims))


@pytest.mark.parametrize(
    "text, who, expected",
    [
        # The dateline paragraph carries no attribution; the second paragraph sources it anonymously.
        (
            "CITY — Things happened.\n\nFact 1, officials said.\n\nFact 2, Jane Doe said.",
            ["officials", "Jane Doe"],
            [(1,)],
        ),
        (
            "Fact 1, officials said.\n\nFact 2, officials said.\n\nFact 3, Jane Doe said.",
            ["officials", "officials", "Jane Doe"],
            [(1, 2)],
        ),
        # A named source in the second paragraph backs the lede.
        ("Fact 1, officials said.\n\nFact 2, Jane Doe said.", ["officials", "Jane Doe"], []),
        ("Fact 1, Jane Doe said.\n\nFact 2, officials said.", ["Jane Doe", "officials"], []),
        # No attribution in the lede at all: nothing rests on anyone there.
        ("Things happened.\n\nMore happened.\n\nFact 1, officials said.", ["officials"], []),
        # Without blank lines, single line breaks split paragraphs.
        ("Headline.\nFact 1, officials said.\nFact 2, Jane Doe said.", ["officials", "Jane Doe"], [(1,)]),
        ("Headline.\nFact 1, officials said.\n\nFact 2, Jane Doe said.", ["officials", "Jane Doe"], []),
    ],
)
def test_lede_rests_on_anonymous(text, who, expected):
    assert found(_lede_article(text, who), "lede_rests_on_anonymous") == expected


# --- 7 named_without_affiliation ----------------------------------------------------------------------

T7 = "Fact 1, Jane Doe said. Fact 2, Doe said. Fact 3, the ministry said."


@pytest.mark.parametrize(
    "first, later, expected",
    [
        ({}, {}, [(1,)]),
        ({"role": "mayor"}, {}, []),
        ({"affiliation": "City Hall"}, {}, []),
        ({"role": "  "}, {"role": "mayor"}, [(1,)]),  # judged at first mention; blank is not given
    ],
)
def test_named_without_affiliation(first, later, expected):
    person = {"speaker_type": "person", "status": "on_record", "speaker": "Jane Doe"}
    # Listed out of text order: first mention is decided by position, not by id.
    art = ArticleRecord(
        T7,
        (
            claim(T7, 2, "Fact 2", "said", ("said", 1), **person, **later),
            claim(T7, 1, "Fact 1", "said", "Jane Doe", **person, **first),
            claim(T7, 3, "Fact 3", "said", "the ministry", **ORG, speaker="Ministry"),
        ),
    )
    assert found(art, "named_without_affiliation") == expected


# --- 8 single_source -----------------------------------------------------------------------------------

T8 = "Fact 1, Jane Doe said. Fact 2, she said. Fact 3, John Roe said."


def _three(first: dict, second: dict, third: dict | None) -> ArticleRecord:
    claims = [claim(T8, 1, "Fact 1", "said", "Jane Doe", **first), claim(T8, 2, "Fact 2", ("said", 1), "she", **second)]
    if third is not None:
        claims.append(claim(T8, 3, "Fact 3", ("said", 2), "John Roe", **third))
    return ArticleRecord(T8, tuple(claims))


@pytest.mark.parametrize(
    "first, second, third, expected",
    [
        (PERSON, PERSON | {"speaker": "jane doe"}, None, [(1, 2)]),  # case does not make another speaker
        (
            PERSON | {"affiliation": "City Hall"},
            PERSON | {"speaker": "Jim Poe", "affiliation": "City Hall"},
            PERSON | {"affiliation": "State; City Hall"},
            [(1, 2, 3)],
        ),
        (PERSON, PERSON | {"speaker": "Jane Doe"}, PERSON | {"state": "rejected"}, [(1, 2)]),  # rejected: not sourcing
        (PERSON, PERSON | {"speaker": "Jane Doe"}, PERSON, []),
        (PERSON | {"affiliation": "City Hall"}, PERSON | {"speaker": "Jim Poe", "affiliation": "State"}, None, []),
        (PERSON, PERSON | {"speaker": None}, None, []),  # an unresolved speaker may be someone else
    ],
)
def test_single_source(first, second, third, expected):
    assert found(_three(first, second, third), "single_source") == expected


def test_single_source_needs_two_attributions():
    art = ArticleRecord(T8, (claim(T8, 1, "Fact 1", "said", "Jane Doe", **PERSON),))
    assert found(art, "single_source") == []


# --- 9 plural_backed_by_one --------------------------------------------------------------------------

T9 = "Fact 1, sources said. Fact 2, a source said. Fact 3, officials said."


@pytest.mark.parametrize(
    "content, source, speaker_type, expected",
    [
        ("Fact 1", "sources", "unnamed_person", [(1,)]),
        ("Fact 3", "officials", "person", [(1,)]),
        ("Fact 1", "sources", "unnamed_group", []),
        ("Fact 2", "a source", "unnamed_person", []),
        ("Fact 1", None, "unnamed_person", []),
    ],
)
def test_plural_backed_by_one(content, source, speaker_type, expected):
    art = ArticleRecord(T9, (claim(T9, 1, content, None, source, speaker_type=speaker_type, speaker="someone"),))
    assert found(art, "plural_backed_by_one") == expected


# --- 10 unresolved_speaker -----------------------------------------------------------------------------


@pytest.mark.parametrize("speaker, expected", [(None, [(1,)]), ("   ", [(1,)]), ("Jane Doe", [])])
def test_unresolved_speaker(speaker, expected):
    text = "Fact 1, the U.S. has been criticized for."
    art = ArticleRecord(text, (claim(text, 1, "Fact 1", "criticized", speaker=speaker, **UNNAMED_GROUP),))
    assert found(art, "unresolved_speaker") == expected


# --- 11 loaded_cue ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, cue, source, tags, expected",
    [
        ("Fact 1, Jane Doe claimed.", "claimed", "Jane Doe", PERSON, [(1,)]),
        ("The company admitted Fact 1.", "admitted", "The company", ORG, [(1,)]),
        ("Fact 1, Jane Doe insisted.", "insisted", "Jane Doe", PERSON, [(1,)]),
        ("Fact 1, Jane Doe said.", "said", "Jane Doe", PERSON, []),
        ("Fact 1, his brother claimed.", "claimed", "his brother", UNNAMED_ONE, []),  # named sources only
    ],
)
def test_loaded_cue(text, cue, source, tags, expected):
    art = ArticleRecord(text, (claim(text, 1, "Fact 1", cue, source, **tags),))
    assert found(art, "loaded_cue") == expected


# --- 12 unreviewed_suggestions ---------------------------------------------------------------------------

T12 = "Fact 1, Jane Doe said. Fact 2, Jane Doe said. Fact 3, Jane Doe said."


@pytest.mark.parametrize(
    "states, expected",
    [
        (("suggested", "accepted", "suggested"), [(1, 3)]),
        (("suggested", "rejected", "accepted"), [(1,)]),
        (("accepted", "edited", "rejected"), []),
    ],
)
def test_unreviewed_suggestions(states, expected):
    art = ArticleRecord(
        T12,
        tuple(
            claim(T12, i, f"Fact {i}", ("said", i - 1), ("Jane Doe", i - 1), state=s, **PERSON)
            for i, s in enumerate(states, start=1)
        ),
    )
    assert found(art, "unreviewed_suggestions") == expected


# --- all checks together ------------------------------------------------------------------------------------


def test_registry_holds_the_twelve_codes_with_their_severities():
    assert {code: c.severity for code, c in CHECKS.items()} == {
        "anonymous_no_reason": "block",
        "anonymous_not_authorized": "warn",
        "vague_attribution": "warn",
        "anonymous_direct_quote": "warn",
        "anonymous_attack": "block",
        "lede_rests_on_anonymous": "block",
        "named_without_affiliation": "warn",
        "single_source": "warn",
        "plural_backed_by_one": "warn",
        "unresolved_speaker": "warn",
        "loaded_cue": "info",
        "unreviewed_suggestions": "block",
    }
    assert all(c.code == code and c.title for code, c in CHECKS.items())


def test_a_rejected_claim_never_counts():
    text = '"They are corrupt," sources blamed. Fact 2, Jane Doe claimed.'
    bad = claim(
        text,
        1,
        '"They are corrupt,"',
        "blamed",
        "sources",
        kind="direct",
        state="rejected",
        speaker_type="unnamed_person",
        status="anonymous_no_reason",
        speaker=None,
    )
    good = claim(text, 2, "Fact 2", "claimed", "Jane Doe", **PERSON)
    with_it = check(ArticleRecord(text, (bad, good)))
    assert all(1 not in f.attribution_ids for f in with_it)
    assert with_it == check(ArticleRecord(text, (good,)))
    # The same claim, left suggested, trips seven checks: the assertions above could fail.
    unrejected = {f.code for f in check(ArticleRecord(text, (replace(bad, state="suggested"), good)))}
    unrejected -= {f.code for f in with_it}
    assert unrejected == {
        "anonymous_no_reason",
        "vague_attribution",
        "anonymous_direct_quote",
        "anonymous_attack",
        "plural_backed_by_one",
        "unresolved_speaker",
        "unreviewed_suggestions",
    }


def test_findings_are_sorted_by_severity_then_text_order():
    text = "Fact 1, Jane Doe claimed. Fact 2, officials said. Fact 3, sources said."
    art = ArticleRecord(
        text,
        (
            claim(text, 3, "Fact 3", ("said", 1), "sources", **UNNAMED_GROUP),
            claim(text, 1, "Fact 1", "claimed", "Jane Doe", **PERSON),
            claim(text, 2, "Fact 2", "said", "officials", **UNNAMED_GROUP),
        ),
    )
    got = [(f.severity, f.code, f.attribution_ids) for f in check(art)]
    assert got == [
        ("block", "anonymous_no_reason", (2,)),
        ("block", "anonymous_no_reason", (3,)),
        ("warn", "vague_attribution", (2,)),
        ("warn", "vague_attribution", (3,)),
        ("info", "loaded_cue", (1,)),
    ]


def test_finding_to_dict_is_json_ready():
    f = Finding("single_source", "warn", "All 2 attributions come from one speaker.", (1, 2))
    assert json.loads(json.dumps(f.to_dict())) == {
        "code": "single_source",
        "severity": "warn",
        "message": "All 2 attributions come from one speaker.",
        "attribution_ids": [1, 2],
    }


# --- credibility badges ---------------------------------------------------------------------------------------

TB = "Fact 1, two officials, who feared reprisals, said. Fact 2, Jane Doe claimed. Fact 3, John Roe said."


def _badges(first: dict, others: tuple[dict, dict] = ({}, {})) -> list[str]:
    c1 = claim(TB, 1, "Fact 1", "said", "two officials", **first)
    c2 = claim(TB, 2, "Fact 2", "claimed", "Jane Doe", **PERSON | {"affiliation": "City Hall"} | others[0])
    c3 = claim(TB, 3, "Fact 3", ("said", 1), "John Roe", **PERSON | {"affiliation": "State"} | others[1])
    return badges(c1, ArticleRecord(TB, (c1, c2, c3)))


@pytest.mark.parametrize(
    "first, others, expected",
    [
        (UNNAMED_GROUP, ({}, {}), ["unnamed", "neutral cue"]),
        (
            {
                "speaker_type": "unnamed_group",
                "status": "anonymous_reason_given",
                "affiliation": "State",
                "reason": "who feared reprisals",
            },
            ({}, {}),
            ["unnamed", "reason given", "affiliation given", "neutral cue"],
        ),
        (PERSON, ({}, {}), ["named", "neutral cue"]),
        (PERSON | {"corroborated_by": (2,)}, ({}, {}), ["named", "corroborated", "neutral cue"]),
        (PERSON | {"corroborated_by": (1,)}, ({}, {}), ["named", "neutral cue"]),  # itself
        (PERSON | {"corroborated_by": (2,)}, ({"state": "rejected"}, {}), ["named", "neutral cue"]),
        (PERSON | {"corroborated_by": (2,), "speaker": "Jane Doe"}, ({}, {}), ["named", "neutral cue"]),  # same voice
        (
            PERSON | {"corroborated_by": (3,), "affiliation": "State"},
            ({}, {}),  # same body: not independent
            ["named", "affiliation given", "neutral cue"],
        ),
        (PERSON | {"credibility": "corroborated"}, ({}, {}), ["named", "corroborated", "neutral cue"]),
        (PERSON | {"credibility": "disputed", "corroborated_by": (2,)}, ({}, {}), ["named", "neutral cue"]),
    ],
)
def test_badges(first, others, expected):
    assert _badges(first, others) == expected


def test_badges_leave_out_neutral_cue_for_a_loaded_or_missing_cue():
    c2 = claim(TB, 2, "Fact 2", "claimed", "Jane Doe", **PERSON)
    floating = claim(TB, 3, "Fact 3", None, None, **PERSON, speaker="John Roe")
    art = ArticleRecord(TB, (c2, floating))
    assert badges(c2, art) == ["named"] and badges(floating, art) == ["named"]


# --- the acceptance article --------------------------------------------------------------------------------------


def _span(value):
    return tuple(value) if value else None


@pytest.fixture(scope="module")
def mayadeen() -> ArticleRecord:
    text = (DATA / "mayadeen.txt").read_text(encoding="utf-8")
    gold = json.loads((DATA / "mayadeen.gold.json").read_text(encoding="utf-8"))
    claims = tuple(
        Claim(
            id=i,
            kind=a["kind"],
            content=_span(a["content"]),
            cue=_span(a["cue"]),
            source=_span(a["source"]),
            anonymity_reason=_span(a["anonymity_reason"]),
            speaker=a["speaker"],
            speaker_type=a["speaker_type"],
            affiliation=a["affiliation"],
            role=a["role"],
            status=a["status"],
            state="accepted",
        )
        for i, a in enumerate(gold["attributions"], start=1)
    )
    return ArticleRecord(text, claims)


def _ids_quoting(article: ArticleRecord, code: str, words: str) -> list[tuple[int, ...]]:
    return [f.attribution_ids for f in check(article) if f.code == code and f'"{words}"' in f.message]


def test_acceptance_anonymous_no_reason(mayadeen):
    assert _ids_quoting(mayadeen, "anonymous_no_reason", "U.S. officials and Syrian activists say") == [(1,)]
    assert _ids_quoting(mayadeen, "anonymous_no_reason", "his brother claimed") == [(22,)]


def test_acceptance_vague_attribution(mayadeen):
    assert _ids_quoting(mayadeen, "vague_attribution", "activists say") == [(23,)]


def test_acceptance_cafarella_is_introduced(mayadeen):
    cafarella = {c.id for c in mayadeen.claims if c.speaker == "Jennifer Cafarella"}
    assert cafarella == {3, 4, 5}
    flagged = {i for f in check(mayadeen) if f.code == "named_without_affiliation" for i in f.attribution_ids}
    assert not flagged & cafarella


def test_acceptance_lede_and_authorization(mayadeen):
    assert found(mayadeen, "lede_rests_on_anonymous") == [(1,)]
    assert found(mayadeen, "anonymous_not_authorized") == [(2,)]
    assert found(mayadeen, "anonymous_attack") == [(16,), (17,)]
    assert found(mayadeen, "loaded_cue") == [(18,)]
