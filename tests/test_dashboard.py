"""The dashboard's figures, counted by the database, equal the claim-by-claim computation they replaced."""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, Attribution
from annotator.review import is_unnamed, source_mix
from annotator.services.corpus_figures import figures
from annotator.services.reviewing import claim_of

SPEAKERS = ("Col. Ryan Dillon", "ryan dillon", "Ryan Dillon ", "the Pentagon", "Pentagon", "Ana Ruiz", "", "  ", None)
AFFILIATIONS = ("U.S. military", "U.S. military; Syrian opposition", " ; ", "", None, "ISW", "Syrian opposition")
STATUSES = ("on_record", "anonymous_reason_given", "anonymous_not_authorized", "anonymous_no_reason", None)
TYPES = ("person", "organization", "unnamed_person", "unnamed_group", None)
STATES = ("suggested", "accepted", "rejected", "edited")
OUTLETS = ("AP", "Reuters", "City <Daily>", "", None)
COLLECTIONS = ("local", "world", None)


def old_figures(collection, start, end, states) -> dict:
    """The dashboard as it computed its figures before: every claim loaded and counted in Python."""
    day = func.coalesce(Article.published, func.date(Article.created_at))
    query = (
        select(Article.id, Article.outlet, Article.published, Article.created_at, Attribution)
        .join(Attribution, Attribution.article_id == Article.id)
        .where(Attribution.state.in_(states))
    )
    if collection:
        query = query.where(Article.collection == collection)
    if start:
        query = query.where(day >= start)
    if end:
        query = query.where(day <= end)
    claims: list = []
    outlets: defaultdict[str, Counter] = defaultdict(Counter)
    months: defaultdict[str, Counter] = defaultdict(Counter)
    articles = set()
    for article_id, outlet, published, created, a in db.session.execute(
        query.order_by(Article.id, Attribution.content_start)
    ):
        claim = claim_of(a)
        claims.append(claim)
        articles.add(article_id)
        outlets[outlet or "(no outlet)"]["all"] += 1
        outlets[outlet or "(no outlet)"]["unnamed"] += is_unnamed(claim)
        months[(published or created.date()).strftime("%Y-%m")][a.status] += 1
    return {
        "articles": len(articles),
        "mix": source_mix(claims),
        "unnamed_by_outlet": sorted(
            ((name, n["unnamed"] / n["all"]) for name, n in outlets.items()), key=lambda r: -r[1]
        ),
        "statuses_by_month": [(month, dict(counts)) for month, counts in sorted(months.items())],
    }


@pytest.fixture
def varied_corpus(app):
    """60 articles over outlets (blank and none too), collections, months (by publication or creation) and
    claims whose speakers are spelled several ways, with several or blank affiliations, in every state."""
    rng = random.Random(11)
    with app.app_context():
        for n in range(60):
            text = f"Article {n}. " + "x" * 400
            article = Article(
                title=f"Article {n}",
                text=text,
                text_hash=Article.hash_text(text),
                outlet=rng.choice(OUTLETS),
                collection=rng.choice(COLLECTIONS),
                published=datetime.date(2020, rng.randrange(1, 13), rng.randrange(1, 28)) if n % 4 else None,
                created_at=datetime.datetime(2021, 1 + n % 6, 10, 12, tzinfo=datetime.UTC),
            )
            db.session.add(article)
            db.session.flush()
            for _ in range(rng.randrange(0, 9)):
                content = rng.randrange(20, 300)
                cue = rng.choice((None, content - 5, content + 60))
                source = rng.choice((None, content - 15, content + 70))
                db.session.add(
                    Attribution(
                        article_id=article.id,
                        kind="direct",
                        content_start=content,
                        content_end=content + 50,
                        cue_start=cue,
                        cue_end=None if cue is None else cue + 3,
                        source_start=source,
                        source_end=None if source is None else source + 4,
                        speaker=rng.choice(SPEAKERS),
                        speaker_type=rng.choice(TYPES),
                        affiliation=rng.choice(AFFILIATIONS),
                        status=rng.choice(STATUSES),
                        state=rng.choice(STATES),
                        origin="model",
                    )
                )
        db.session.commit()


FILTERS = [
    (None, None, None),
    ("local", None, None),
    ("world", None, None),
    (None, datetime.date(2020, 3, 1), datetime.date(2020, 9, 30)),
    (None, datetime.date(2021, 1, 1), None),
    ("local", None, datetime.date(2020, 6, 30)),
    ("nowhere", None, None),
]


@pytest.mark.parametrize("suggested", [False, True])
@pytest.mark.parametrize(("collection", "start", "end"), FILTERS)
def test_dashboard_figures_equal_the_claim_by_claim_computation(app, varied_corpus, collection, start, end, suggested):
    states = ("accepted", "edited", "suggested") if suggested else ("accepted", "edited")
    with app.app_context():
        old = old_figures(collection, start, end, states)
        new = figures(collection, start, end, states)
        assert new.articles == old["articles"]
        assert new.mix == old["mix"]
        assert list(new.mix["by_speaker"]) == list(old["mix"]["by_speaker"]), "the same spelling stands for a speaker"
        assert new.unnamed_by_outlet == old["unnamed_by_outlet"]
        assert new.statuses_by_month == old["statuses_by_month"]
    if collection is None and start is None:
        assert old["mix"]["claims"] > 50 and old["mix"]["distinct_sources"] >= 3 and len(old["statuses_by_month"]) > 6


def test_dashboard_page_shows_the_database_counts(client, editor, app, varied_corpus):
    with app.app_context():
        whole = figures(None, None, None, ("accepted", "edited"))
        # the editor is a member of no collection: the page counts the articles in none
        theirs = figures(None, None, None, ("accepted", "edited"), frozenset())
    assert 0 < theirs.articles < whole.articles
    page = client.get("/dashboard").text
    assert f"{theirs.articles} articles · {theirs.mix['claims']} attributions" in page
    assert page.count("<svg") == 4
