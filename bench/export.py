"""Corpus export and import speed: articles per second and peak memory, on a generated corpus.

Generates N articles (~5 kB, 20 attributions each) into a throwaway SQLite database, then times
each export format and the JSONL import, every phase in a fresh process so that its peak memory
(VmHWM) is its own. The baseline is reading the same rows without writing anything, so the
ratio shows what formatting costs. A second, smaller corpus shows whether memory grows with size.

usage: .venv/bin/python bench/export.py [--articles 10000] [--runs 3] [--formats jsonl,csv,...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARAGRAPH = (
    '"The ground campaign has largely amounted to chasing the cell around the battlefield," said '
    "Jennifer Cafarella, a Syria expert. Command and control is now in the city, said several officials, "
    "who weren't authorized to speak publicly. "
)


def make_records(n: int):
    from annotator.formats.records import AttributionRecord, CorpusArticle

    text = (PARAGRAPH + "\n\n") * 20
    step = len(PARAGRAPH) + 2
    q_end = PARAGRAPH.index("said") - 1
    for i in range(n):
        atts = [
            AttributionRecord(
                "direct",
                (k * step, k * step + q_end),
                cue=(k * step + q_end + 1, k * step + q_end + 5),
                source=(k * step + q_end + 6, k * step + q_end + 24),
                speaker="Jennifer Cafarella",
                speaker_type="person",
                role="Syria expert",
                status="on_record",
                confidence=0.9,
                origin="model",
                state="suggested",
            )
            for k in range(20)
        ]
        yield CorpusArticle(
            text=text,
            title=f"Article {i}",
            outlet=("AP", "Reuters", "BBC")[i % 3],
            collection="bench",
            attributions=atts,
        )


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def app_for(db_path: Path):
    from annotator.app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", "SECRET_KEY": "bench"})


def phase(kind: str, db_path: Path, fmt: str, source: Path | None) -> dict:
    """One measured phase, run inside a child process; prints its figures as JSON."""
    app = app_for(db_path)
    with app.app_context():
        from annotator.formats.detect_format import EXPORT_FORMATS, read_corpus
        from annotator.formats.records import collect
        from annotator.services import corpus

        start = time.perf_counter()
        if kind == "baseline":
            n = sum(1 for _ in corpus.export_records())
        elif kind == "export":
            n = 0
            spec = EXPORT_FORMATS[fmt]
            with open("/dev/null", "wb" if spec.binary else "w") as sink:
                for chunk in spec.chunks(corpus.export_records()):
                    sink.write(chunk)
            n = corpus.count()
        else:  # import
            report = collect(read_corpus(source, "jsonl"))
            n, _ = corpus.import_records(report.records, None, collection="imported")
        seconds = time.perf_counter() - start
    return {"articles": n, "seconds": seconds, "peak_mb": peak_mb()}


def child(kind: str, db_path: Path, fmt: str = "", source: Path | None = None) -> dict:
    args = [sys.executable, __file__, "--phase", kind, "--db", str(db_path), "--format", fmt]
    if source:
        args += ["--source", str(source)]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def build(db_path: Path, n: int, jsonl: Path) -> None:
    from flask_migrate import upgrade

    from annotator.formats.jsonl import iter_jsonl
    from annotator.services import corpus

    with jsonl.open("w", encoding="utf-8") as fh:
        fh.writelines(iter_jsonl(make_records(n)))
    app = app_for(db_path)
    with app.app_context():
        upgrade()
        corpus.import_records(make_records(n), None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--formats", default="jsonl,csv,brat,webannotation,spacy")
    ap.add_argument("--phase")
    ap.add_argument("--db", type=Path)
    ap.add_argument("--format", default="")
    ap.add_argument("--source", type=Path)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.db, args.format, args.source)))
        return

    tmp = Path(tempfile.mkdtemp())
    sizes = (args.articles // 5, args.articles)
    for n in sizes:
        build(tmp / f"{n}.sqlite", n, tmp / f"{n}.jsonl")
    print(
        f"corpus: {args.articles:,} articles of {len((PARAGRAPH + chr(10) * 2) * 20):,} characters, "
        f"20 attributions each; medians of {args.runs} runs; each phase in a fresh process"
    )
    print(f"{'phase':28s} {'articles/s':>11s} {'ratio':>7s} {'peak MB':>8s}   peak MB at {sizes[0]:,}")
    results = {}
    for label, kind, fmt in [
        ("baseline: read rows only", "baseline", ""),
        *((f"export {f}", "export", f) for f in args.formats.split(",")),
        ("import jsonl", "import", "jsonl"),
    ]:
        runs, small = [], None
        for _ in range(args.runs):
            db_path = tmp / f"{args.articles}.sqlite"
            if kind == "import":  # a fresh database each run, so every run imports into the same state
                db_path = tmp / "import.sqlite"
                db_path.unlink(missing_ok=True)
                app = app_for(db_path)
                with app.app_context():
                    from flask_migrate import upgrade

                    upgrade()
            runs.append(child(kind, db_path, fmt, tmp / f"{args.articles}.jsonl"))
        if kind == "export":
            small = child(kind, tmp / f"{sizes[0]}.sqlite", fmt)
        rate = statistics.median(r["articles"] / r["seconds"] for r in runs)
        results[label] = rate
        ratio = results["baseline: read rows only"] / rate
        peak = statistics.median(r["peak_mb"] for r in runs)
        print(
            f"{label:28s} {rate:11,.0f} {ratio:6.2f}x {peak:8.0f}   {small['peak_mb']:8.0f}"
            if small
            else f"{label:28s} {rate:11,.0f} {ratio:6.2f}x {peak:8.0f}"
        )
    print("ratio: time per article relative to the baseline (reading the rows without writing them)")


if __name__ == "__main__":
    main()
