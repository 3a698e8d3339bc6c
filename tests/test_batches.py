"""Accept-many: count the suggestions a filter takes, accept them all or none as one audited batch, undo it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from annotator.extensions import db
from annotator.models import Article, Attribution, AuditEvent, Batch, Collection, Membership, User

TEXT = (
    "Ana Ruiz said the dam held at noon. Bo Lee said the water rose fast. "
    'Cy Ng said nobody was hurt in the town. "We are safe now," said Dee Fox.'
)
# what each suggestion (in text order) is made to carry: confidence, detector
SET_UP = [(0.9, "rules-1"), (0.85, "rules-1"), (0.3, "rules-1"), (0.95, "spans-2")]


@pytest.fixture
def desk(app, client, bearer):
    """An article by `ed` with four suggestions of known confidence and detector; a second editor `rita`."""
    ed, rita = bearer("ed", "editor"), bearer("rita", "editor")
    article = client.post("/api/articles", json={"text": TEXT}, headers=ed).json
    ids = [a["id"] for a in sorted(article["attributions"], key=lambda a: a["content"][0])]
    assert len(ids) == len(SET_UP)
    with app.app_context():
        for claim, (confidence, detector) in zip(ids, SET_UP, strict=True):
            db.session.execute(
                update(Attribution).where(Attribution.id == claim).values(confidence=confidence, detector=detector)
            )
        db.session.commit()
    return {"ed": ed, "rita": rita, "id": article["id"], "ids": ids, "url": f"/api/articles/{article['id']}/accept"}


def claims(app, article_id: int) -> dict[int, tuple[str, int, int | None]]:
    """Each claim's state, version and speaker registry link, as the database has them."""
    with app.app_context():
        rows = db.session.execute(
            select(Attribution.id, Attribution.state, Attribution.version, Attribution.speaker_id).where(
                Attribution.article_id == article_id
            )
        )
        return {r.id: (r.state, r.version, r.speaker_id) for r in rows}


def written(app, article_id: int) -> tuple:
    """Everything a batch writes: claims, batches, audit events, the article's version."""
    with app.app_context():
        count = db.session.scalar
        return (
            claims(app, article_id),
            count(select(func.count()).select_from(Batch)),
            count(select(func.count()).select_from(AuditEvent)),
            count(select(Article.version).where(Article.id == article_id)),
        )


def test_preview_counts_what_the_filter_takes(client, desk):
    res = client.get(desk["url"] + "?min_confidence=0.8", headers=desk["ed"])
    assert res.status_code == 200
    assert res.json["count"] == 3
    assert set(res.json["versions"]) == {str(i) for i in (desk["ids"][0], desk["ids"][1], desk["ids"][3])}
    assert client.get(desk["url"] + "?min_confidence=0.8&detector=rules-1", headers=desk["ed"]).json["count"] == 2
    assert client.get(desk["url"] + "?kind=direct", headers=desk["ed"]).json["count"] == 1
    assert client.get(desk["url"], headers=desk["ed"]).json["count"] == 4


def test_accept_many_is_one_audited_batch_and_one_version_step(app, client, desk):
    seen = client.get(desk["url"] + "?min_confidence=0.8", headers=desk["ed"]).json
    before = written(app, desk["id"])
    res = client.post(desk["url"], json={"min_confidence": 0.8, "versions": seen["versions"]}, headers=desk["ed"])
    assert res.status_code == 201, res.json
    batch = res.json["batch"]
    assert batch["size"] == 3 and batch["filter"] == {"min_confidence": 0.8} and batch["user"] == "ed"
    taken = {desk["ids"][0], desk["ids"][1], desk["ids"][3]}
    assert {a["id"] for a in res.json["attributions"]} == taken
    now = claims(app, desk["id"])
    assert {i for i, (state, _, _) in now.items() if state == "accepted"} == taken
    assert now[desk["ids"][2]][0] == "suggested"
    # accepted speakers join the registry, as a one-by-one accept does
    assert all(now[i][2] is not None for i in taken)
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.batch_id == batch["id"])).all()
        assert sorted(e.attribution_id for e in events if e.attribution_id) == sorted(taken)
        assert {e.action for e in events} == {"attribution.update", "article.accept_many"}
        assert all(e.before["state"] == "suggested" and e.after["state"] == "accepted" for e in events if e.before)
    assert written(app, desk["id"])[3] == before[3] + 1  # the article's version moves on once, not three times
    history = client.get(f"/api/attributions/{desk['ids'][0]}/history", headers=desk["ed"]).json["events"]
    assert history[-1]["batch"] == batch["id"]


