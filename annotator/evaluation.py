"""Scoring attributions against references with the matching rules of GUIDELINES.md.

The figures are those of shared/tools/score.py (content, exact content, source, cue and full
P/R/F1; speaker, speaker type and status accuracy; anonymous-source F1), plus a breakdown by kind.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.formats.brat import kind_of, ranges, read_folder

_TITLES = re.compile(
    r"^(the|col\.?|dr\.?|mr\.?|mrs\.?|ms\.?|gen\.?|lt\.?|sen\.?|rep\.?|gov\.?|president|prof\.?)\s+", re.I
)
KIND_NAMES = ("direct", "mixed", "indirect")


@dataclass
class Reference:
    """One reference document: its text, attributions (dicts with range lists) and must-not spans."""

    name: str
    text: str
    attributions: list[dict]
    must_not_flag: list[tuple[int, int]] = field(default_factory=list)


def _chars(text: str, value) -> frozenset[int]:
    """Non-space character positions covered by a span."""
    return frozenset(i for s, e in (ranges(value) or []) for i in range(s, e) if not text[i].isspace())


def norm_name(name: str | None) -> str:
    """A speaker name for comparison: lower case, no titles or leading `the`, letters and digits."""
    s, prev = (name or "").strip().lower(), None
    while prev != s:
        prev, s = s, _TITLES.sub("", s).strip()
    return re.sub(r"[^a-z0-9 ]", "", s)


def same_speaker(a: str | None, b: str | None) -> bool:
    """Whether two speaker names refer to the same speaker (one containing the other)."""
    a, b = norm_name(a), norm_name(b)
    return bool(a and b) and (a == b or a in b or b in a)


def _prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> dict:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "pred": n_p, "gold": n_g}


def match(text: str, gold: list[dict], pred: list[dict]) -> list[tuple[int, int, float]]:
    """One-to-one (gold index, pred index, Dice) pairs with Dice >= 0.5, best pairs first."""
    gc = [_chars(text, g["content"]) for g in gold]
    pc = [_chars(text, p["content"]) for p in pred]
    pairs = sorted(
        ((2 * len(g & p) / (len(g) + len(p)), i, j) for i, g in enumerate(gc) for j, p in enumerate(pc) if g & p),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: list[tuple[int, int, float]] = []
    for dice, i, j in pairs:
        if dice >= 0.5 and i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j, dice))
    return out


class Scorer:
    """Accumulates counts over documents; `report()` gives the metrics."""

    def __init__(self) -> None:
        self.c: Counter = Counter()

    def add(self, ref: Reference, pred: list[dict]) -> None:
        """Count one document's predictions against its reference."""
        c, text, gold = self.c, ref.text, ref.attributions
        pred = [p for p in pred if p.get("content")]
        pairs = match(text, gold, pred)
        c["content_gold"] += len(gold)
        c["content_pred"] += len(pred)
        c["content_tp"] += len(pairs)
        c["exact_tp"] += sum(_chars(text, gold[i]["content"]) == _chars(text, pred[j]["content"]) for i, j, _ in pairs)
        for role in ("source", "cue"):
            gs = {x for x in (_chars(text, g.get(role)) for g in gold) if x}
            ps = {x for x in (_chars(text, p.get(role)) for p in pred) if x}
            c[role + "_gold"] += len(gs)
            c[role + "_pred"] += len(ps)
            c[role + "_tp_p"] += sum(any(p & g for g in gs) for p in ps)
            c[role + "_tp_g"] += sum(any(p & g for p in ps) for g in gs)
        for i, j, _ in pairs:
            self._tags(text, gold[i], pred[j])
        matched_g, matched_p = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
        for i, g in enumerate(gold):
            c[f"kind_gold:{kind_of(text, g)}"] += 1
            c[f"kind_tp_g:{kind_of(text, g)}"] += i in matched_g
        for j, p in enumerate(pred):
            c[f"kind_pred:{p.get('kind')}"] += 1
            c[f"kind_tp_p:{p.get('kind')}"] += j in matched_p
        for s, e in ref.must_not_flag:
            c["must_not_flag_total"] += 1
            c["must_not_flag_hit"] += any(set(range(s, e)) & _chars(text, p["content"]) for p in pred)

    def _tags(self, text: str, g: dict, p: dict) -> None:
        c = self.c
        gsrc, psrc = ranges(g.get("source")), ranges(p.get("source"))
        ok = (not gsrc and not psrc) or bool(
            gsrc and psrc and {i for s, e in gsrc for i in range(s, e)} & {i for s, e in psrc for i in range(s, e)}
        )
        if not gsrc and g.get("speaker") and p.get("speaker"):
            ok = same_speaker(g["speaker"], p["speaker"])  # a floating quote: judged by its speaker
        c["full_tp"] += ok
        if g.get("speaker"):
            c["speaker_n"] += 1
            c["speaker_ok"] += same_speaker(g["speaker"], p.get("speaker"))
        if g.get("status"):
            ga, pa = g["status"].startswith("anonymous"), str(p.get("status") or "").startswith("anonymous")
            c["anon_tp"] += ga and pa
            c["anon_fp"] += pa and not ga
            c["anon_fn"] += ga and not pa
        for tag in ("speaker_type", "status"):
            if g.get(tag):
                c[tag + "_n"] += 1
                c[tag + "_ok"] += g[tag] == p.get(tag)
                c[f"{tag}:{g[tag]}->{p.get(tag)}"] += 1

    def report(self) -> dict:
        """The metrics as score.py prints them, plus `by_kind`."""
        c = self.c
        out = {
            "content": _prf(c["content_tp"], c["content_pred"], c["content_tp"], c["content_gold"]),
            "content_exact": _prf(c["exact_tp"], c["content_pred"], c["exact_tp"], c["content_gold"]),
            "source": _prf(c["source_tp_p"], c["source_pred"], c["source_tp_g"], c["source_gold"]),
            "cue": _prf(c["cue_tp_p"], c["cue_pred"], c["cue_tp_g"], c["cue_gold"]),
            "full": _prf(c["full_tp"], c["content_pred"], c["full_tp"], c["content_gold"]),
        }
        for tag in ("speaker", "speaker_type", "status"):
            if c[tag + "_n"]:
                out[tag + "_accuracy"] = {"acc": round(c[tag + "_ok"] / c[tag + "_n"], 4), "n": c[tag + "_n"]}
        if c["status_n"]:
            tp, fp, fn = c["anon_tp"], c["anon_fp"], c["anon_fn"]
            out["anonymous"] = _prf(tp, tp + fp, tp, tp + fn)
        confusions = {k: v for k, v in c.items() if "->" in k}
        if confusions:
            out["confusions"] = dict(sorted(confusions.items()))
        if c["must_not_flag_total"]:
            out["must_not_flag"] = {"hit": c["must_not_flag_hit"], "total": c["must_not_flag_total"]}
        out["by_kind"] = {
            k: _prf(c[f"kind_tp_p:{k}"], c[f"kind_pred:{k}"], c[f"kind_tp_g:{k}"], c[f"kind_gold:{k}"])
            for k in KIND_NAMES
        }
        return out


