"""What the API and the forms accept, as pydantic models: one validation, one message per problem.

Every rule reads its values and limits from `annotator.vocab`. A model is validated with `parse`,
which turns pydantic's first error into an `InvalidInput` naming the field, so a form, the JSON API
and the CLI report the same words. The models also describe the API in `/api/openapi.json`.
Limits that depend on the article (span offsets, text size) come in the validation context.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from annotator.errors import InvalidInput
from annotator.fields import choice_problem, detector_problem, length_problem, span_problem, storable_problem
from annotator.search_terms import Terms, parse_terms, phrase
from annotator.vocab import (
    CHOICES,
    COLLECTION_ROLES,
    CREDIBILITY,
    DECISIONS,
    KINDS,
    MAX_ANNOTATORS_PER_ARTICLE,
    MAX_ID,
    MAX_LENGTHS,
    MAX_PAGE,
    ORIGINS,
    PER_PAGE_MAX,
    RECORD_DEFAULTS,
    REVIEW_STATES,
    SPAN_FIELDS,
    SPEAKER_TYPES,
    STATES,
    STATUSES,
    TEXT_TAGS,
)

Model = TypeVar("Model", bound=BaseModel)
OURS = "annotator."
_STATUS_OF = {OURS + "too_large": 413}
# What a missing field means, where "X is required" would not say enough.
MISSING = {"version": "version (the version you edited) is required"}


def _problem(kind: str, message: str) -> PydanticCustomError:
    """A problem in our words (they name the field); pydantic's own messages get the field put before them."""
    return PydanticCustomError(OURS + kind, message)