def test_accept_many_with_the_article_version(app, client, desk):
    seen = client.get(desk["url"] + "?kind=indirect", headers=desk["ed"]).json
    res = client.post(
        desk["url"], json={"kind": "indirect", "article_version": seen["article_version"]}, headers=desk["ed"]
    )
    assert res.status_code == 201
    assert [s for s, _, _ in claims(app, desk["id"]).values()].count("accepted") == 3


@pytest.mark.parametrize(
    "body, field, words",
    [
        ({"min_confidence": 2, "article_version": 1}, "min_confidence", "from 0 to 1"),
        ({"min_confidence": "high", "article_version": 1}, "min_confidence", "from 0 to 1"),
        ({"min_confidence": True, "article_version": 1}, "min_confidence", "from 0 to 1"),
        ({"kind": "quote", "article_version": 1}, "kind", "unknown kind 'quote'"),
        ({"status": "secret", "article_version": 1}, "status", "unknown status"),
        ({"speaker_type": "robot", "article_version": 1}, "speaker_type", "unknown speaker_type"),
        ({"detector": "x" * 61, "article_version": 1}, "detector", "longer than 60"),
        ({"min_confidnce": 0.8, "article_version": 1}, "min_confidnce", "unknown field"),
        ({"min_confidence": 0.8}, None, "either versions"),
        ({"versions": {}, "article_version": 1}, None, "either versions"),
        ({"versions": {"abc": 1}}, "versions", "claim id"),
        ({"versions": {"1": 0}}, "versions", "version of claim 1"),
        ({"versions": [1, 2]}, "versions", "must be an object"),
    ],
)
def test_a_bad_filter_is_refused_and_nothing_written(app, client, desk, body, field, words):
    before = written(app, desk["id"])
    res = client.post(desk["url"], json=body, headers=desk["ed"])
    assert res.status_code == 422, res.json
    assert words in res.json["error"]["message"]
    assert res.json["error"].get("field") == field
    assert written(app, desk["id"]) == before


def test_a_bad_filter_in_the_preview_is_refused(client, desk):
    for query in ("?min_confidence=lots", "?kind=quote", "?min_confidnce=0.8"):
        res = client.get(desk["url"] + query, headers=desk["ed"])
        assert res.status_code == 422 and res.json["error"]["code"] == "invalid", query


def test_nothing_to_accept_is_refused(app, client, desk):
    before = written(app, desk["id"])
    res = client.post(desk["url"], json={"min_confidence": 0.99, "versions": {}}, headers=desk["ed"])
    assert res.status_code == 422 and "nothing to accept" in res.json["error"]["message"]
    assert written(app, desk["id"]) == before


def test_stale_versions_write_nothing(app, client, desk):
    seen = client.get(desk["url"] + "?min_confidence=0.8", headers=desk["ed"]).json
    # rita corrects one of them meanwhile: it is no longer a plain suggestion at the version seen
    second = desk["ids"][1]
    current = client.get(f"/api/articles/{desk['id']}", headers=desk["rita"]).json
    version = next(a["version"] for a in current["attributions"] if a["id"] == second)
    assert (
        client.patch(
            f"/api/attributions/{second}", json={"note": "check the time", "version": version}, headers=desk["rita"]
        ).status_code
        == 200
    )
    before = written(app, desk["id"])
    res = client.post(desk["url"], json={"min_confidence": 0.8, "versions": seen["versions"]}, headers=desk["ed"])
    assert res.status_code == 409
    assert res.json["error"]["code"] == "conflict" and str(second) in res.json["error"]["message"]
    assert written(app, desk["id"]) == before
    assert claims(app, desk["id"])[desk["ids"][0]][0] == "suggested"


