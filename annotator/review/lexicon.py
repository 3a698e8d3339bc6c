"""Word lists and patterns behind the sourcing checks, so every finding can name its trigger.

Inflected forms are listed by hand (no lemmatizer) so the checks run without a spaCy pipeline.
"""

from __future__ import annotations

import re

# Heads of a source phrase that leave the reader unable to tell who speaks (`officials say`).
VAGUE_HEADS = frozenset(
    """
    officials sources source experts critics activists analysts observers residents people
    witnesses insiders diplomats authorities commentators some many others
""".split()
)

# Heads that make a source several people (`sources say`); a tag of one person contradicts them.
PLURAL_HEADS = (VAGUE_HEADS - {"source"}) | frozenset(
    """
    aides advisers advisors lawmakers investigators officers spokesmen spokespeople members
    leaders representatives negotiators doctors relatives employees workers staffers
    commanders fighters rebels militants soldiers
""".split()
)

# Words after the head that describe what the group knows, not who it is (`people familiar with`).
KNOWLEDGE_WORDS = frozenset("familiar close briefed involved knowledgeable aware who that".split())

# Prepositions after the head that say whom the group belongs to (`officials at the Pentagon`).
MEMBERSHIP_WORDS = frozenset("at of from in with for".split())

# Words that may open a source phrase with a capital without naming anyone (`Senior officials`).
GENERIC_MODIFIERS = frozenset(
    """
    the a an several some many most other others senior top two three four five numerous few
    various local unnamed anonymous government military security intelligence western foreign
    defense opposition
""".split()
)

# Nationality and place words: `U.S. officials` and `Syrian activists` still name no one.
NATIONALITIES = frozenset(
    """
    u.s. us american british u.k. uk syrian iraqi russian iranian european arab kurdish
    israeli palestinian turkish chinese french german ukrainian afghan pakistani indian
    japanese saudi egyptian jordanian lebanese yemeni libyan canadian mexican western
    sunni shiite korean taiwanese australian african asian latin
""".split()
)

PRONOUNS = frozenset("he she it they we i you him her them his its their one".split())

# Phrases that attribute without saying to whom (`reportedly`, `it is understood`).
HEDGES = re.compile(
    r"\b(reportedly|reputedly|purportedly|allegedly|it is (?:understood|believed|thought|said)"
    r"|(?:is|are|was|were) said to|it (?:has been|was) reported|according to reports"
    r"|rumou?red)\b",
    re.I,
)

# Cues that voice blame or criticism, every form (`Activists blamed the coalition`).
ATTACK_CUES = frozenset(
    """
    blame blames blamed blaming criticize criticizes criticized criticizing criticise criticises
    criticised criticising accuse accuses accused accusing attack attacks attacked attacking
    condemn condemns condemned condemning slam slams slammed slamming denounce denounces
    denounced denouncing mock mocks mocked mocking ridicule ridicules ridiculed ridiculing
    blast blasts blasted blasting decry decries decried decrying fault faults faulted faulting
    deride derides derided deriding berate berates berated berating lambaste lambastes
    lambasted lambasting castigate castigates castigated castigating assail assails assailed
    assailing rebuke rebukes rebuked rebuking disparage disparages disparaged disparaging
    vilify vilifies vilified vilifying smear smears smeared smearing insult insults insulted
    insulting scold scolds scolded scolding
""".split()
)

# Pejorative and opinion words in the claim itself (insults, verdicts on character or competence).
PEJORATIVES = frozenset(
    """
    incompetent incompetence corrupt reckless disgrace disgraceful shameful outrageous ridiculous
    absurd pathetic cowardly coward cowards dishonest hypocrite hypocrites hypocritical inept
    stupid idiot idiots idiotic liar liars lying thug thugs traitor traitors crook crooks
    crooked despicable deplorable disastrous clueless arrogant useless botched bungled
    scandalous shameless contemptible lazy
""".split()
)

# Cues that judge the claim instead of reporting it (AP: `said` is neutral; these imply doubt or guilt).
LOADED_CUES = frozenset(
    """
    claim claims claimed claiming admit admits admitted admitting insist insists insisted
    insisting concede concedes conceded conceding allege alleges alleged alleging confess
    confesses confessed confessing boast boasts boasted boasting brag brags bragged bragging
    reveal reveals revealed revealing purport purports purported whine whined rant ranted
    grumble grumbled scoff scoffed
""".split()
)

# An authorization reason (`who weren't authorized to speak publicly`).
AUTHORIZATION = re.compile(r"\b(authori[sz]ed|allowed|permitted|cleared)\b", re.I)

# Any other reason for anonymity; with one of these, authorization is not the only reason.
OTHER_REASON = re.compile(
    r"\b(fear\w*|reprisals?|retaliat\w*|safety|danger\w*|threat\w*|risk\w*|harm\w*"
    r"|jeopardi[sz]\w*|investigations?|sensitiv\w*|confidential\w*|protect\w*"
    r"|jobs?|careers?|lawsuits?|prosecut\w*|arrest\w*|punish\w*)\b",
    re.I,
)

WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.'’-]*")


def words(phrase: str) -> list[str]:
    """Words of a phrase; a trailing full stop is dropped unless the word is an abbreviation (`U.S.`)."""
    out = []
    for w in WORD.findall(phrase):
        out.append(w if w.count(".") > 1 else w.rstrip("."))
    return out
