"""The per-article attribution limit (MAX_ATTRIBUTIONS_PER_ARTICLE): detection stops at it, editors and imports
stay within it, and the article page says when detection stopped. A small limit stands for the real one."""

from __future__ import annotations

import io
import json

from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, Attribution
from annotator.nlp import detect_many, pipeline

PARAGRAPH = "“We will rebuild the bridge,” said Maria Lopez, the mayor. Officials said the river was rising.\n\n"


def _attributions(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Attribution)) or 0


def test_detection_reads_no_piece_of_a_text_after_the_limit_is_reached(nlp, monkeypatch):
    # Pieces of about one paragraph instead of 25,000 characters, so a short text has many of them.
    split = pipeline.chunks
    drawn: list[int] = []

    def small_pieces(text: str):
        for offset, piece in split(text, 120):
            drawn.append(offset)
            yield offset, piece

    monkeypatch.setattr(pipeline, "chunks", small_pieces)
    text = PARAGRAPH * 10
    everything = next(detect_many([text]))
    pieces = len(drawn)
    assert pieces == 10 and len(everything) >= 10
    drawn.clear()
    first_three = next(detect_many([text], batch_size=1, limit=3))
    assert [a.content for a in first_three] == [a.content for a in everything[:3]]
    # the pieces after the one that reached the limit never reached the pipeline
    assert len(drawn) <= 3 < pieces
    _, other = detect_many([text, PARAGRAPH * 3], limit=3)
    assert len(other) == 3  # the limit counts per text: the next text is read


def test_detection_stops_at_the_attribution_limit_and_the_page_says_so(real_detector, app, client, editor):
    app.config["MAX_ATTRIBUTIONS_PER_ARTICLE"] = 3
    res = client.post("/api/articles", json={"title": "Flood", "text": PARAGRAPH * 4}, headers=editor)
    assert res.status_code == 201
    assert len(res.json["attributions"]) == 3
    page = client.get(f"/articles/{res.json['id']}")
    assert 'id="detection-stopped"' in page.text
    assert "Detection stopped at 3 suggestions" in page.text


def test_the_page_has_no_notice_when_detection_found_fewer_than_the_limit(real_detector, app, client, editor):
    app.config["MAX_ATTRIBUTIONS_PER_ARTICLE"] = 50
    res = client.post("/api/articles", json={"title": "Flood", "text": PARAGRAPH * 2}, headers=editor)
    assert 0 < len(res.json["attributions"]) < 50
    assert 'id="detection-stopped"' not in client.get(f"/articles/{res.json['id']}").text


def test_an_editor_cannot_add_past_the_attribution_limit(app, client, editor):
    app.config["MAX_ATTRIBUTIONS_PER_ARTICLE"] = 2
    article = client.post("/api/articles", json={"title": "Quiet", "text": "No one spoke today."}, headers=editor).json
    assert article["attributions"] == []
    url = f"/api/articles/{article['id']}/attributions"
    body = {"kind": "indirect", "content": [0, 6]}
    assert client.post(url, json=body, headers=editor).status_code == 201
    assert client.post(url, json=body, headers=editor).status_code == 201
    res = client.post(url, json=body, headers=editor)
    assert res.status_code == 422
    assert res.json["error"]["code"] == "invalid"
    assert "already has 2 attributions, the most one article may have (2)" in res.json["error"]["message"]
    assert _attributions(app) == 2  # the refused one wrote nothing
    first = client.get(f"/api/articles/{article['id']}").json["attributions"][0]
    assert (
        client.delete(f"/api/attributions/{first['id']}?version={first['version']}", headers=editor).status_code == 204
    )
    assert client.post(url, json=body, headers=editor).status_code == 201  # room again after a deletion


def test_an_import_over_the_attribution_limit_is_refused_and_writes_nothing(app, client, editor):
    app.config["MAX_ATTRIBUTIONS_PER_ARTICLE"] = 2
    span = '{"kind": "indirect", "content": [0, 3]}'
    record = '{"text": "abcdef", "title": "many", "attributions": [' + ", ".join([span] * 3) + "]}\n"
    res = client.post(
        "/import",
        data={
            "csrf_token": editor["X-CSRFToken"],
            "fmt": "auto",
            "upload": (io.BytesIO(record.encode()), "many.jsonl"),
        },
        content_type="multipart/form-data",
    )
    assert res.status_code == 422
    assert "3 attributions, over the limit of 2" in res.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 0
    assert _attributions(app) == 0


def test_detection_on_import_stops_at_the_limit_and_the_page_says_so(app, client, editor):
    app.config["MAX_ATTRIBUTIONS_PER_ARTICLE"] = 2
    text = 'Ann Lee said the dam held. "It held," said Bo Chan. Cy Dee said the road was shut.'
    record = json.dumps({"text": text, "title": "import"}) + "\n"
    res = client.post(
        "/import",
        data={
            "csrf_token": editor["X-CSRFToken"],
            "fmt": "auto",
            "detect": "y",
            "upload": (io.BytesIO(record.encode()), "three.jsonl"),
        },
        content_type="multipart/form-data",
    )
    assert res.status_code == 302, res.text
    assert _attributions(app) == 2
    with app.app_context():
        article_id = db.session.scalar(select(Article.id))
    assert "Detection stopped at 2 suggestions" in client.get(f"/articles/{article_id}").text
