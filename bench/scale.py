"""How the pages hold up on a newsroom-sized corpus: generate N articles, then time what editors open.

Generates a corpus into the configured database (DATABASE_URL, else the instance SQLite file) through
the importer (`services.corpus.import_records`, detection off), a few kB of text and about 24
attributions an article, across collections, outlets, dates, review states, attribution states and
statuses. Then prints medians over repeated runs, in this one process, of the article list (first and
a deep page), an article page and its review panel, each computed afresh (cache off) and from the cache
(per article version); the dashboard (whole corpus, with suggestions, one collection, one year) and the
collections page, which over a corpus this size read the count a job made (the page's time, and the
job's); and a JSONL export (articles per second, resident memory sampled along the way, which must stay
flat). The generator adds only what is missing, so a second run reuses the corpus.

usage: DATABASE_URL=postgresql://postgres@127.0.0.1/scale_q .venv/bin/python bench/scale.py [--articles 100000]
       [--runs 5] [--export-articles 20000]
Run it on a scratch database: it writes N articles and a `bench` admin.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from sqlalchemy import func, select

from annotator.app import create_app
from annotator.extensions import db
from annotator.formats.detect_format import EXPORT_FORMATS
from annotator.formats.records import AttributionRecord, CorpusArticle
from annotator.models import Article, Job, User
from annotator.services.corpus import export_records, import_records

COLLECTIONS = ("politics", "world", "business", "local", "health", "science", "sport", "culture")
OUTLETS = (*(f"Outlet {n}" for n in range(1, 25)), None)
FIRST = ("Maria", "John", "Aisha", "Wei", "Olga", "Pedro", "Fatima", "Tom", "Yusuf", "Anna", "Kenji", "Lena")
LAST = ("Lopez", "Smith", "Khan", "Chen", "Ivanova", "Silva", "Haddad", "Brown", "Demir", "Novak", "Sato", "Berg")
TITLES = ("", "", "", "Dr. ", "Col. ", "Sen. ")
BODIES = ("the Pentagon", "the State Department", "the city council", "Reuters", "the World Bank", "NATO")
AFFILIATIONS = ("U.S. government", "Syrian opposition", "city council", "World Bank", "NATO", "University of Oslo")
UNNAMED = ("a senior official", "officials familiar with the talks", "a person close to the matter", "aides")
REASONS = ("because they were not authorized to speak publicly", "to discuss private deliberations")
STATES = ("suggested",) * 5 + ("accepted",) * 3 + ("edited", "rejected")
REVIEW_STATES = ("draft",) * 5 + ("in_review", "approved", "changes_requested")
FILLER = (
    "The council met on Tuesday to discuss the budget for the coming year, the repairs to the old bridge "
    "and the plans for the flood defences along the river bank. "
)
START = datetime.date(2023, 1, 1)


def _speaker(rng: random.Random) -> tuple[str, str, str | None, str, bool]:
    """(name as written, speaker type, affiliation, status, reason given) of one claim."""
    roll = rng.random()
    if roll < 0.55:
        name = f"{rng.choice(TITLES)}{rng.choice(FIRST)} {rng.choice(LAST)}"
        affiliation = rng.choice(AFFILIATIONS) if rng.random() < 0.7 else None
        if affiliation and rng.random() < 0.1:
            affiliation += "; " + rng.choice(AFFILIATIONS)
        return name, "person", affiliation, "on_record", False
    if roll < 0.75:
        return rng.choice(BODIES), "organization", None, "on_record", False
    reason = rng.random() < 0.5
    status = rng.choice(("anonymous_reason_given", "anonymous_not_authorized")) if reason else "anonymous_no_reason"
    kind = "unnamed_group" if rng.random() < 0.4 else "unnamed_person"
    return rng.choice(UNNAMED), kind, rng.choice(AFFILIATIONS) if rng.random() < 0.5 else None, status, reason


def record(n: int, rng: random.Random, claims: int = 24) -> CorpusArticle:
    """Article number `n`: paragraphs of a quotation, its cue and its source, then filler."""
    parts: list[str] = [f"Report {n}: what was said this week.\n\n"]
    at = len(parts[0])
    attributions = []
    for i in range(claims):
        name, speaker_type, affiliation, status, reason = _speaker(rng)
        quote = f'"The plan number {i} for item {n} will change how the town works,"'
        why = f", {rng.choice(REASONS)}" if reason else ""
        sentence = f"{quote} said {name}{why}. "
        cue = at + len(quote) + 1
        source = cue + len("said ")
        state = rng.choice(STATES)
        attributions.append(
            AttributionRecord(
                kind=rng.choice(("direct", "direct", "mixed", "indirect")),
                content=(at, at + len(quote)),
                cue=(cue, cue + 4),
                source=(source, source + len(name)),
                anonymity_reason=(source + len(name) + 2, source + len(name) + len(why)) if why else None,
                speaker=name,
                speaker_type=speaker_type,
                affiliation=affiliation,
                status=status if rng.random() < 0.9 else None,
                origin="model" if state == "suggested" or rng.random() < 0.7 else "editor",
                state=state,
                confidence=round(rng.random(), 3),
            )
        )
        paragraph = sentence + FILLER[: rng.randrange(40, len(FILLER))] + "\n\n"
        parts.append(paragraph)
        at += len(paragraph)
    published = START + datetime.timedelta(days=rng.randrange(3 * 365)) if rng.random() < 0.9 else None
    return CorpusArticle(
        text="".join(parts).rstrip() + "\n",
        title=f"Report {n}",
        outlet=rng.choice(OUTLETS),
        byline=f"By {rng.choice(FIRST)} {rng.choice(LAST)}",
        url=f"https://news.example/{n}",
        published=published,
        collection=rng.choice(COLLECTIONS) if rng.random() < 0.95 else None,
        review_state=rng.choice(REVIEW_STATES),
        attributions=attributions,
    )


def bench_user() -> User:
    user = db.session.scalar(select(User).where(User.username == "bench"))
    if user is None:
        user = User(username="bench", role="admin")
        user.set_password("bench-password")
        db.session.add(user)
        db.session.commit()
    return user


def generate(target: int, batch: int = 1000) -> None:
    """Import articles until the database holds `target`, a transaction of `batch` at a time."""
    user = bench_user()
    have = db.session.scalar(select(func.count(Article.id))) or 0
    started, start_count = time.perf_counter(), have
    while have < target:
        size = min(batch, target - have)
        rng = random.Random(have)  # the same corpus on every machine
        records = (record(n, rng) for n in range(have, have + size))
        import_records(records, user, keep_review_state=True)
        have += size
        rate = (have - start_count) / (time.perf_counter() - started)
        print(f"\r  generated {have:,} of {target:,} articles ({rate:,.0f}/s)", end="", flush=True)
    if have > start_count:
        print()


def rss_mb() -> float:
    """Resident memory of this process now, in MB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def median_time(fetch: Callable[[], object], runs: int) -> float:
    fetch()  # warm up templates, caches and the database's buffers
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fetch()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


