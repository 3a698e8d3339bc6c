"""Turning an uploaded file into article fields: plain text as is, HTML through trafilatura."""
from __future__ import annotations

from typing import Any

import trafilatura

from .validation import InvalidInput

# trafilatura falls back to any text on the page; a few words of navigation are not an article.
MIN_BODY_WORDS = 5


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text of an upload, or a clear refusal for empty, binary or other-encoded files."""
    if not data.strip():
        raise InvalidInput(f"{name} is empty", "upload")
    if b"\x00" in data:
        raise InvalidInput(f"{name} is a binary file, not text", "upload")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InvalidInput(f"{name} is not UTF-8 text (byte {err.start} cannot be read); "
                           "save it as UTF-8 and upload it again", "upload")


def article_from_html(html: str, name: str = "the HTML") -> dict[str, Any]:
    """The article body and metadata of an HTML page; pages without a body are refused."""
    doc = trafilatura.bare_extraction(html, with_metadata=True)
    body = (doc.text or "").strip() if doc else ""
    if len(body.split()) < MIN_BODY_WORDS:
        raise InvalidInput(f"no article body could be found in {name}", "upload")
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if doc.title and lines and lines[0] == doc.title.strip():
        lines = lines[1:] or lines  # the headline is the title, not part of the text
    return {
        "text": "\n\n".join(lines),
        "title": doc.title, "byline": doc.author, "outlet": doc.sitename,
        "url": doc.url, "published": doc.date,
    }


def article_from_upload(filename: str, data: bytes) -> dict[str, Any]:
    """Article fields from an uploaded .txt or .html file."""
    text = decode_text(data, filename or "the upload")
    if filename.lower().endswith((".html", ".htm")):
        return article_from_html(text, filename)
    return {"text": text}
