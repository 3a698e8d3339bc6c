"""Benchmark: bare `nlp.pipe` of the base model versus detection, over a folder of .txt files, in one process.

usage: python bench/detect.py FOLDER [--runs 5] [--model NAME]
       python bench/detect.py FOLDER --megabyte     (peak resident memory of detecting one 1 MB article)
Prints docs/s, tokens/s and peak traced memory (medians of the runs) and the cost ratios of detection with
the rules alone and with the rules plus the current span model, each against the bare base pipeline.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.nlp import detect_many, get_nlp
from annotator.nlp.pipeline import BATCH_SIZE, RULES_ONLY, detector_version

# The components detection adds to the base pipeline.
ADDED = ("attribution_spans", "span_model_handoff", "paragraph_breaks", "attribution_detector")


def _timed(fn) -> tuple[float, int]:
    """Seconds and peak traced memory (bytes) of one call."""
    tracemalloc.start()
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--model", default=None)
    ap.add_argument("--megabyte", action="store_true", help="measure peak memory on one 1 MB article instead")
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.folder.glob("*.txt"))]
    if not texts:
        sys.exit(f"no .txt files in {args.folder}")
    if args.megabyte:
        return _megabyte(texts, args.model)
    nlp = get_nlp(args.model)
    ours = [n for n in nlp.pipe_names if n in ADDED]
    tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts))

    def bare() -> None:
        with nlp.select_pipes(disable=ours):
            for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):  # the batch size detect_many uses
                pass

    def rules() -> None:
        for _ in detect_many(texts, model=args.model, spans=RULES_ONLY):
            pass

    def hybrid() -> None:
        for _ in detect_many(texts, model=args.model):
            pass

    runners = {"nlp.pipe": bare, "rules": rules, "rules+model": hybrid}
    for fn in runners.values():  # warm up: the first calls load and allocate the models' buffers
        fn()
    # Peak memory from one traced run each (tracing slows Python code, so timings come from untraced runs).
    peaks = {name: _timed(fn)[1] / 2**20 for name, fn in runners.items()}
    times: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(args.runs):  # interleaved, so drift in machine load hits all alike
        for name, fn in runners.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    print(
        f"{len(texts)} docs, {tokens} tokens, median of {args.runs} runs, "
        f"pipeline {nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}, span model {detector_version(nlp)}"
    )
    medians = {}
    for name in runners:
        secs = medians[name] = statistics.median(times[name])
        print(
            f"{name:12} {secs:7.2f} s  {len(texts) / secs:8.1f} docs/s  {tokens / secs:9.0f} tokens/s"
            f"  peak traced memory {peaks[name]:7.1f} MiB"
        )
    for name in ("rules", "rules+model"):
        ratio = medians[name] / medians["nlp.pipe"]
        print(f"{name} / nlp.pipe = {ratio:.3f}  ({(ratio - 1) * 100:+.1f}%, bar: at most 1.5x)")


def _megabyte(texts: list[str], model: str | None) -> None:
    """Peak resident memory of the process after detecting one article of about 1 MB (texts repeated)."""
    article = ""
    while len(article.encode("utf-8")) < 1_000_000:
        article += "\n\n".join(texts)
    article = article.encode("utf-8")[:1_000_000].decode("utf-8", "ignore")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    start = time.perf_counter()
    found = detect_many([article], model=model)
    count = len(next(found))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    print(
        f"1 MB article: {count} attributions in {seconds:.1f} s; peak resident memory {peak:.0f} MiB "
        f"(before detection {before:.0f} MiB; bar: under 1,536 MiB)"
    )


if __name__ == "__main__":
    main()
