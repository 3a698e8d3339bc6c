"""Word lists the rules consult: reporting verbs, titles, kinds of speakers."""

from __future__ import annotations

# Verbs that report speech, writing or a stance when they govern a clause.
CLAUSE_CUES = frozenset(
    """
    say tell add note claim confirm deny dismiss agree report state explain insist argue warn
    announce acknowledge admit assert suggest write estimate predict reveal allege contend
    maintain stress emphasize emphasise complain accuse criticize criticise recall testify
    declare respond reply conclude observe indicate tweet concede counter mention promise vow
    think show find ask caution boast charge disclose hint imply inform
    pledge propose reckon remark reiterate signal speculate worry fear hope guarantee
    assure brag contest dispute doubt forecast grumble joke lament muse posit question
    quip recount retort swear urge continue learn clarify concur know expect remind recognize
""".split()
)

# Adverbs that attribute a claim to unnamed others (`reportedly`): an attribution with no source.
HEARSAY_ADVERBS = frozenset("reportedly allegedly purportedly supposedly".split())

# Speech acts and stated stances whose content is an infinitive (`vowed to fight on`, `declined to comment`);
# wants and plans are not claims.
XCOMP_CUES = frozenset("promise vow pledge threaten swear claim deny report decline refuse expect".split())

# Line-initial labels before a colon that are page furniture, not speakers.
NOT_SPEAKER_LABELS = frozenset(
    """
    update updated note editor read related photo photos video watch source sources correction
    breaking exclusive opinion analysis live listen see more also disclosure warning caption
""".split()
)

# Passives that ask for anonymity (`declined to be named`): a request about the source, not a claim.
ANONYMITY_VERBS = frozenset("name identify quote".split())

# Verbs whose direct object is itself the claim (`confirm those accounts`).
NOUN_CUES = frozenset(
    """
    confirm deny dismiss reject claim blame report tally cite acknowledge admit announce note
    predict estimate dispute question criticize criticise accuse count describe
    reveal disclose allege warn mention propose praise blast slam echo
    endorse condemn denounce decry applaud tout show say express highlight mock repeat thank
""".split()
)

# Objects that stand for a claim made elsewhere (`said it`, `said so`): no content of their own.
EMPTY_OBJECTS = frozenset("it this that so what something anything nothing everything thing things".split())

# Verbs whose claim comes after a preposition (`called for a moratorium`, `talked about jobs`).
PREP_CUES = {
    "about": frozenset(
        "talk speak ask write tweet complain boast brag joke testify comment think worry "
        "warn argue lie rave muse speculate say".split()
    ),
    "of": frozenset("speak warn talk write boast accuse complain".split()),
    "on": frozenset("comment call insist elaborate remark".split()),
    "for": frozenset("call argue advocate press lobby blame criticize praise".split()),
    "against": frozenset("warn argue rail caution campaign testify".split()),
    "to": frozenset("point refer allude object".split()),
}

# Verbs that report a stance through `for` + noun phrase even without a speaker.
FOR_CUES = frozenset("criticize criticise blame fault praise condemn slam".split())

# Participial cues (`..., saying ...`); their source is the clause they hang on.
PARTICIPLE_DEPS = frozenset({"advcl", "xcomp", "conj", "acl"})

TITLES = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. prof prof. col col. gen gen. lt lt. sgt sgt. capt capt.
    maj maj. adm adm. sen sen. rep rep. gov gov. president senator governor
    representative secretary minister premier chancellor judge justice rev rev. sir lord
    lady king queen prince princess sheikh pope mayor ambassador general colonel captain
    lieutenant sergeant major admiral commander chief speaker
""".split()
)

# Courtesy titles that say nothing of a person's office: never a role on their own.
HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. miss mx mx. dr dr. sir dame madam".split())

# Heads that name a body rather than a person (`the group`, `the coalition`).
ORG_NOUNS = frozenset(
    """
    group organization organisation coalition government military army ministry department
    agency company campaign committee council observatory administration office police
    party court commission network union institute center centre foundation firm bank
    board team newspaper paper station channel association alliance federation
    regime force forces movement bureau service website site magazine outlet
    embassy parliament congress senate house university school hospital authority authorities
    state country nation city county journal
""".split()
)

# Documents, recordings, polls and data: they speak for their author or publisher, never anonymously.
DOC_NOUNS = frozenset(
    """
    poll survey report study statement analysis data document documents letter memo filing release
    email emails e-mail record records return returns transcript book ad advertisement video audio
    recording footage tape tweet post article editorial column op-ed database figures statistics
    numbers estimate estimates review audit slide slides brief complaint indictment lawsuit ruling
    order affidavit testimony cable message messages note notes account diary memoir
    census tally count chart map photo photos photograph image website blog newsletter story
    transcripts file files log logs minutes research clip average averages
""".split()
)

# Documents that report a share of respondents (`63 percent` of those asked).
POLL_NOUNS = frozenset("poll survey".split())

# Heads that name a share of a poll's respondents rather than a speaker.
SHARE_WORDS = frozenset("percent majority plurality half third quarter fifth most minority share".split())

# Heads that describe one or more people without naming them.
PERSON_NOUNS = frozenset(
    """
    official source spokesman spokeswoman spokesperson activist resident witness expert
    analyst critic observer diplomat aide adviser advisor lawyer attorney investigator
    officer soldier fighter militant rebel commander leader member supporter opponent
    voter worker employee staffer person man woman people brother sister father mother son
    daughter wife husband friend relative neighbor neighbour doctor nurse teacher student
    insider executive manager director researcher scientist economist strategist
    lawmaker legislator politician candidate delegate donor democrat republican
    conservative liberal protester protestor victim survivor citizen local villager
    farmer journalist reporter correspondent editor historian professor colonel
    general sergeant captain lieutenant engineer consultant operative organizer
    campaigner pollster representative negotiator mediator prosecutor judge
    guard minister senator governor mayor ambassador president chief head founder
    owner partner colleague veteran parent child kid family
