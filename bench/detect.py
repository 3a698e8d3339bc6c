"""Benchmark: bare `nlp.pipe` versus `detect_many` over a folder of .txt files, in one process.

usage: python bench/detect.py FOLDER [--runs 5] [--model NAME]
Prints docs/s, tokens/s and peak traced memory (medians of the runs) and the cost ratios; the middle row
parses exactly as detect_many does (paragraph breaks preset) without the detector, to isolate its cost.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.nlp import detect_many, get_nlp  # noqa: E402
from annotator.nlp.pipeline import BATCH_SIZE  # noqa: E402


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
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.folder.glob("*.txt"))]
    if not texts:
        sys.exit(f"no .txt files in {args.folder}")
    nlp = get_nlp(args.model)
    ours = [n for n in nlp.pipe_names if n in ("attribution_detector", "paragraph_breaks")]
    tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts))

    def bare() -> None:
        with nlp.select_pipes(disable=ours):
            for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):  # the batch size detect_many uses
                pass

    def split_only() -> None:  # the same parse detect_many gets (paragraph breaks preset), no detector
        with nlp.select_pipes(disable=["attribution_detector"]):
            for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
                pass

    def detect() -> None:
        for _ in detect_many(texts):
            pass

    runners = {"nlp.pipe": bare, "+paragraphs": split_only, "detect_many": detect}
    bare(), detect()  # warm up: the first calls allocate the models' buffers
    # Peak memory from one traced run each (tracing slows Python code, so timings come from untraced runs).
    peaks = {name: _timed(fn)[1] / 2**20 for name, fn in runners.items()}
    times: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(args.runs):  # interleaved, so drift in machine load hits both alike
        for name, fn in runners.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    print(f"{len(texts)} docs, {tokens} tokens, median of {args.runs} runs, "
          f"pipeline {nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}")
    medians = {}
    for name in runners:
        secs = medians[name] = statistics.median(times[name])
        print(f"{name:12} {secs:7.2f} s  {len(texts) / secs:8.1f} docs/s  {tokens / secs:9.0f} tokens/s"
              f"  peak traced memory {peaks[name]:7.1f} MiB")
    ratio = medians["detect_many"] / medians["nlp.pipe"]
    print(f"detect_many / nlp.pipe = {ratio:.3f}  ({(ratio - 1) * 100:+.1f}%, bar: at most +10%)")
    own = medians["detect_many"] / medians["+paragraphs"]
    print(f"detect_many / (nlp.pipe + paragraph breaks) = {own:.3f}"
          f"  (the detector's own cost: {(own - 1) * 100:+.1f}%)")


if __name__ == "__main__":
    main()
