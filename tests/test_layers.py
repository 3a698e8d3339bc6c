"""What each layer loads: the pure layers no web framework or database, the app no spaCy until it detects."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _loaded(code: str) -> dict:
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_the_pure_layers_load_no_flask_and_no_sqlalchemy():
    found = _loaded(
        "import json, sys\n"
        "import annotator.nlp, annotator.review, annotator.formats, annotator.evaluation, annotator.schemas\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'flask', 'sqlalchemy', 'flask_login'})))"
    )
    assert found == []


def test_the_app_loads_spacy_only_when_it_detects():
    found = _loaded(
        "import json, sys\n"
        "from annotator.app import create_app\n"
        "app = create_app({'TESTING': True, 'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'SECRET_KEY': 'x'})\n"
        "before = 'spacy' in sys.modules\n"
        "from annotator import detector\n"
        "with app.app_context():\n"
        "    found = detector.detect('Officials said the bridge was closed.')\n"
        "print(json.dumps([before, 'spacy' in sys.modules, len(found)]))"
    )
    assert found == [False, True, 1]
