"""How far independent annotators of the same articles agree, by the matching rules of GUIDELINES.md.

Each annotator's attributions of an article form a layer. Attributions of different layers whose content
spans match (`evaluation.match`: Dice >= 0.5, one to one, best pairs first) are the same claim: a *unit*.
Reported per pair of annotators: content, source and cue span F1 (as the reference scorer counts them,
one layer taken as the reference; F1 is the same either way round) and speaker agreement (the share of
their matched claims whose speakers are the same by `evaluation.same_speaker`). Over all annotators:
Krippendorff's alpha (nominal, the `krippendorff` package) for status and for speaker type, the units as
columns; a claim an annotator did not mark, or left without the tag, is a missing value. Alpha is
undefined (None) when the tag takes a single value across the units, or no unit has two values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import krippendorff
import numpy as np

from annotator.evaluation import Reference, Scorer, match, same_speaker

ALPHA_TAGS = ("status", "speaker_type")
SPAN_ROLES = ("content", "source", "cue")

Layers = Mapping[str, Sequence[dict[str, Any]]]  # annotator name -> attribution dicts (content, source, cue...)


def units(text: str, layers: Layers) -> list[dict[str, int]]:
    """The claims of an article as the annotators marked them: {annotator: index in their layer} each.

    Pairs matched between any two layers are joined into one unit, unless that would put two attributions
    of one annotator into it (then the weaker pair is dropped: pairs are joined best first).
    """
    names = sorted(layers)
    pairs = []
    for a, b in combinations(names, 2):
        for i, j, dice in match(text, list(layers[a]), list(layers[b])):
            pairs.append((dice, (a, i), (b, j)))
    unit_of: dict[tuple[str, int], int] = {}
    found: list[dict[str, int]] = []
    for _, x, y in sorted(pairs, key=lambda p: -p[0]):
        ux, uy = unit_of.get(x), unit_of.get(y)
        if ux is None and uy is None:
            unit_of[x] = unit_of[y] = len(found)
            found.append({x[0]: x[1], y[0]: y[1]})
        elif ux is not None and uy is None and y[0] not in found[ux]:
            unit_of[y] = ux
            found[ux][y[0]] = y[1]
        elif uy is not None and ux is None and x[0] not in found[uy]:
            unit_of[x] = uy
            found[uy][x[0]] = x[1]
        elif ux is not None and uy is not None and ux != uy and not set(found[ux]) & set(found[uy]):
            found[ux].update(found[uy])
            for member in found[uy].items():
                unit_of[member] = ux
            found[uy] = {}
    found = [u for u in found if u]
    # claims nobody else marked are units too: one annotator's view, and a disagreement about the claim itself
    for name in names:
        for i in range(len(layers[name])):
            if (name, i) not in unit_of:
                found.append({name: i})
    return found


@dataclass
class Agreement:
    """Agreement accumulated over articles (one `add` each); `report()` gives the figures."""

    annotators: set[str] = field(default_factory=set)
    # per tag: one column per unit, {annotator: value}
    columns: dict[str, list[dict[str, str]]] = field(default_factory=lambda: {t: [] for t in ALPHA_TAGS})
    scorers: dict[tuple[str, str], Scorer] = field(default_factory=dict)
    speakers: Counter = field(default_factory=Counter)  # (a, b, "same" | "compared") -> claims
    n_units: int = 0
    agreed_units: int = 0

    def add(self, text: str, layers: Layers) -> list[dict[str, int]]:
        """Count one article's layers; returns its units."""
        self.annotators.update(layers)
        found = units(text, layers)
        self.n_units += len(found)
        for unit in found:
            self.agreed_units += len(unit) == len(layers) and same_claim(text, layers, unit)
            for tag in ALPHA_TAGS:
                values = {name: layers[name][i].get(tag) for name, i in unit.items()}
                self.columns[tag].append({n: v for n, v in values.items() if v})
        for a, b in combinations(sorted(layers), 2):
            scorer = self.scorers.setdefault((a, b), Scorer())
            scorer.add(Reference(name="", text=text, attributions=list(layers[a])), list(layers[b]))
            for unit in found:
                if a in unit and b in unit:
                    x, y = layers[a][unit[a]].get("speaker"), layers[b][unit[b]].get("speaker")
                    if x or y:
                        self.speakers[a, b, "compared"] += 1
                        self.speakers[a, b, "same"] += same_speaker(x, y)
        return found

    def report(self) -> dict[str, Any]:
        names = sorted(self.annotators)
        pairs = []
        for (a, b), scorer in sorted(self.scorers.items()):
            figures = scorer.report()
            compared = self.speakers[a, b, "compared"]
            pairs.append(
                {
                    "annotators": [a, b],
                    **{f"{role}_f1": figures[role]["f1"] for role in SPAN_ROLES},
                    "matched": scorer.c["content_tp"],
                    "speaker_agreement": round(self.speakers[a, b, "same"] / compared, 4) if compared else None,
                }
            )
        compared = sum(v for (_, _, k), v in self.speakers.items() if k == "compared")
        same = sum(v for (_, _, k), v in self.speakers.items() if k == "same")
        return {
            "annotators": names,
            "units": self.n_units,
            "agreed_units": self.agreed_units,
            "alpha": {tag: alpha(names, self.columns[tag]) for tag in ALPHA_TAGS},
            "pairs": pairs,
            "speaker_agreement": round(same / compared, 4) if compared else None,
        }


def same_claim(text: str, layers: Layers, unit: dict[str, int]) -> bool:
    """Whether every annotator of a unit gave it the same content span, speaker and tags."""
    versions = [layers[name][i] for name, i in unit.items()]
    first = versions[0]

    def speakers_agree(a: str | None, b: str | None) -> bool:
        return (not a and not b) or same_speaker(a, b)

    return all(
        v.get("content") == first.get("content")
        and speakers_agree(v.get("speaker"), first.get("speaker"))
        and all(v.get(tag) == first.get(tag) for tag in ALPHA_TAGS)
        for v in versions[1:]
    )


def alpha(annotators: Sequence[str], columns: Sequence[Mapping[str, str]]) -> float | None:
    """Krippendorff's alpha, nominal, over units given as {annotator: value}; None where it is undefined."""
    pairable = [c for c in columns if len(c) >= 2]
    values = sorted({v for c in pairable for v in c.values()})
    if len(annotators) < 2 or not pairable or len(values) < 2:
        return None
    code = {v: float(n) for n, v in enumerate(values)}
    data = np.array([[code[c[name]] if name in c else np.nan for c in pairable] for name in annotators])
    return round(float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")), 4)


def article_agreement(text: str, layers: Layers) -> dict[str, Any]:
    """The agreement figures of one article's layers."""
    counted = Agreement()
    counted.add(text, layers)
    return counted.report()
