"""Ceiling: what a detector that followed GUIDELINES.md perfectly would score on a PolNeAR folder.

usage: python bench/ceiling.py DIR [--also "verb verb ..."]

PolNeAR marks wants, plans, stances and acts beside reported speech; GUIDELINES.md counts only
claims presented as coming from a source, with one content range per attribution and a quotation
continued after its cue as a floating quote of its own. The oracle here predicts every reference
attribution whose cue reports speech or writing (a lemma of the engine's cue lexicon, `according
to`, a colon or dash, or no cue at all), with the reference's own spans, one attribution per range
of its content; --also widens the lexicon with more verbs. Scored with the project's evaluation
(the figures of score.py), it prints how far the PolNeAR figures can go without breaking the guidelines.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.evaluation import evaluate, load_brat_dir, ranges
from annotator.nlp.lexicon import CUE_LEMMAS, CUE_NOUNS
from annotator.nlp.pipeline import DEFAULT_MODEL

PUNCTUATION_CUES = (":", "\u2015", "--", "\u2014")


def _reports_speech(text: str, doc, cue: list[tuple[int, int]], lemmas: frozenset[str]) -> bool:
    if not cue:
        return True  # a floating quote: attributed by position, kept by the guidelines
    words = " ".join(text[s:e] for s, e in cue).lower()
    if "according" in words or words.strip() in PUNCTUATION_CUES:
        return True
    spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in cue]
    return any(t.lemma_.lower() in lemmas for span in spans if span is not None for t in span)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a PolNeAR split: text/ and attributions/")
    ap.add_argument("--also", default="", help="more cue lemmas to count as reporting speech")
    args = ap.parse_args()
    lemmas = CUE_LEMMAS | CUE_NOUNS | frozenset(args.also.split())
    nlp = spacy.load(DEFAULT_MODEL, disable=["parser", "ner"])  # lemmas of the cue words only
    references = load_brat_dir(args.folder)
    if not references:
        sys.exit(f"no PolNeAR articles in {args.folder}")
    predictions, kept, left = {}, 0, 0
    for ref in references:
        doc = nlp(ref.text)
        out = []
        for att in ref.attributions:
            cue = ranges(att.get("cue")) or []
            if not _reports_speech(ref.text, doc, cue, lemmas):
                left += 1
                continue
            kept += 1
            source = ranges(att.get("source"))
            out.extend(
                {
                    "content": list(r),
                    "cue": list(cue[0]) if cue else None,
                    "source": list(source[0]) if source else None,
                }
                for r in ranges(att["content"])
            )
        predictions[ref.name] = out
    scores = evaluate(references, predictions)
    print(
        f"{len(references)} articles: {kept} attributions report speech or writing, {left} do not "
        f"(wants, plans, stances, acts)"
    )
    for key in ("content", "content_exact", "source", "cue", "full"):
        s = scores[key]
        print(f"{key:14} P {s['p']:.3f}  R {s['r']:.3f}  F1 {s['f1']:.3f}")


if __name__ == "__main__":
    main()
