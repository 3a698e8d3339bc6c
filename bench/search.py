"""How fast search answers on a newsroom-sized corpus: claims and articles by word, phrase, speaker and filters.

Generates the corpus of bench/scale.py (through the importer, so the full-text indexes are written by
their triggers as in any import) into the configured database (DATABASE_URL, else the instance SQLite
file), renames the speaker of three claims to a name found nowhere else (through the editing service,
as an editor would), then prints the median time of each query over repeated runs, through the whole
HTTP stack (`/api/search/claims`, `/api/articles`), as an admin and as the member of one collection.
Each must answer in under 0.5 s at 100,000 articles; a slower one is flagged. The generator adds only
what is missing, so a second run reuses the corpus.

usage: DATABASE_URL=postgresql://postgres@127.0.0.1/search_q .venv/bin/python bench/search.py [--articles 100000]
       [--runs 5]
Run it on a scratch database: it writes N articles, a `bench` admin and a `bench-member` editor.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from flask_migrate import upgrade
from scale import bench_user, generate, median_time
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, Attribution, Collection, Membership, User
from annotator.services import editing

RARE_SPEAKER = "Zbigniew Quillfeather"
LIMIT_SECONDS = 0.5


def rare_speaker(n_articles: int) -> None:
    """Three claims, spread over the corpus, said by RARE_SPEAKER (an editor's correction, indexed by the trigger)."""
    user = bench_user()
    if db.session.scalar(select(func.count()).where(Attribution.speaker == RARE_SPEAKER)):
        return
    for at in (n_articles // 10, n_articles // 2, n_articles - 5):
        article_id = db.session.scalar(select(Article.id).order_by(Article.id).offset(at).limit(1))
        claim = db.session.scalar(select(Attribution).where(Attribution.article_id == article_id).limit(1))
        assert claim is not None
        editing.update_attribution(claim, {"speaker": RARE_SPEAKER}, claim.version, user)


def member() -> None:
    """`bench-member`, an editor in the collection `politics` only: their searches carry the access condition."""
    if db.session.scalar(select(User).where(User.username == "bench-member")):
        return
    user = User(username="bench-member", role="editor")
    user.set_password("bench-password")
    db.session.add(user)
    db.session.flush()
    politics = db.session.scalar(select(Collection).where(Collection.name == "politics"))
    assert politics is not None, "the generated corpus has a `politics` collection"
    db.session.add(Membership(collection_id=politics.id, user_id=user.id, role="annotator"))
    db.session.commit()


def logged_in(app, username: str):
    client = app.test_client()
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text)
    assert token, "no login form"
    res = client.post("/login", data={"username": username, "password": "bench-password", "csrf_token": token.group(1)})
    assert res.status_code == 302, res.status_code
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from annotator.app import create_app

    app = create_app({"SECRET_KEY": "bench", "REVIEW_CACHE_SIZE": 0, "FIGURES_CACHE_SECONDS": 0})
    print(f"database: {re.sub(r'//[^@/]*@', '//', app.config['SQLALCHEMY_DATABASE_URI'])}")
    with app.app_context():
        upgrade()
        generate(args.articles)
        n_articles = db.session.scalar(select(func.count(Article.id))) or 0
        rare_speaker(n_articles)
        member()
        n_claims = db.session.scalar(select(func.count(Attribution.id)))
        db.session.remove()
    some = n_articles * 7 // 9  # an article number the generator wrote, for the rare phrases
    speaker = quote(RARE_SPEAKER)
    queries = {
        "claims: rare speaker": f"/api/search/claims?speaker={speaker}",
        "claims: common word": "/api/search/claims?q=plan",
        "claims: common phrase": '/api/search/claims?q="how the town works"',
        "claims: rare phrase": f'/api/search/claims?q="item {some}"',
        "claims: word, excluded word": "/api/search/claims?q=plan+-officials",
        "claims: word and filters": "/api/search/claims?q=plan&status=anonymous_reason_given&outlet=Outlet+3",
        "claims: filters only": "/api/search/claims?status=anonymous_no_reason&speaker_type=unnamed_group"
        "&state=accepted&collection=politics",
        "claims: filters, date range": "/api/search/claims?affiliation=NATO&start=2024-03-01&end=2024-03-31",
        "claims: common word, page 100": "/api/search/claims?q=plan&page=100",
        "articles: common word": "/api/articles?q=council",
        "articles: rare phrase": f'/api/articles?q="report {some}"',
        "articles: rare speaker": f"/api/articles?speaker={speaker}",
        "articles: claim filters": "/api/articles?status=anonymous_no_reason&review_state=in_review",
        "articles: filters only": "/api/articles?outlet=Outlet+3&collection=politics&start=2024-01-01&end=2024-06-30",
        "articles: list, page 1000": "/api/articles?page=1000",
    }
    print(f"{n_articles:,} articles, {n_claims:,} claims; medians of {args.runs} runs")
    print(f"  {'':34} {'admin':>10} {'member':>10}  results (admin)")
    slow = []
    clients = {"admin": logged_in(app, "bench"), "member": logged_in(app, "bench-member")}
    for name, url in queries.items():
        times, total = {}, ""
        for who, client in clients.items():

            def fetch(url: str = url, client=client) -> dict:
                res = client.get(url)
                assert res.status_code == 200, (url, res.status_code, res.text[:300])
                return res.json

            times[who] = median_time(fetch, args.runs)
            if who == "admin":
                body = fetch()
                total = f"{body['total']:,}" if body["total"] is not None else "a page, more follow"
            if times[who] >= LIMIT_SECONDS:
                slow.append(f"{name} ({who})")
        print(
            f"  {name:34} {times['admin'] * 1000:7.1f} ms {times['member'] * 1000:7.1f} ms  {total}",
            flush=True,
        )
    print(f"slower than {LIMIT_SECONDS} s: {', '.join(slow)}" if slow else f"every query under {LIMIT_SECONDS} s")


if __name__ == "__main__":
    main()
