"""One vocabulary: a value added to annotator/vocab.py alone is accepted on every path."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Run in a copy of the project whose vocab.py alone gains a status, so nothing else can have been edited.
PROBE = """
import io, json, re, zipfile
from annotator.app import create_app
from annotator.extensions import db
from annotator.formats.brat_export import iter_brat
from annotator.formats.records import CorpusArticle, attribution_from_dict
from annotator.models import User
from annotator.services.accounts import issue_token

class NoDetector:
    def detect_many(self, texts, n_process=1, limit=None):
        return ([] for _ in texts)

app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "DETECTOR": NoDetector()})
with app.app_context():
    db.create_all()  # the schema as the models declare it, check constraints included
    user = User(username="ed", role="editor")
    user.set_password("correct horse")
    db.session.add(user)
    db.session.commit()
    headers = {"Authorization": "Bearer " + issue_token(user)}
client = app.test_client()
article = client.post("/api/articles", json={"text": "Officials said the vote was sealed."}, headers=headers).json
made = client.post(f"/api/articles/{article['id']}/attributions", headers=headers,
                   json={"kind": "indirect", "content": [15, 34], "status": "anonymous_sealed"})
record = attribution_from_dict({"kind": "indirect", "content": [15, 34], "status": "anonymous_sealed"}, 40)
conf = zipfile.ZipFile(io.BytesIO(b"".join(iter_brat([CorpusArticle(text="x")])))).read("annotation.conf").decode()
review = client.get(f"/api/articles/{article['id']}/review", headers=headers).json
token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text).group(1)
client.post("/login", data={"username": "ed", "password": "correct horse", "csrf_token": token})
page = client.get(f"/articles/{article['id']}").text
print(json.dumps({
    "api": made.status_code,
    "import": record.status,
    "brat": "anonymous_sealed" in conf,
    "form": '<option value="anonymous_sealed">unnamed, sealed</option>' in page,
    "review": review["source_mix"]["unnamed_share"],
}))
"""


def test_a_status_added_to_the_vocabulary_alone_is_accepted_everywhere(tmp_path):
    for name in ("annotator", "templates", "migrations"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "trained"))
    vocab = tmp_path / "annotator" / "vocab.py"
    source = vocab.read_text(encoding="utf-8")
    assert source.count('"anonymous_no_reason")') == 1
    source = source.replace('"anonymous_no_reason")', '"anonymous_no_reason", "anonymous_sealed")')
    source = source.replace(
        '"anonymous_no_reason": "unnamed, no reason",',
        '"anonymous_no_reason": "unnamed, no reason",\n    "anonymous_sealed": "unnamed, sealed",',
    )
    vocab.write_text(source, encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found == {"api": 201, "import": "anonymous_sealed", "brat": True, "form": True, "review": 1.0}


def test_a_status_outside_the_vocabulary_is_refused(client, editor):
    article = client.post("/api/articles", json={"text": "Officials said the vote was sealed."}, headers=editor).json
    res = client.post(
        f"/api/articles/{article['id']}/attributions",
        headers=editor,
        json={"kind": "indirect", "content": [15, 34], "status": "anonymous_sealed"},
    )
    assert res.status_code == 422 and res.json["error"]["field"] == "status"


@pytest.mark.parametrize(
    "field, value",
    [("content", [20, 5]), ("source", [0, 999]), ("status", "anonymous_sealed"), ("speaker", "x" * 301)],
)
def test_the_api_and_an_import_refuse_a_value_in_the_same_words(client, editor, field, value):
    from annotator.formats.records import RecordError, attribution_from_dict

    text = "Officials said the vote was sealed."
    article = client.post("/api/articles", json={"text": text}, headers=editor).json
    body = {"kind": "indirect", "content": [15, 34], field: value}
    api = client.post(f"/api/articles/{article['id']}/attributions", headers=editor, json=body)
    with pytest.raises(RecordError) as imported:
        attribution_from_dict(body, len(text))
    assert api.status_code == 422 and api.json["error"]["field"] == field
    assert imported.value.problems == [api.json["error"]["message"]]
