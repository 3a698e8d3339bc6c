"""An article's discussion: comments on the article and on its claims, review notes, and @mentions.

Everyone who can open an article reads its whole thread. A comment may mention users by `@name`; each
mention puts the article into that user's "My work" until they mark it done or the comment is resolved.
A review decision's note joins the thread as an entry of its own kind (`add_note`), written in the
decision's transaction, so the editor reads the reviewer's "request changes" where they work.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from annotator.errors import Forbidden, InvalidInput, NotFound
from annotator.extensions import db
from annotator.models import Article, Attribution, Comment, Mention, User, utcnow
from annotator.services import access
from annotator.services.access import not_deleted
from annotator.services.editing import record_event

# `@name` at the start or after a space or punctuation (not inside an e-mail address), a username's characters.
MENTION = re.compile(r"(?<![\w@.])@([\w.-]*\w)")


def comment_dict(c: Comment) -> dict[str, Any]:
    return {
        "id": c.id,
        "article_id": c.article_id,
        "attribution_id": c.attribution_id,
        "kind": c.kind,
        "text": c.text,
        "author": c.user.username if c.user else None,
        "created_at": c.created_at.isoformat(),
        "resolved": c.resolved_at is not None,
        "resolved_by": c.resolved_by.username if c.resolved_by else None,
        "mentions": sorted(m.user.username for m in c.mentions),
    }


def thread(article: Article) -> list[dict[str, Any]]:
    """The article's discussion, oldest first: article comments, claim comments and review notes together."""
    rows = db.session.scalars(
        select(Comment)
        .where(Comment.article_id == article.id)
        .options(
            selectinload(Comment.user),
            selectinload(Comment.resolved_by),
            selectinload(Comment.mentions).selectinload(Mention.user),
        )
        .order_by(Comment.id)
    )
    return [comment_dict(c) for c in rows]


def _mentioned(text: str, field: str) -> list[User]:
    """The users a text mentions; a name that is no user is refused, so nobody waits for a typo."""
    names = list(dict.fromkeys(MENTION.findall(text)))
    if not names:
        return []
    users = {u.username: u for u in db.session.scalars(select(User).where(User.username.in_(names)))}
    unknown = [n for n in names if n not in users]
    if unknown:
        raise InvalidInput(f"no user is called {', '.join('@' + n for n in unknown)}", field)
    return [users[n] for n in names]


def _entry(
    article: Article, user: User | None, text: str, kind: str, attribution_id: int | None, field: str = "text"
) -> Comment:
    comment = Comment(article_id=article.id, attribution_id=attribution_id, user_id=user.id if user else None)
    comment.kind, comment.text = kind, text
    comment.mentions = [Mention(user_id=u.id) for u in _mentioned(text, field) if user is None or u.id != user.id]
    db.session.add(comment)
    db.session.flush()
    after = {"kind": kind, "text": text, "mentions": [m.user_id for m in comment.mentions]}
    record_event("comment.add", user, article.id, attribution_id, None, after)
    return comment


def add_comment(article: Article, user: User, text: str, attribution_id: int | None = None) -> Comment:
    """A comment on the article, or on one of its claims."""
    if attribution_id is not None:
        claim = db.session.get(Attribution, attribution_id)
        if claim is None or claim.article_id != article.id:
            raise InvalidInput("the comment's claim must be a claim of this article", "attribution_id")
    comment = _entry(article, user, text, "comment", attribution_id)
    db.session.commit()
    return comment


def add_note(article: Article, user: User, decision: str, note: str) -> None:
    """A review decision's note, as an entry of the thread; committed with the decision."""
    _entry(article, user, note, decision, None, field="note")


def comment_or_404(comment_id: int, user: User) -> Comment:
    """A comment on an article `user` may see; NotFound otherwise, as for no comment."""
    query = select(Comment).join(Article, Comment.article_id == Article.id).where(Comment.id == comment_id)
    comment = db.session.scalar(access.visible(query, user))
    if comment is None:
        raise NotFound(f"No comment {comment_id}.")
    return comment


def set_resolved(comment: Comment, user: User, resolved: bool) -> Comment:
    """Resolve an entry (its mentions stop waiting) or open it again."""
    if (comment.resolved_at is not None) == resolved:
        return comment
    comment.resolved_at, comment.resolved_by_id = (utcnow(), user.id) if resolved else (None, None)
    record_event(
        "comment.resolve" if resolved else "comment.reopen",
        user,
        comment.article_id,
        comment.attribution_id,
        {"comment_id": comment.id, "resolved": not resolved},
        {"comment_id": comment.id, "resolved": resolved},
    )
    db.session.commit()
    return comment


def mentions_waiting(user: User) -> list[dict[str, Any]]:
    """The mentions of `user` still waiting (not done, their comment not resolved), newest first."""
    rows = db.session.execute(
        select(Mention.id, Comment.id, Comment.text, Comment.created_at, User.username, Article.id, Article.title)
        .join(Comment, Mention.comment_id == Comment.id)
        .join(Article, Comment.article_id == Article.id)
        .outerjoin(User, Comment.user_id == User.id)
        .where(Mention.user_id == user.id, Mention.done_at.is_(None), Comment.resolved_at.is_(None), not_deleted())
        .order_by(Comment.id.desc())
    )
    return [
        {
            "mention_id": mention_id,
            "comment_id": comment_id,
            "text": text,
            "created_at": created_at.isoformat(),
            "author": author,
            "article_id": article_id,
            "article_title": title,
        }
        for mention_id, comment_id, text, created_at, author, article_id, title in rows
    ]


def mention_done(mention: Mention, user: User) -> None:
    """The mentioned user has dealt with it: it leaves their "My work"."""
    if mention.user_id != user.id:
        raise Forbidden("only the mentioned user can mark a mention done")
    if mention.done_at is None:
        mention.done_at = utcnow()
        db.session.commit()
