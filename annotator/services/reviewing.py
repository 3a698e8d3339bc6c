"""The review workflow: findings for an article, and the decisions that move it between states."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from annotator.errors import Blocked, Forbidden, InvalidInput
from annotator.extensions import db
from annotator.models import Article, Attribution, Corroboration, Review, User
from annotator.review import ArticleRecord, Claim, Finding, badges, check, source_mix
from annotator.services.editing import record_event

# decision -> (roles allowed, states it may start from, state it leads to)
TRANSITIONS = {
    "submit": (("editor", "reviewer", "admin"), ("draft", "changes_requested"), "in_review"),
    "approve": (("reviewer", "admin"), ("in_review",), "approved"),
    "request_changes": (("reviewer", "admin"), ("in_review",), "changes_requested"),
}


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
    """What the review panel and the API show: state, findings, source mix and past decisions."""
    record = record_of(article)
    reviews = db.session.scalars(select(Review).where(Review.article_id == article.id).order_by(Review.id))
    overrides = approval_overrides(article)
    return {
        "state": article.review_state,
        "findings": [{**f.to_dict(), "overridden": _override_reason(f, overrides)} for f in check(record)],
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


def _override_reason(finding: Finding, overrides: list[dict[str, Any]]) -> str | None:
    """The reason of the override that covers this finding: its code and one of its attributions (or none)."""
    for o in overrides:
        if o["code"] == finding.code and (
            o["attribution_id"] is None or o["attribution_id"] in finding.attribution_ids
        ):
            return o["reason"]
    return None


def overridden(finding: Finding, overrides: list[dict[str, Any]]) -> bool:
    """Whether an override covers the finding."""
    return _override_reason(finding, overrides) is not None


def approval_overrides(article: Article) -> list[dict[str, Any]]:
    """The overrides of the approval the article stands on (none once it is reopened)."""
    if article.review_state != "approved":
        return []
    latest = db.session.scalar(select(Review).where(Review.article_id == article.id).order_by(Review.id.desc()))
    return latest.overrides if latest and latest.decision == "approve" else []


def open_blocks(article: Article) -> list[Finding]:
    """Blocking findings not covered by the overrides of the article's latest approval."""
    overrides = approval_overrides(article)
    return [f for f in check(record_of(article)) if f.severity == "block" and not overridden(f, overrides)]


def decide(article: Article, user: User, decision: str, note: str | None, overrides: list[dict[str, Any]]) -> Review:
    """Take a workflow decision (its body checked by schemas.ReviewDecision); refuses wrong roles,
    wrong states and unjustified approvals."""
    roles, sources, target = TRANSITIONS[decision]
    if user.role not in roles:
        article_word = "an" if user.role[0] in "aeiou" else "a"
        raise Forbidden(
            f"{article_word} {user.role} may not {decision.replace('_', ' ')}; "
            f"that takes a {' or '.join(r for r in roles if r != 'admin')}"
        )
    if article.review_state not in sources:
        raise InvalidInput(
            f"the article is {article.review_state.replace('_', ' ')}; "
            f"{decision.replace('_', ' ')} needs it to be {' or '.join(sources)}",
            "decision",
            status=409,
        )
    if decision == "request_changes" and not note:
        raise InvalidInput("say what should change: a note is required", "note")
    findings = check(record_of(article))
    if decision == "approve":
        open_blocks = [f for f in findings if f.severity == "block" and not overridden(f, overrides)]
        if open_blocks:
            raise Blocked(open_blocks)
    review = Review(
        article_id=article.id,
        user_id=user.id,
        decision=decision,
        note=note,
        findings=[f.to_dict() for f in findings],
        overrides=overrides,
    )
    before = article.review_state
    article.review_state = target
    article.version += 1
    db.session.add(review)
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
