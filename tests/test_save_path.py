"""What one save to an attribution asks of the database: the statements that hold every other save to the article."""

from __future__ import annotations

from sqlalchemy import event, select

from annotator.extensions import db
from annotator.models import Attribution, Speaker

TEXT = "Ana Ruiz said the bridge will reopen in May. Officials said the repairs cost more than planned."


def _statements(app, save) -> list[str]:
    seen: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        seen.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        save()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_a_note_on_a_claim_in_the_registry_reads_no_registry_and_keeps_its_speaker(app, client, editor):
    article = client.post("/api/articles", json={"title": "Bridge", "text": TEXT}, headers=editor).json
    made = client.post(
        f"/api/articles/{article['id']}/attributions",
        headers=editor,
        json={"kind": "indirect", "content": [14, 43], "source": [0, 8], "speaker": "Ana Ruiz"},
    ).json
    url = f"/api/attributions/{made['id']}"

    def save_note():
        res = client.patch(url, headers=editor, json={"version": made["version"], "note": "checked"})
        assert res.status_code == 200 and res.json["version"] == made["version"] + 1

    statements = _statements(app, save_note)
    assert not [s for s in statements if "FROM speaker" in s or "FOR UPDATE" in s], statements
    # The article's lock and its new review version in one statement; the attribution; its audit event.
    writes = [" ".join(s.split()[:3]) for s in statements if s.startswith(("UPDATE", "INSERT"))]
    assert writes == ["UPDATE article SET", "UPDATE attribution SET", "INSERT INTO audit_event"], statements
    with app.app_context():
        linked = db.session.scalar(select(Attribution.speaker_id).where(Attribution.id == made["id"]))
        assert linked == db.session.scalar(select(Speaker.id).where(Speaker.name == "Ana Ruiz"))

    renamed = client.patch(url, headers=editor, json={"version": made["version"] + 1, "speaker": "Ana M. Ruiz"})
    assert renamed.status_code == 200
    with app.app_context():
        linked = db.session.scalar(select(Attribution.speaker_id).where(Attribution.id == made["id"]))
        assert linked == db.session.scalar(select(Speaker.id).where(Speaker.name == "Ana M. Ruiz"))
