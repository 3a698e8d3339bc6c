"""Database models: users, articles, their attributions, the speaker registry and the audit trail."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy import text as sql
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from annotator.extensions import db
from annotator.vocab import (
    ASSIGNMENT_ROLES,
    COLLECTION_ROLES,
    COMMENT_KINDS,
    CREDIBILITY,
    DECISIONS,
    JOB_KINDS,
    JOB_STATES,
    KINDS,
    MAX_ANNOTATORS_PER_ARTICLE,
    MAX_LENGTHS,
    ORIGINS,
    REVIEW_STATES,
    ROLES,
    STATES,
    sql_in,
)

if TYPE_CHECKING:  # Flask-SQLAlchemy builds db.Model at run time; to mypy it is a declarative base
    from sqlalchemy.orm import DeclarativeBase as Model
else:
    Model = db.Model


def utcnow() -> datetime:
    return datetime.now(UTC)


def token_digest(token: str) -> str:
    """API tokens are stored as digests, so a leaked database leaks no usable token."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(UserMixin, Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(MAX_LENGTHS["username"]), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="editor")
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Every session cookie carries the generation it was issued in; bumping it (logout, a new
    # password, disabling) ends all of the user's sessions at once, wherever the cookies went.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (CheckConstraint("role IN " + sql_in(ROLES), name="role"),)

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None

    def get_id(self) -> str:
        """The session's user id: `<id>.<generation>`, so an older generation names no one."""
        return f"{self.id}.{self.session_generation}"

    def set_password(self, password: str) -> None:
        # The hash's cost is a setting (PASSWORD_HASH_METHOD); each stored hash names its own method.
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class Article(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(MAX_LENGTHS["title"]), default="")
    outlet: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["outlet"]))
    byline: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["byline"]))
    url: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["url"]))
    # published and created_at are indexed for the date filters (the dashboard's From and To)
    published: Mapped[date | None] = mapped_column(index=True)
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    collection: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["collection"]), index=True)
    review_state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    # The article's own share of its version: with its claims' edits, the review version the API shows
    # (services.editing.review_version_sql).
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # Soft deletion (services.managing): a deleted article is hidden from everyone but the admins' list of
    # deleted articles (services.access keeps it out of every query), and restorable with its history.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    # The article's final version: what review, export and every listing read. An annotator's own layer
    # (independent annotation, services.layers) has rows of its own, outside this collection.
    attributions: Mapped[list[Attribution]] = relationship(
        primaryjoin="and_(Article.id == Attribution.article_id, Attribution.layer_user_id.is_(None))",
        cascade="all, delete-orphan",
        order_by="Attribution.content_start",
        overlaps="article",
    )

    __table_args__ = (
        CheckConstraint("review_state IN " + sql_in(REVIEW_STATES), name="review_state"),
        # the articles not deleted, by id: the list pages and counts them from this index alone
        Index(
            "ix_article_live",
            "id",
            postgresql_where=sql("deleted_at IS NULL"),
            sqlite_where=sql("deleted_at IS NULL"),
        ),
    )

    @staticmethod
    def hash_text(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Collection(Model):
    """A named set of articles (`Article.collection` holds the name) and the team that works on it.

    An article in a collection is seen and changed only by the collection's members and the admins
    (services.access); an article in no collection is open to every user, as the desk's shared drafts.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["collection"]), unique=True)
    # above 1, each assigned annotator tags an article on their own layer before a curator adjudicates
    annotators_per_article: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    members: Mapped[list[Membership]] = relationship(back_populates="collection", cascade="all, delete-orphan")

    __table_args__ = (
        CheckConstraint(
            f"annotators_per_article BETWEEN 1 AND {MAX_ANNOTATORS_PER_ARTICLE}", name="annotators_per_article"
        ),
    )


class Membership(Model):
    """A user's role in one collection."""

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("collection.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    collection: Mapped[Collection] = relationship(back_populates="members")
    user: Mapped[User] = relationship()

    __table_args__ = (
        UniqueConstraint("collection_id", "user_id", name="uq_membership_once"),
        CheckConstraint("role IN " + sql_in(COLLECTION_ROLES), name="role"),
    )


class Assignment(Model):
    """Who holds an article: an annotator who tags it, or the reviewer who decides on it.

    `submitted_at` is when an annotator handed in their layer (independent annotation): until then the
    other annotators' layers stay hidden from them.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    __table_args__ = (
        UniqueConstraint("article_id", "user_id", "role", name="uq_assignment_once"),
        CheckConstraint("role IN " + sql_in(ASSIGNMENT_ROLES), name="role"),
    )


class Speaker(Model):
    """A registry across the corpus, so the same person is tagged the same way everywhere."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["speaker"]), unique=True)
    # the normalised name (annotator.review.identity): `the Pentagon` finds the entry `Pentagon`
    key: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["speaker"]), index=True)
    speaker_type: Mapped[str | None] = mapped_column(String(20))
    affiliation: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["affiliation"]))
    role: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["role"]))


