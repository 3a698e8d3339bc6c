"""Plain articles without annotations: a `.txt` or `.html` file, or a folder or zip of them."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO, cast

import trafilatura
from trafilatura.settings import Document

from ..vocab import ARTICLE_MAX_BYTES
from .records import (
    CorpusArticle,
    ImportLimits,
    Problem,
    RecordError,
    Source,
    article_from_dict,
    decode,
    open_tree,
    path_or_stream_bytes,
    unreadable,
)

SUFFIXES = (".txt", ".html", ".htm")
# trafilatura falls back to any text on the page; a few words of navigation are not an article.
MIN_BODY_WORDS = 5


def _article(fields: dict, hints: dict, label: str, max_bytes: int) -> CorpusArticle | Problem:
    """The article through the importers' one validation; a hint that fails it is dropped, not fatal."""
    try:
        return article_from_dict({**fields, **hints}, label, max_bytes)
    except RecordError:
        pass
    try:
        return article_from_dict(fields, label, max_bytes)
    except RecordError as err:
        return Problem(label, None, str(err))


def article_from_html(html: str | bytes, label: str, max_bytes: int) -> CorpusArticle | Problem:
    """The body and metadata of an HTML page, or a Problem when it has no article body."""
    doc = trafilatura.bare_extraction(html, with_metadata=True)  # a Document (as_dict is off) or None
    body = (doc.text or "").strip() if isinstance(doc, Document) else ""
    if not isinstance(doc, Document) or len(body.split()) < MIN_BODY_WORDS:
        return Problem(label, None, f"no article body found (fewer than {MIN_BODY_WORDS} words)")
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if doc.title and lines and lines[0] == doc.title.strip():
        lines = lines[1:] or lines  # the headline is the title, not part of the text
    fields = {
        "text": "\n\n".join(lines),
        "title": doc.title or PurePosixPath(label).stem,
        "byline": doc.author,
        "outlet": doc.sitename,
    }
    # trafilatura's date and address are guesses from the page, not reasons to refuse it
    return _article(fields, {"url": doc.url, "published": doc.date}, label, max_bytes)


def article_from_bytes(data: bytes, label: str, max_bytes: int = ARTICLE_MAX_BYTES) -> CorpusArticle | Problem:
    """An article from one `.txt` (title: the file name) or `.html` file's bytes."""
    is_html = PurePosixPath(label).suffix.lower() in (".html", ".htm")
    text = decode(data, label)
    if isinstance(text, Problem):
        if is_html and data.strip() and b"\x00" not in data:
            # A page may declare another encoding (<meta charset>); trafilatura reads the declaration.
            return article_from_html(data, label, max_bytes)
        return text
    if is_html:
        return article_from_html(text, label, max_bytes)
    return _article({"text": text, "title": PurePosixPath(label).stem}, {}, label, max_bytes)


def _is_archive(source: Source) -> bool:
    if isinstance(source, (str, Path)):
        return Path(source).is_dir() or zipfile.is_zipfile(source)
    archive = zipfile.is_zipfile(cast(IO[bytes], source))  # reads the end of the stream; put it back
    source.seek(0)
    return archive


def read_plaintext(
    source: Source,
    name: str | None = None,
    *,
    max_bytes: int = ARTICLE_MAX_BYTES,
    limits: ImportLimits | None = None,
) -> Iterator[CorpusArticle | Problem]:
    """Articles of a `.txt`/`.html` file or of a folder or zip of them (within `limits`); a Problem per bad file."""
    if not _is_archive(source):
        try:
            data, label = path_or_stream_bytes(source, name)
        except OSError as err:
            yield unreadable(source, name, err)
            return
        yield article_from_bytes(data, label, max_bytes)
        return
    tree = open_tree(source, name, limits)
    if isinstance(tree, Problem):
        yield tree
        return
    with tree:
        yield from tree.problems
        members = [n for n in tree.names if PurePosixPath(n).suffix.lower() in SUFFIXES]
        if not members:
            yield Problem(tree.name, None, "no .txt or .html files in it")
        for member in members:
            read = tree.read(member)
            yield read if isinstance(read, Problem) else article_from_bytes(read, tree.label(member), max_bytes)
