"""`flask train`: the span model from a PolNeAR folder, or from what the newsroom's editors reviewed."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from annotator import evaluation
from annotator.cli.nlp import table
from annotator.formats.brat import read_folder

RETRAIN_POLNEAR = (
    "`flask train --polnear DIR` (5 epochs, about 60 minutes on 2 CPU cores) with DIR the output "
    "of shared/tools/polnear-extract (train/ and dev/, each with text/ and attributions/); the "
    "test split is never read. The best checkpoint on dev is kept."
)
EVAL_FREQUENCY_DB = 20
RETRAIN_DB = "`flask train --from-db [--collection C]` on the articles editors reviewed."


def _fail(message: str) -> None:
    raise click.ClickException(message + " (the current pipeline is unchanged)")


def _polnear_split(folder: Path, split: str) -> list:
    """(name, ann name, text, annotation) of a PolNeAR split, or a clear error when it is missing or malformed."""
    path = folder / split
    if not (path / "text").is_dir() or not (path / "attributions").is_dir():
        _fail(f"{path} has no text/ and attributions/ folders: give the output of shared/tools/polnear-extract")
    docs = read_folder(path, with_ann_names=True)
    if not docs:
        _fail(f"{path} holds no article with an .ann file")
    broken = [f"{ann}: line {number}" for _, ann, _, doc in docs for number, _ in doc.malformed]
    if broken:
        _fail(f"malformed brat lines in {path}: " + "; ".join(broken[:5]))
    return docs


def _doc_bins(base: str, splits: dict[str, list], workdir: Path) -> dict[str, Path]:
    """DocBins of annotated items per split, written into workdir."""
    from annotator.nlp.pipeline import tokenizer_pipeline
    from annotator.nlp.training.examples import doc_bin

    nlp = tokenizer_pipeline(base)
    paths = {}
    for split, items in splits.items():
        paths[split] = workdir / f"{split}.spacy"
        doc_bin(nlp, tqdm(items, desc=f"preparing {split}", unit="article")).to_disk(paths[split])
    return paths


def _scores(base: str, spans: str, refs: list[evaluation.Reference]) -> dict:
    """Detection metrics of a pipeline (base plus span setting) over references."""
    from annotator.nlp import detect_many

    found = detect_many((r.text for r in refs), model=base, spans=spans)
    preds = {r.name: [a.to_dict() for a in atts] for r, atts in zip(refs, found)}
    return evaluation.evaluate(refs, preds)


def _train_polnear(folder: Path, versions: Path, base: str, epochs: int, max_steps: int, status: Path | None) -> None:
    from annotator.nlp.training.examples import Annotated
    from annotator.nlp.training.run import train_spans

    docs = {split: _polnear_split(folder, split) for split in ("train", "dev")}
    items = {
        split: [
            Annotated(name, text, [{k: a[k] for k in ("content", "cue", "source")} for a in doc.attributions()])
            for name, _, text, doc in found
        ]
        for split, found in docs.items()
    }
    with tempfile.TemporaryDirectory() as tmp:
        bins = _doc_bins(base, items, Path(tmp))
        best = train_spans(bins["train"], bins["dev"], Path(tmp), base=base, max_epochs=epochs, max_steps=max_steps)
        data = f"PolNeAR train ({len(items['train'])} articles), dev ({len(items['dev'])}) for model selection"
        publish_polnear(best, versions, base, data, docs["dev"], status)


def publish_polnear(best: Path, versions: Path, base: str, data: str, dev: list, status: Path | None = None) -> Path:
    """Package a trained model as a new version, score it (and the rules alone) on dev, and make it current.

    `status`: speaker and status labels over the dev events (tests/data/polnear_dev_speakers.json).
    """
    from annotator.nlp.pipeline import RULES_ONLY
    from annotator.nlp.training.card import write_card
    from annotator.nlp.training.run import package
    from annotator.nlp.versions import make_current, record_scores

    version = package(best, versions, data=data)
    click.echo(f"evaluating {version.name} on dev ...")
    labels = evaluation.load_status(status) if status else {}
    refs = [
        evaluation.Reference(name, text, evaluation.labelled(doc.attributions(), labels.get(ann, {})))
        for name, ann, text, doc in dev
    ]
    scores = _scores(base, str(version), refs)
    rules = _scores(base, RULES_ONLY, refs)
    record_scores(version, scores)
    write_card(
        version, data=data, retrain=RETRAIN_POLNEAR, scores=scores, baseline=rules, baseline_name="the rules alone"
    )
    make_current(versions, version)
    click.echo(f"== rules alone\n{table(rules)}\n== rules and {version.name}\n{table(scores)}")
    click.echo(f"wrote {version}; it is the current pipeline from the next start of the app")
    return version


def _train_from_db(collection: str | None, versions: Path, base: str, epochs: int, max_steps: int) -> None:
    from annotator.nlp.pipeline import RULES_ONLY
    from annotator.nlp.training.card import write_card
    from annotator.nlp.training.run import package, train_spans
    from annotator.nlp.versions import current, discard, make_current, record_scores
    from annotator.services.training_data import held_back_split, reviewed_articles

    articles = reviewed_articles(collection)
    where = f"collection {collection!r}" if collection else "the database"
    if len(articles) < 2:
        _fail(f"{where} has {len(articles)} article(s) with reviewed attributions; training needs at least 2")
    train_items, dev_items, dev_refs = held_back_split(articles)
    old = current(versions)
    old_name = old.name if old else RULES_ONLY
    with tempfile.TemporaryDirectory() as tmp:
        bins = _doc_bins(base, {"train": train_items, "dev": dev_items}, Path(tmp))
        # a newsroom's corrections are few: checkpoint often, so the best model on them is not the untrained one
        best = train_spans(
            bins["train"],
            bins["dev"],
            Path(tmp),
            base=base,
            max_epochs=epochs,
            max_steps=max_steps,
            eval_frequency=EVAL_FREQUENCY_DB,
            init_from=old,
        )
        data = (
            f"{len(train_items)} reviewed articles of {where}, continuing from "
            f"{old.name if old else 'no earlier version'}; {len(dev_items)} held back for the comparison"
        )
        version = package(best, versions, data=data)
    click.echo(f"comparing {version.name} with {old_name} on {len(dev_refs)} held-back articles ...")
    before = _scores(base, str(old) if old else RULES_ONLY, dev_refs)
    after = _scores(base, str(version), dev_refs)
    click.echo(f"== before ({old_name})\n{table(before)}\n== after ({version.name})\n{table(after)}")
    if _overall(after) > _overall(before):
        record_scores(version, after)
        write_card(version, data=data, retrain=RETRAIN_DB, scores=after, baseline=before)
        make_current(versions, version)
        click.echo(f"kept {version.name}: it is the current pipeline from the next start of the app")
    else:
        discard(version)
        click.echo(f"kept {old.name if old else 'the rules alone'}: the new model was not better")


def _overall(scores: dict) -> float:
    """One figure to compare two pipelines by: the mean F1 of content, source, cue and full."""
    return sum(scores[k]["f1"] for k in ("content", "source", "cue", "full")) / 4


@click.command("train")
@click.option("--polnear", type=click.Path(path_type=Path), help="A PolNeAR folder: train/ and dev/ in brat.")
@click.option("--from-db", "from_db", is_flag=True, help="Continue training from the articles editors reviewed.")
@click.option("--collection", help="With --from-db: only this collection.")
@click.option(
    "--status",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="With --polnear: speaker and status labels of the dev events, to score those tags too.",
)
@click.option("--epochs", type=click.IntRange(1, 100), default=5, show_default=True, help="Passes over the data.")
@click.option("--max-steps", type=click.IntRange(0), default=0, help="Stop after this many updates (0: no limit).")
@click.option(
    "--versions",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where versions are kept (default: the ones shipped in annotator/nlp/trained).",
)
@with_appcontext
def train_command(
    polnear: Path | None,
    from_db: bool,
    collection: str | None,
    status: Path | None,
    epochs: int,
    max_steps: int,
    versions: Path | None,
) -> None:
    """Train the span model and make it the current pipeline when it is better."""
    from annotator.nlp.pipeline import TRAINED

    if bool(polnear) == from_db:
        _fail("give either --polnear DIR or --from-db")
    if collection and not from_db:
        _fail("--collection goes with --from-db")
    base = current_app.config["SPACY_MODEL"]
    versions = versions or TRAINED
    if polnear:
        if not polnear.is_dir():
            _fail(f"{polnear} is not a folder")
        _train_polnear(polnear, versions, base, epochs, max_steps, status)
    else:
        _train_from_db(collection, versions, base, epochs, max_steps)
