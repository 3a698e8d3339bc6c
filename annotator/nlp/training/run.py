"""Training the span model with `spacy train`, and packaging the result as a new version."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import spacy
from spacy.cli.init_config import fill_config
from spacy.cli.train import train
from spacy.util import load_config

from ..span_model import COMPONENT

CONFIG = Path(__file__).with_name("spans.cfg")


def train_spans(
    train_path: Path,
    dev_path: Path,
    workdir: Path,
    *,
    base: str,
    max_epochs: int,
    max_steps: int = 0,
    eval_frequency: int | None = None,
    init_from: Path | None = None,
) -> Path:
    """Run `spacy train` on two DocBins; returns the directory of the best model on dev.

    `eval_frequency`: updates between checkpoints (else the config's); `init_from`: a version whose span
    component training continues from, instead of a new one.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    filled = workdir / "config.cfg"
    fill_config(filled, CONFIG, silent=True)
    if init_from is not None:
        config = load_config(filled)
        config["components"][COMPONENT] = {"source": str(init_from)}
        config.to_disk(filled)
    overrides = {
        "paths.train": str(train_path),
        "paths.dev": str(dev_path),
        "paths.base": base,
        "training.max_epochs": max_epochs,
        "training.max_steps": max_steps,
    }
    if eval_frequency is not None:
        overrides["training.eval_frequency"] = eval_frequency
    train(filled, workdir / "output", overrides=overrides)
    return workdir / "output" / "model-best"


def package(model_dir: Path, versions: Path, *, data: str, extra_meta: dict | None = None) -> Path:
    """Copy the span component alone into a new version directory of `versions`, with its meta."""
    nlp = spacy.load(model_dir)
    for name in [n for n in nlp.pipe_names if n != COMPONENT]:
        nlp.remove_pipe(name)  # the sourced tagger stays in the base pipeline; only the new part ships
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = versions / f"spans-{stamp}"
    while target.exists():  # two trainings in one second: never overwrite a version
        time.sleep(1)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = versions / f"spans-{stamp}"
    nlp.meta.update({"name": COMPONENT, "version": stamp, "description": data, **(extra_meta or {})})
    versions.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return target
