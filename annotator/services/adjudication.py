"""Adjudication: a curator settles the independent annotators' versions of an article into its final version.

The claims of the submitted layers are joined into units by the agreement's span matching
(`annotator.agreement.units`). For each unit the curator picks one annotator's version, a merged one, or
none; the pick replaces the final version's claim matching the unit (the detector's suggestion there, or an
earlier pick) or adds one; none rejects it. The detector's suggestions no annotator kept are listed apart
(`leftover`), for the curator to reject. Every pick is checked against the article's review version (409 when
stale), audited as `adjudication.pick` with the unit's ids, and moves the review version on as any change
of claims does.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from annotator.agreement import same_claim, units
from annotator.errors import Conflict, Forbidden, InvalidInput
from annotator.evaluation import match
from annotator.extensions import db
from annotator.models import Article, Attribution, AuditEvent, User
from annotator.schemas import AdjudicationPick, AttributionCreate, parse
from annotator.services import access
from annotator.services.editing import (
    attribution_dict,
    claims_changed,
    lock_article,
    record_event,
    registered_speaker,
    review_version,
)
from annotator.services.layers import submitted_layers
from annotator.vocab import FORM_TAGS, SPAN_FIELDS

# What a pick copies from an annotator's version into the final one (the final claim is then accepted).
COPIED = (*FORM_TAGS, *SPAN_FIELDS)
NO_CLAIM, MERGED, REJECT = "none", "merged", "reject"


def may_adjudicate(article: Article, user: User) -> None:
    if not access.is_admin(user) and access.role_in(article.collection, user) != "curator":
        raise Forbidden("Only a curator of the article's collection (or an admin) adjudicates it.")


def _layers(article: Article) -> dict[str, list[dict[str, Any]]]:
    found = submitted_layers(article)
    if len(found) < 2:
        raise InvalidInput(
            f"adjudication needs two submitted annotations of the article; it has {len(found)}", status=409
        )
    return found


def _key(unit: dict[str, int], layers: dict[str, list[dict[str, Any]]]) -> list[int]:
    return sorted(layers[name][i]["id"] for name, i in unit.items())


def _final_of(article: Article, layers: dict, found: list[dict[str, int]]) -> dict[int, Attribution]:
    """The final version's claim matching each unit (by its first version's content span), by unit index."""
    final = list(article.attributions)
    firsts = [layers[min(u)][u[min(u)]] for u in found]
    pairs = match(article.text, firsts, [attribution_dict(a) for a in final])
    return {i: final[j] for i, j, _ in pairs}


def _decided(article: Article) -> dict[tuple[int, ...], str]:
    events = db.session.scalars(
        select(AuditEvent.after)
        .where(AuditEvent.article_id == article.id, AuditEvent.action == "adjudication.pick")
        .order_by(AuditEvent.id)
    )
    return {tuple(e["unit"]): e["choice"] for e in events if e}


def view(article: Article, user: User) -> dict[str, Any]:
    """The annotators' versions side by side per unit, in text order, agreed ones marked."""
    may_adjudicate(article, user)
    layers = _layers(article)
    found = units(article.text, layers)
    final = _final_of(article, layers, found)
    decided = _decided(article)
    out: list[dict[str, Any]] = []
    for n, unit in enumerate(found):
        key = _key(unit, layers)
        versions = {name: layers[name][i] for name, i in unit.items()}
        out.append(
            {
                "unit": key,
                "agreed": len(unit) == len(layers) and same_claim(article.text, layers, unit),
                "versions": versions,
                "missing": [name for name in layers if name not in unit],
                "final": attribution_dict(final[n]) if n in final else None,
                "decision": decided.get(tuple(key)),
            }
        )
    out.sort(key=lambda u: min(v["content"][0] for v in u["versions"].values()))
    return {
        "article_id": article.id,
        "version": review_version(article),
        "annotators": sorted(layers),
        "units": out,
        "leftover": [attribution_dict(a) for a in _leftover(article, final)],
    }