def parse(model: type[Model], data: Any, **context: Any) -> Model:
    """`data` validated as `model`, or InvalidInput with the first problem's message and field."""
    if not isinstance(data, dict):
        raise InvalidInput("expected a JSON object", status=400)
    try:
        return model.model_validate(data, context=context)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        loc = first["loc"]
        field = str(loc[0]) if loc else None
        # inside a list (`overrides`), say which item: `overrides[2].code`
        where = "".join(f"[{part + 1}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
        if first["type"] == "extra_forbidden":
            raise InvalidInput(f"unknown field {where!r}", field) from None
        if first["type"] == "missing":
            raise InvalidInput(MISSING.get(where, f"{where} is required"), field) from None
        ours = first["type"].startswith(OURS) and len(loc) < 2
        message = first["msg"] if ours else f"{where}: {first['msg']}"
        raise InvalidInput(message, field, _STATUS_OF.get(first["type"], 422)) from None


def _span(value: Any, field: str, text_length: int) -> tuple[int, int] | None:
    """A `[start, end]` pair inside the text with start < end, or None."""
    if value is None:
        return None
    if (
        not isinstance(value, (list, tuple))
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise _problem("span", f"{field} must be [start, end] with whole numbers, or null")
    problem = span_problem(field, (value[0], value[1]), text_length)
    if problem:
        raise _problem("span", problem)
    return value[0], value[1]


def _text(value: Any, field: str, *, what: str = "text or null") -> str | None:
    """Free text, stripped (blank is none), within the field's length limit."""
    if value is not None and not isinstance(value, str):
        raise _problem("text", f"{field} must be {what}, not {_json_type(value)}")
    problem = storable_problem(field, value or "")
    if problem:
        raise _problem("storable", problem)
    value = (value or "").strip() or None
    problem = length_problem(field, value)
    if problem:
        raise _problem("too_long", problem)
    return value


def _detector(value: Any, field: str) -> str | None:
    """Which detector proposed a suggestion: text within its length limit that names one (fields.detector_problem)."""
    value = _text(value, field)
    problem = detector_problem(value)
    if problem:
        raise _problem("choice", problem)
    return value


def _iso_date(value: Any, field: str) -> date | None:
    """A date from ISO text (the date part of a date-time too); blank is none."""
    if isinstance(value, date) or not value:
        return value or None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise _problem("date", f"{field} must be a date like 2017-06-15 (got {value!r})") from None


def _record_id(value: Any, field: str, *, nullable: bool = False) -> int | None:
    """A database id or version: a whole number from 1 to MAX_ID (no bool, float or numeric text)."""
    if value is None and nullable:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_ID:
        null = ", or null" if nullable else ""
        raise _problem("id", f"{field} must be a whole number from 1 to {MAX_ID}{null} (got {_json_type(value)})")
    return value


def _review_state(value: Any, field: str) -> Any:
    """One of the review states, or None."""
    if value and value not in REVIEW_STATES:
        raise _problem("choice", f"unknown {field} {value!r} (expected one of {', '.join(REVIEW_STATES)})")
    return value or None


def _choice_filter(value: Any, field: str) -> Any:
    """A filter's choice: one of the field's values; empty (a query string's `?status=`) is no filter."""
    if value is None or value == "":
        return None
    problem = choice_problem(field, value)
    if problem:
        raise _problem("choice", problem)
    return value


def _flag(value: Any, field: str) -> bool:
    """True or false, nothing that merely looks like one ("false", 0)."""
    if not isinstance(value, bool):
        raise _problem(field, f"{field} must be true or false, not {_json_type(value)}")
    return value


def _digits(value: Any, most: int) -> Any:
    """Text of at most `most` ASCII digits (a number in a query string or a JSON key) as a whole number; any
    other value as it is, for the validator to judge."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= most:
        return int(value)
    return value


# The helpers as field types: a model declares `version: RecordId` rather than a field and a validator that
# calls `_record_id(value, "version")`. The helpers' messages name the field, so a validator made by `_of_field`
# passes the name of the field it validates (`info.field_name`); `_of_name` passes another name, where the
# message names the length limit the value is held to (an `assignee` is a `username`).


def _of_field(helper: Callable[..., Any], **options: Any) -> BeforeValidator:
    """`helper(value, <the field's name>, **options)` before pydantic's own checks."""
    return BeforeValidator(lambda value, info: helper(value, str(info.field_name), **options))


def _of_name(helper: Callable[..., Any], name: str, **options: Any) -> BeforeValidator:
    """`helper(value, name, **options)` before pydantic's own checks."""
    return BeforeValidator(lambda value: helper(value, name, **options))


def _needed(kind: str, message: str, limit: str) -> BeforeValidator:
    """Text that may not be missing or blank (`message` if it is), within the length limit `limit`."""

    def check(value: Any) -> Any:
        if not isinstance(value, str) or not value.strip():
            raise _problem(kind, message)
        return _text(value, limit)

    return BeforeValidator(check)


RecordId = Annotated[int, _of_field(_record_id)]
# Not `RecordId | None`: that would take null as well, but its message would not say that null is allowed.
OptionalRecordId = Annotated[int | None, _of_field(_record_id, nullable=True)]
# Both take null (and blank) as none; only their messages differ: "must be text" or "must be text or null".
Text = Annotated[str | None, _of_field(_text, what="text")]
TextOrNull = Annotated[str | None, _of_field(_text)]
Day = Annotated[date | None, _of_field(_iso_date)]
Detector = Annotated[str | None, _of_field(_detector)]
ReviewState = Annotated[Literal[REVIEW_STATES] | None, _of_field(_review_state)]  # type: ignore[valid-type]
Flag = Annotated[bool, _of_field(_flag)]
# put on a filter's `Literal[...] | None`, whose values differ from field to field
CHOICE_FILTER = _of_field(_choice_filter)

Span = tuple[int, int] | None


class _Tags(BaseModel):
    """The rules of an attribution's tags, for every model that carries them."""

    # In files from other tools, null for a tag with a default means "not given"; an edit must say.
    _null_takes_default: ClassVar[bool] = False

    @field_validator(*SPAN_FIELDS, mode="before", check_fields=False)
    @classmethod
    def _spans(cls, value: Any, info: ValidationInfo) -> Any:
        # runs only for the fields a client sends: a content sent as null would delete the claim itself
        if info.field_name == "content" and value is None:
            raise _problem("content", "an attribution needs a content span")
        return _span(value, str(info.field_name), (info.context or {}).get("text_length", 0))

    @field_validator(*TEXT_TAGS, mode="before", check_fields=False)
    @classmethod
    def _texts(cls, value: Any, info: ValidationInfo) -> Any:
        return _text(value, str(info.field_name))

    @field_validator(*CHOICES, mode="before", check_fields=False)
    @classmethod
    def _choices(cls, value: Any, info: ValidationInfo) -> Any:
        name = str(info.field_name)
        if name not in cls.model_fields or cls.model_fields[name].exclude:
            return value  # a field the server keeps its own value of
        if value is None and cls._null_takes_default and name in RECORD_DEFAULTS:
            return RECORD_DEFAULTS[name]
        problem = choice_problem(name, value)
        if problem:
            raise _problem("choice", problem)
        return value


class AttributionPatch(_Tags):
    """The fields an edit may change; those left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal[KINDS] | None = None  # type: ignore[valid-type]
    content: Span = None
    cue: Span = None
    source: Span = None
    anonymity_reason: Span = None
    speaker: str | None = Field(None, max_length=MAX_LENGTHS["speaker"])
    speaker_type: Literal[SPEAKER_TYPES] | None = None  # type: ignore[valid-type]
    affiliation: str | None = Field(None, max_length=MAX_LENGTHS["affiliation"])
    role: str | None = Field(None, max_length=MAX_LENGTHS["role"])
    status: Literal[STATUSES] | None = None  # type: ignore[valid-type]
    credibility: Literal[CREDIBILITY] | None = None  # type: ignore[valid-type]
    note: str | None = Field(None, max_length=MAX_LENGTHS["note"])
    state: Literal[STATES] | None = None  # type: ignore[valid-type]
    # Sent back by clients that echo a whole record (or an edit's answer); the server keeps its own.
    version: int | None = Field(None, exclude=True)
    id: Any = Field(None, exclude=True)
    origin: Any = Field(None, exclude=True)
    confidence: Any = Field(None, exclude=True)
    detector: Any = Field(None, exclude=True)
    approval_withdrawn: Any = Field(None, exclude=True)

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, as the services take them (spans as lists, no version)."""
        out = self.model_dump(exclude_unset=True, exclude=set(ECHOED))
        return {k: list(v) if k in SPAN_FIELDS and v is not None else v for k, v in out.items()}


# What AttributionPatch takes back from an echoed record and ignores.
ECHOED = ("version", "id", "origin", "confidence", "detector", "approval_withdrawn")


class AttributionEdit(AttributionPatch):
    """An edit of an attribution: the fields that change, and the version they were made on."""

    version: RecordId = Field(description="the version being edited; a stale one is refused with 409")


class AttributionCreate(AttributionPatch):
    """A new attribution: its kind and content at least."""

    kind: Literal[KINDS]  # type: ignore[valid-type]
    content: tuple[int, int]


class _ArticleMeta(BaseModel):
    """An article's metadata and its rules, the same for a new article and an edit."""

    title: Text = Field(None, max_length=MAX_LENGTHS["title"])
    outlet: Text = Field(None, max_length=MAX_LENGTHS["outlet"])
    byline: Text = Field(None, max_length=MAX_LENGTHS["byline"])
    url: Text = Field(
        None,
        max_length=MAX_LENGTHS["url"],
        description="http:// or https://",
        json_schema_extra={"pattern": "^\\s*[hH][tT][tT][pP][sS]?://"},
    )
    collection: Text = Field(None, max_length=MAX_LENGTHS["collection"])
    published: Day = None

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value and not value.lower().startswith(("http://", "https://")):
            raise _problem("url", "url must start with http:// or https://")
        return value


class ArticleCreate(_ArticleMeta):
    """A new article: its text (size-limited by ARTICLE_MAX_BYTES) and optional metadata."""

    model_config = ConfigDict(extra="ignore")

    # The patterns describe the rules for clients (JSON Schema regex); the validators below enforce them.
    text: str = Field(
        description="the article; not blank, no NUL bytes, at most ARTICLE_MAX_BYTES in UTF-8",
        json_schema_extra={"pattern": "^[^\\x00]*[^\\s\\x00\\x1c-\\x1f\\x85][^\\x00]*$"},
    )

    @field_validator("text", mode="before")
    @classmethod
    def _text_body(cls, value: Any, info: ValidationInfo) -> Any:
        if value is not None and not isinstance(value, str):
            raise _problem("text", "text must be a string")
        if not value or not value.strip():
            raise _problem("empty", "the article text is empty")
        problem = storable_problem("the article text", value)
        if problem:
            raise _problem("storable", problem)
        max_bytes = (info.context or {}).get("max_bytes", 0)
        if len(value.encode("utf-8")) > max_bytes:
            raise _problem("too_large", f"the article text is over the {max_bytes:,}-byte limit")
        return value

    def fields(self) -> dict[str, Any]:
        """The article's columns; an untitled article takes its first line as title."""
        out = self.model_dump()
        out["title"] = out["title"] or first_line(self.text)
        return out


class ArticleEdit(_ArticleMeta):
    """A change to an article's metadata, made on the `version` read: only the fields sent change
    (null or blank clears one; a blank title becomes the text's first line again). The text never changes."""

    model_config = ConfigDict(extra="forbid")

    version: RecordId = Field(description="the article's version the edit was made on; another one is a 409")

    def changes(self) -> dict[str, Any]:
        """The metadata fields sent, with their new values."""
        return {name: getattr(self, name) for name in self.model_fields_set if name != "version"}


class ImportedAttribution(_Tags):
    """An attribution as a corpus file carries it: every tag, and the defaults for those left out."""

    model_config = ConfigDict(extra="ignore")
    _null_takes_default: ClassVar[bool] = True

    kind: Literal[KINDS]  # type: ignore[valid-type]
    content: tuple[int, int]
    cue: Span = None
    source: Span = None
    anonymity_reason: Span = None
    speaker: str | None = None
    speaker_type: Literal[SPEAKER_TYPES] | None = None  # type: ignore[valid-type]
    affiliation: str | None = None
    role: str | None = None
    status: Literal[STATUSES] | None = None  # type: ignore[valid-type]
    credibility: Literal[CREDIBILITY] = RECORD_DEFAULTS["credibility"]  # type: ignore[valid-type]
    note: str | None = None
    origin: Literal[ORIGINS] = RECORD_DEFAULTS["origin"]  # type: ignore[valid-type]
    state: Literal[STATES] = RECORD_DEFAULTS["state"]  # type: ignore[valid-type]
    confidence: float | None = None
    detector: Detector = None

    @field_validator("confidence", mode="before")
    @classmethod
    def _probability(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise _problem("confidence", f"confidence must be a number between 0 and 1 (got {value!r})")
        return float(value)


class ImportedArticle(ArticleCreate):
    """An article as a corpus file carries it: text, metadata, review state and attributions.

    Spans are checked against this article's text; an importer decides whether the review state is kept.
    """

    review_state: Literal[REVIEW_STATES] = "draft"  # type: ignore[valid-type]
    attributions: list[ImportedAttribution] = []

    @field_validator("attributions", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @field_validator("review_state", mode="before")
    @classmethod
    def _state(cls, value: Any) -> Any:
        return _review_state(value, "review_state") or "draft"


def record_problems(model: type[Model], data: Any, **context: Any) -> tuple[Model | None, list[str]]:
    """`data` validated as `model`, or every problem in words: `attribution 2: cue span [..] ...`.

    Importers report all of a record's problems at once, where the API stops at the first.
    """
    if not isinstance(data, dict):
        return None, [f"a record must be a JSON object, not {_json_type(data)}"]
    try:
        return model.model_validate(data, context=context), []
    except ValidationError as err:
        return None, [_words(e) for e in err.errors(include_url=False)]


def _json_type(value: Any) -> str:
    names = {list: "a list", tuple: "a list", str: "text", bool: "true or false", type(None): "null"}
    return names.get(type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__)


def _words(error: Any) -> str:
    """One pydantic error as a line an editor reads: the item (`attribution 2: `), then what is wrong."""
    loc = list(error["loc"])
    item = ""
    if len(loc) >= 2 and isinstance(loc[1], int):
        item = f"{str(loc[0]).rstrip('s')} {loc[1] + 1}: "
        loc = loc[2:]
    where = ".".join(str(part) for part in loc)
    if error["type"] == "missing":
        return f"{item}{where} is missing"
    if error["type"].startswith(OURS):
        return item + error["msg"]
    return f"{item}{where}: {error['msg']}" if where else item + error["msg"]


class Page(BaseModel):
    """Which page of a listing: from 1 up to MAX_PAGE (a bigger number would overflow the query's offset)."""

    model_config = ConfigDict(extra="ignore")

    page: int = 1

    @field_validator("page", mode="before")
    @classmethod
    def _in_range(cls, value: Any) -> Any:
        number = _digits(value, len(str(MAX_PAGE)))
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= MAX_PAGE:
            raise _problem("page", f"page runs from 1 to {MAX_PAGE:,}")
        return number


class CorpusFilter(BaseModel):
    """The articles a listing, a chart or an export covers: a collection, a review state, a date range."""

    model_config = ConfigDict(extra="ignore")

    collection: TextOrNull = None
    state: ReviewState = None
    start: Day = None
    end: Day = None


class SearchFilter(Page):
    """What a search of claims or articles asks for, the same on the API and the pages (an empty value is no
    filter). `q` holds words, "phrases" and -excluded terms (annotator.search_terms); the claim filters
    (speaker, affiliation, status, speaker_type, state) keep, in an article search, the articles with such a
    claim; `assignee` is a username holding an assignment on the article."""

    q: str | None = None
    speaker: str | None = None
    affiliation: str | None = None
    status: Annotated[Literal[STATUSES] | None, CHOICE_FILTER] = None  # type: ignore[valid-type]
    speaker_type: Annotated[Literal[SPEAKER_TYPES] | None, CHOICE_FILTER] = None  # type: ignore[valid-type]
    state: Annotated[Literal[STATES] | None, CHOICE_FILTER] = None  # type: ignore[valid-type]
    review_state: ReviewState = None
    outlet: Text = None
    collection: Text = None
    # the message names the field as `username`, the limit it is held to
    assignee: Annotated[str | None, _of_name(_text, "username", what="text")] = None
    start: date | None = None
    end: date | None = None
    per_page: int = 20

    @field_validator("q", mode="before")
    @classmethod
    def _query(cls, value: Any) -> Any:
        if value is not None and not isinstance(value, str):
            raise _problem("text", f"q must be text, not {_json_type(value)}")
        problem = storable_problem("q", value or "")
        if problem:
            raise _problem("storable", problem)
        value = (value or "").strip() or None
        try:
            parse_terms(value)
        except InvalidInput as err:
            raise _problem("query", err.message) from None
        return value

    @field_validator("speaker", "affiliation", mode="before")
    @classmethod
    def _phrase(cls, value: Any, info: ValidationInfo) -> Any:
        value = _text(value, str(info.field_name), what="text")
        if value is not None:
            try:
                phrase(value, str(info.field_name))
            except InvalidInput as err:
                raise _problem("query", err.message) from None
        return value

    @field_validator("start", "end", mode="before")
    @classmethod
    def _day(cls, value: Any, info: ValidationInfo) -> Any:
        day = _iso_date(value, str(info.field_name))
        start = info.data.get("start")
        if info.field_name == "end" and day and start and day < start:
            raise _problem("date", f"end ({day}) is before start ({start})")
        return day

    @field_validator("per_page", mode="before")
    @classmethod
    def _per_page(cls, value: Any) -> Any:
        number = _digits(value, 3)
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= PER_PAGE_MAX:
            raise _problem("per_page", f"per_page runs from 1 to {PER_PAGE_MAX}")
        return number

    @property
    def terms(self) -> Terms:
        return parse_terms(self.q)

    def active(self) -> dict[str, Any]:
        """The filters given, without the paging: what a page's links carry along."""
        return {k: v for k, v in self.model_dump(exclude={"page", "per_page"}).items() if v is not None}


class CorroborationLink(BaseModel):
    """Another claim of the same article that backs this one, from an independent source."""

    model_config = ConfigDict(extra="forbid")

    # a number beyond the database's integers is no id, not a server error
    corroborating_id: RecordId


class Override(BaseModel):
    """A blocking finding the reviewer accepts for one claim, with the written reason.

    An override covers its finding on its claim and nothing else: a finding about several claims (a lede
    resting on unnamed sources) needs one override per claim, so a claim that joins it later is not
    covered. A finding about the article as a whole, with no claim, is named by its code with
    `attribution_id: null`; a null never covers a finding about a claim.
    """

    model_config = ConfigDict(extra="forbid")

    # finding codes are short identifiers; the service refuses any that names no open finding
    code: str = Field(max_length=64, description="the finding's code, as the review lists it")
    attribution_id: OptionalRecordId = Field(
        ge=1, le=MAX_ID, description="the claim the finding is about; null only for a finding about no claim"
    )
    reason: str = Field(min_length=1, max_length=MAX_LENGTHS["note"])

    @field_validator("code", mode="before")
    @classmethod
    def _a_code(cls, value: Any) -> Any:
        if not isinstance(value, str) or not value.strip():
            raise _problem("code", f"an override's code must name a finding (got {_json_type(value)})")
        return value.strip()

    @field_validator("reason", mode="before")
    @classmethod
    def _written(cls, value: Any) -> Any:
        if not isinstance(value, str) or not value.strip():
            raise _problem("reason", "every override needs a written reason")
        if "\x00" in value:  # PostgreSQL stores no NUL in text
            raise _problem("binary", "an override's reason contains a NUL byte")
        return value.strip()


class ReviewDecision(BaseModel):
    """A workflow decision on an article; `services.reviewing.decide` says who may take it and when.

    `version` is the review version the decision was taken on (the `version` of `GET .../review`);
    an approval must send it, and a stale one is refused with 409.
    """

    model_config = ConfigDict(extra="forbid")

    decision: Literal[DECISIONS]  # type: ignore[valid-type]
    note: TextOrNull = Field(None, max_length=MAX_LENGTHS["note"])
    overrides: list[Override] = Field([], description="approval only: the blocking findings accepted, per claim")
    version: OptionalRecordId = Field(
        None, ge=1, le=MAX_ID, description="the review version read; required to approve, 409 when stale"
    )

    @field_validator("decision", mode="before")
    @classmethod
    def _known(cls, value: Any) -> Any:
        if not isinstance(value, str) or value not in DECISIONS:
            raise _problem("decision", f"decision must be one of: {', '.join(DECISIONS)}")
        return value

    @field_validator("overrides", mode="before")
    @classmethod
    def _a_list(cls, value: Any) -> Any:
        if value is None:
            return []
        if not isinstance(value, list):
            raise _problem(
                "overrides", f"overrides must be a list of {{code, attribution_id, reason}}, not {_json_type(value)}"
            )
        return value


class CommentCreate(BaseModel):
    """A comment on an article, or on one of its claims; `@name` mentions a user."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, _needed("text", "a comment needs some text", limit="comment")] = Field(
        max_length=MAX_LENGTHS["comment"], description="what you say; `@name` mentions a user"
    )
    attribution_id: OptionalRecordId = Field(
        None, ge=1, le=MAX_ID, description="the claim it is about; null: the article"
    )


class CommentState(BaseModel):
    """Resolve a comment's thread entry, or open it again."""

    model_config = ConfigDict(extra="forbid")

    resolved: Flag


class SuggestionFilter(BaseModel):
    """Which suggestions of an article an accept-many takes: those still suggested that match every filter
    given (none given: all of them). A filter it does not know is refused, never ignored, lest a misspelt
    one accept every suggestion."""

    model_config = ConfigDict(extra="forbid")

    min_confidence: float | None = Field(None, ge=0, le=1, description="the detector's confidence at least this")
    kind: Annotated[Literal[KINDS] | None, CHOICE_FILTER] = None  # type: ignore[valid-type]
    status: Annotated[Literal[STATUSES] | None, CHOICE_FILTER] = None  # type: ignore[valid-type]
    speaker_type: Annotated[Literal[SPEAKER_TYPES] | None, CHOICE_FILTER] = None  # type: ignore[valid-type]
    detector: TextOrNull = Field(None, max_length=MAX_LENGTHS["detector"], description="what proposed them")

    @field_validator("min_confidence", mode="before")
    @classmethod
    def _probability(cls, value: Any) -> Any:
        # a query string sends "0.8"; JSON sends 0.8
        number = value
        if isinstance(value, str):
            try:
                number = float(value) if value.strip() else None
            except ValueError:
                number = value
        if number is None:
            return None
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not 0 <= number <= 1:
            raise _problem("confidence", f"min_confidence must be a number from 0 to 1 (got {value!r})")
        return float(number)

    def given(self) -> dict[str, Any]:
        """The filters set, as the batch records them."""
        return self.model_dump(exclude_none=True, include=set(SuggestionFilter.model_fields))


class AcceptMany(SuggestionFilter):
    """Accept the suggestions a filter matches, all or none: with the versions of the claims the preview
    showed (`versions`, by claim id), or the article's version (`article_version`); a stale one is a 409."""

    versions: dict[int, int] | None = Field(
        None, description="claim id to the version the preview showed; exactly the suggestions the filter matches"
    )
    article_version: OptionalRecordId = Field(None, description="the article's version the preview showed")

    @field_validator("versions", mode="before")
    @classmethod
    def _versions(cls, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, dict):
            raise _problem("versions", f"versions must be an object of claim id to version, not {_json_type(value)}")
        out = {}
        for key, version in value.items():
            claim = _record_id(_digits(key, len(str(MAX_ID))), "a claim id in versions")
            out[claim] = _record_id(version, f"the version of claim {claim}")
        return out

    @model_validator(mode="after")
    def _one_check(self) -> AcceptMany:
        if (self.versions is None) == (self.article_version is None):
            raise _problem("seen", "send either versions (the claims the preview showed) or article_version")
        return self


class AdjudicationPick(BaseModel):
    """A curator's decision on one claim of an article's independent annotations: which version goes into
    the final one (an annotator's name), a merged version of their own (`fields`), or none of them."""

    model_config = ConfigDict(extra="forbid")

    version: RecordId = Field(description="the article's version the adjudication was read at; a stale one gets 409")
    unit: list[int] = Field(
        min_length=1, max_length=MAX_ANNOTATORS_PER_ARTICLE, description="the ids of the unit's versions, as listed"
    )
    choice: str = Field(
        min_length=1,
        max_length=MAX_LENGTHS["username"],
        description="an annotator's name, `merged` (with `fields`), `none` (no claim), or `reject` (the `unit` ids "
        "are then leftover suggestions of the final version, which are rejected)",
    )
    fields: dict[str, Any] | None = Field(None, description="the merged version: an attribution as when adding one")

    @field_validator("unit", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        if not isinstance(value, list):
            raise _problem("unit", f"unit must be a list of attribution ids, not {_json_type(value)}")
        return [_record_id(v, "unit") for v in value]


def first_line(text: str, limit: int = 80) -> str:
    """A title for an untitled article: its first line, shortened on a word boundary."""
    line = text.strip().split("\n", 1)[0].strip()
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0] + "\u2026"


# --- collections, members, assignments ---------------------------------------------------------------


def _username(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _problem("username", f"{field} must name a user (got {_json_type(value)})")
    return _text(value, "username") or ""


def _collection_role(value: Any) -> Any:
    if not isinstance(value, str) or value not in COLLECTION_ROLES:
        raise _problem("role", f"role must be one of: {', '.join(COLLECTION_ROLES)} (got {value!r})")
    return value


def _annotators(value: Any) -> Any:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_ANNOTATORS_PER_ARTICLE:
        limit = MAX_ANNOTATORS_PER_ARTICLE
        raise _problem("annotators_per_article", f"annotators_per_article must be a whole number from 1 to {limit}")
    return value


Username = Annotated[str, _of_field(_username)]
CollectionRole = Annotated[Literal[COLLECTION_ROLES], BeforeValidator(_collection_role)]  # type: ignore[valid-type]
AnnotatorsPerArticle = Annotated[int, BeforeValidator(_annotators)]


class CollectionCreate(BaseModel):
    """A new collection; whoever creates it becomes its curator."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, _needed("name", "a collection needs a name", limit="collection")] = Field(
        min_length=1, max_length=MAX_LENGTHS["collection"]
    )
    annotators_per_article: AnnotatorsPerArticle = Field(1, ge=1, le=MAX_ANNOTATORS_PER_ARTICLE)


class CollectionEdit(BaseModel):
    """How many annotators annotate each article of the collection independently."""

    model_config = ConfigDict(extra="forbid")

    annotators_per_article: AnnotatorsPerArticle = Field(ge=1, le=MAX_ANNOTATORS_PER_ARTICLE)


class MemberAdd(BaseModel):
    """A user joins a collection with a role in it."""

    model_config = ConfigDict(extra="forbid")

    username: Username = Field(min_length=1, max_length=MAX_LENGTHS["username"])
    role: CollectionRole


class MemberEdit(BaseModel):
    """A member's new role in the collection."""

    model_config = ConfigDict(extra="forbid")

    role: CollectionRole


class AssignmentFilter(BaseModel):
    """The articles of one collection a batch assignment covers."""

    model_config = ConfigDict(extra="forbid")

    collection: Annotated[
        str, _needed("collection", "a batch assignment needs the collection's name", limit="collection")
    ] = Field(min_length=1, max_length=MAX_LENGTHS["collection"])
    state: ReviewState = None
    outlet: TextOrNull = Field(None, max_length=MAX_LENGTHS["outlet"])
    unassigned: Flag = Field(False, description="only articles nobody holds in the roles being assigned")


class AssignmentCreate(BaseModel):
    """Assign one article (`article_id`) or the articles a filter finds (`filter`) to annotators and a reviewer."""

    model_config = ConfigDict(extra="forbid")

    article_id: OptionalRecordId = Field(None, ge=1, le=MAX_ID)
    filter: AssignmentFilter | None = None
    annotators: list[str] = Field([], description="usernames: members who annotate (annotator or curator)")
    # null goes by without the validator, as "no reviewer"
    reviewer: Username | None = Field(None, description="username: the member who reviews (reviewer or curator)")

    @field_validator("annotators", mode="before")
    @classmethod
    def _names(cls, value: Any) -> Any:
        if value is None:
            return []
        if not isinstance(value, list) or len(value) > MAX_ANNOTATORS_PER_ARTICLE:
            raise _problem("annotators", f"annotators must be a list of at most {MAX_ANNOTATORS_PER_ARTICLE} usernames")
        return list(dict.fromkeys(_username(v, "annotators") for v in value))

    @model_validator(mode="after")
    def _what_and_whom(self) -> AssignmentCreate:
        if (self.article_id is None) == (self.filter is None):
            raise _problem("target", "give either article_id or filter (one article, or a batch by filter)")
        if not self.annotators and self.reviewer is None:
            raise _problem("whom", "name the annotators or the reviewer to assign")
        return self


class AssignmentQuery(BaseModel):
    """Which assignments `GET /api/assignments` lists: of one user, one article, one collection."""

    model_config = ConfigDict(extra="ignore")

    # the message names the field as `username`, the limit it is held to
    user: Annotated[str | None, _of_name(_text, "username")] = Field(None, max_length=MAX_LENGTHS["username"])
    article: int | None = Field(None, ge=1, le=MAX_ID)
    collection: TextOrNull = Field(None, max_length=MAX_LENGTHS["collection"])

    @field_validator("article", mode="before")
    @classmethod
    def _an_id(cls, value: Any) -> Any:
        # from a query string: empty is none, digits are a number
        return None if value == "" else _record_id(_digits(value, 10), "article", nullable=True)