def load_gold_json(path: str | Path) -> Reference:
    """A reference in our gold JSON format; the text file is named relative to it."""
    path = Path(path)
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / gold["text_file"]).read_text(encoding="utf-8")
    return Reference(
        gold["text_file"], text, gold["attributions"], [tuple(m["span"]) for m in gold.get("must_not_flag", [])]
    )


TAGS = ("speaker", "speaker_type", "status")


def load_status(path: str | Path) -> dict[str, dict]:
    """Speaker and status labels over brat events (`{"labels": {ann file: {"T4~E1": {...}}}}`, as score.py reads)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data.get("labels", data)


def load_brat_dir(folder: str | Path, status: dict[str, dict] | None = None) -> list[Reference]:
    """References from a brat folder (text/ and attributions/, first annotator file per text).

    `status` (from load_status) adds the speaker, speaker_type and status of each labelled event.
    """
    return [
        Reference(name, text, labelled(doc.attributions(), (status or {}).get(ann_name, {})))
        for name, ann_name, text, doc in read_folder(Path(folder), with_ann_names=True)
    ]


def labelled(attributions: list[dict], labels: dict[str, dict]) -> list[dict]:
    """Brat attributions with the speaker, speaker_type and status of their event's label (`T4~E1`), as score.py."""
    for att in attributions:
        trigger, event = att["event"]
        label = labels.get(f"{trigger}~{event}") or labels.get(trigger) or {}
        att.update({k: v for k, v in label.items() if k in TAGS})
    return attributions


def load_predictions(path: str | Path) -> dict[str, list[dict]]:
    """Predictions from JSON lines, keyed by the base name of each record's path."""
    out = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[Path(rec["path"]).name] = rec.get("attributions", [])
    return out


def evaluate(references: Iterable[Reference], predictions: dict[str, list[dict]]) -> dict:
    """Metrics of predictions (keyed by file name) over references; counts documents left out."""
    scorer, missing = Scorer(), 0
    for ref in references:
        missing += ref.name not in predictions
        scorer.add(ref, predictions.get(ref.name, []))
    out = scorer.report()
    out["documents_without_predictions"] = missing
    return out
