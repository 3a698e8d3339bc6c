"""How fast the article page opens: server render time and browser time to a workable page.

Builds a 25 kB article with 100 attributions (content, cue and source each) in a throwaway
SQLite database, then prints medians over repeated runs for the page with its highlights and,
as the in-process baseline, the same article with none.

usage: .venv/bin/python bench/page.py [--runs 15] [--no-browser]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from werkzeug.serving import make_server

from annotator.app import create_app
from annotator.extensions import db
from annotator.models import Attribution, User
from annotator.services.editing import create_article

SENTENCE = '"The river rose faster than anyone expected this spring," said Maria Lopez, a hydrologist. '
FILLER = (
    "The town council met on Tuesday to discuss the budget for the coming year, the repairs to the old "
    "bridge and the new school, and the plans for the flood defences along the river bank. "
) * 2


def build_text(n_quotes: int = 100, size: int = 25_000) -> str:
    per = size // n_quotes - 2  # two characters of paragraph break each
    return "\n\n".join((SENTENCE + FILLER)[:per] for _ in range(n_quotes))


def add_marks(article) -> int:
    count = 0
    for m in re.finditer(r'(".*?,")( said )(Maria Lopez)', article.text):
        db.session.add(
            Attribution(
                article_id=article.id,
                kind="direct",
                origin="model",
                state="suggested",
                status="on_record",
                speaker="Maria Lopez",
                speaker_type="person",
                confidence=0.9,
                content_start=m.start(1),
                content_end=m.end(1),
                cue_start=m.start(2) + 1,
                cue_end=m.end(2) - 1,
                source_start=m.start(3),
                source_end=m.end(3),
            )
        )
        count += 1
    db.session.commit()
    return count


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp())
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite'}", "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
        user = User(username="bench", role="editor")
        user.set_password("bench-password")
        db.session.add(user)
        db.session.commit()
        text = build_text()
        fields = {
            "text": text,
            "title": "Bench",
            "outlet": None,
            "byline": None,
            "url": None,
            "published": None,
            "collection": None,
        }
        marked = create_article(dict(fields), user, run_detection=False)
        n = add_marks(marked)
        plain = create_article(dict(fields), user, run_detection=False)
        ids = {"with 100 attributions": marked.id, "baseline, no attributions": plain.id}
    print(f"article: {len(text.encode()):,} bytes, {n} attributions; {args.runs} runs each; medians")

    client = app.test_client()
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": "bench", "password": "bench-password", "csrf_token": token})
    server = {}
    for label, article_id in ids.items():
        client.get(f"/articles/{article_id}")  # warm up templates and caches
        samples = []
        for _ in range(args.runs):
            t = time.perf_counter()
            res = client.get(f"/articles/{article_id}")
            samples.append(time.perf_counter() - t)
            assert res.status_code == 200
        server[label] = median_ms(samples)
        print(f"server render  {label:28s} {server[label]:7.1f} ms   ({len(res.data):,} bytes of HTML)")
    ratio = server["with 100 attributions"] / server["baseline, no attributions"]
    print(f"server ratio   100 attributions / baseline   {ratio:.2f}x")

    if args.no_browser:
        return
    from playwright.sync_api import sync_playwright

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    flags = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=flags)
        page = browser.new_page()
        page.goto(base + "/login")
        page.fill("#username", "bench")
        page.fill("#password", "bench-password")
        page.click("button[type=submit]")
        browser_ms = {}
        for label, article_id in ids.items():
            ready, first = [], []
            for _ in range(args.runs):
                page.goto(f"{base}/articles/{article_id}")
                page.wait_for_selector("body[data-ready=true]")
                nav = page.evaluate("JSON.stringify(performance.getEntriesByType('navigation')[0])")
                paint = page.evaluate("JSON.stringify(performance.getEntriesByType('paint'))")
                nav, paint = json.loads(nav), json.loads(paint)
                ready.append(nav["domContentLoadedEventEnd"] / 1000)
                fcp = [e["startTime"] for e in paint if e["name"] == "first-contentful-paint"]
                first.append((fcp[0] if fcp else nav["domContentLoadedEventEnd"]) / 1000)
            browser_ms[label] = median_ms(ready)
            print(
                f"browser        {label:28s} script done {median_ms(ready):6.1f} ms   "
                f"first highlight painted {median_ms(first):6.1f} ms"
            )
        print(
            f"browser ratio  100 attributions / baseline   "
            f"{browser_ms['with 100 attributions'] / browser_ms['baseline, no attributions']:.2f}x"
        )
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main()
