"""The review workflow: findings for an article, and the decisions that move it between states.

The review version (services.editing.review_version_sql) is the article's own counter plus the versions of
its claims: it moves on with every change to a claim or a corroboration and with every decision, and never
goes back. The review API shows it and an approval must send the one it read; a different one means
something changed since, and the approval is refused with 409. A decision compares it under the article's
row lock (services.editing.lock_article), which waits for the claim edits in flight (they hold the row in
key-share mode, services.editing.claim_edited) and for the other changes (they write the row last,
services.editing.claims_changed): a change and an approval at the same moment cannot both pass.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import current_app
from sqlalchemy import select

from annotator.errors import Blocked, Forbidden, InvalidInput
from annotator.extensions import db
from annotator.models import Article, Attribution, AuditEvent, Corroboration, Review, User
from annotator.review import ArticleRecord, Claim, Finding, badges, check, source_mix
from annotator.services import caches, discussion
from annotator.services.editing import lock_article, move_review, record_event, review_version

# What counts as editing a claim, for separation of duties: the audit events of claims and their links,
# and importing them.
CLAIM_EDITS = (
    "article.import",  # the importer's file brought the claims
    "attribution.create",
    "attribution.update",
    "attribution.delete",
    "corroboration.add",
    "corroboration.remove",
)
# decision -> (roles allowed, states it may start from, state it leads to)
TRANSITIONS = {
    "submit": (("editor", "reviewer", "admin"), ("draft", "changes_requested"), "in_review"),
    "approve": (("reviewer", "admin"), ("in_review",), "approved"),
    "request_changes": (("reviewer", "admin"), ("in_review",), "changes_requested"),
}
# Why separation of duties refuses an approval: the 403's message and the review panel's notice.
SEPARATED = "you edited claims of this article, so another reviewer must approve it"


def corroborations(article: Article) -> dict[int, tuple[int, ...]]:
    """attribution id -> ids of the attributions linked as corroborating it."""
    ids = [a.id for a in article.attributions]
    links: dict[int, list[int]] = {}
    if ids:
        rows = db.session.execute(
            select(Corroboration.attribution_id, Corroboration.corroborating_id)
            .where(Corroboration.attribution_id.in_(ids))
            .order_by(Corroboration.id)
        )
        for attribution_id, corroborating_id in rows:
            links.setdefault(attribution_id, []).append(corroborating_id)
    return {k: tuple(v) for k, v in links.items()}


def claim_of(a: Attribution, corroborated_by: tuple[int, ...] = ()) -> Claim:
    """The plain record of one attribution, as the checks and the source mix see it."""

    def span(name: str) -> tuple[int, int] | None:
        found = a.span(name)
        return (found[0], found[1]) if found else None

    return Claim(
        id=a.id,
        kind=a.kind,
        content=(a.content_start, a.content_end),
        cue=span("cue"),
        source=span("source"),
        anonymity_reason=span("anonymity_reason"),
        speaker=a.speaker,
        speaker_type=a.speaker_type,
        affiliation=a.affiliation,
        role=a.role,
        status=a.status,
        state=a.state,
        credibility=a.credibility,
        corroborated_by=corroborated_by,
    )


def record_of(article: Article) -> ArticleRecord:
    """The plain record the checks run on."""
    links = corroborations(article)
    return ArticleRecord(
        text=article.text, claims=tuple(claim_of(a, links.get(a.id, ())) for a in article.attributions)
    )


def summary(article: Article) -> dict[str, Any]:
    """What the review panel and the API show: state, findings, source mix and past decisions.

    Computed once per review version in each process (REVIEW_CACHE_SIZE of them kept): everything it
    shows moves that version on when it changes, claims and links as decisions.
    A copy goes out, so no caller can change what the next one reads.
    """
    panels = caches.cache("review", current_app.config["REVIEW_CACHE_SIZE"])
    version = review_version(article)
    return copy.deepcopy(panels.get((article.id, version), lambda: _summary(article, version)))


def summary_for(article: Article, user: User) -> dict[str, Any]:
    """The summary plus what this user may do, added to the copy and never to the cached panel that every
    user reads: `you.may_approve`, and `you.separated`, the reason when separation of duties (the
    REVIEW_SEPARATION setting) stops them."""
    approver = user.role in TRANSITIONS["approve"][0]
    separated = approver and current_app.config["REVIEW_SEPARATION"] and edited_claims(article, user)
    you = {"may_approve": approver and not separated, "separated": SEPARATED if separated else None}
    return {**summary(article), "you": you}


def _summary(article: Article, version: int) -> dict[str, Any]:
    record = record_of(article)
    reviews = db.session.scalars(select(Review).where(Review.article_id == article.id).order_by(Review.id))
    approval = standing_approval(article)
    overrides = approval.overrides if approval else []
    # who accepted each overridden finding, shown with the reason in place of "blocks approval"
    by = approval.user.username if approval and approval.user else None
    findings = []
    for f in check(record):
        reason = _override_reason(f, overrides)
        findings.append({**f.to_dict(), "overridden": reason, "overridden_by": by if reason else None})
    return {
        "state": article.review_state,
        "version": version,
        "findings": findings,
        "source_mix": source_mix(record),
        "badges": {c.id: badges(c, record) for c in record.claims},
        "corroborated_by": {c.id: list(c.corroborated_by) for c in record.claims if c.corroborated_by},
        "history": [
            {
                "decision": r.decision,
                "user": r.user.username if r.user else None,
                "note": r.note,
                "at": r.created_at.isoformat(),
                "overrides": r.overrides,
                "findings": r.findings,
            }
            for r in reviews
        ],
    }


def _covering(finding: Finding, overrides: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The overrides that together cover the finding, or none: one of its code for each of its claims,
    or, for a finding about no claim, one of its code with no claim. A null never covers a claim."""
    same = [o for o in overrides if o["code"] == finding.code]
    if not finding.attribution_ids:
        return [o for o in same if o["attribution_id"] is None]
    named = {o["attribution_id"]: o for o in same if o["attribution_id"] is not None}
    if not all(i in named for i in finding.attribution_ids):
        return []
    return [named[i] for i in finding.attribution_ids]


