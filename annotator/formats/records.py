"""Plain corpus records shared by every reader and writer: articles, attributions, problems."""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from ..fields import choice_problem, length_problem, span_problem
from ..vocab import (
    CHOICES,
    MAX_MEMBER_BYTES,
    META_FIELDS,
    REVIEW_STATES,
    SPAN_FIELDS,
    TEXT_TAGS,
)

Span = tuple[int, int]
# A path, or an open stream (binary or text) that the caller names.
Source = str | Path | IO[bytes] | IO[str]


@dataclass
class AttributionRecord:
    """Every tag of an attribution, without database ids; spans are code-point [start, end)."""

    kind: str
    content: Span
    cue: Span | None = None
    source: Span | None = None
    anonymity_reason: Span | None = None
    speaker: str | None = None
    speaker_type: str | None = None
    affiliation: str | None = None
    role: str | None = None
    status: str | None = None
    credibility: str = "unverified"
    note: str | None = None
    origin: str = "editor"
    state: str = "accepted"
    confidence: float | None = None


@dataclass
class CorpusArticle:
    """An article's text, metadata and attributions, as the formats carry it."""

    text: str
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    url: str | None = None
    published: datetime.date | None = None
    collection: str | None = None
    review_state: str = "draft"
    attributions: list[AttributionRecord] = field(default_factory=list)
    source_name: str | None = None


@dataclass
class Problem:
    """One bad record: the file, the 1-based line when there is one, and what is wrong."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


@dataclass
class ImportReport:
    """The good records and the problems of a whole read."""

    records: list[CorpusArticle] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def collect(items: Iterable[CorpusArticle | Problem]) -> ImportReport:
    """Sort a reader's output into records and problems (holds the corpus in memory)."""
    report = ImportReport()
    for item in items:
        if isinstance(item, Problem):
            report.problems.append(item)
        else:
            report.records.append(item)
    return report


def validate_attribution(att: AttributionRecord, length: int) -> list[str]:
    """What is wrong with one attribution over a text of `length` code points."""
    errors = [] if att.content is not None else ["content span is missing"]
    spans = ((name, getattr(att, name)) for name in SPAN_FIELDS)
    errors += [span_problem(name, span, length) or "" for name, span in spans if span is not None]
    errors += [choice_problem(name, getattr(att, name)) or "" for name in CHOICES]
    if att.confidence is not None and not 0 <= att.confidence <= 1:
        errors.append(f"confidence {att.confidence} is not between 0 and 1")
    return [e for e in errors if e] + _too_long(att, TEXT_TAGS)


def _too_long(record: Any, names: tuple[str, ...]) -> list[str]:
    found = (length_problem(name, getattr(record, name)) for name in names)
    return [problem for problem in found if problem]


def validate(article: CorpusArticle) -> list[str]:
    """Every problem of an article: empty text, unknown values, spans outside the text."""
    if not article.text or not article.text.strip():
        return ["the article has no text"]
    errors = (
        []
        if article.review_state in REVIEW_STATES
        else [f"unknown review_state {article.review_state!r} (expected one of {', '.join(REVIEW_STATES)})"]
    )
    errors += _too_long(article, META_FIELDS)
    length = len(article.text)
    for i, att in enumerate(article.attributions, 1):
        errors += [f"attribution {i}: {msg}" for msg in validate_attribution(att, length)]
    return errors


def attribution_to_dict(a: AttributionRecord) -> dict[str, Any]:
    """JSON-ready dict of every field (json writes the span tuples as [s, e] lists)."""
    # Written out by hand: dataclasses.asdict deep-copies and is the bottleneck of a big export.
    return {
        "kind": a.kind,
        "content": a.content,
        "cue": a.cue,
        "source": a.source,
        "anonymity_reason": a.anonymity_reason,
        "speaker": a.speaker,
        "speaker_type": a.speaker_type,
        "affiliation": a.affiliation,
        "role": a.role,
        "status": a.status,
        "credibility": a.credibility,
        "note": a.note,
        "origin": a.origin,
        "state": a.state,
        "confidence": a.confidence,
    }


def article_meta(a: CorpusArticle) -> dict[str, Any]:
    """The article's metadata as JSON-ready values (published as an ISO date)."""
    return {
        "title": a.title,
        "outlet": a.outlet,
        "byline": a.byline,
        "url": a.url,
        "published": a.published.isoformat() if a.published else None,
        "collection": a.collection,
        "review_state": a.review_state,
    }


def _span(value: Any, name: str) -> Span | None:
    if value is None:
        return None
    if (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) for x in value)
    ):
        return (value[0], value[1])
    raise ValueError(f"{name} must be a [start, end] pair of integers or null, not {value!r}")


def _text(value: Any, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"{name} must be text or null, not {value!r}")