def _span_columns(name: str) -> tuple:
    return (
        CheckConstraint(f"({name}_start IS NULL) = ({name}_end IS NULL)", name=f"{name}_pair"),
        CheckConstraint(
            f"{name}_start IS NULL OR (0 <= {name}_start AND {name}_start < {name}_end)", name=f"{name}_order"
        ),
    )


class Attribution(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    content_start: Mapped[int]
    content_end: Mapped[int]
    cue_start: Mapped[int | None]
    cue_end: Mapped[int | None]
    source_start: Mapped[int | None]
    source_end: Mapped[int | None]
    anonymity_reason_start: Mapped[int | None]
    anonymity_reason_end: Mapped[int | None]
    speaker: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["speaker"]))
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speaker.id", ondelete="SET NULL"))
    speaker_type: Mapped[str | None] = mapped_column(String(20))
    affiliation: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["affiliation"]))
    role: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["role"]))
    status: Mapped[str | None] = mapped_column(String(30))
    credibility: Mapped[str] = mapped_column(String(20), default="unverified")
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(10))
    confidence: Mapped[float | None]
    # Which detector suggested it (`rules`, or the span model version beside them); None for an editor's own.
    detector: Mapped[str | None] = mapped_column(String(MAX_LENGTHS["detector"]))
    version: Mapped[int] = mapped_column(default=1)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    # None: the article's final version. Else the annotator whose own layer this row is in (services.layers).
    layer_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    article: Mapped[Article] = relationship(overlaps="attributions")
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    registered_speaker: Mapped[Speaker | None] = relationship()

    # The version column makes every UPDATE conditional on the version read, so two
    # concurrent writers cannot both win even if they passed the check in the view.
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        *_span_columns("content"),
        *_span_columns("cue"),
        *_span_columns("source"),
        *_span_columns("anonymity_reason"),
        CheckConstraint("kind IN " + sql_in(KINDS), name="kind"),
        CheckConstraint("origin IN " + sql_in(ORIGINS), name="origin"),
        CheckConstraint("state IN " + sql_in(STATES), name="state"),
        CheckConstraint("credibility IN " + sql_in(CREDIBILITY), name="credibility"),
        # an article's claims, and their counts by state (the article list) from the index alone
        Index("ix_attribution_article_state", "article_id", "state"),
        Index("ix_attribution_layer", "article_id", "layer_user_id"),
    )

    def span(self, name: str) -> list[int] | None:
        start = getattr(self, f"{name}_start")
        return None if start is None else [start, getattr(self, f"{name}_end")]

    def set_span(self, name: str, value: list[int] | None) -> None:
        setattr(self, f"{name}_start", value[0] if value else None)
        setattr(self, f"{name}_end", value[1] if value else None)