def test_a_stale_article_version_writes_nothing(app, client, desk):
    seen = client.get(desk["url"], headers=desk["ed"]).json
    client.post(
        f"/api/articles/{desk['id']}/attributions", json={"kind": "indirect", "content": [0, 8]}, headers=desk["rita"]
    )
    before = written(app, desk["id"])
    res = client.post(desk["url"], json={"article_version": seen["article_version"]}, headers=desk["ed"])
    assert res.status_code == 409 and "Count again" in res.json["error"]["message"]
    assert written(app, desk["id"]) == before


def test_undo_puts_every_claim_back_as_it_was(app, client, desk):
    start = claims(app, desk["id"])
    seen = client.get(desk["url"], headers=desk["ed"]).json
    batch = client.post(desk["url"], json={"versions": seen["versions"]}, headers=desk["ed"]).json["batch"]
    res = client.post(f"/api/batches/{batch['id']}/undo", headers=desk["rita"])
    assert res.status_code == 200, res.json
    assert res.json["batch"]["undone_by"] == "rita" and res.json["batch"]["undone_at"]
    after = claims(app, desk["id"])
    # state and registry link as before; each version moved on twice (the accept, the undo)
    assert {i: (s, link) for i, (s, _, link) in after.items()} == {i: (s, link) for i, (s, _, link) in start.items()}
    assert all(after[i][1] == start[i][1] + 2 for i in start)
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.batch_id == batch["id"])).all()
    assert actions.count("article.undo_many") == 1 and actions.count("attribution.update") == 8
    listed = client.get(f"/api/articles/{desk['id']}/batches", headers=desk["ed"]).json["items"]
    assert [(b["id"], b["undone_by"]) for b in listed] == [(batch["id"], "rita")]
    # undone once is undone: a second undo changes nothing
    before = written(app, desk["id"])
    again = client.post(f"/api/batches/{batch['id']}/undo", headers=desk["ed"])
    assert again.status_code == 409 and "undone already" in again.json["error"]["message"]
    assert written(app, desk["id"]) == before


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_undo_after_someone_else_changed_a_claim_names_it_and_writes_nothing(app, client, desk, change):
    seen = client.get(desk["url"], headers=desk["ed"]).json
    res = client.post(desk["url"], json={"versions": seen["versions"]}, headers=desk["ed"])
    batch, saved = res.json["batch"], {a["id"]: a for a in res.json["attributions"]}
    third = desk["ids"][2]
    if change == "edit":
        edited = client.patch(
            f"/api/attributions/{third}",
            json={"status": "anonymous_no_reason", "version": saved[third]["version"]},
            headers=desk["rita"],
        )
        assert edited.status_code == 200
    else:
        url = f"/api/attributions/{third}?version={saved[third]['version']}"
        assert client.delete(url, headers=desk["rita"]).status_code == 204
    before = written(app, desk["id"])
    res = client.post(f"/api/batches/{batch['id']}/undo", headers=desk["ed"])
    assert res.status_code == 409
    verb = "edited" if change == "edit" else "deleted"
    assert f"claim {third} ({verb} by rita)" in res.json["error"]["message"]
    assert written(app, desk["id"]) == before
    with app.app_context():
        assert db.session.get(Batch, batch["id"]).undone_at is None


