"""The bars of issue 3, measured with the real pipeline: the acceptance article and PolNeAR dev."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.evaluation import evaluate, load_brat_dir, load_gold_json
from annotator.nlp import detect, detect_many

DATA = Path(__file__).parent / "data"


def _predict(refs) -> dict:
    return {ref.name: [a.to_dict() for a in found] for ref, found in zip(refs, detect_many(r.text for r in refs))}


@pytest.fixture(scope="module")
def acceptance_metrics(nlp):
    ref = load_gold_json(DATA / "mayadeen.gold.json")
    return evaluate([ref], _predict([ref]))


def test_acceptance_content_and_full(acceptance_metrics):
    assert acceptance_metrics["content"]["f1"] >= 0.95
    assert acceptance_metrics["full"]["f1"] >= 0.90


def test_acceptance_speaker_and_status(acceptance_metrics):
    assert acceptance_metrics["speaker_accuracy"]["acc"] >= 0.95
    assert acceptance_metrics["status_accuracy"]["acc"] >= 0.90


def test_acceptance_flags_nothing_it_must_not(acceptance_metrics):
    assert acceptance_metrics["must_not_flag"] == {"hit": 0, "total": 5}


def test_acceptance_anonymity_reason(nlp, acceptance_text):
    reasons = [acceptance_text[s:e] for a in detect(acceptance_text) if a.anonymity_reason
               for s, e in [a.anonymity_reason]]
    assert reasons == ["who weren't authorized to speak publicly on the matter"]


POLNEAR = os.environ.get("POLNEAR_DIR")


@pytest.mark.skipif(not POLNEAR or not (Path(POLNEAR) / "dev" / "text").is_dir(),
                    reason="PolNeAR not available: set POLNEAR_DIR to the output of shared/tools/polnear-extract")
def test_polnear_dev_bars(nlp):
    refs = load_brat_dir(Path(POLNEAR) / "dev")
    assert len(refs) > 50
    metrics = evaluate(refs, _predict(refs))
    assert metrics["documents_without_predictions"] == 0
    figures = {k: metrics[k]["f1"] for k in ("content", "source", "cue")}
    assert figures["content"] >= 0.65 and figures["source"] >= 0.70 and figures["cue"] >= 0.70, figures
