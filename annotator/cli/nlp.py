"""Command-line `detect` and `evaluate` (click commands; the app registers them under `flask`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from annotator import evaluation

FIELDS = (
    "kind",
    "content",
    "cue",
    "source",
    "speaker",
    "speaker_type",
    "affiliation",
    "role",
    "status",
    "anonymity_reason",
    "confidence",
)


def _records(names: list[str], texts: list[str]) -> list[dict]:
    from annotator.nlp import detect_many  # spaCy loads only when a command needs it

    return [
        {"path": name, "attributions": [{k: a.to_dict()[k] for k in FIELDS} for a in found]}
        for name, found in zip(names, detect_many(texts))
    ]


@click.command("detect")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl"]),
    default="jsonl",
    show_default=True,
    help="Output format: one JSON line per file.",
)
def detect_command(paths: tuple[str, ...], fmt: str) -> None:
    """Print the attributions found in each PATH (`-` reads stdin) as JSON lines."""
    texts = []
    for path in paths:
        try:
            texts.append(sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise click.ClickException(f"cannot read {path}: {exc}") from exc
    for record in _records(list(paths), texts):
        click.echo(json.dumps(record, ensure_ascii=False))


def table(metrics: dict) -> str:
    """The metrics as an aligned, readable table."""
    lines = [f"{'':15} {'P':>6} {'R':>6} {'F1':>6} {'pred':>6} {'gold':>6}"]
    rows = [(k, metrics[k]) for k in ("content", "content_exact", "source", "cue", "full", "anonymous") if k in metrics]
    rows += [(f"kind {k}", v) for k, v in metrics.get("by_kind", {}).items()]
    for name, m in rows:
        lines.append(f"{name:15} {m['p']:6.3f} {m['r']:6.3f} {m['f1']:6.3f} {m['pred']:6d} {m['gold']:6d}")
    for tag in ("speaker", "speaker_type", "status"):
        if f"{tag}_accuracy" in metrics:
            m = metrics[f"{tag}_accuracy"]
            lines.append(f"{tag + ' accuracy':22} {m['acc']:6.3f}  (n={m['n']})")
    if "must_not_flag" in metrics:
        lines.append(
            f"must-not-flag spans flagged: {metrics['must_not_flag']['hit']} of {metrics['must_not_flag']['total']}"
        )
    lines.append(f"documents without predictions: {metrics['documents_without_predictions']}")
    return "\n".join(lines)


@click.command("evaluate")
@click.option(
    "--gold-json",
    "gold_json",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A reference in our gold JSON format (repeatable).",
)
@click.option(
    "--brat-dir",
    type=click.Path(exists=True, file_okay=False),
    help="A brat folder with text/ and attributions/ (PolNeAR's layout).",
)
@click.option(
    "--status",
    "status",
    type=click.Path(exists=True, dir_okay=False),
    help="Speaker and status labels over the brat events (tests/data/polnear_dev_speakers.json).",
)
@click.option(
    "--pred",
    type=click.Path(exists=True, dir_okay=False),
    help="Predictions as JSON lines; when omitted, detection runs on the reference texts.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
def evaluate_command(
    gold_json: tuple[str, ...], brat_dir: str | None, status: str | None, pred: str | None, as_json: bool
) -> None:
    """Score predictions against references with the matching rules of GUIDELINES.md."""
    refs = [evaluation.load_gold_json(p) for p in gold_json]
    if brat_dir:
        refs += evaluation.load_brat_dir(brat_dir, evaluation.load_status(status) if status else None)
    if not refs:
        raise click.UsageError("give --gold-json or --brat-dir")
    if pred:
        predictions = evaluation.load_predictions(pred)
    else:
        predictions = {r["path"]: r["attributions"] for r in _records([r.name for r in refs], [r.text for r in refs])}
    metrics = evaluation.evaluate(refs, predictions)
    click.echo(json.dumps(metrics, indent=1) if as_json else table(metrics))


if __name__ == "__main__":  # `python -m annotator.cli.nlp detect FILE` without Flask
    click.CommandCollection(sources=[click.Group(commands=[detect_command, evaluate_command])])()
