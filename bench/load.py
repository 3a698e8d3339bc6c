"""Editors saving at once over HTTP: save latency, throughput, conflicts, and a check that no update was lost.

Prepares E editors with API tokens and one article of A attributions in DATABASE (through the app, as
`flask users create` and `flask users token` would), starts the server (`flask run`, or `make serve`'s
gunicorn with gunicorn.conf.py), then each editor makes S saves: PATCH /api/attributions/<id> with the
version it last saw, a few in a row on one attribution of the article and then on another at random, taking
the current version from the 409 answer and saving again when someone else got there first. Afterwards it
reads every attribution and its audit trail: every acknowledged save must be there, versions consecutive,
one audit event a save.

usage: .venv/bin/python bench/load.py --server serve [--database postgresql://postgres@127.0.0.1/load_s]
                                      [--editors 8] [--saves 500] [--attributions 32] [--burst 5] [--runs 3]
       .venv/bin/python bench/load.py --url http://127.0.0.1:8000 --database URL   (a server you started)
The database defaults to a throwaway SQLite file; never point it at a database you keep.

Figures (2 cores, quiet machine, Dec. 7; medians of 3 runs of 8 x 500; the README has the table): make serve on
PostgreSQL p95 38 ms, 224 saves/s; flask run on PostgreSQL 66 ms; make serve on SQLite 53 ms; flask run on SQLite
99 ms; no lost update in any run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select  # noqa: E402

from annotator.app import create_app  # noqa: E402
from annotator.extensions import db  # noqa: E402
from annotator.models import Attribution, Collection, Membership, User  # noqa: E402
from annotator.services import accounts  # noqa: E402
from annotator.services.editing import create_article  # noqa: E402

SENTENCE = "The council will vote on the bridge repairs next week, said Maria Lopez, the council's spokeswoman. "


@dataclass
class Editor:
    """What one editor saw: the latency of every PATCH, its acknowledged saves, its conflicts and failures."""

    latencies: list[float] = field(default_factory=list)
    saved: list[tuple[int, int, str]] = field(default_factory=list)  # (attribution id, new version, note)
    conflicts: int = 0
    failures: list[str] = field(default_factory=list)


def migrate(database: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": _sqlalchemy_url(database)})
    with app.app_context():
        upgrade()
        db.engine.dispose()


def _span(part: str) -> tuple[int, int]:
    start = SENTENCE.index(part)
    return start, start + len(part)


def prepare(database: str, editors: int, n_attributions: int) -> tuple[list[str], int, dict[int, int]]:
    """E editors with fresh tokens and a new article of A editor-made attributions."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": _sqlalchemy_url(database)})
    content, cue, source = _span("The council will vote on the bridge repairs next week"), _span("said"), _span("Maria")
    with app.app_context():
        tokens, users = [], []
        for i in range(editors):
            name = f"load-editor-{i}"
            user = accounts.find_user(name)
            if user is None:
                user = User(username=name, role="editor")
                user.set_password(f"load-password-{i}")
                db.session.add(user)
                db.session.commit()
            tokens.append(accounts.issue_token(user, 1))
            users.append(user)
        text = SENTENCE * n_attributions
        fields = {"text": text, "title": "Load", "outlet": None, "byline": None, "url": None, "published": None}
        # the editors work in a collection, as a newsroom's do: each save goes through its access rule
        article = create_article({**fields, "collection": "load"}, None, run_detection=False)
        collection = db.session.scalar(select(Collection).where(Collection.name == "load"))
        members = {m.user_id for m in collection.members}
        collection.members += [Membership(user_id=u.id, role="annotator") for u in users if u.id not in members]
        for k in range(n_attributions):
            start = k * len(SENTENCE)
            db.session.add(
                Attribution(
                    article_id=article.id,
                    kind="indirect",
                    origin="editor",
                    state="accepted",
                    credibility="unverified",
                    speaker="Maria Lopez",
                    content_start=start + content[0],
                    content_end=start + content[1],
                    cue_start=start + cue[0],
                    cue_end=start + cue[1],
                    source_start=start + source[0],
                    source_end=start + source[1] + len(" Lopez"),
                )
            )
        db.session.commit()
        versions = {a.id: a.version for a in article.attributions}
        db.session.remove()
        db.engine.dispose()
    return tokens, article.id, versions