def _leftover(article: Article, final: dict[int, Attribution]) -> list[Attribution]:
    """The detector's suggestions in the final version that no annotator kept: they match no unit."""
    matched = {a.id for a in final.values()}
    return [a for a in article.attributions if a.state == "suggested" and a.id not in matched]


def _reject_leftover(article: Article, user: User, body: AdjudicationPick, final: dict[int, Attribution]) -> None:
    """Reject the listed suggestions no annotator kept (`unit` holds their ids in the final version)."""
    leftover = {a.id: a for a in _leftover(article, final)}
    if not set(body.unit) <= set(leftover):
        raise InvalidInput(
            "to reject, unit must list suggestions no annotator kept, as the adjudication lists them", "unit"
        )
    for claim_id in sorted(set(body.unit)):
        claim = leftover[claim_id]
        before = attribution_dict(claim)
        claim.state, claim.updated_by_id = "rejected", user.id
        db.session.flush()
        after = attribution_dict(claim)
        record_event(
            "adjudication.pick",
            user,
            article.id,
            claim_id,
            before,
            {"unit": [claim_id], "choice": REJECT, "attribution": after},
        )


def pick(article: Article, user: User, body: AdjudicationPick) -> dict[str, Any]:
    """Write the curator's choice for one unit into the final version; returns the new adjudication view."""
    may_adjudicate(article, user)
    layers = _layers(article)
    lock_article(article)  # the version is read under the row's lock: of two picks at once, the second is stale
    if body.version != review_version(article):
        raise Conflict(None, "The article changed since you loaded its adjudication. Reload to see it as it is now.")
    found = units(article.text, layers)
    if body.choice == REJECT:
        _reject_leftover(article, user, body, _final_of(article, layers, found))
        return _settled(article, user)
    keys = [_key(u, layers) for u in found]
    if sorted(body.unit) not in keys:
        raise InvalidInput("unit must be the ids of one unit as the adjudication lists it", "unit")
    n = keys.index(sorted(body.unit))
    versions = {name: layers[name][i] for name, i in found[n].items()}
    if body.choice == MERGED:
        if body.fields is None:
            raise InvalidInput("a merged version needs its fields", "fields")
        fields = parse(AttributionCreate, body.fields, text_length=len(article.text)).changes()
        fields.pop("state", None)
    elif body.choice in versions:
        fields = {name: versions[body.choice].get(name) for name in COPIED}
    elif body.choice != NO_CLAIM:
        raise InvalidInput(f"choice must be one of {', '.join(sorted(versions))}, merged or none", "choice")
    target = _final_of(article, layers, found).get(n)
    before = attribution_dict(target) if target is not None else None
    after = None
    if body.choice == NO_CLAIM:
        if target is not None:  # rejected, as an editor rejects a suggestion: kept behind "Show rejected"
            target.state, target.updated_by_id = "rejected", user.id
    else:
        speaker = registered_speaker({**fields, "state": "accepted"})  # a claim's rows before the article's
        if target is None:
            target = Attribution(article_id=article.id, origin="editor", credibility="unverified")
            db.session.add(target)
        for name, value in fields.items():
            if name in SPAN_FIELDS:
                target.set_span(name, value)
            else:
                setattr(target, name, value)
        target.state, target.updated_by_id, target.registered_speaker = "accepted", user.id, speaker
    db.session.flush()
    if target is not None:
        after = attribution_dict(target)
    record_event(
        "adjudication.pick",
        user,
        article.id,
        (target.id if target is not None else None),
        before,
        {"unit": keys[n], "choice": body.choice, "attribution": after},
    )
    return _settled(article, user)


def _settled(article: Article, user: User) -> dict[str, Any]:
    claims_changed(article, user, "an adjudication")
    db.session.commit()
    db.session.expire(article, ["attributions"])
    return view(article, user)
