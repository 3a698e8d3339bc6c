"""Turning an uploaded file into article fields, through the format layer's reader of plain files."""

from __future__ import annotations

from typing import Any

from annotator.errors import InvalidInput
from annotator.formats.plaintext import article_from_bytes
from annotator.formats.records import Problem


def article_from_upload(filename: str, data: bytes, max_bytes: int) -> dict[str, Any]:
    """Article fields from an uploaded .txt or .html file; a bad file raises InvalidInput."""
    article = article_from_bytes(data, filename or "the upload", max_bytes)
    if isinstance(article, Problem):
        raise InvalidInput(str(article), "upload")
    fields = {
        "text": article.text,
        "byline": article.byline,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published,
    }
    if filename.lower().endswith((".html", ".htm")):
        fields["title"] = article.title  # a .txt file's name is no title to prefer over the editor's
    return fields
