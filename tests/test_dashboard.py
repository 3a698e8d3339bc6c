"""The dashboard's figures, counted by the database, equal the claim-by-claim computation they replaced;
over a large corpus a job counts them and the pages show the last count."""

from __future__ import annotations

import datetime
import random
import re
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select

from annotator.app import create_app
from annotator.extensions import db
from annotator.models import Article, Attribution, AuditEvent, Collection, Job, KeptFigures, Membership, User
from annotator.review import is_unnamed, source_mix
from annotator.services.corpus_figures import View, figures, recount
from annotator.services.reviewing import claim_of
from tests.conftest import _config

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
        new = figures(View("dashboard", None, collection, start, end, states))
        assert new.articles == old["articles"]
        assert new.mix == old["mix"]
        assert list(new.mix["by_speaker"]) == list(old["mix"]["by_speaker"]), "the same spelling stands for a speaker"
        assert new.unnamed_by_outlet == old["unnamed_by_outlet"]
        assert new.statuses_by_month == old["statuses_by_month"]
    if collection is None and start is None:
        assert old["mix"]["claims"] > 50 and old["mix"]["distinct_sources"] >= 3 and len(old["statuses_by_month"]) > 6


REVIEWED = ("accepted", "edited")


def _totals(found) -> str:
    return f"{found.articles} articles · {found.mix['claims']} attributions"


def _join(app, username: str, collection: str) -> None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        found = db.session.scalar(select(Collection).where(Collection.name == collection))
        if found is None:
            found = Collection(name=collection)
            db.session.add(found)
        found.members.append(Membership(user_id=user.id, role="annotator"))
        db.session.commit()


def test_dashboard_page_counts_what_the_user_may_see(client, editor, app, varied_corpus):
    with app.app_context():
        outside = figures(View("dashboard", (), None, None, None, REVIEWED))
        with_local = figures(View("dashboard", ("local",), None, None, None, REVIEWED))
        everything = figures(View("dashboard", None, None, None, None, REVIEWED))
    assert outside.articles < with_local.articles < everything.articles
    page = client.get("/dashboard").text
    assert _totals(outside) in page
    assert page.count("<svg") == 4
    assert '<option value="local"' not in page
    _join(app, "ed", "local")
    page = client.get("/dashboard").text
    assert _totals(with_local) in page and '<option value="local"' in page


@pytest.fixture
def counted_by_jobs(app):
    """The corpus taken for a large one: its figures are counted by jobs and read from their last count."""
    app.config["FIGURES_LIVE_MAX_CLAIMS"] = 0
    return app


def test_a_large_corpus_shows_the_count_a_job_kept(client, editor, counted_by_jobs, varied_corpus):
    app = counted_by_jobs
    _join(app, "ed", "local")
    with app.app_context():
        expected = figures(View("dashboard", ("local",), None, None, None, REVIEWED))
    page = client.get("/dashboard").text  # the job runs at once here (JOBS_WORKER=immediate)
    assert _totals(expected) in page and "Counted " in page
    with app.app_context():
        kept = db.session.scalars(select(KeptFigures)).all()
        assert [k.params["visible"] for k in kept] == [["local"]]
        assert db.session.scalar(select(func.count()).select_from(Job).where(Job.kind == "figures")) == 1
    counted_at = re.search(r"Counted [0-9: -]+UTC", page).group()
    again = client.get("/dashboard").text
    assert counted_at in again and "on its way" not in again, "an unchanged corpus is not counted again"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Job).where(Job.kind == "figures")) == 1
    # a change to a claim makes the count stale: the next page counts again and shows the change
    claim = _reviewed_claim(app)
    res = client.patch(
        f"/api/attributions/{claim['id']}",
        json={"version": claim["version"], "state": "rejected"},
        headers=editor,
    )
    assert res.status_code == 200, res.text
    with app.app_context():
        after = figures(View("dashboard", ("local",), None, None, None, REVIEWED))
    assert after.mix["claims"] == expected.mix["claims"] - 1
    assert _totals(after) in client.get("/dashboard").text


def test_collections_page_on_a_large_corpus_reads_the_kept_count(client, editor, counted_by_jobs, varied_corpus):
    _join(counted_by_jobs, "ed", "world")
    page = client.get("/collections").text
    # a member's collection links to its page
    assert "Counted " in page and '">world</a></td>' in page and ">local<" not in page


def _reviewed_claim(app) -> dict:
    with app.app_context():
        claim = db.session.scalar(
            select(Attribution)
            .join(Article)
            .where(Article.collection == "local", Attribution.state == "accepted")
            .order_by(Attribution.id)
            .limit(1)
        )
        return {"id": claim.id, "version": claim.version}


def test_a_stale_count_stays_on_the_page_while_one_job_counts_afresh(
    app, make_user, varied_corpus, migrated, tmp_path, csrf_from
):
    make_user("ed", "editor")
    view = View("dashboard", (), None, None, None, REVIEWED)
    with app.app_context():
        before = figures(view)
        recount(view)
        db.session.add(AuditEvent(action="attribution.update"))  # a change since the count
        db.session.commit()
    # a server whose jobs wait for a worker, as under `make serve`
    queued = create_app(
        {
            **_config(migrated),
            "JOBS_WORKER": "external",
            "JOBS_SQLITE": str(tmp_path / "q"),
            "FIGURES_LIVE_MAX_CLAIMS": 0,
        }
    )
    client = queued.test_client()
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": "ed", "password": "correct horse", "csrf_token": token})
    for _ in range(2):
        page = client.get("/dashboard").text
        assert _totals(before) in page and "a new count is on its way" in page and 'id="job"' in page
    with app.app_context():
        [job] = db.session.scalars(select(Job).where(Job.kind == "figures")).all()
        assert job.state == "queued" and job.user_id is None
