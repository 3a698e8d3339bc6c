"""What one save to an attribution asks of the database: the statements that hold every other save to the article."""

from __future__ import annotations

from sqlalchemy import event, select

from annotator.extensions import db
from annotator.models import Attribution, Speaker, User

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
    # The attribution and its audit event are all it writes; last, it reads the article's review state in
    # key-share mode, which no other claim edit waits for (the claim's version moved the review version on).
    writes = [" ".join(s.split()[:3]) for s in statements if s.startswith(("UPDATE", "INSERT"))]
    assert writes == ["UPDATE attribution SET", "INSERT INTO audit_event"], statements
    assert statements[-1].startswith("SELECT article.review_state FROM article"), statements
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            assert statements[-1].endswith("FOR KEY SHARE"), statements
    with app.app_context():
        linked = db.session.scalar(select(Attribution.speaker_id).where(Attribution.id == made["id"]))
        assert linked == db.session.scalar(select(Speaker.id).where(Speaker.name == "Ana Ruiz"))

    renamed = client.patch(url, headers=editor, json={"version": made["version"] + 1, "speaker": "Ana M. Ruiz"})
    assert renamed.status_code == 200
    with app.app_context():
        linked = db.session.scalar(select(Attribution.speaker_id).where(Attribution.id == made["id"]))
        assert linked == db.session.scalar(select(Speaker.id).where(Speaker.name == "Ana M. Ruiz"))


def test_every_kind_of_change_at_once_on_one_article_ends_in_an_answer_never_a_deadlock(app, make_user):
    """Edits, speaker changes (registry inserts), deletions, additions, corroboration links and unlinks and
    review decisions race on one article's claims from eight threads. Each change takes the claims' rows
    before the article's (a decision and an addition take the article first and then only insert), so none
    waits in a circle: every request ends in an answer (a 409 or 404 for the one that lost), never a 500."""
    import random
    import threading

    from annotator.services import accounts

    make_user("ed", "editor")
    make_user("rita", "reviewer")
    with app.app_context():
        users = {name: db.session.scalar(select(User).filter_by(username=name)) for name in ("ed", "rita")}
        tokens = {name: {"Authorization": f"Bearer {accounts.issue_token(user)}"} for name, user in users.items()}
    client = app.test_client()
    ed, rita = tokens["ed"], tokens["rita"]
    article = client.post("/api/articles", json={"title": "Bridge", "text": TEXT}, headers=ed).json
    speakers = ("Ana Ruiz", "Ben Ode", "Cai Lun", "Dora Ek")

    def add(c, speaker):
        body = {"kind": "indirect", "content": [14, 43], "source": [0, 8], "speaker": speaker, "affiliation": speaker}
        return c.post(f"/api/articles/{article['id']}/attributions", json=body, headers=ed)

    for speaker in speakers:
        assert add(client, speaker).status_code == 201
    answers: list[tuple[str, int]] = []
    start = threading.Barrier(8)

    def work(seed: int) -> None:
        rng, c = random.Random(seed), app.test_client()
        start.wait()
        for _ in range(25):
            claims = c.get(f"/api/articles/{article['id']}", headers=ed).json["attributions"]
            if len(claims) < 2:
                res = add(c, rng.choice(speakers))
                answers.append(("add", res.status_code))
                continue
            a, b = rng.sample(claims, 2)
            url = f"/api/attributions/{a['id']}"
            op = rng.choice(("note", "speaker", "delete", "add", "link", "unlink", "review"))
            if op == "note":
                res = c.patch(url, json={"version": a["version"], "note": f"n{rng.random()}"}, headers=ed)
            elif op == "speaker":
                name = f"{rng.choice(speakers)} {rng.randrange(3)}"
                res = c.patch(url, json={"version": a["version"], "speaker": name, "affiliation": name}, headers=ed)
            elif op == "delete":
                res = c.delete(f"{url}?version={a['version']}", headers=ed)
            elif op == "add":
                res = add(c, rng.choice(speakers))
            elif op == "link":
                res = c.post(f"{url}/corroborations", json={"corroborating_id": b["id"]}, headers=ed)
            elif op == "unlink":
                res = c.delete(f"{url}/corroborations/{b['id']}", headers=ed)
            else:
                res = c.post(f"/api/articles/{article['id']}/review", json={"decision": "submit"}, headers=ed)
                if res.status_code == 200:
                    res = c.post(
                        f"/api/articles/{article['id']}/review",
                        json={"decision": "request_changes", "note": "check the sourcing"},
                        headers=rita,
                    )
            answers.append((op, res.status_code))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 8 * 25
    assert not [a for a in answers if a[1] >= 500], answers
    assert {op for op, status in answers if status < 300} >= {"note", "speaker", "delete", "add", "link"}
