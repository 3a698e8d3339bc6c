"""Managing an article as a whole: editing its metadata, deleting it (softly) and restoring it.

Every change here writes an audit event in its own transaction, which also moves the dashboard's figures
on (services.corpus_figures keys its cache on the newest event). A metadata edit is made on the version
read and moves the version on, as a change to a claim does: a stale edit is a 409, never an overwrite.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, update

from annotator.errors import Forbidden, InvalidInput
from annotator.extensions import db
from annotator.models import Article, User, utcnow
from annotator.schemas import first_line
from annotator.services import access
from annotator.services.editing import record_event, review_version, review_version_sql

EDITABLE = ("title", "outlet", "byline", "url", "published", "collection")


def _shown(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _stale(article: Article, version: int) -> InvalidInput:
    return InvalidInput(
        f"the article changed since you read it (version {version}, now {review_version(article)}); "
        "reload it and make your change again",
        "version",
        status=409,
    )


def edit_metadata(article: Article, changes: dict[str, Any], version: int, user: User) -> Article:
    """Apply a metadata edit (checked by schemas.ArticleEdit) made on `version`; a stale one is refused (409).

    Moving the article to another collection goes through access.enter_collection: a non-member of an
    existing collection cannot move an article into it. Nothing changed, nothing written.
    """
    if version != review_version(article):
        raise _stale(article, version)
    if "title" in changes and not changes["title"]:
        changes["title"] = first_line(article.text)  # as a new article without a title gets it
    changed = {k: v for k, v in changes.items() if getattr(article, k) != v}
    if not changed:
        return article
    if "collection" in changed:
        access.enter_collection(changed["collection"], user)
    before = {k: _shown(getattr(article, k)) for k in changed}
    # Decided by the database: an edit, a claim change or a decision committed since the read wins.
    moved = db.session.execute(
        update(Article)
        .where(Article.id == article.id, review_version_sql() == version)
        .values(**changed, version=Article.version + 1)
        .execution_options(synchronize_session=False)
    )
    if not moved.rowcount:  # type: ignore[attr-defined]
        db.session.rollback()
        db.session.refresh(article)
        raise _stale(article, version)
    record_event("article.edit", user, article.id, None, before, {k: _shown(v) for k, v in changed.items()})
    db.session.commit()
    db.session.refresh(article)
    return article


def delete(article: Article, user: User) -> None:
    """Hide an article from every list, page, figure and export; its rows and history stay, for a restore."""
    if not access.may_delete(article, user):
        raise Forbidden("only the article's creator, a curator of its collection or an admin may delete it")
    article.deleted_at, article.deleted_by_id = utcnow(), user.id
    record_event("article.delete", user, article.id, None, {"title": article.title}, {"deleted": True})
    db.session.commit()


def restore(article: Article, user: User) -> None:
    """Bring a deleted article back (an admin's decision, checked by access.deleted_article_or_404)."""
    before = {"deleted_at": article.deleted_at.isoformat() if article.deleted_at else None}
    article.deleted_at, article.deleted_by_id = None, None
    record_event("article.restore", user, article.id, None, before, {"deleted": False})
    db.session.commit()


def deleted_articles(user: User) -> list[dict[str, Any]]:
    """The deleted articles, most recently deleted first, with who deleted them (admins only)."""
    if not access.is_admin(user):
        raise Forbidden("only an admin may see deleted articles")
    rows = db.session.execute(
        select(Article.id, Article.title, Article.outlet, Article.collection, Article.deleted_at, User.username)
        .outerjoin(User, User.id == Article.deleted_by_id)
        .where(Article.deleted_at.is_not(None))
        .order_by(Article.deleted_at.desc(), Article.id.desc())
    )
    return [
        {
            "id": r.id,
            "title": r.title,
            "outlet": r.outlet,
            "collection": r.collection,
            "deleted_at": r.deleted_at.isoformat(),
            "deleted_by": r.username,
        }
        for r in rows
    ]
