"""The `detect` and `evaluate` commands through click's runner (no Flask app needed)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli.nlp import FIELDS, detect_command, evaluate_command

DATA = Path(__file__).parent / "data"


def test_detect_prints_one_line_per_file(nlp, tmp_path):
    other = tmp_path / "b.txt"
    other.write_text("Officials said the talks failed.", encoding="utf-8")
    res = CliRunner().invoke(detect_command, [str(DATA / "mayadeen.txt"), str(other)])
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in res.output.splitlines()]
    assert [Path(r["path"]).name for r in lines] == ["mayadeen.txt", "b.txt"]
    assert len(lines[0]["attributions"]) >= 20
    assert set(lines[1]["attributions"][0]) == set(FIELDS)
    assert lines[1]["attributions"][0]["content"] == [15, 31]


def test_detect_reads_stdin(nlp):
    res = CliRunner().invoke(detect_command, ["-", "--format", "jsonl"], input="Officials said the talks failed.")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["path"] == "-"


def test_detect_reports_unreadable_files(nlp, tmp_path):
    res = CliRunner().invoke(detect_command, [str(tmp_path / "missing.txt")])
    assert res.exit_code != 0 and "cannot read" in res.output


def test_evaluate_runs_detection_when_no_predictions(nlp):
    res = CliRunner().invoke(evaluate_command, ["--gold-json", str(DATA / "mayadeen.gold.json"), "--json"])
    assert res.exit_code == 0, res.output
    metrics = json.loads(res.output)
    assert metrics["content"]["f1"] >= 0.95 and set(metrics["by_kind"]) == {"direct", "mixed", "indirect"}


def test_evaluate_scores_given_predictions_as_a_table(tmp_path):
    gold = json.loads((DATA / "mayadeen.gold.json").read_text(encoding="utf-8"))
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"path": "mayadeen.txt", "attributions": gold["attributions"][:13]}) + "\n")
    res = CliRunner().invoke(evaluate_command, ["--gold-json", str(DATA / "mayadeen.gold.json"), "--pred", str(pred)])
    assert res.exit_code == 0, res.output
    content = next(line for line in res.output.splitlines() if line.startswith("content "))
    assert content.split()[1:4] == ["1.000", "0.500", "0.667"]
    assert "speaker accuracy" in res.output and "kind indirect" in res.output


def test_evaluate_needs_a_reference():
    res = CliRunner().invoke(evaluate_command, [])
    assert res.exit_code != 0 and "--gold-json or --brat-dir" in res.output
