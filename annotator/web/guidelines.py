"""The annotation guidelines (docs/GUIDELINES.md) as a page of the app, with a table of contents.

Rendered by markdown-it-py with raw HTML off: a `<tag>` in the file shows as text, never as markup,
so the page is as safe as any other escaped output. Headings get ids the contents link to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, render_template
from flask_login import login_required
from markdown_it import MarkdownIt
from markupsafe import Markup

bp = Blueprint("guidelines", __name__)

GUIDELINES = Path(__file__).resolve().parents[2] / "docs" / "GUIDELINES.md"


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


def _slug(text: str, taken: set[str]) -> str:
    """An anchor from a heading's words (`Matching, for evaluation` -> `matching-for-evaluation`), numbered
    when a heading's words repeat."""
    base = re.sub(r"[^\w]+", "-", text.lower()).strip("-") or "section"
    anchor, n = base, 1
    while anchor in taken:
        n += 1
        anchor = f"{base}-{n}"
    taken.add(anchor)
    return anchor


def render(markdown: str) -> tuple[Markup, list[Heading]]:
    """The Markdown as HTML (tables on, raw HTML escaped) with an id on each heading, and the headings."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(markdown)
    headings: list[Heading] = []
    taken: set[str] = set()
    for opening, inline in zip(tokens, tokens[1:], strict=False):
        if opening.type != "heading_open":
            continue
        words = "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))
        heading = Heading(int(opening.tag[1]), words, _slug(words, taken))
        opening.attrSet("id", heading.anchor)
        headings.append(heading)
    return Markup(md.renderer.render(tokens, md.options, {})), headings


@lru_cache(maxsize=4)
def _rendered(path: Path, modified: int) -> tuple[Markup, list[Heading]]:
    return render(path.read_text(encoding="utf-8"))


@bp.get("/guidelines")
@login_required
def show():
    body, headings = _rendered(GUIDELINES, GUIDELINES.stat().st_mtime_ns)
    title = next((h.text for h in headings if h.level == 1), "Annotation guidelines")
    contents = [h for h in headings if h.level > 1]
    return render_template("guidelines.html", body=body, contents=contents, title=title)
