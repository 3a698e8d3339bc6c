"""Training data from the database: what editors accepted and edited, and what they rejected."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from annotator.evaluation import Reference
from annotator.extensions import db
from annotator.models import Article, Attribution
from annotator.nlp.training.examples import Annotated
from annotator.services.access import not_deleted

# States an editor has judged; `suggested` is a guess nobody looked at.
KEPT = ("accepted", "edited")
REVIEWED = KEPT + ("rejected",)
# Every fifth reviewed article is held back to compare the new pipeline with the old.
HOLD_BACK = 5


def reviewed_articles(collection: str | None = None) -> list[Article]:
    """Articles (of a collection) with at least one attribution an editor judged, by id."""
    judged = select(Attribution.article_id).where(Attribution.state.in_(REVIEWED), Attribution.layer_user_id.is_(None))
    query = select(Article).where(Article.id.in_(judged), not_deleted()).options(selectinload(Article.attributions))
    if collection:
        query = query.where(Article.collection == collection)
    return list(db.session.scalars(query.order_by(Article.id)))


def _ranges(att: Attribution, part: str) -> list[tuple[int, int]] | None:
    span = att.span(part)
    return [(span[0], span[1])] if span else None


def annotated(article: Article) -> Annotated:
    """The article's kept attributions as spans; rejected ones stay outside (negatives), unjudged ones unknown."""
    kept = [a for a in article.attributions if a.state in KEPT]
    unjudged = [(a.content_start, a.content_end) for a in article.attributions if a.state == "suggested"]
    return Annotated(
        str(article.id),
        article.text,
        [{p: _ranges(a, p) for p in ("content", "cue", "source")} for a in kept],
        unjudged,
    )


def reference(article: Article) -> Reference:
    """The article's kept attributions as an evaluation reference."""
    atts = [
        {
            "content": _ranges(a, "content"),
            "cue": _ranges(a, "cue"),
            "source": _ranges(a, "source"),
            "speaker": a.speaker,
            "speaker_type": a.speaker_type,
            "status": a.status,
        }
        for a in article.attributions
        if a.state in KEPT
    ]
    return Reference(str(article.id), article.text, atts)


def held_back_split(articles: list[Article]) -> tuple[list[Annotated], list[Annotated], list[Reference]]:
    """Training items, held-back items and their references: every fifth article (at least one) held back."""
    held = [a for i, a in enumerate(articles) if i % HOLD_BACK == HOLD_BACK - 1] or articles[-1:]
    train = [a for a in articles if a not in held]
    return [annotated(a) for a in train], [annotated(a) for a in held], [reference(a) for a in held]
