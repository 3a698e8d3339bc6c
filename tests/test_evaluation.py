"""Scoring: hand-computed facts, and the same figures as shared/tools/score.py on the same predictions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import evaluation
from annotator.evaluation import Reference, evaluate, load_gold_json, same_speaker
from annotator.formats.brat import kind_of, parse_ann, read_folder

DATA = Path(__file__).parent / "data"
SCORE_PY = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score.py"

TEXT = 'Officials said the town fell. "We left at night," she said. Mroue reported from Beirut.'
QUOTE, SHE, SAID2, CREDIT = [30, 49], [50, 53], [54, 58], [60, 87]
GOLD = [
    {
        "kind": "indirect",
        "content": [15, 28],
        "cue": [10, 14],
        "source": [0, 9],
        "speaker": "officials",
        "speaker_type": "unnamed_group",
        "status": "anonymous_no_reason",
    },
    {
        "kind": "direct",
        "content": QUOTE,
        "cue": SAID2,
        "source": SHE,
        "speaker": "Col. Jane Doe",
        "speaker_type": "person",
        "status": "on_record",
    },
]


def test_offsets_of_the_example():
    assert [TEXT[s:e] for s, e in (QUOTE, SHE, SAID2, CREDIT)] == [
        '"We left at night,"',
        "she",
        "said",
        "Mroue reported from Beirut.",
    ]


def test_hand_computed_figures():
    pred = [
        # the same content less its last word: Dice = 2*8/(10+8) = 0.89, a match but not exact
        {
            "kind": "indirect",
            "content": [15, 23],
            "cue": [10, 14],
            "source": [0, 9],
            "speaker": "Officials",
            "speaker_type": "unnamed_group",
            "status": "anonymous_no_reason",
        },
        {
            "kind": "direct",
            "content": QUOTE,
            "cue": SAID2,
            "source": SHE,
            "speaker": "Jane Doe",
            "speaker_type": "unnamed_person",
            "status": "on_record",
        },
        {"kind": "indirect", "content": CREDIT, "cue": [66, 74], "source": [60, 65], "speaker": "Mroue"},
    ]
    ref = Reference("a.txt", TEXT, GOLD, [tuple(CREDIT)])
    m = evaluate([ref], {"a.txt": pred})
    assert (m["content"]["p"], m["content"]["r"]) == (round(2 / 3, 4), 1.0)
    assert (m["content_exact"]["p"], m["content_exact"]["r"]) == (round(1 / 3, 4), 0.5)
    assert (m["source"]["pred"], m["source"]["gold"], m["source"]["r"]) == (3, 2, 1.0)
    assert m["full"]["r"] == 1.0
    assert m["speaker_accuracy"] == {"acc": 1.0, "n": 2}  # titles and case do not count
    assert m["speaker_type_accuracy"] == {"acc": 0.5, "n": 2}
    assert m["anonymous"]["f1"] == 1.0
    assert m["must_not_flag"] == {"hit": 1, "total": 1}
    assert m["by_kind"]["direct"]["r"] == 1.0 and m["by_kind"]["indirect"]["p"] == 0.5


def test_below_half_dice_is_no_match():
    ref = Reference("a.txt", TEXT, GOLD[:1])
    m = evaluate([ref], {"a.txt": [{"content": [15, 19]}]})  # `the ` of `the town fell`: Dice 0.46
    assert m["content"]["f1"] == 0.0


def test_missing_documents_are_counted():
    m = evaluate([Reference("a.txt", TEXT, GOLD)], {})
    assert m["documents_without_predictions"] == 1 and m["content"]["r"] == 0.0


def test_speaker_names_and_kinds():
    assert same_speaker("Col. Ryan Dillon", "ryan dillon") and same_speaker("The coalition", "U.S.-led coalition")
    assert not same_speaker("Russia", None) and not same_speaker("Russia", "Syria")
    assert kind_of('"A," she said "B"', {"content": [[0, 4], [14, 17]]}) == "direct"
    assert kind_of('it is "new"', {"content": [[0, 11]]}) == "mixed"
    assert kind_of("it is new", {"content": [[0, 9]]}) == "indirect"


def test_brat_reader_discontinuous_spans_and_events(tmp_path):
    ann = (
        "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 15 20;22 28\tthe t own fell\n"
        "T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "#1\tAnnotatorNotes T1\tnote\nE2\tAttribution:T4 Cue:T2\n"
    )
    doc = parse_ann(ann)
    assert doc.spans["T3"].ranges == [(15, 20), (22, 28)]
    assert doc.attributions() == [
        {"content": [(15, 20), (22, 28)], "cue": [(10, 14)], "source": [(0, 9)], "event": ("T4", "E1")}
    ]
    (tmp_path / "text").mkdir(), (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(TEXT)
    (tmp_path / "attributions" / "a_2.ann").write_text("")
    (tmp_path / "attributions" / "a_1.ann").write_text(ann)
    ((name, text, first),) = read_folder(tmp_path)
    assert (name, text, len(first.events)) == ("a.txt", TEXT, 2)  # the first annotator file, sorted


def _score_py(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, str(SCORE_PY), *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.skipif(not SCORE_PY.exists(), reason=f"reference scorer not found at {SCORE_PY}")
def test_same_figures_as_score_py_on_gold_json(tmp_path):
    gold = DATA / "mayadeen.gold.json"
    ref = load_gold_json(gold)
    # a deliberately imperfect prediction: every other attribution, contents shifted, one speaker wrong
    preds = []
    for i, g in enumerate(ref.attributions[::2]):
        s, e = g["content"]
        preds.append({**g, "content": [s + 3 * i, e], "speaker": "nobody" if i == 1 else g["speaker"]})
    preds.append({"kind": "direct", "content": list(ref.must_not_flag[0]), "cue": None, "source": None})
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text(json.dumps({"path": "mayadeen.txt", "attributions": preds}) + "\n")
    ours = evaluate([ref], evaluation.load_predictions(pred_file))
    ours.pop("by_kind")
    assert ours == _score_py(["--gold-json", str(gold), "--pred", str(pred_file)])
    assert ours["must_not_flag"]["hit"] == 1


@pytest.mark.skipif(not SCORE_PY.exists(), reason=f"reference scorer not found at {SCORE_PY}")
def test_same_figures_as_score_py_on_brat(tmp_path):
    folder = tmp_path / "brat"
    (folder / "text").mkdir(parents=True), (folder / "attributions").mkdir()
    (folder / "text" / "a.txt").write_text(TEXT)
    (folder / "attributions" / "a_1.ann").write_text(
        "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 15 28\tthe town fell\n"
        "T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "T5\tContent 30 49\tx\nT6\tCue 54 58\tsaid\nT7\tAttribution 54 58\tsaid\n"
        "E2\tAttribution:T7 Content:T5 Cue:T6\n"
    )
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text(
        json.dumps(
            {
                "path": "x/a.txt",
                "attributions": [
                    {"kind": "indirect", "content": [15, 28], "cue": [10, 14], "source": [0, 4]},
                    {"kind": "direct", "content": [45, 60], "cue": [54, 58], "source": [50, 53]},
                ],
            }
        )
        + "\n"
    )
    ours = evaluate(evaluation.load_brat_dir(folder), evaluation.load_predictions(pred_file))
    ours.pop("by_kind")
    assert ours == _score_py(["--brat-dir", str(folder), "--pred", str(pred_file)])
    assert ours["content"]["f1"] == 0.5 and ours["source"]["p"] == 0.5

    # with speaker and status labels over the events (our PolNeAR dev reference's layout)
    status = tmp_path / "status.json"
    status.write_text(
        json.dumps(
            {
                "labels": {
                    "a_1.ann": {
                        "T4~E1": {
                            "speaker": "officials",
                            "speaker_type": "unnamed_group",
                            "status": "anonymous_no_reason",
                        }
                    }
                }
            }
        )
    )
    preds = json.loads(pred_file.read_text())
    preds["attributions"][0].update(speaker="Officials", speaker_type="unnamed_group", status="on_record")
    pred_file.write_text(json.dumps(preds) + "\n")
    refs = evaluation.load_brat_dir(folder, evaluation.load_status(status))
    ours = evaluate(refs, evaluation.load_predictions(pred_file))
    ours.pop("by_kind")
    assert ours == _score_py(["--brat-dir", str(folder), "--status", str(status), "--pred", str(pred_file)])
    assert ours["speaker_accuracy"]["acc"] == 1.0 and ours["status_accuracy"]["acc"] == 0.0
    assert ours["anonymous"]["r"] == 0.0