def attribution_from_dict(d: Any) -> AttributionRecord:
    """An attribution from a JSON object; missing tags take their defaults, bad types raise ValueError."""
    if not isinstance(d, dict):
        raise ValueError(f"an attribution must be an object, not {type(d).__name__}")
    if d.get("kind") is None:
        raise ValueError("kind is missing")
    confidence = d.get("confidence")
    if confidence is not None and (isinstance(confidence, bool) or not isinstance(confidence, (int, float))):
        raise ValueError(f"confidence must be a number or null, not {confidence!r}")
    spans: dict[str, Any] = {name: _span(d.get(name), name) for name in SPAN_FIELDS}
    texts: dict[str, Any] = {name: _text(d.get(name), name) for name in (*TEXT_TAGS, *CHOICES)}
    if spans["content"] is None:
        raise ValueError("content span is missing")
    # null for a defaulted tag means "not given" in plain files from other tools
    for name, default in (("credibility", "unverified"), ("origin", "editor"), ("state", "accepted")):
        texts[name] = texts[name] or default
    return AttributionRecord(**spans, **texts, confidence=confidence)


def parse_date(value: Any) -> datetime.date | None:
    """An ISO date (or the date part of an ISO date-time); None stays None; anything else raises ValueError."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"published must be an ISO date, not {value!r}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        try:
            return datetime.datetime.fromisoformat(value).date()
        except ValueError:
            raise ValueError(f"published {value!r} is not an ISO date (YYYY-MM-DD)") from None


def article_from_dict(d: Any, source_name: str | None = None) -> CorpusArticle:
    """An article from a JSON object (ours or a plain `{"text", "title"?, ...}` line); raises ValueError."""
    if not isinstance(d, dict):
        raise ValueError(f"a line must be a JSON object, not {type(d).__name__}")
    text = d.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(
            "text is missing or empty"
            if text is None or isinstance(text, str)
            else f"text must be a string, not {type(text).__name__}"
        )
    meta = {name: _text(d.get(name), name) for name in META_FIELDS}
    atts = d.get("attributions") or []
    if not isinstance(atts, (list, tuple)):  # msgpack (DocBin user data) gives tuples
        raise ValueError("attributions must be a list")
    records = []
    for i, item in enumerate(atts, 1):
        try:
            records.append(attribution_from_dict(item))
        except ValueError as err:
            raise ValueError(f"attribution {i}: {err}") from None
    return CorpusArticle(
        text=text,
        **meta,
        published=parse_date(d.get("published")),
        review_state=_text(d.get("review_state"), "review_state") or "draft",
        attributions=records,
        source_name=source_name,
    )


def decode(data: bytes, name: str, keep_bom: bool = False) -> str | Problem:
    """UTF-8 text of a file, or a Problem for an empty, binary or otherwise encoded one."""
    if not data.strip():
        return Problem(name, None, "the file is empty")
    if b"\x00" in data:
        return Problem(name, None, "the file is binary, not text")
    try:
        return data.decode("utf-8" if keep_bom else "utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return Problem(name, line, f"not UTF-8 text (byte {err.start} cannot be read); save it as UTF-8")


class Tree:
    """The files of a folder or a zip, by relative POSIX path, read on demand."""

    def __init__(self, source: Source, name: str | None = None):
        self.name = name or str(source)
        self._zip = None
        if isinstance(source, (str, Path)) and Path(source).is_dir():
            root = Path(source)
            self._root = root
            self.names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        else:
            self._zip = zipfile.ZipFile(cast(IO[bytes], source))  # a zip is bytes, never a text stream
            self.names = sorted(i.filename for i in self._zip.infolist() if not i.is_dir())
        # editors' and archivers' droppings are not articles
        self.names = [
            n for n in self.names if not any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(n).parts)
        ]

    def __enter__(self) -> Tree:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._zip is not None:
            self._zip.close()

    def label(self, member: str) -> str:
        """The display name of a member, for problems and source names."""
        return f"{self.name}/{member}"

    def read(self, member: str) -> bytes | Problem:
        """The bytes of a member, or a Problem when it is too big to read."""
        if self._zip is None:
            return (self._root / member).read_bytes()
        info = self._zip.getinfo(member)
        if info.file_size > MAX_MEMBER_BYTES:
            return Problem(self.label(member), None, f"{info.file_size} bytes is too big for one file")
        return self._zip.read(member)


def open_tree(source: Source, name: str | None = None) -> Tree | Problem:
    """A folder or zip as a Tree, or a Problem when it is neither."""
    label = name or str(source)
    try:
        return Tree(source, name)
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        return Problem(label, None, f"not a folder or a readable zip file ({err})")


def path_or_stream_bytes(source: Source, name: str | None) -> tuple[bytes, str]:
    """The whole content of a path or stream, as bytes, with its display name."""
    if isinstance(source, (str, Path)):
        return Path(source).read_bytes(), name or str(source)
    data = source.read()
    return (data.encode("utf-8") if isinstance(data, str) else data), name or str(getattr(source, "name", "<stream>"))


def unreadable(source: Source, name: str | None, err: OSError) -> Problem:
    """The Problem for a path that cannot be opened."""
    return Problem(name or str(source), None, f"cannot be read ({err.strerror or err})")


def lines_of(source: Source, name: str | None) -> tuple[Iterator[bytes | str], str]:
    """The lines of a path or stream, read lazily, with its display name."""
    if isinstance(source, (str, Path)):
        fh = open(source, "rb")  # noqa: SIM115 (opened now so a missing file raises at once; the generator closes it)

        def gen() -> Iterator[bytes]:
            with fh:
                yield from fh

        return gen(), name or str(source)
    return iter(source), name or str(getattr(source, "name", "<stream>"))