counted_pages = {
    "dashboard, whole corpus": "/dashboard",
    "dashboard, with suggestions": "/dashboard?suggested=1",
    "dashboard, one collection": "/dashboard?collection=politics",
    "dashboard, one year": "/dashboard?start=2024-01-01&end=2024-12-31",
    "collections page": "/collections",
}


def recount_seconds(app, client, url: str) -> float:
    """Open `url`, which queues a count of its figures when none is current, and wait for the count: the
    seconds the job took (0 when the kept count was current)."""
    with app.app_context():
        before = db.session.scalar(select(func.max(Job.id))) or 0
    assert client.get(url).status_code == 200, url
    while True:
        with app.app_context():
            job = db.session.scalar(select(Job).where(Job.kind == "figures", Job.id > before).order_by(Job.id))
            if job is None:
                return 0.0
            if job.state in ("done", "failed"):
                assert job.state == "done", job.error
                return (job.finished_at - job.started_at).total_seconds()
        time.sleep(0.2)


def export_rate(app, limit: int) -> tuple[int, float, float, float]:
    """(articles, articles per second, RSS at the first sample, highest RSS) over a JSONL export of the whole
    corpus, written as the export job writes it (a download this size is a job's file, not a response)."""
    count, first, peak = 0, 0.0, 0.0
    with app.app_context():
        t = time.perf_counter()
        for chunk in EXPORT_FORMATS["jsonl"].chunks(export_records()):
            lines = chunk.count("\n") if isinstance(chunk, str) else chunk.count(b"\n")
            count += lines
            if count and count % 2000 < lines + 1:
                now = rss_mb()
                first, peak = first or now, max(peak, now)
            if count >= limit:
                break
        elapsed = time.perf_counter() - t
    return count, count / elapsed, first, max(peak, rss_mb())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--export-articles", type=int, default=20_000, help="how far to stream the export")
    args = parser.parse_args()
    # the jobs run in a thread of this process (JOBS_WORKER=inline), as under `make run`
    app = create_app({"SECRET_KEY": "bench", "JOBS_WORKER": "inline"})
    print(f"database: {re.sub(r'//[^@/]*@', '//', app.config['SQLALCHEMY_DATABASE_URI'])}")
    with app.app_context():
        upgrade()
        generate(args.articles)
        n_articles = db.session.scalar(select(func.count(Article.id)))
        middle = db.session.scalar(select(Article.id).order_by(Article.id).offset(n_articles // 2).limit(1))
        db.session.remove()
    client = app.test_client()
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text)
    assert token, "no login form"
    client.post("/login", data={"username": "bench", "password": "bench-password", "csrf_token": token.group(1)})
    pages = {
        "article list, first page": "/",
        "article list, page 1000": "/?page=1000",
        "article page": f"/articles/{middle}",
        "review API": f"/api/articles/{middle}/review",
    }
    print(f"{n_articles:,} articles; medians of {args.runs} runs; computed: with no cache, kept: from the caches")
    print(f"  {'':32} {'computed':>11} {'kept':>11}")
    for name, url in pages.items():

        def fetch(url: str = url) -> None:
            res = client.get(url)
            assert res.status_code == 200, (url, res.status_code)

        app.config.update(REVIEW_CACHE_SIZE=0)
        computed = median_time(fetch, args.runs)
        app.config.update(REVIEW_CACHE_SIZE=1000)
        kept = median_time(fetch, args.runs)
        print(f"  {name:32} {computed * 1000:8.1f} ms {kept * 1000:8.1f} ms", flush=True)
    print("  corpus counts: the page reading the last count; the job counting it (the app's own worker thread)")
    print(f"  {'':32} {'page':>11} {'count job':>11}")
    for name, url in counted_pages.items():
        counting = recount_seconds(app, client, url)

        def fetch(url: str = url) -> None:
            res = client.get(url)
            assert res.status_code == 200 and "Counting the figures" not in res.text, (url, res.status_code)

        page = median_time(fetch, args.runs)
        print(f"  {name:32} {page * 1000:8.1f} ms {counting:9.2f} s", flush=True)
    count, rate, first, peak = export_rate(app, args.export_articles)
    print(
        f"  JSONL export: {count:,} articles at {rate:,.0f}/s; RSS {first:.0f} MB at the start, {peak:.0f} MB at most"
    )


if __name__ == "__main__":
    main()
