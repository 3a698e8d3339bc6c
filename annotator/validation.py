"""Checking what clients send before anything is written: one clear message per problem."""

from __future__ import annotations

from datetime import date
from typing import Any

from annotator.errors import InvalidInput
from annotator.vocab import CHOICES as ALL_CHOICES
from annotator.vocab import MAX_LENGTHS, META_FIELDS, SPAN_FIELDS, TEXT_TAGS

TEXT_FIELDS = {name: MAX_LENGTHS[name] for name in TEXT_TAGS}
# Who proposed an attribution (origin) is the app's record, never a client's to set.
CHOICES = {name: values for name, values in ALL_CHOICES.items() if name != "origin"}
EDITABLE = {*SPAN_FIELDS, *TEXT_FIELDS, *CHOICES}


def clean_span(value: Any, field: str, text_length: int) -> list[int] | None:
    """A `[start, end]` pair inside the text with start < end, or None."""
    if value is None:
        return None
    if (
        not isinstance(value, (list, tuple))
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise InvalidInput(f"{field} must be [start, end] with whole numbers, or null", field)
    start, end = value
    if start < 0 or end > text_length:
        raise InvalidInput(f"{field} [{start}, {end}] lies outside the text (0 to {text_length})", field)
    if end <= start:
        raise InvalidInput(f"{field} must end after it starts (got [{start}, {end}])", field)
    return [start, end]


def clean_attribution(data: Any, text_length: int, *, creating: bool) -> dict[str, Any]:
    """The editable fields of an attribution, checked; `content` and `kind` required on creation."""
    if not isinstance(data, dict):
        raise InvalidInput("expected a JSON object", status=400)
    unknown = set(data) - EDITABLE - {"version", "id", "origin", "confidence"}
    if unknown:
        field = sorted(unknown)[0]
        raise InvalidInput(f"unknown field {field!r}", field)
    out: dict[str, Any] = {}
    for field in SPAN_FIELDS:
        if field in data:
            out[field] = clean_span(data[field], field, text_length)
    for field, limit in TEXT_FIELDS.items():
        if field in data:
            value = data[field]
            if value is not None and not isinstance(value, str):
                raise InvalidInput(f"{field} must be text or null", field)
            value = (value or "").strip() or None
            if value and len(value) > limit:
                raise InvalidInput(f"{field} is longer than {limit} characters", field)
            out[field] = value
    for field, allowed in CHOICES.items():
        if field in data:
            value = data[field]
            nullable = field in ("speaker_type", "status")
            if value is None and nullable:
                out[field] = None
                continue
            if value not in allowed:
                raise InvalidInput(f"unknown {field} {value!r}; expected one of: {', '.join(allowed)}", field)
            out[field] = value
    if "content" in out and out["content"] is None:
        raise InvalidInput("an attribution needs a content span", "content")
    if creating:
        for field in ("content", "kind"):
            if field not in out:
                raise InvalidInput(f"{field} is required", field)
    return out


def clean_article(data: Any, max_bytes: int) -> dict[str, Any]:
    """Article fields from the API or a form: text required, size-limited, the rest optional."""
    if not isinstance(data, dict):
        raise InvalidInput("expected a JSON object", status=400)
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        raise InvalidInput("text must be a string", "text")
    if not text or not text.strip():
        raise InvalidInput("the article text is empty", "text")
    if len(text.encode("utf-8")) > max_bytes:
        raise InvalidInput(f"the article text is over the {max_bytes:,}-byte limit", "text", status=413)
    if "\x00" in text:
        raise InvalidInput("the article text contains binary data (NUL bytes)", "text")
    out: dict[str, Any] = {"text": text}
    for field in META_FIELDS:
        limit = MAX_LENGTHS[field]
        value = data.get(field)
        if value is not None and not isinstance(value, str):
            raise InvalidInput(f"{field} must be text", field)
        value = (value or "").strip()
        if len(value) > limit:
            raise InvalidInput(f"{field} is longer than {limit} characters", field)
        out[field] = value or None
    out["title"] = out["title"] or first_line(text)
    if out["url"] and not out["url"].lower().startswith(("http://", "https://")):
        raise InvalidInput("url must start with http:// or https://", "url")
    published = data.get("published")
    if isinstance(published, date):
        out["published"] = published
    elif published:
        try:
            out["published"] = date.fromisoformat(str(published)[:10])
        except ValueError:
            raise InvalidInput(f"published must be a date like 2017-06-15 (got {published!r})", "published") from None
    else:
        out["published"] = None
    return out


def first_line(text: str, limit: int = 80) -> str:
    """A title for an untitled article: its first line, shortened on a word boundary."""
    line = text.strip().split("\n", 1)[0].strip()
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0] + "…"
