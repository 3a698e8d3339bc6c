"""Running detection again on an article without losing anything an editor did.

Kept: every attribution an editor touched (accepted, edited or rejected) and every one an editor added.
Replaced: the detector's suggestions nobody touched, by the new run's. A new suggestion that matches a kept
attribution by span (GUIDELINES.md's matching, `evaluation.match`: content Dice >= 0.5, one to one) is not
added again, so a claim the editor rejected does not come back, nor one already accepted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from annotator import detector
from annotator.errors import InvalidInput
from annotator.evaluation import match
from annotator.extensions import db
from annotator.models import Article, Attribution, User
from annotator.nlp.types import Attribution as Detected
from annotator.services.editing import claims_changed, from_detected, record_event


def untouched(a: Attribution) -> bool:
    """A suggestion of the detector that no editor has acted on: the only kind a new run replaces."""
    return a.origin == "model" and a.state == "suggested"


def apply(article: Article, found: list[Detected], user: User | None) -> dict[str, Any]:
    """Replace the article's untouched suggestions by the new ones `found` (those matching no kept attribution),
    with an `article.redetect` event; nothing is committed, so the caller writes it all in one transaction
    (with its job's end, for a job). A suggestion acted on since it was read is a 409 and nothing is written."""
    # the final version only: an annotator's own layer (services.layers) is theirs, and detection leaves it be
    final = (Attribution.article_id == article.id, Attribution.layer_user_id.is_(None))
    current = list(db.session.scalars(select(Attribution).where(*final)))
    kept = [a for a in current if not untouched(a)]
    dropped = [a for a in current if untouched(a)]
    kept_spans = [{"content": a.span("content")} for a in kept]
    new_spans = [{"content": list(d.content)} for d in found]
    matched = {j for _, j, _ in match(article.text, kept_spans, new_spans)}
    fresh = [d for j, d in enumerate(found) if j not in matched]
    room = max(detector.attribution_limit() - len(kept), 0)
    added = [from_detected(d) for d in fresh[:room]]
    for a in dropped:
        db.session.delete(a)
    try:
        db.session.flush()  # each DELETE names the version read: a suggestion accepted meanwhile stops it
    except StaleDataError:
        db.session.rollback()
        raise InvalidInput(
            "a suggestion was changed while detection ran again; nothing was replaced: run it again",
            status=409,
        ) from None
    for a in added:
        a.article_id = article.id
    db.session.add_all(added)
    result: dict[str, Any] = {
        "kept": len(kept),
        "removed": len(dropped),
        "added": len(added),
        "matching_kept": len(matched),
        "over_limit": len(fresh) - len(added),
    }
    record_event(
        "article.redetect",
        user,
        article.id,
        None,
        {"suggestions": len(dropped), "removed_ids": sorted(a.id for a in dropped)},
        dict(result),
    )
    claims_changed(article, user, "detection ran again", removed=sum(a.version - 1 for a in dropped))
    result["message"] = message(result)
    return result


def message(result: dict[str, Any]) -> str:
    """The outcome in a sentence, for the page and the job."""
    text = (
        f"Detection ran again: {result['added']:,} new suggestion(s) replace {result['removed']:,} untouched one(s); "
        f"{result['kept']:,} attribution(s) you worked on are kept"
    )
    if result["matching_kept"]:
        text += f" ({result['matching_kept']:,} suggestion(s) matching them were not added again)"
    if result["over_limit"]:
        text += f"; {result['over_limit']:,} more were left out, over the limit for one article"
    return text + "."
