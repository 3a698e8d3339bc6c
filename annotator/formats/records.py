"""Plain corpus records shared by every reader and writer: articles, attributions, problems."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from ..errors import InvalidInput
from ..schemas import ImportedArticle, ImportedAttribution, record_problems
from ..vocab import (
    ARTICLE_MAX_BYTES,
    IMPORT_MAX_BYTES,
    IMPORT_MAX_MEMBERS,
    IMPORT_MAX_RATIO,
    IMPORT_RATIO_GRACE_BYTES,
    RECORD_DEFAULTS,
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
    credibility: str = RECORD_DEFAULTS["credibility"]
    note: str | None = None
    origin: str = RECORD_DEFAULTS["origin"]
    state: str = RECORD_DEFAULTS["state"]
    confidence: float | None = None
    detector: str | None = None  # which detector proposed it (vocab.DETECTOR_RULES, ...); None for an editor's own


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
        "detector": a.detector,
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


@dataclass(frozen=True)
class ImportLimits:
    """What one import may inflate to (bytes), hold (files or docs) and inflate by (times its packed size)."""

    max_bytes: int = IMPORT_MAX_BYTES
    max_members: int = IMPORT_MAX_MEMBERS
    max_ratio: int = IMPORT_MAX_RATIO

    @classmethod
    def of(cls, settings: Mapping[str, Any]) -> ImportLimits:
        """The limits an app's settings give (IMPORT_MAX_BYTES, IMPORT_MAX_MEMBERS, IMPORT_MAX_RATIO)."""
        return cls(settings["IMPORT_MAX_BYTES"], settings["IMPORT_MAX_MEMBERS"], settings["IMPORT_MAX_RATIO"])


# Inflated data is read this much at a time, so a limit stops it within one chunk.
CHUNK = 64 * 1024


class Budget:
    """The bytes an import may still inflate to, taken as they are read: the first chunk over refuses it.

    The refusal is an InvalidInput (413) rather than a Problem: nothing of an over-limit import is
    imported, even when bad records are skipped.
    """

    def __init__(self, limits: ImportLimits, label: str, packed: int | None = None):
        self.limits, self.label, self.packed, self.used = limits, label, packed, 0

    def _refuse(self, why: str) -> InvalidInput:
        return InvalidInput(f"{self.label}: {why}; nothing was imported", field="upload", status=413)

    def count(self, members: int) -> None:
        """Refuses more files or docs than the limit."""
        if members > self.limits.max_members:
            raise self._refuse(f"it holds {members:,} files or docs, over the limit of {self.limits.max_members:,}")

    def take(self, size: int) -> None:
        """Counts `size` more inflated bytes; refuses the import at the first byte over a limit."""
        self.used += size
        if self.used > self.limits.max_bytes:
            raise self._refuse(f"it inflates to over {self.limits.max_bytes:,} bytes")
        ratio = self.limits.max_ratio
        if self.packed is not None and self.used > max(IMPORT_RATIO_GRACE_BYTES, ratio * self.packed):
            raise self._refuse(
                f"it inflates to over {ratio} times its {self.packed:,} bytes, as a compression bomb does"
            )

    def read(self, stream: IO[bytes]) -> bytes:
        """The rest of a stream, read a chunk at a time, each counted before the next is read."""
        chunks = []
        while chunk := stream.read(CHUNK):
            self.take(len(chunk))
            chunks.append(chunk)
        return b"".join(chunks)

    def inflate(self, data: bytes) -> None:
        """Counts what a zlib stream inflates to, a chunk at a time and keeping none of it."""
        inflater = zlib.decompressobj()
        pending = data
        while not inflater.eof:
            out = inflater.decompress(pending, CHUNK)
            pending = inflater.unconsumed_tail
            if not out and not pending:
                return  # a truncated stream: its reader reports it
            self.take(len(out))


# `C:` at the start: an absolute Windows path
_DRIVE = re.compile(r"^[A-Za-z]:")


def _unsafe(name: str) -> bool:
    """Whether a member's name leaves the archive: absolute, a drive, or `..` among its parts."""
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or bool(_DRIVE.match(name)) or ".." in path.parts


def _ignored(name: str) -> bool:
    """Editors' and archivers' droppings, which are not articles."""
    return any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(name).parts)


def _packed_size(source: Source) -> int:
    if isinstance(source, (str, Path)):
        return Path(source).stat().st_size
    size = source.seek(0, io.SEEK_END)
    source.seek(0)
    return size


class Tree:
    """The files of a folder or a zip, by relative POSIX path, read on demand within the import limits.

    `problems` lists the members that cannot be read safely: a name that appears twice (zipfile
    would read only the last), and a name that leaves the archive (absolute or with `..`).
    """

    def __init__(self, source: Source, name: str | None = None, limits: ImportLimits | None = None):
        self.name = name or str(source)
        self.problems: list[Problem] = []
        limits = limits or ImportLimits()
        self._zip = None
        if isinstance(source, (str, Path)) and Path(source).is_dir():
            root = Path(source)
            self._root = root
            names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
            self.budget = Budget(limits, self.name)
        else:
            self.budget = Budget(limits, self.name, packed=_packed_size(source))
            self._zip = zipfile.ZipFile(cast(IO[bytes], source))  # a zip is bytes, never a text stream
            names = [i.filename for i in self._zip.infolist() if not i.is_dir()]
        try:
            self.budget.count(len(names))  # every entry counts, a duplicate or unsafe one too
        except InvalidInput:
            self.__exit__()
            raise
        if self._zip is not None:
            names = self._safe_names(names)
        self.names = [n for n in names if not _ignored(n)]

    def _safe_names(self, names: list[str]) -> list[str]:
        """The zip's names that appear once and stay inside it; a Problem for each other one."""
        seen = Counter(names)
        for name, times in sorted(seen.items()):
            if times > 1:
                self.problems.append(Problem(self.label(name), None, f"the zip holds {times} files of this name"))
            elif _unsafe(name):
                self.problems.append(Problem(self.label(name), None, "an absolute path or one with '..'; not read"))
        return sorted(n for n, times in seen.items() if times == 1 and not _unsafe(n))

    def __enter__(self) -> Tree:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._zip is not None:
            self._zip.close()

    def label(self, member: str) -> str:
        """The display name of a member, for problems and source names."""
        return f"{self.name}/{member}"

    def read(self, member: str) -> bytes | Problem:
        """The bytes of a member, counted against the limits as they inflate (never trusting the
        header's size); a Problem when the member is damaged."""
        try:
            if self._zip is None:
                with open(self._root / member, "rb") as fh:
                    return self.budget.read(fh)
            with self._zip.open(member) as fh:
                return self.budget.read(fh)
        except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError) as err:
            # a size or checksum in the header that the data does not match, an unknown method, a password
            return Problem(self.label(member), None, f"cannot be read from the zip ({err})")


def open_tree(source: Source, name: str | None = None, limits: ImportLimits | None = None) -> Tree | Problem:
    """A folder or zip as a Tree, or a Problem when it is neither; InvalidInput (413) over a limit."""
    label = name or str(source)
    try:
        return Tree(source, name, limits)
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
