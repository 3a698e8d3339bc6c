"""Who may see and change what: the one rule every route, page and query goes through.

An article in a collection is seen and changed only by the collection's members and the admins; an
article in no collection is open to every user (the desk's shared drafts). A collection comes into
being when an article is first put in it, with whoever put it there as its curator. A non-member asking
for an article, a claim or a thread in a collection gets the answer a missing one gets (NotFound).
A deleted article (services.managing) is gone for everyone, admins too: only the admins' list of deleted
articles and their restore reach it (`deleted_article_or_404`).
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import contains_eager

from annotator.errors import Forbidden, InvalidInput, NotFound
from annotator.extensions import db
from annotator.models import Article, Attribution, AuditEvent, Collection, Membership, User

Q = TypeVar("Q", bound=Select)


def is_admin(user: User | None) -> bool:
    return user is not None and user.role == "admin"


def member_collections(user: User) -> Select:
    """The names of the collections `user` is a member of, as a subquery."""
    return (
        select(Collection.name)
        .join(Membership, Membership.collection_id == Collection.id)
        .where(Membership.user_id == user.id)
    )


def visible_collections(user: User) -> tuple[str, ...] | None:
    """The names of the collections `user` may see; None for an admin, who sees them all."""
    if is_admin(user):
        return None
    return tuple(db.session.scalars(member_collections(user).order_by(Collection.name)))


def not_deleted() -> ColumnElement[bool]:
    """The condition on Article that leaves out the soft-deleted articles."""
    return Article.deleted_at.is_(None)


def article_condition(user: User) -> ColumnElement[bool]:
    """The condition on Article that keeps what `user` may see: no deleted article; an admin sees the rest."""
    if is_admin(user):
        return not_deleted()
    return and_(not_deleted(), or_(Article.collection.is_(None), Article.collection.in_(member_collections(user))))


def visible(query: Q, user: User) -> Q:
    """`query`, which selects from or joins Article, narrowed to the articles `user` may see."""
    return query.where(article_condition(user))


def role_in(collection: str | None, user: User) -> str | None:
    """`user`'s role in the named collection, None when not a member (or no such collection)."""
    if collection is None:
        return None
    return db.session.scalar(
        select(Membership.role)
        .join(Collection, Membership.collection_id == Collection.id)
        .where(Collection.name == collection, Membership.user_id == user.id)
    )


def article_or_404(article_id: int, user: User) -> Article:
    """The article, if `user` may see it: one query, the rule in its WHERE clause."""
    article = db.session.scalar(visible(select(Article).where(Article.id == article_id), user))
    if article is None:
        raise NotFound(f"No article {article_id}.")
    return article


def deleted_article_or_404(article_id: int, user: User) -> Article:
    """A deleted article, for an admin (to restore it); anyone else is refused (403)."""
    article = db.session.get(Article, article_id)
    if not is_admin(user):
        raise Forbidden("only an admin may see or restore deleted articles")
    if article is None or article.deleted_at is None:
        raise NotFound(f"No deleted article {article_id}.")
    return article


def may_delete(article: Article, user: User) -> bool:
    """Who may delete an article they can see: whoever created it, a curator of its collection, an admin."""
    return is_admin(user) or article.created_by_id == user.id or role_in(article.collection, user) == "curator"


def attribution_or_404(attribution_id: int, user: User) -> Attribution:
    """The attribution with its article, if `user` may see it: one query (a save needs the article's text
    length and its lock anyway, and every save starts here)."""
    query = (
        select(Attribution)
        .join(Attribution.article)
        .options(contains_eager(Attribution.article))
        .where(Attribution.id == attribution_id)
        # an annotator's own layer is theirs alone; the others see it through adjudication
        .where(or_(Attribution.layer_user_id.is_(None), Attribution.layer_user_id == user.id))
    )
    attribution = db.session.scalar(visible(query, user))
    if attribution is None:
        raise NotFound(f"No attribution {attribution_id}.")
    return attribution


def history_or_404(attribution_id: int, user: User) -> None:
    """NotFound unless `user` may read the attribution's history: its article's, which its audit events still
    name once the attribution is deleted (and an admin's alone once the article is gone too)."""
    if db.session.get(Attribution, attribution_id) is not None:
        attribution_or_404(attribution_id, user)
        return
    named = db.session.execute(
        select(AuditEvent.article_id).where(AuditEvent.attribution_id == attribution_id).limit(1)
    ).first()
    if named is None or (named.article_id is None and not is_admin(user)):
        raise NotFound(f"No attribution {attribution_id}.")
    if named.article_id is not None:
        article_or_404(named.article_id, user)


def collection_or_404(collection_id: int, user: User) -> Collection:
    """A collection its members and the admins may see; anyone else is told there is none."""
    found = db.session.get(Collection, collection_id)
    if found is None or not (is_admin(user) or role_in(found.name, user) is not None):
        raise NotFound(f"No collection {collection_id}.")
    return found


def enter_collection(name: str | None, user: User | None) -> None:
    """Check that `user` may put an article in the collection `name`, creating it (with `user` as curator)
    when it is new; nothing is committed. A user outside an existing collection is refused as if it were
    not there to be written to, with the field named for the form."""
    if name is None:
        return
    found = db.session.scalar(select(Collection).where(Collection.name == name))
    if found is None:
        found = Collection(name=name)
        db.session.add(found)
        if user is not None:
            found.members.append(Membership(user_id=user.id, role="curator"))
        db.session.flush()
        return
    if user is not None and not is_admin(user) and role_in(name, user) is None:
        raise InvalidInput(f"You are not a member of the collection {name!r}.", "collection", status=403)