""".split()
)

SPOKESPEOPLE = frozenset("spokesman spokeswoman spokesperson representative".split())

PERSON_PRONOUNS = frozenset("he she him her his hers i me my we us our you".split())
GROUP_PRONOUNS = frozenset("they them their".split())
THING_PRONOUNS = frozenset("it its".split())
RELATIVE_PRONOUNS = frozenset("who whom which that whose".split())

# Country or bloc adjectives and names -> the body they imply (`U.S. officials`).
GOVERNMENTS = {
    "u.s.": "U.S. government",
    "us": "U.S. government",
    "american": "U.S. government",
    "united states": "U.S. government",
    "america": "U.S. government",
    "russia": "Russian government",
    "russian": "Russian government",
    "syria": "Syrian government",
    "syrian": "Syrian government",
    "iraq": "Iraqi government",
    "iraqi": "Iraqi government",
    "iran": "Iranian government",
    "iranian": "Iranian government",
    "britain": "British government",
    "british": "British government",
    "u.k.": "British government",
    "china": "Chinese government",
    "chinese": "Chinese government",
    "france": "French government",
    "french": "French government",
    "germany": "German government",
    "german": "German government",
    "turkey": "Turkish government",
    "turkish": "Turkish government",
    "israel": "Israeli government",
    "israeli": "Israeli government",
    "saudi": "Saudi government",
    "egypt": "Egyptian government",
    "egyptian": "Egyptian government",
    "jordan": "Jordanian government",
    "jordanian": "Jordanian government",
    "lebanon": "Lebanese government",
    "lebanese": "Lebanese government",
    "ukraine": "Ukrainian government",
    "ukrainian": "Ukrainian government",
    "japan": "Japanese government",
    "japanese": "Japanese government",
    "india": "Indian government",
    "indian": "Indian government",
    "pakistan": "Pakistani government",
    "pakistani": "Pakistani government",
    "afghan": "Afghan government",
    "afghanistan": "Afghan government",
    "canada": "Canadian government",
    "canadian": "Canadian government",
    "mexico": "Mexican government",
    "mexican": "Mexican government",
}

# Modifiers of `officials` that name a department of the government they imply.
DEPARTMENTS = {
    "defense": "Department of Defense",
    "state department": "Department of State",
    "justice": "Department of Justice",
    "intelligence": "intelligence community",
}

# Words that turn an official into an opposition figure.
OPPOSITION = frozenset("opposition rebel rebels".split())

# Every lemma that may head a verb cue.
CUE_LEMMAS = CLAUSE_CUES | NOUN_CUES | FOR_CUES | XCOMP_CUES | frozenset().union(*PREP_CUES.values())

# Title words as written before a name, and the office noun a description uses for the same person.
TITLE_NOUNS = {
    "president": "president",
    "pres.": "president",
    "gov.": "governor",
    "gov": "governor",
    "governor": "governor",
    "sen.": "senator",
    "sen": "senator",
    "senator": "senator",
    "rep.": "representative",
    "rep": "representative",
    "representative": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "mayor": "mayor",
    "judge": "judge",
    "justice": "judge",
    "secretary": "secretary",
    "minister": "minister",
    "speaker": "speaker",
    "chairman": "chairman",
    "chairwoman": "chairman",
    "chair": "chairman",
    "director": "director",
    "commissioner": "commissioner",
    "ambassador": "ambassador",
    "attorney": "attorney",
    "lawyer": "attorney",
    "candidate": "nominee",
    "nominee": "nominee",
    "gen.": "general",
    "general": "general",
    "prime": "minister",
    "chancellor": "chancellor",
    "sheriff": "sheriff",
    "chief": "chief",
    "spokesman": "spokesman",
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "ceo": "ceo",
    "founder": "founder",
}

# Bodies named by their members in the plural (`Democrats`, `Republicans`): a loose group, not the party.
PARTY_MEMBERS = frozenset("democrat republican conservative liberal progressive libertarian independent".split())

# Heads of a definite description that points back to a named person (`the senator`, `the nominee`).
DESCRIPTION_HEADS = (
    frozenset(TITLE_NOUNS)
    | frozenset(
        """
    businessman businesswoman billionaire mogul tycoon lady host candidate nominee frontrunner
    incumbent challenger governor senator president mayor congressman congresswoman lawmaker
""".split()
    )
    | PARTY_MEMBERS
)

FIRST_PERSON = frozenset("i me my we us our".split())

# Nouns that report a claim (`the claim that`, `her argument`, `warnings from`).
CUE_NOUNS = frozenset(
    """
    claim argument statement warning allegation accusation comment remark promise pledge assertion
    suggestion testimony announcement criticism charge denial admission insistence assurance
    prediction estimate report reports account explanation complaint concern question answer
    response reply message tweet speech interview letter words view belief assessment conclusion
    finding findings evidence
""".split()
)

# Words for people who hold an office (`the mayor's office` names a body by its holder).
OFFICE_HOLDERS = TITLES | PERSON_NOUNS

# Verbs that tell someone to act (`urged residents to donate`): with an infinitive they give an instruction.
DIRECTIVES = frozenset("urge ask tell order instruct command demand encourage advise implore beg invite".split())
