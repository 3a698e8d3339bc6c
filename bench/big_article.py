"""What one big article costs: creating it (API, or an uploaded .html file), its page, report, review API, export.

Generates two articles of about 1 MB from sentence templates (no third-party text): one with a quote or
attribution in nearly every sentence (the attack: detection stops at MAX_ATTRIBUTIONS_PER_ARTICLE), and
one of prose with a source in one sentence of 25 (detection reads the whole megabyte); a 10 kB article
of the first kind is the in-process baseline. Each request runs in a fresh child process on a throwaway
SQLite database, so the peak resident memory a step prints (`ru_maxrss` of that child) is the peak of
that request plus the app it runs in; the child reports its resident memory before the request too.

usage: .venv/bin/python bench/big_article.py [--runs 3] [--bytes 1000000] [--steps create,page,...]
"""

from __future__ import annotations

import argparse
import html
import io
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("create", "upload", "page", "report", "review", "export")
PASSWORD = "bench-password"

FIRST = "Maria James Ahmed Li Sofia Daniel Amara Oleg Priya Tomás Grace Kenji Fatima Samuel Irina Luis".split()
LAST = (
    "Lopez Carter Haddad Wei Rossi Okafor Mensah Petrov Sharma Alvarez Bennett Tanaka Khan Mwangi Novak Ortiz".split()
)
ORGS = (
    "the Ministry of Health",
    "the city council",
    "the Red Cross",
    "the Pentagon",
    "the World Bank",
    "Harbor Freight Union",
    "the state police",
    "the National Weather Service",
    "Riverside Hospital",
    "the Department of Education",
)
ROLES = ("a spokeswoman", "a spokesman", "the director", "an economist", "a senior official", "a doctor", "the mayor")
UNNAMED = (
    "officials familiar with the talks",
    "two people briefed on the matter",
    "a senior diplomat",
    "residents",
    "aid workers",
)
REASONS = (
    "who spoke on condition of anonymity because they were not authorized to discuss the matter",
    "who asked not to be named for fear of reprisals",
)
CLAIMS = (
    "the budget would be cut by a third next year",
    "the bridge had been closed since the storm",
    "negotiations were expected to resume on Monday",
    "the hospital had run out of beds by the weekend",
    "the river was still rising in the northern districts",
    "the new rules would take effect in the spring",
    "thousands of families had left the area",
    "the company had not paid its workers for months",
)
QUOTES = (
    "We are doing everything we can, but the situation is getting worse by the hour",
    "Nobody told us anything until the water was at the door",
    "This is the hardest winter we have seen in a generation",
    "We will not accept a deal that leaves our members behind",
    "The numbers speak for themselves",
    "I have never seen anything like it in thirty years of work",
    "People are tired, and they want answers",
    "It is too early to say what caused the collapse",
)
FILLER = (
    "The council is due to vote on the plan later this month.",
    "Rain fell for a third straight day across the region on Tuesday.",
    "The town of about 40,000 people sits on a bend of the river.",
    "Schools in the area remained closed for the rest of the week.",
)
# More sentences without a source, for the article of plain prose.
MORE_FILLER = (
    "Power was restored to most homes by Thursday evening.",
    "The last comparable flood, in 1987, destroyed two bridges and the old mill.",
    "Insurance assessors walked the worst-hit streets on Friday.",
    "Volunteers filled sandbags outside the fire station through the night.",
)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _sentence(rng: random.Random) -> str:
    """One sentence of news prose; seven in eight carry a direct, indirect or unnamed attribution."""
    name, org, role = _name(rng), rng.choice(ORGS), rng.choice(ROLES)
    pick = rng.randrange(8)
    if pick == 0:
        return f"“{rng.choice(QUOTES)},” said {name}, {role} at {org}."
    if pick == 1:
        return f"{name}, {role} for {org}, said {rng.choice(CLAIMS)}."
    if pick == 2:
        return f"“{rng.choice(QUOTES)},” {rng.choice(('he', 'she'))} added."
    if pick == 3:
        return f"{rng.choice(UNNAMED).capitalize()}, {rng.choice(REASONS)}, said {rng.choice(CLAIMS)}."
    if pick == 4:
        return f"According to {org}, {rng.choice(CLAIMS)}."
    if pick == 5:
        return f"{name} told reporters that {rng.choice(CLAIMS)}."
    if pick == 6:
        return f"“{rng.choice(QUOTES)},” {name} said. “{rng.choice(QUOTES)}.”"
    return rng.choice(FILLER)


def _prose_sentence(rng: random.Random, quoted: float) -> str:
    """A sentence of `_sentence` for a share `quoted` of them, else one without a source."""
    return _sentence(rng) if rng.random() < quoted else rng.choice(FILLER + MORE_FILLER)


def make_text(size: int, quoted: float | None = None, seed: int = 10) -> str:
    """Paragraphs of two to four sentences, up to `size` UTF-8 bytes: of `_sentence`, or of `_prose_sentence`
    with a share `quoted` of them from `_sentence`."""
    rng = random.Random(seed)
    paragraphs, total = [], 0
    while True:
        sentences = (
            _sentence(rng) if quoted is None else _prose_sentence(rng, quoted) for _ in range(rng.randint(2, 4))
        )
        paragraph = " ".join(sentences)
        total += len(paragraph.encode()) + 2
        if total > size:
            return "\n\n".join(paragraphs)
        paragraphs.append(paragraph)


# --- the child: one request in a fresh process ------------------------------------------------------------


def _app(database: Path):
    sys.path.insert(0, str(ROOT))
    from annotator.app import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SECRET_KEY": "bench",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        }
    )


