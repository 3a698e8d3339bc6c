"""`flask train` end to end on a tiny corpus it makes, and its refusals of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.extensions import db
from annotator.models import Article, Attribution
from annotator.nlp.versions import CURRENT, current

SENTENCES = [
    ("The mayor said that the bridge would reopen in May.", "The mayor", "said", "that the bridge would reopen in May"),
    ("Officials said the school will close for repairs.", "Officials", "said", "the school will close for repairs"),
    ("Jane Roe told reporters that prices would fall.", "Jane Roe", "told", "that prices would fall"),
    (
        "The council announced that taxes will rise next year.",
        "The council",
        "announced",
        "that taxes will rise next year",
    ),
]


def _brat_article(folder: Path, name: str, rotate: int) -> None:
    """One article of the sentences above, with its brat annotation as PolNeAR lays it out."""
    lines, text, n = [], "", 0
    for sentence, source, cue, content in SENTENCES[rotate:] + SENTENCES[:rotate]:
        base = len(text)
        text += sentence + "\n\n"
        ids = []
        for typ, part in (("Source", source), ("Cue", cue), ("Content", content)):
            n += 1
            start = base + sentence.index(part)
            lines.append(f"T{n}\t{typ} {start} {start + len(part)}\t{part}")
            ids.append(f"T{n}")
        n += 1
        lines.append(f"T{n}\tAttribution {base + sentence.index(cue)} {base + sentence.index(cue) + len(cue)}\t{cue}")
        lines.append(f"E{n}\tAttribution:T{n} Source:{ids[0]} Cue:{ids[1]} Content:{ids[2]}")
    (folder / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "attributions" / f"{name}_ab12.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def tiny_polnear(tmp_path) -> Path:
    root = tmp_path / "polnear"
    for split, count in (("train", 4), ("dev", 2)):
        for sub in ("text", "attributions"):
            (root / split / sub).mkdir(parents=True)
        for i in range(count):
            _brat_article(root / split, f"{split}-{i}", i)
    return root


def _train(runner, *args: str):
    return runner.invoke(args=["train", *args, "--epochs", "1"])


@pytest.mark.slow
def test_train_from_polnear_writes_a_current_version_with_card_and_scores_that_detection_runs(
    app, tiny_polnear, tmp_path
):
    # one training run for both checks: a run is the slowest part of the suite
    from annotator.nlp import detect

    versions = tmp_path / "versions"
    result = _train(app.test_cli_runner(), "--polnear", str(tiny_polnear), "--versions", str(versions))
    assert result.exit_code == 0, result.output
    version = current(versions)
    assert version is not None and version.name.startswith("spans-")
    meta = json.loads((version / "meta.json").read_text())
    assert meta["pipeline"] == ["attribution_spans"]
    assert set(meta["dev_scores"]) >= {"content", "source", "cue", "full"}
    assert "content" in result.output and "wrote" in result.output
    card = (version / "MODEL_CARD.md").read_text()
    assert "PolNeAR train (4 articles)" in card and "flask train --polnear" in card
    found = detect("The minister said that the talks would resume.", spans=str(version))
    assert found and {a.detector for a in found} == {f"attribution_spans-{version.name[len('spans-') :]}"}


@pytest.mark.parametrize(
    "setup,message",
    [
        (lambda root: root / "missing", "is not a folder"),
        (
            lambda root: (root / "train" / "attributions").rename(root / "train" / "ann") or root,
            "no text/ and attributions/",
        ),
        (
            lambda root: [p.unlink() for p in (root / "dev" / "attributions").iterdir()] and root,
            "no article with an .ann",
        ),
        (
            lambda root: (root / "train" / "attributions" / "train-0_ab12.ann").write_text("T1\tSource 0\n") and root,
            "malformed brat lines",
        ),
    ],
)
def test_bad_polnear_folders_are_refused_and_change_nothing(app, tiny_polnear, tmp_path, setup, message):
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / CURRENT).write_text("spans-old\n")
    result = _train(app.test_cli_runner(), "--polnear", str(setup(tiny_polnear)), "--versions", str(versions))
    assert result.exit_code == 1
    assert message in result.output and "unchanged" in result.output
    assert sorted(p.name for p in versions.iterdir()) == [CURRENT]
    assert (versions / CURRENT).read_text() == "spans-old\n"


def _article(text: str, collection: str, states: list[str]) -> Article:
    article = Article(title="t", text=text, text_hash=Article.hash_text(text), collection=collection)
    for (sentence, source, cue, content), state in zip(SENTENCES, states):
        base = text.index(sentence)
        a = Attribution(kind="indirect", origin="model", state=state, credibility="unverified")
        for part, words in (("content", content), ("cue", cue), ("source", source)):
            start = base + sentence.index(words)
            a.set_span(part, [start, start + len(words)])
        article.attributions.append(a)
    return article


@pytest.mark.slow
def test_train_from_db_compares_with_the_old_pipeline_and_keeps_the_better(app, tmp_path):
    text = "\n\n".join(s for s, *_ in SENTENCES)
    with app.app_context():
        for i in range(5):
            db.session.add(_article(text + f"\n\nEnd {i}.", "desk", ["accepted", "edited", "rejected", "suggested"]))
        db.session.commit()
    versions = tmp_path / "versions"
    result = _train(app.test_cli_runner(), "--from-db", "--collection", "desk", "--versions", str(versions))
    assert result.exit_code == 0, result.output
    assert "== before (rules)" in result.output and "== after (spans-" in result.output
    kept = current(versions)
    if "kept spans-" in result.output:
        assert kept is not None and (kept / "MODEL_CARD.md").is_file()
    else:
        assert "kept the rules alone" in result.output and kept is None
        assert not any(p.name.startswith("spans-") for p in versions.iterdir())


@pytest.mark.parametrize(
    "args,message",
    [
        (["--from-db"], "has 0 article(s) with reviewed attributions"),
        (["--from-db", "--collection", "none-such"], "collection 'none-such' has 0 article(s)"),
        ([], "give either --polnear DIR or --from-db"),
    ],
)
def test_from_db_without_reviewed_articles_is_refused(app, tmp_path, args, message):
    text = "\n\n".join(s for s, *_ in SENTENCES)
    with app.app_context():  # suggestions nobody reviewed are no training data
        db.session.add(_article(text, "desk", ["suggested"] * 4))
        db.session.commit()
    result = _train(app.test_cli_runner(), *args, "--versions", str(tmp_path / "v"))
    assert result.exit_code == 1
    assert message in result.output and "unchanged" in result.output
    assert not (tmp_path / "v").exists()