def _sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(kind: str, database: str, log: Path) -> tuple[subprocess.Popen, str]:
    """`flask run` or `make serve` on a free port, its output in `log`; returns once /health answers."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database, "SECRET_KEY": "load-bench", "BIND": f"127.0.0.1:{port}"}
    if kind == "run":
        command = [str(ROOT / ".venv/bin/flask"), "run", "--host", "127.0.0.1", "--port", str(port)]
    else:  # make serve, without (re)installing the virtualenv
        command = ["make", "-s", "-o", ".venv/installed", "serve"]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server, base
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit(f"the server stopped; its output:\n{log.read_text()}")
        time.sleep(0.1)
    stop_server(server)
    raise SystemExit(f"the server did not answer /health in 30 s; its output:\n{log.read_text()}")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, 15)
    server.wait(timeout=30)


def call(conn: http.client.HTTPConnection, method: str, path: str, token: str, body: dict | None = None):
    headers = {"Authorization": f"Bearer {token}"}
    payload = None
    if body is not None:
        payload = json.dumps(body)
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=payload, headers=headers)
    res = conn.getresponse()
    data = res.read()
    return res.status, json.loads(data) if data else None


def edit(
    base: str, token: str, versions: dict[int, int], saves: int, burst: int, seed: int, go: threading.Event
) -> Editor:
    """One editor: `saves` acknowledged saves, `burst` in a row on one attribution (accept, speaker, role, note...)
    before moving to another at random; after a 409 it takes the current version from the answer and saves again."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    rng = random.Random(seed)
    seen = dict(versions)
    ids = sorted(seen)
    me = Editor()
    go.wait()
    aid = rng.choice(ids)
    for i in range(saves):
        if i % burst == 0:
            aid = rng.choice(ids)
        note = f"editor {seed} save {i}"
        while True:
            t = time.perf_counter()
            try:
                body = {"version": seen[aid], "note": note}
                status, data = call(conn, "PATCH", f"/api/attributions/{aid}", token, body)
            except (OSError, http.client.HTTPException) as err:
                me.failures.append(f"{type(err).__name__}: {err}")
                conn.close()
                break  # not acknowledged: the check below finds out whether it was saved
            me.latencies.append(time.perf_counter() - t)
            if status == 200:
                seen[aid] = data["version"]
                me.saved.append((aid, data["version"], note))
                break
            if status == 409:
                me.conflicts += 1
                seen[aid] = data["current"]["version"]
                continue
            me.failures.append(f"{status}: {data}")
            break
    conn.close()
    return me


