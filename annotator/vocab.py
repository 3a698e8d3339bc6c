"""Every value list, field name and length limit of the tool, written once.

The engine, the checks, the formats, the models (and their check constraints), the forms, the
validation, the CLI and the JavaScript (through a JSON script element) all read them from here.
Plain data only: this module imports nothing.
"""

# --- an attribution (GUIDELINES.md) --------------------------------------------------------------
KINDS = ("direct", "mixed", "indirect")
SPEAKER_TYPES = ("person", "organization", "unnamed_person", "unnamed_group")
STATUSES = ("on_record", "anonymous_not_authorized", "anonymous_reason_given", "anonymous_no_reason")
# How the statuses read to an editor, everywhere the tool shows them.
STATUS_LABELS = {
    "on_record": "on record",
    "anonymous_not_authorized": "unnamed, not authorized",
    "anonymous_reason_given": "unnamed, reason given",
    "anonymous_no_reason": "unnamed, no reason",
}
SPAN_FIELDS = ("content", "cue", "source", "anonymity_reason")
TEXT_TAGS = ("speaker", "affiliation", "role", "note")
# The tags an editor sets on an attribution, in the order the form shows them.
FORM_TAGS = ("kind", "speaker", "speaker_type", "affiliation", "role", "status", "credibility", "note")
# Every tag an attribution record carries besides its spans: the editor's, then who proposed it,
# what became of it, how sure the detector was and which detector it was. The exports write them in this order.
RECORD_TAGS = (*FORM_TAGS, "origin", "state", "confidence", "detector")
# An article's free-text metadata (its text, date and review state aside).
META_FIELDS = ("title", "outlet", "byline", "url", "collection")

# --- the newsroom's work on it -------------------------------------------------------------------
CREDIBILITY = ("unverified", "corroborated", "disputed")
ORIGINS = ("model", "editor")  # who proposed the attribution
STATES = ("suggested", "accepted", "rejected", "edited")  # what an editor made of it
REVIEW_STATES = ("draft", "in_review", "approved", "changes_requested")
DECISIONS = ("submit", "approve", "request_changes")
ROLES = ("editor", "reviewer", "admin")
# What a member does in a collection (services.access): annotates, reviews, or runs it (members, adjudication).
COLLECTION_ROLES = ("annotator", "reviewer", "curator")
# What an assignment asks of its holder on one article.
ASSIGNMENT_ROLES = ("annotator", "reviewer")
# The collection roles that may hold an assignment of each kind (services.assignments).
ASSIGNABLE = {"annotator": ("annotator", "curator"), "reviewer": ("reviewer", "curator")}
JOB_KINDS = ("detect", "import", "export", "figures")  # the work that runs off the request (annotator/services/jobs.py)
JOB_STATES = ("queued", "running", "done", "failed")
JOB_WORKERS = (
    "inline",
    "external",
    "immediate",
)  # who runs the jobs: a thread of the app, `flask jobs worker`, the request
# Which detector proposed a suggestion (its `detector` tag): the rules alone, or the rules beside a trained span
# model, named `attribution_spans-<the model's version>` (annotator/nlp); an editor's own claim names none.
DETECTOR_RULES = "rules"
DETECTOR_SPAN_MODEL = "attribution_spans"
# What a record's tags hold when a file leaves them out.
RECORD_DEFAULTS = {"credibility": "unverified", "origin": "editor", "state": "accepted"}

# The tags with a closed set of values, by field.
CHOICES = {
    "kind": KINDS,
    "speaker_type": SPEAKER_TYPES,
    "status": STATUSES,
    "credibility": CREDIBILITY,
    "origin": ORIGINS,
    "state": STATES,
}