def _override_reason(finding: Finding, overrides: list[dict[str, Any]]) -> str | None:
    """The reasons of the overrides that cover this finding, or None when it is not covered."""
    reasons = dict.fromkeys(o["reason"] for o in _covering(finding, overrides))
    return "; ".join(reasons) if reasons else None


def overridden(finding: Finding, overrides: list[dict[str, Any]]) -> bool:
    """Whether overrides cover the finding (every claim of it named)."""
    return bool(_covering(finding, overrides))


def _unmatched(overrides: list[dict[str, Any]], blocks: list[Finding]) -> str | None:
    """Why an override names no open blocking finding on its claim, or None when each names one."""
    for n, o in enumerate(overrides, 1):
        same = [f for f in blocks if f.code == o["code"]]
        claim = o["attribution_id"]
        if any((claim in f.attribution_ids) if claim is not None else not f.attribution_ids for f in same):
            continue
        if claim is None and same:
            ids = sorted({i for f in same for i in f.attribution_ids})
            return (
                f"overrides[{n}]: {o['code']} is about attribution {', '.join(map(str, ids))}; "
                "name each claim in attribution_id (null is only for a finding about no claim)"
            )
        on = f" on attribution {claim}" if claim is not None else " about the article as a whole"
        return f"overrides[{n}]: no blocking finding {o['code']!r}{on} is open"
    return None


def edited_claims(article: Article, user: User) -> bool:
    """Whether the user changed a claim of the article, or a link between its claims (the audit trail says)."""
    event = select(AuditEvent.id).where(
        AuditEvent.article_id == article.id, AuditEvent.user_id == user.id, AuditEvent.action.in_(CLAIM_EDITS)
    )
    return db.session.scalar(event.limit(1)) is not None


def standing_approval(article: Article) -> Review | None:
    """The approval the article stands on: its latest decision while it is approved (none once reopened)."""
    if article.review_state != "approved":
        return None
    latest = db.session.scalar(select(Review).where(Review.article_id == article.id).order_by(Review.id.desc()))
    return latest if latest and latest.decision == "approve" else None


def approval_overrides(article: Article) -> list[dict[str, Any]]:
    """The overrides of the approval the article stands on (none once it is reopened)."""
    approval = standing_approval(article)
    return approval.overrides if approval else []


def open_blocks(article: Article) -> list[Finding]:
    """Blocking findings not covered by the overrides of the article's latest approval."""
    overrides = approval_overrides(article)
    return [f for f in check(record_of(article)) if f.severity == "block" and not overridden(f, overrides)]


def decide(
    article: Article,
    user: User,
    decision: str,
    note: str | None,
    overrides: list[dict[str, Any]],
    *,
    version: int | None = None,
    separation: bool = True,
) -> Review:
    """Take a workflow decision (its body checked by schemas.ReviewDecision) on the review `version` read.

    Refuses wrong roles, an approval by someone who edited a claim of the article (when `separation`,
    the REVIEW_SEPARATION setting), wrong states, a stale version, overrides that name no open blocking
    finding on their claim, and approvals with blocking findings left. A refused decision writes nothing.
    """
    roles, sources, target = TRANSITIONS[decision]
    if user.role not in roles:
        article_word = "an" if user.role[0] in "aeiou" else "a"
        raise Forbidden(
            f"{article_word} {user.role} may not {decision.replace('_', ' ')}; "
            f"that takes a {' or '.join(r for r in roles if r != 'admin')}"
        )
    lock_article(article)
    if decision == "approve" and separation and edited_claims(article, user):
        raise Forbidden(SEPARATED)
    if article.review_state not in sources:
        raise InvalidInput(
            f"the article is {article.review_state.replace('_', ' ')}; "
            f"{decision.replace('_', ' ')} needs it to be {' or '.join(sources)}",
            "decision",
            status=409,
        )
    if decision == "approve" and version is None:
        raise InvalidInput("version (the review version you read) is required to approve", "version")
    now = review_version(article)
    if version is not None and version != now:
        raise InvalidInput(
            f"the article changed since you read its review (version {version}, now {now}); "
            "reload the review and check it again",
            "version",
            status=409,
        )
    if decision == "request_changes" and not note:
        raise InvalidInput("say what should change: a note is required", "note")
    if overrides and decision != "approve":
        raise InvalidInput("overrides go with an approval only", "overrides")
    findings = check(record_of(article))
    if decision == "approve":
        blocks = [f for f in findings if f.severity == "block"]
        problem = _unmatched(overrides, blocks)
        if problem:
            raise InvalidInput(problem, "overrides")
        still_open = [f for f in blocks if not overridden(f, overrides)]
        if still_open:
            raise Blocked(still_open)
    review = Review(
        article_id=article.id,
        user_id=user.id,
        decision=decision,
        note=note,
        findings=[f.to_dict() for f in findings],
        overrides=overrides,
    )
    before = article.review_state
    if not move_review(article, now, sources, target):
        db.session.rollback()
        raise InvalidInput(
            "the article changed while the decision was taken; reload the review and check it again",
            "version",
            status=409,
        )
    db.session.add(review)
    if note:
        discussion.add_note(article, user, decision, note)
    record_event(
        "article.review",
        user,
        article.id,
        None,
        {"review_state": before},
        {"review_state": target, "decision": decision, "note": note, "overrides": overrides},
    )
    db.session.commit()
    return review