def check(
    base: str, token: str, article_id: int, versions: dict[int, int], editors: list[Editor]
) -> tuple[int, list[str]]:
    """Every acknowledged save in the attribution and its audit trail, versions consecutive, one event a save.

    Returns how many acknowledged saves are missing from the audit trail, and every inconsistency found."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    saved: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for e in editors:
        for aid, version, note in e.saved:
            saved[aid].append((version, note))
    problems = []
    lost = 0
    status, article = call(conn, "GET", f"/api/articles/{article_id}", token)
    if status != 200:
        return 0, [f"could not read the article back: {status} {article}"]
    final = {a["id"]: a for a in article["attributions"]}
    for aid, first in versions.items():
        acked = sorted(saved[aid])
        _, history = call(conn, "GET", f"/api/attributions/{aid}/history", token)
        events = [e for e in history["events"] if e["action"] == "attribution.update"]
        updates = sorted((e["after"]["version"], e["after"]["note"]) for e in events)
        expected_versions = list(range(first + 1, first + 1 + len(acked)))
        if [v for v, _ in acked] != expected_versions:
            problems.append(f"attribution {aid}: acknowledged versions not consecutive from {first + 1}")
        missing = set(acked) - set(updates)
        lost += len(missing)
        if missing:
            problems.append(f"attribution {aid}: {len(missing)} acknowledged saves missing from the audit trail")
        if len(updates) != len(acked):
            problems.append(f"attribution {aid}: {len(updates)} audit events for {len(acked)} saves")
        last = acked[-1] if acked else (first, None)
        if (final[aid]["version"], final[aid]["note"]) != last:
            problems.append(f"attribution {aid}: ends at version {final[aid]['version']}, the last save was {last}")
    conn.close()
    return lost, problems


def one_run(base: str, database: str, editors: int, saves: int, n_attributions: int, burst: int) -> dict:
    tokens, article_id, versions = prepare(database, editors, n_attributions)
    url = urllib.parse.urlsplit(base)
    for token in tokens * 2:  # worker processes and their database connections up before the clock starts
        warm = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        call(warm, "GET", f"/api/articles/{article_id}", token)
        warm.close()
    go = threading.Event()
    results: list[Editor] = [Editor()] * editors
    threads = []
    for i, token in enumerate(tokens):

        def work(i: int = i, token: str = token) -> None:
            results[i] = edit(base, token, versions, saves, burst, i, go)

        threads.append(threading.Thread(target=work))
    for t in threads:
        t.start()
    started = time.perf_counter()
    go.set()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(x for e in results for x in e.latencies)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    lost, problems = check(base, tokens[0], article_id, versions, results)
    failures = [f for e in results for f in e.failures]
    return {
        "p50": cuts[49] * 1000,
        "p95": cuts[94] * 1000,
        "p99": cuts[98] * 1000,
        "saves_per_s": sum(len(e.saved) for e in results) / elapsed,
        "conflicts": sum(e.conflicts for e in results),
        "failed": len(failures),
        "lost": lost,
        "inconsistent": len(problems),
        "problems": problems[:10] + failures[:10],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--server", choices=("run", "serve"), default="serve", help="flask run, or make serve (gunicorn)")
    ap.add_argument("--url", help="a server already running on --database, instead of starting one")
    ap.add_argument("--database", help="database URL (default: a throwaway SQLite file)")
    ap.add_argument("--editors", type=int, default=8)
    ap.add_argument("--saves", type=int, default=500, help="acknowledged saves per editor")
    ap.add_argument("--attributions", type=int, default=32, help="attributions of the article all editors edit")
    ap.add_argument("--burst", type=int, default=5, help="saves in a row on one attribution before the next")
    ap.add_argument("--runs", type=int, default=3, help="runs on the same server, each on a new article")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="load-"))
    database = args.database or f"sqlite:///{tmp / 'load.sqlite'}"
    migrate(database)  # before the server starts
    server = None
    base = args.url
    if base is None:
        server, base = start_server(args.server, database, tmp / "server.log")
    label = args.url or {"run": "flask run", "serve": "make serve"}[args.server]
    engine = database.split(":", 1)[0]
    print(f"{label} on {engine}: {args.editors} editors x {args.saves} saves, {args.attributions} attributions")
    runs = []
    try:
        for n in range(args.runs):
            r = one_run(base, database, args.editors, args.saves, args.attributions, args.burst)
            runs.append(r)
            print(
                f"run {n + 1}: p50 {r['p50']:.1f} ms  p95 {r['p95']:.1f} ms  p99 {r['p99']:.1f} ms  "
                f"{r['saves_per_s']:.0f} saves/s  409s {r['conflicts']}  failed {r['failed']}  lost {r['lost']}  "
                f"inconsistencies {r['inconsistent']}"
            )
            for p in r["problems"]:
                print("   ", p)
    finally:
        if server is not None:
            stop_server(server)

    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    lost = sum(r["lost"] for r in runs)
    bad = sum(r["lost"] + r["inconsistent"] + r["failed"] for r in runs)
    print("| server | database | p50 ms | p95 ms | p99 ms | saves/s | 409s | lost updates |")
    print(
        f"| {label} | {engine} | {med('p50'):.1f} | {med('p95'):.1f} | {med('p99'):.1f} | "
        f"{med('saves_per_s'):.0f} | {med('conflicts'):.0f} | {lost} |  (medians of {len(runs)} runs)"
    )
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
