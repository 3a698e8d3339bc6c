"""Trained span model versions: one directory each (`spans-20261202-071500`) and a file `CURRENT`.

`CURRENT` names the version detection uses; a new version becomes current only when asked to, so
a running app keeps its pipeline until it restarts.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

CURRENT = "CURRENT"


def current(versions: Path) -> Path | None:
    """The version detection uses, or None when the folder names none."""
    marker = versions / CURRENT
    if not marker.is_file():
        return None
    path = versions / marker.read_text(encoding="utf-8").strip()
    return path if (path / "meta.json").is_file() else None


def make_current(versions: Path, version: Path) -> None:
    """Make `version` the pipeline detection uses from the next start of the app."""
    tmp = versions / (CURRENT + ".tmp")
    tmp.write_text(version.name + "\n", encoding="utf-8")
    tmp.replace(versions / CURRENT)  # atomic: a running app never reads half a name


def record_scores(version: Path, scores: dict) -> None:
    """Store the dev scores of a version in its meta.json, for the model card and the next comparison."""
    meta_path = version / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["dev_scores"] = scores
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")


def discard(version: Path) -> None:
    """Remove a version that was not kept."""
    shutil.rmtree(version, ignore_errors=True)