def test_a_non_member_reaches_no_batch_route(app, client, bearer):
    ed, outsider = bearer("ed", "editor"), bearer("out", "editor")
    article = client.post("/api/articles", json={"text": TEXT, "collection": "desk"}, headers=ed).json
    url = f"/api/articles/{article['id']}/accept"
    seen = client.get(url, headers=ed).json
    batch = client.post(url, json={"versions": seen["versions"]}, headers=ed).json["batch"]
    before = written(app, article["id"])
    assert client.get(url, headers=outsider).status_code == 404
    assert client.post(url, json={"versions": seen["versions"]}, headers=outsider).status_code == 404
    assert client.get(f"/api/articles/{article['id']}/batches", headers=outsider).status_code == 404
    assert client.post(f"/api/batches/{batch['id']}/undo", headers=outsider).status_code == 404
    assert client.post("/api/batches/999999/undo", headers=ed).status_code == 404
    assert written(app, article["id"]) == before
    # a member of the collection may undo it
    with app.app_context():
        member = db.session.scalar(select(User).where(User.username == "out"))
        collection = db.session.scalar(select(Collection).where(Collection.name == "desk"))
        db.session.add(Membership(collection_id=collection.id, user_id=member.id, role="annotator"))
        db.session.commit()
    assert client.post(f"/api/batches/{batch['id']}/undo", headers=outsider).status_code == 200


def test_batches_undoes_and_single_edits_at_once_end_in_answers_never_a_deadlock(app, client, bearer):
    """Accept-many, undo, one-claim edits (state, speaker: registry inserts), deletions and additions race
    on one article from six threads. A batch takes its claims' rows in id order and the article's last,
    as every save does, so none waits in a circle: each request ends in an answer, a 409 for one that lost."""
    import random
    import threading

    ed = bearer("ed", "editor")
    text = " ".join(
        f"{name} said the {thing} was ready."
        for name in ("Ana Ruiz", "Bo Lee", "Cy Ng", "Dee Fox", "Eli Moe", "Fay Orr")
        for thing in ("bridge", "road")
    )
    article = client.post("/api/articles", json={"text": text}, headers=ed).json
    url = f"/api/articles/{article['id']}"
    answers: list[tuple[str, int]] = []
    start = threading.Barrier(6)

    def work(seed: int) -> None:
        rng, c = random.Random(seed), app.test_client()
        start.wait()
        for _ in range(20):
            claims = c.get(url, headers=ed).json["attributions"]
            op = rng.choice(("accept_many",) * 3 + ("undo",) * 2 + ("state", "speaker", "delete", "add"))
            a = rng.choice(claims) if claims else None
            if op == "accept_many":
                for _ in range(3):  # count again after a 409, as the page does
                    seen = c.get(f"{url}/accept?kind=indirect", headers=ed).json
                    res = c.post(f"{url}/accept", json={"kind": "indirect", "versions": seen["versions"]}, headers=ed)
                    if res.status_code != 409:
                        break
            elif op == "undo":
                batches = [b for b in c.get(f"{url}/batches", headers=ed).json["items"] if not b["undone_at"]]
                if not batches:
                    continue
                res = c.post(f"/api/batches/{rng.choice(batches)['id']}/undo", headers=ed)
            elif a is None:
                continue
            elif op == "state":
                state = rng.choice(("suggested", "accepted", "rejected"))
                res = c.patch(
                    f"/api/attributions/{a['id']}", json={"version": a["version"], "state": state}, headers=ed
                )
            elif op == "speaker":
                name = f"{rng.choice(('Ana Ruiz', 'Bo Lee', 'Gil Tan'))} {rng.randrange(3)}"
                body = {"version": a["version"], "speaker": name}
                res = c.patch(f"/api/attributions/{a['id']}", json=body, headers=ed)
            elif op == "delete":
                res = c.delete(f"/api/attributions/{a['id']}?version={a['version']}", headers=ed)
            else:
                body = {
                    "kind": "indirect",
                    "content": a["content"],
                    "speaker": f"Hal Ng {rng.randrange(3)}",
                    "state": "suggested",
                }
                res = c.post(f"{url}/attributions", json=body, headers=ed)
            answers.append((op, res.status_code))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not [a for a in answers if a[1] >= 500], answers
    assert {op for op, status in answers if status < 300} >= {"accept_many", "undo", "state", "speaker"}, answers
