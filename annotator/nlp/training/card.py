"""The model card written beside each trained span model: data, date, scores, how to retrain."""

from __future__ import annotations

import json
from pathlib import Path

ROWS = ("content", "content_exact", "source", "cue", "full", "anonymous")


def _table(scores: dict) -> str:
    lines = ["| | P | R | F1 |", "|---|---|---|---|"]
    for key in ROWS:
        if key in scores:
            m = scores[key]
            lines.append(f"| {key} | {m['p']:.3f} | {m['r']:.3f} | {m['f1']:.3f} |")
    for key in ("speaker_accuracy", "speaker_type_accuracy", "status_accuracy"):
        if key in scores:
            lines.append(f"| {key.replace('_', ' ')} | | | {scores[key]['acc']:.3f} (n={scores[key]['n']}) |")
    return "\n".join(lines)


def write_card(
    version: Path,
    *,
    data: str,
    retrain: str,
    scores: dict,
    baseline: dict | None = None,
    baseline_name: str = "the version it was compared against",
) -> Path:
    """Write MODEL_CARD.md into a version directory and return its path."""
    meta = json.loads((version / "meta.json").read_text(encoding="utf-8"))
    parts = [
        f"# Span model {version.name}",
        "",
        "A spaCy `ner` component with a tok2vec of its own, trained on CPU to find the content, cue and",
        "source spans of attributions. It runs inside the detection pipeline beside the rules: the rules",
        "keep what they find, and the model adds the contents the rules missed when a reporting cue",
        "introduces them, and sources where the parse lost a cue's subject (annotator/nlp/learned.py).",
        "Speakers, types and statuses are the rules' work.",
        "",
        f"- trained: {meta.get('version')} (UTC), spaCy {meta.get('spacy_version', '')}",
        f"- data: {data}",
        f"- labels: {', '.join(meta.get('labels', {}).get('attribution_spans', []))}",
        "",
        "## Detection scores with this model (GUIDELINES.md matching)",
        "",
        _table(scores),
    ]
    if baseline is not None:
        parts += ["", f"## The same data with {baseline_name}", "", _table(baseline)]
    parts += ["", "## Retraining", "", retrain, ""]
    path = version / "MODEL_CARD.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