def _logged_in(app):
    import re

    client = app.test_client()
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token})
    return client, re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)  # type: ignore[union-attr]


def setup(database: Path) -> None:
    """Migrate the empty database and add the bench user."""
    from flask_migrate import upgrade

    app = _app(database)
    from annotator.extensions import db
    from annotator.models import User

    with app.app_context():
        upgrade()
        user = User(username="bench", role="editor")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()


def child(step: str, database: Path, payload: str) -> dict:
    """Run one step and report its wall time, resident memory before it and peak resident memory."""
    app = _app(database)
    client, csrf = _logged_in(app)
    if step in ("create", "upload"):
        with app.app_context():  # load spaCy first: the step measures the request, not the model loading
            from annotator import detector

            detector.detect("Warm-up text, she said.")
    if step == "create":
        body = json.loads(Path(payload).read_text(encoding="utf-8"))
        request = lambda: client.post("/api/articles", json=body, headers={"X-CSRFToken": csrf})  # noqa: E731
    elif step == "upload":  # the paste form with an .html file, as the attack came
        page = Path(payload).with_suffix(".html").read_bytes()
        form = {"csrf_token": csrf, "title": "", "text": "", "upload": (io.BytesIO(page), "article.html")}
        request = lambda: client.post("/articles/new", data=form, content_type="multipart/form-data")  # noqa: E731
    else:
        article_id, collection = payload.split(":")
        path = {
            "page": f"/articles/{article_id}",
            "report": f"/articles/{article_id}/review",
            "review": f"/api/articles/{article_id}/review",
            "export": f"/export?format=jsonl&collection={collection}",
        }[step]
        request = lambda: client.get(path)  # noqa: E731
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    res = request()
    seconds = time.perf_counter() - start
    assert res.status_code in (200, 201, 302), (step, res.status_code, res.text[:300])
    out = {
        "seconds": seconds,
        "before_mib": before,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    out["bytes"] = len(res.data)
    if step == "create":
        out["id"] = res.json["id"]
        out["attributions"] = len(res.json["attributions"])
    return out


# --- the parent: stays small, so a child's resident memory is its own -------------------------------------


def _run(*args: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if proc.returncode:
        sys.exit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(label: str, text: str, database: Path, runs: int, steps: list[str]) -> dict[str, dict]:
    body = Path(database.parent / f"{label}.json")
    # the export filters on a collection that holds this one article
    body.write_text(json.dumps({"title": f"Bench {label}", "text": text, "collection": f"bench-{label}"}))
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n\n"))
    body.with_suffix(".html").write_text(
        f"<html><head><title>Bench {label}</title></head><body><article>{paragraphs}</article></body></html>"
    )
    results: dict[str, dict] = {}
    first = _run("--child", "create", str(database), str(body))
    article = f"{first['id']}:bench-{label}"
    for step in steps:
        samples = [first] if step == "create" else []
        while len(samples) < runs:
            samples.append(_run("--child", step, str(database), str(body) if step in ("create", "upload") else article))
        results[step] = {
            "seconds": statistics.median(s["seconds"] for s in samples),
            "before_mib": statistics.median(s["before_mib"] for s in samples),
            "peak_mib": max(s["peak_mib"] for s in samples),
            "bytes": samples[-1]["bytes"],
        }
    results["create"] = results.get("create", {}) | {"attributions": first["attributions"]}
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bytes", type=int, default=1_000_000)
    ap.add_argument("--steps", default=",".join(STEPS))
    ap.add_argument("--child", nargs=3, metavar=("STEP", "DATABASE", "PAYLOAD"), help=argparse.SUPPRESS)
    ap.add_argument("--setup", metavar="DATABASE", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.setup:
        setup(Path(args.setup))
        print("{}")
        return
    if args.child:
        step, database, payload = args.child
        print(json.dumps(child(step, Path(database), payload)))
        return

    steps = [s for s in args.steps.split(",") if s]
    tmp = Path(tempfile.mkdtemp())
    database = tmp / "bench.sqlite"
    _run("--setup", str(database))
    # quotes: an attribution in nearly every sentence (the attack); prose: one sentence in 25, so that
    # detection reads the whole megabyte without reaching the attribution limit
    texts = {"quotes": make_text(args.bytes), "prose": make_text(args.bytes, quoted=0.04)}
    small = make_text(10_000)
    print(
        f"articles of {len(texts['quotes'].encode()):,} bytes (quotes) and {len(texts['prose'].encode()):,} bytes "
        f"(prose), baseline {len(small.encode()):,} bytes of quotes; "
        f"{args.runs} runs a step, each in a fresh process; median time, highest peak"
    )
    base = measure("baseline", small, database, args.runs, steps)
    print(f"baseline: {base['create']['attributions']} attributions detected")
    for label, text in texts.items():
        big = measure(label, text, database, args.runs, steps)
        print(f"{label}: {big['create']['attributions']:,} attributions detected")
        for step in steps:
            b, m = base[step], big[step]
            print(
                f"  {step:7s} {m['seconds']:7.2f} s  peak {m['peak_mib']:5.0f} MiB (idle {m['before_mib']:4.0f})  "
                f"{m['bytes'] / 1e6:6.2f} MB out | baseline {b['seconds']:6.3f} s  peak {b['peak_mib']:4.0f} MiB"
                f" | {m['seconds'] / b['seconds']:6.1f}x time, {m['peak_mib'] / b['peak_mib']:4.2f}x memory"
            )


if __name__ == "__main__":
    main()
