"""Which format a file is in (`--format auto`), and one entry point per direction for every format."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, cast

from ..vocab import ARTICLE_MAX_BYTES
from .brat_export import iter_brat, read_brat
from .csv_format import iter_csv
from .jsonl import iter_jsonl, read_jsonl
from .plaintext import SUFFIXES, read_plaintext
from .records import CorpusArticle, ImportLimits, Problem, Source, unreadable
from .webannotation import iter_webannotation

IMPORT_FORMATS = ("jsonl", "brat", "txt", "html", "spacy")
_HEAD_BYTES = 4096


class UnknownFormat(ValueError):
    """The format of a file cannot be told; the message says what to do."""


def _from_names(names: list[str], label: str) -> str:
    """The format of a folder or zip from the names of its files."""
    suffixes = {PurePosixPath(n).suffix.lower() for n in names}
    if ".ann" in suffixes:
        return "brat"
    if ".txt" in suffixes:
        return "txt"
    if suffixes & set(SUFFIXES):
        return "html"
    raise UnknownFormat(f"{label} holds no .ann, .txt or .html files; give the format")


def _head(source: Source) -> bytes:
    if isinstance(source, (str, Path)):
        with open(source, "rb") as fh:
            return fh.read(_HEAD_BYTES)
    head = source.read(_HEAD_BYTES)
    source.seek(0)  # the reader starts from the beginning
    return head.encode("utf-8") if isinstance(head, str) else head


def detect_format(source: Source, name: str | None = None) -> str:
    """The format of a path or seekable stream: jsonl, brat, txt, html, spacy or webannotation."""
    label = name or str(getattr(source, "name", source))
    if isinstance(source, (str, Path)) and Path(source).is_dir():
        root = Path(source)
        return _from_names([p.name for p in root.rglob("*") if p.is_file()], label)
    head = _head(source)
    suffix = PurePosixPath(label).suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(cast(IO[bytes], source)) as zf:  # a zip is bytes, never a text stream
            names = zf.namelist()
        if not isinstance(source, (str, Path)):
            source.seek(0)
        return _from_names(names, label)
    by_suffix = {
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".spacy": "spacy",
        ".html": "html",
        ".htm": "html",
        ".txt": "txt",
    }
    if suffix in by_suffix:
        return by_suffix[suffix]
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith((b"{", b"[")):
        return "webannotation" if b'"@context"' in head else "jsonl"
    if start.startswith(b"<"):
        return "html"
    raise UnknownFormat(f"cannot tell the format of {label}; give one of {', '.join(IMPORT_FORMATS)}")


def read_docbin(
    source: Source, name: str | None = None, *, max_bytes: int = ARTICLE_MAX_BYTES, limits: ImportLimits | None = None
) -> Iterator[CorpusArticle | Problem]:
    """A `.spacy` file's articles; spaCy loads only when a DocBin is read or written."""
    from .docbin import read_docbin as read

    return read(source, name, max_bytes=max_bytes, limits=limits)


def iter_docbin(articles: Iterable[CorpusArticle]) -> Iterator[bytes]:
    """The `.spacy` file of the corpus (spaCy loads here, not with the app)."""
    from .docbin import iter_docbin as write

    return write(articles)


READERS: dict[str, Callable[..., Iterator[CorpusArticle | Problem]]] = {
    "jsonl": read_jsonl,
    "brat": read_brat,
    "txt": read_plaintext,
    "html": read_plaintext,
    "spacy": read_docbin,
}


def read_corpus(
    source: Source,
    fmt: str = "auto",
    name: str | None = None,
    *,
    max_bytes: int = ARTICLE_MAX_BYTES,
    limits: ImportLimits | None = None,
) -> Iterator[CorpusArticle | Problem]:
    """Articles and Problems of a file, folder, zip or stream in `fmt` (or the detected format).

    Every record goes through the same validation as the API's, with articles up to `max_bytes`.
    An import over `limits` (what it inflates to, its files or docs, its compression ratio) raises
    InvalidInput (413) as soon as the reading passes the limit.
    """
    label = name or str(getattr(source, "name", source))
    if fmt == "auto":
        try:
            fmt = detect_format(source, name)
        except OSError as err:
            yield unreadable(source, name, err)
            return
        except (UnknownFormat, zipfile.BadZipFile) as err:
            yield Problem(label, None, str(err))
            return
    if fmt not in READERS:
        yield Problem(
            label,
            None,
            f"{fmt} files cannot be imported (they carry no article text); import one of {', '.join(IMPORT_FORMATS)}",
        )
        return
    yield from READERS[fmt](source, name, max_bytes=max_bytes, limits=limits)


@dataclass(frozen=True)
class ExportFormat:
    """A writer: its chunk generator, whether chunks are bytes, the file suffix and media type."""

    chunks: Callable[[Iterable[CorpusArticle]], Iterator[str] | Iterator[bytes]]
    binary: bool
    suffix: str
    mimetype: str


EXPORT_FORMATS = {
    "jsonl": ExportFormat(iter_jsonl, False, ".jsonl", "application/x-ndjson"),
    "csv": ExportFormat(iter_csv, False, ".csv", "text/csv"),
    "brat": ExportFormat(iter_brat, True, ".zip", "application/zip"),
    "webannotation": ExportFormat(iter_webannotation, False, ".jsonld", "application/ld+json"),
    "spacy": ExportFormat(iter_docbin, True, ".spacy", "application/octet-stream"),
}


def export(fmt: str, articles: Iterable[CorpusArticle], out: IO) -> None:
    """Write `articles` in `fmt` to `out`: a binary stream for brat and spacy, else a text one (newline="")."""
    for chunk in EXPORT_FORMATS[fmt].chunks(articles):
        out.write(chunk)