# --- limits --------------------------------------------------------------------------------------
# Lengths of the free-text fields, in characters: the column sizes and what every input path accepts.
MAX_LENGTHS = {
    "title": 500,
    "outlet": 200,
    "byline": 300,
    "url": 2000,
    "collection": 200,
    "speaker": 300,
    "affiliation": 300,
    "role": 300,
    "note": 10_000,
    "username": 80,
    "comment": 5_000,
    "detector": 60,  # the name and version of what proposed a suggestion
}
# What a discussion entry is: a comment, or the note of a review decision (services.discussion).
COMMENT_KINDS = ("comment", "submit", "request_changes", "approve")
# An article's text, in UTF-8 bytes, unless ARTICLE_MAX_BYTES says otherwise.
ARTICLE_MAX_BYTES = 1_000_000
# What one import (a zip, a folder or a spaCy DocBin) may hold, unless the settings of the same
# names say otherwise: the bytes it inflates to, counted while reading; its files or docs; and how
# many times its packed size it may inflate to, past the first IMPORT_RATIO_GRACE_BYTES (a small
# file of repeated text compresses far better than any article, and is harmless).
IMPORT_MAX_BYTES = 256 * 1024 * 1024
IMPORT_MAX_MEMBERS = 20_000
IMPORT_MAX_RATIO = 50
IMPORT_RATIO_GRACE_BYTES = 1024 * 1024
# Attributions on one article: detection stops when it has suggested this many, and editors add no
# more beyond it, unless MAX_ATTRIBUTIONS_PER_ARTICLE says otherwise. Real news articles have tens,
# rarely a few hundred; 2,000 leaves room for the longest transcript-like pieces and keeps an article
# at the limit to well under a second a page, report or review (bench/big_article.py), where a 1 MB
# article of generated quotes reached 26,000 suggestions and a minute or more a page.
MAX_ATTRIBUTIONS_PER_ARTICLE = 2_000
MIN_PASSWORD_CHARS = 8
# How many annotators a collection may ask to annotate each article independently.
MAX_ANNOTATORS_PER_ARTICLE = 5
# Articles one assignment by filter may cover, so one request stays one short transaction.
ASSIGN_BATCH_MAX = 2_000
# The nav's My work count stops here and shows "99+": every page pays for the count, and a user with thousands
# of waiting articles (an author with a desk's worth of changes requested) needs no exact figure there.
NAV_COUNT_MAX = 99
# Articles larger than this are detected by a background job; smaller ones in the request (about 2 s at 20 kB).
DETECT_INLINE_MAX_BYTES = 20_000
# Exports of more articles than this are written by a background job to a file to download.
EXPORT_INLINE_MAX_ARTICLES = 2_000
# A running job whose worker has not reported for this long is taken for dead: re-queued, or failed after
# JOB_MAX_ATTEMPTS tries.
JOB_LEASE_SECONDS = 300
JOB_MAX_ATTEMPTS = 2
# An export's file, and the upload of a failed import (kept so the import can be retried), are deleted this
# many days after their job ended.
JOB_FILES_DAYS = 7
# Login throttling (Flask-Limiter rate strings): failed logins allowed per account and per client
# address; one more is refused with 429 before its password is hashed.
LOGIN_FAILURES_PER_ACCOUNT = "5 per minute"
LOGIN_ATTEMPTS_PER_ADDRESS = "30 per minute"
# An API token stops working this many days after it was issued.
API_TOKEN_DAYS = 90
# Review panels (findings, source mix, badges) kept per article version in each server process, unless
# REVIEW_CACHE_SIZE says otherwise; 0 computes every panel afresh. A panel of a few dozen claims is tens of kB.
REVIEW_CACHE_SIZE = 1_000
# The corpus-wide figures (dashboard, collections page) are kept until the corpus changes, and at most this
# many seconds (FIGURES_CACHE_SECONDS) in case a change committed out of order went unseen; 0 keeps none.
FIGURES_CACHE_SECONDS = 300
# How many filter choices (collection, dates, suggestions on or off) keep their figures at once.
FIGURES_CACHE_SIZE = 64
# Up to this many claims (the highest claim id) the corpus figures are counted in the request, in well under
# a second; above it a job counts them (about a second per million claims) and the pages show the last count,
# with a newer one on its way when the corpus changed since (services.corpus_figures, FIGURES_LIVE_MAX_CLAIMS).
FIGURES_LIVE_MAX_CLAIMS = 200_000
# Ids and versions are 32-bit integers in PostgreSQL: a bigger number names no record and must
# never reach a query (the URL converter, the schemas and the API check against it).
MAX_ID = 2**31 - 1
# Pages of a listing: far beyond any corpus, well inside a 64-bit offset.
PER_PAGE_MAX = 100
MAX_PAGE = 10**9


def sql_in(values: tuple[str, ...]) -> str:
    """`('a', 'b')`: a value list as the right side of a SQL `IN` check constraint."""
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"
