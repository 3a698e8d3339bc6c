"""Running detection again with the real spaCy pipeline: what an editor did is kept, untouched suggestions are
replaced, and a new suggestion matching a kept attribution is not added again; a suggestion acted on meanwhile
stops it. And a deleted article is out of the queries that go through services.access."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from annotator import detector
from annotator.errors import InvalidInput, NotFound
from annotator.extensions import db
from annotator.models import Article, Attribution, AuditEvent, Job, User
from annotator.services import access, redetection

TAGS = ("kind", "content", "cue", "source", "speaker", "speaker_type", "status")


@pytest.fixture
def worked(client, bearer, acceptance_text):
    """The acceptance article detected by the real pipeline, with the first four suggestions worked on:
    one accepted, one rejected, one edited, and one deleted and marked again by hand with the same spans."""
    ed = bearer("ed", "editor")
    article = client.post("/api/articles", json={"title": "Mayadeen", "text": acceptance_text}, headers=ed).json
    found = article["attributions"]
    assert len(found) >= 8, "the pipeline finds the article's attributions"
    first, second, third, fourth = found[:4]

    def patch(a, **change):
        res = client.patch(f"/api/attributions/{a['id']}", json={"version": a["version"], **change}, headers=ed)
        assert res.status_code == 200, res.json
        saved = res.json
        assert saved.pop("approval_withdrawn") is False  # a draft: the rest of the answer is the claim
        return saved

    kept = {
        "accepted": patch(first, state="accepted"),
        "rejected": patch(second, state="rejected"),
        "edited": patch(third, speaker="A speaker the editor named", affiliation="The desk"),
    }
    assert client.delete(f"/api/attributions/{fourth['id']}?version={fourth['version']}", headers=ed).status_code == 204
    added = client.post(f"/api/articles/{article['id']}/attributions", json={k: fourth[k] for k in TAGS}, headers=ed)
    assert added.status_code == 201
    kept["added"] = added.json
    return {"ed": ed, "id": article["id"], "found": found, "kept": kept, "url": f"/api/articles/{article['id']}"}


def spans(attributions) -> list:
    return sorted(tuple(a["content"]) for a in attributions)


def test_detecting_again_keeps_the_editors_work_and_replaces_untouched_suggestions(real_detector, app, client, worked):
    before = client.get(worked["url"], headers=worked["ed"]).json
    res = client.post(f"{worked['url']}/redetect", headers=worked["ed"])
    assert res.status_code == 200, res.json
    untouched = worked["found"][4:]
    assert res.json["kept"] == 4 and res.json["removed"] == len(untouched)
    # the detector finds the same claims again: the four worked on match a kept one and are not added again
    assert res.json["matching_kept"] == 4 and res.json["added"] == len(untouched)
    assert res.json["version"] == before["version"] + 1
    assert "4 attribution(s) you worked on are kept" in res.json["message"]

    after = client.get(worked["url"], headers=worked["ed"]).json
    by_id = {a["id"]: a for a in after["attributions"]}
    for a in worked["kept"].values():
        assert by_id[a["id"]] == a, "a kept attribution is untouched: same version, state and tags"
    suggestions = [a for a in after["attributions"] if a["state"] == "suggested"]
    fresh = [a for a in after["attributions"] if a["id"] not in {k["id"] for k in worked["kept"].values()}]
    assert all(a["state"] == "suggested" and a["detector"] for a in fresh)
    assert not {a["id"] for a in fresh} & {a["id"] for a in worked["found"]}, "the old suggestions are gone"
    assert spans(fresh) == spans(untouched) == spans(suggestions)
    # no claim twice: the rejected one did not come back as a suggestion, nor the hand-marked one
    assert len(set(spans(after["attributions"]))) == len(after["attributions"])
    with app.app_context():
        [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "article.redetect"))
        assert event.user.username == "ed" and event.article_id == worked["id"]
        assert event.before["removed_ids"] == sorted(a["id"] for a in untouched)
        assert event.after["added"] == len(untouched) and event.after["kept"] == 4


def test_a_long_article_is_detected_again_by_a_job(real_detector, app, client, worked):
    app.config["DETECT_INLINE_MAX_BYTES"] = 100
    res = client.post(f"{worked['url']}/redetect", headers=worked["ed"])
    assert res.status_code == 202, res.json
    assert res.headers["Link"].startswith(f"</jobs/{res.json['job']['id']}")
    job = client.get(f"/jobs/{res.json['job']['id']}.json", headers=worked["ed"]).json
    assert job["state"] == "done", job
    assert job["result"]["kept"] == 4 and job["result"]["added"] == len(worked["found"]) - 4
    after = client.get(worked["url"], headers=worked["ed"]).json["attributions"]
    assert spans(after) == spans(worked["found"][4:] + list(worked["kept"].values()))


def test_detecting_again_a_short_article_in_a_collection_is_for_its_members(real_detector, app, client, bearer):
    ed = bearer("ed", "editor")
    outsider = bearer("out", "editor")
    text = '"The bridge is safe," said Ana Ruiz, the city engineer.'
    article = client.post("/api/articles", json={"text": text, "collection": "Bridges"}, headers=ed).json
    url = f"/api/articles/{article['id']}"
    assert client.post(f"{url}/redetect", headers=outsider).status_code == 404
    before = client.get(url, headers=ed).json
    assert client.post(f"{url}/redetect", headers=ed).status_code == 200
    after = client.get(url, headers=ed).json
    assert spans(after["attributions"]) == spans(before["attributions"])
    assert after["version"] == before["version"] + 1


def test_a_suggestion_accepted_while_detection_ran_stops_it_and_nothing_is_written(app, client, bearer):
    ed = bearer("ed", "editor")
    text = "Ana Ruiz said the water rose fast.\n\nBob Lee said the dam held until noon."
    article = client.post("/api/articles", json={"text": text}, headers=ed).json
    first = article["attributions"][0]
    with app.app_context():
        stored = db.session.get(Article, article["id"])
        found = detector.detect(stored.text)
        # the claims as detection read them (held, so the session keeps them as read)
        held = list(db.session.scalars(select(Attribution).where(Attribution.article_id == stored.id)))
        assert [a.state for a in held] == ["suggested", "suggested"]
        # another editor accepts the first suggestion in the meantime (its own transaction)
        with db.engine.begin() as other:
            other.execute(update(Attribution).where(Attribution.id == first["id"]).values(state="accepted", version=2))
        with pytest.raises(InvalidInput) as refused:
            redetection.apply(stored, found, None)
        assert refused.value.status == 409
    after = client.get(f"/api/articles/{article['id']}", headers=ed).json
    assert [(a["id"], a["state"]) for a in after["attributions"]] == [
        (first["id"], "accepted"),
        (article["attributions"][1]["id"], "suggested"),
    ]
    assert after["version"] == article["version"] + 1  # the other editor's accept: the detection wrote nothing


def test_deleted_articles_are_out_of_every_query_through_access(app, client, bearer):
    ed = bearer("ed", "editor")
    bearer("root", "admin")
    gone = client.post("/api/articles", json={"text": "Ana Ruiz said it rained."}, headers=ed).json
    kept = client.post("/api/articles", json={"text": "Bob Lee said it snowed."}, headers=ed).json
    assert client.delete(f"/api/articles/{gone['id']}", headers=ed).status_code == 204
    with app.app_context():
        for name in ("ed", "root"):
            user = db.session.scalar(select(User).where(User.username == name))
            ids = db.session.scalars(access.visible(select(Article.id), user)).all()
            assert ids == [kept["id"]]
            with pytest.raises(NotFound):
                access.article_or_404(gone["id"], user)


def test_detecting_again_makes_good_a_failed_detection(app, client, editor):
    app.config["DETECT_INLINE_MAX_BYTES"] = 10
    text = "Ana Ruiz said the water rose fast.\n\nBob Lee said the dam held until noon."
    article = client.post("/api/articles", json={"text": text}, headers=editor).json
    with app.app_context():
        job = db.session.scalar(select(Job).where(Job.article_id == article["id"]))
        job.state, job.error = "failed", "the worker ran out of memory"  # as a failed run leaves it
        db.session.execute(delete(Attribution).where(Attribution.article_id == article["id"]))
        db.session.commit()
    assert "Detection of this article failed" in client.get(f"/articles/{article['id']}").text
    res = client.post(f"/api/articles/{article['id']}/redetect", headers=editor)
    assert res.status_code == 202 and res.json["job"]["state"] == "done"
    assert res.json["job"]["result"]["added"] == 2
    page = client.get(f"/articles/{article['id']}").text
    assert "detection-pending" not in page and "workbench.js" in page