class AuditEvent(Model):
    """Who did what to which row, and the values before and after; kept after the row is gone."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"))
    attribution_id: Mapped[int | None]  # no foreign key: history outlives a deleted attribution
    # the accept-many (a Batch) this change was part of; no foreign key either, for the same reason
    batch_id: Mapped[int | None] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(30))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())

    user: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_audit_event_attribution", "attribution_id", "id"),
        # an article's events of one kind: its creation or import (where detection stopped), its claim edits
        Index("ix_audit_event_article", "article_id", "action"),
    )


class Batch(Model):
    """Many claims of one article changed in one action (accept-many), undone in one; the audit event of
    each claim it changed carries its id. `speaker_links` keeps each claim's registry link from before,
    which the public record (and so the audit event) does not show, so an undo puts it back too."""

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    filter: Mapped[dict[str, Any]] = mapped_column(JSON)
    size: Mapped[int]
    speaker_links: Mapped[dict[str, int | None]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    undone_by: Mapped[User | None] = relationship(foreign_keys=[undone_by_id])


class Corroboration(Model):
    """An editor's link: `attribution` is backed by `corroborating`, from an independent source."""

    id: Mapped[int] = mapped_column(primary_key=True)
    attribution_id: Mapped[int] = mapped_column(ForeignKey("attribution.id", ondelete="CASCADE"), index=True)
    # indexed for the cascade: deleting a claim finds the links that name it as the corroborating one
    corroborating_id: Mapped[int] = mapped_column(ForeignKey("attribution.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        UniqueConstraint("attribution_id", "corroborating_id", name="uq_corroboration_pair"),
        CheckConstraint("attribution_id <> corroborating_id", name="not_self"),
    )


class Review(Model):
    """One workflow decision on an article, with the findings as they stood at that moment."""

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decision: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    overrides: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User | None] = relationship()

    __table_args__ = (CheckConstraint("decision IN " + sql_in(DECISIONS), name="decision"),)


class Comment(Model):
    """One entry of an article's discussion: on the article, or on one of its claims (`attribution_id`).

    A claim's thread outlives the claim (no foreign key, as in the audit trail): its comments stay in the
    article's thread. A review decision's note is an entry too (`kind` names the decision).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    attribution_id: Mapped[int | None]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(20), default="comment")
    text: Mapped[str] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    mentions: Mapped[list[Mention]] = relationship(back_populates="comment", cascade="all, delete-orphan")

    __table_args__ = (CheckConstraint("kind IN " + sql_in(COMMENT_KINDS), name="kind"),)


class Mention(Model):
    """A user named with `@name` in a comment: the article waits in their "My work" until they mark it done
    or the comment is resolved."""

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    comment: Mapped[Comment] = relationship(back_populates="mentions")
    user: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("comment_id", "user_id", name="uq_mention_once"),)


class Job(Model):
    """Work that runs off the request (annotator/services/jobs.py): what it is, how far it got, how it ended.

    `params` holds everything a run needs, so a retry or a re-queued job runs again from it alone.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    # SET NULL: the job and its outcome outlive the article, which a waiting job reports as gone
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    # `host:pid` of the process running it, and when that process last said it was alive (the lease)
    worker: Mapped[str | None] = mapped_column(String(300))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint("kind IN " + sql_in(JOB_KINDS), name="kind"),
        CheckConstraint("state IN " + sql_in(JOB_STATES), name="state"),
        Index("ix_job_state", "state", "heartbeat_at"),
    )


class KeptFigures(Model):
    """A corpus-wide count (the dashboard's figures for one choice of filters, the collections page's
    counts) made by a job, with the corpus stamp it was made at: over a newsroom's millions of claims
    the pages read the last count instead of counting in the request (services.corpus_figures)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # a digest of the view: what is counted and over which filters
    view: Mapped[str] = mapped_column(String(64), unique=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    stamp: Mapped[int]
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    counted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    seconds: Mapped[float] = mapped_column(Float)


# The full-text indexes of articles and claims (migration 0017_full_text_search): SQLite FTS5 tables (with
# their `_data`, `_idx`... shadow tables) or PostgreSQL tsvector tables, written by triggers and read by
# services.search. No model describes them; migrations/env.py leaves them out of the drift check.
FULLTEXT_TABLES = ("article_fts", "claim_fts")


def is_fulltext_table(name: str | None) -> bool:
    return name is not None and any(name == t or name.startswith(t + "_") for t in FULLTEXT_TABLES)
