"""Agreement between the independent annotators of an article and of a whole collection (annotator.agreement)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from annotator.agreement import Agreement
from annotator.extensions import db
from annotator.models import Article, Assignment, Collection
from annotator.services.access import not_deleted
from annotator.services.layers import submitted_layers


def article_agreement(article: Article) -> dict[str, Any]:
    """The agreement figures over the article's submitted layers (no pairs while fewer than two are in)."""
    counted = Agreement()
    counted.add(article.text, submitted_layers(article))
    return {"article_id": article.id, **counted.report()}


def collection_agreement(collection: Collection) -> dict[str, Any]:
    """The agreement figures over every article of the collection with two submitted layers or more."""
    counted = Agreement()
    with_layers = (
        select(Assignment.article_id)
        .where(Assignment.role == "annotator", Assignment.submitted_at.is_not(None))
        .group_by(Assignment.article_id)
        .having(db.func.count() >= 2)
    )
    articles = db.session.scalars(
        select(Article)
        .where(Article.collection == collection.name, Article.id.in_(with_layers), not_deleted())
        .order_by(Article.id)
    )
    n = 0
    for article in articles:
        counted.add(article.text, submitted_layers(article))
        n += 1
    return {"collection": collection.name, "collection_id": collection.id, "articles": n, **counted.report()}
