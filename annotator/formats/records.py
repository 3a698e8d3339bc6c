"""Plain corpus records shared by every reader and writer: articles, attributions, problems."""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from ..schemas import ImportedArticle, ImportedAttribution, record_problems
from ..vocab import ARTICLE_MAX_BYTES, MAX_MEMBER_BYTES, RECORD_DEFAULTS

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
    credibility: str = RECORD_DEFAULTS["credibility"]
    note: str | None = None
    origin: str = RECORD_DEFAULTS["origin"]
    state: str = RECORD_DEFAULTS["state"]
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


class RecordError(ValueError):
    """A record a file carries that cannot be imported: every problem, in words."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def attribution_from_dict(d: Any, text_length: int) -> AttributionRecord:
    """An attribution from a JSON object over a text of `text_length` code points; raises RecordError."""
    valid, problems = record_problems(ImportedAttribution, d, text_length=text_length)
    if valid is None:
        raise RecordError(problems)
    return AttributionRecord(**valid.model_dump())


def article_from_dict(d: Any, source_name: str | None = None, max_bytes: int = ARTICLE_MAX_BYTES) -> CorpusArticle:
    """An article from a JSON object (ours or a plain `{"text", "title"?, ...}` line); raises RecordError.

    The same rules as the API's (schemas.ImportedArticle), with every problem reported at once.
    """
    text = d.get("text") if isinstance(d, dict) else None
    length = len(text) if isinstance(text, str) else 0
    valid, problems = record_problems(ImportedArticle, d, text_length=length, max_bytes=max_bytes)
    if valid is None:
        raise RecordError(problems)
    meta = valid.model_dump(exclude={"attributions"})
    attributions = [AttributionRecord(**a.model_dump()) for a in valid.attributions]
    return CorpusArticle(**meta, attributions=attributions, source_name=source_name)


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
