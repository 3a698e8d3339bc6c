"""Independent annotation: each annotator's own layer, submitting it, agreement, and the curator's adjudication."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, Assignment, Attribution, AuditEvent, Collection, Membership, User

# The stand-in detector suggests three claims here, each `on_record` by a `person`.
TEXT = (
    "Ana Ruiz said the dam failed at noon.\n\n"
    '"The water rose fast," said Tom Bell.\n\n'
    "Lena Park said repairs would take weeks."
)


def assign(app, article_id: int, names: list[str], collection: str, per_article: int = 2) -> None:
    """Make the collection ask for `per_article` annotators and assign `names` to the article as annotators
    (the assignment API is another part of the work; the rows are what it writes)."""
    with app.app_context():
        found = db.session.scalar(select(Collection).where(Collection.name == collection))
        found.annotators_per_article = per_article
        for name in names:
            user = db.session.scalar(select(User).where(User.username == name))
            if not db.session.scalar(select(Membership).where(Membership.user_id == user.id)):
                db.session.add(Membership(collection_id=found.id, user_id=user.id, role="annotator"))
            db.session.add(Assignment(article_id=article_id, user_id=user.id, role="annotator"))
        db.session.commit()


@pytest.fixture
def study(app, client, bearer):
    """An article in the collection `Study` (curator `cur`) with annotators `ann1` and `ann2` assigned."""
    headers = {name: bearer(name, role) for name, role in (("cur", "editor"), ("ann1", "editor"), ("ann2", "editor"))}
    article = client.post("/api/articles", json={"text": TEXT, "collection": "Study"}, headers=headers["cur"]).json
    assert len(article["attributions"]) == 3
    assign(app, article["id"], ["ann1", "ann2"], "Study")
    return {**headers, "id": article["id"], "final": article["attributions"], "version": article["version"]}


def layer(client, study, name: str) -> list[dict]:
    res = client.get(f"/api/articles/{study['id']}", headers=study[name])
    assert res.status_code == 200
    assert res.json["layer"]["user"] == name
    return res.json["attributions"]


def edit(client, study, name: str, claim: dict, **fields) -> dict:
    res = client.patch(
        f"/api/attributions/{claim['id']}", json={"version": claim["version"], **fields}, headers=study[name]
    )
    assert res.status_code == 200, res.json
    return res.json


def submit(client, study, name: str):
    return client.post(f"/api/articles/{study['id']}/submit", headers=study[name])


def rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Attribution)) or 0


def test_each_annotator_works_on_an_own_copy_of_the_suggestions(app, client, study):
    one, two = layer(client, study, "ann1"), layer(client, study, "ann2")
    final_ids = {a["id"] for a in study["final"]}
    assert [a["content"] for a in one] == [a["content"] for a in study["final"]] == [a["content"] for a in two]
    assert not ({a["id"] for a in one} & final_ids) and not ({a["id"] for a in one} & {a["id"] for a in two})
    assert {a["state"] for a in one} == {"suggested"}
    edit(client, study, "ann1", one[0], state="rejected")
    added = client.post(
        f"/api/articles/{study['id']}/attributions", json={"kind": "indirect", "content": [0, 8]}, headers=study["ann1"]
    )
    assert added.status_code == 201
    # ann1's changes stay in ann1's layer: ann2 and the final version still have the suggestions alone
    assert [a["state"] for a in layer(client, study, "ann1")] == ["accepted", "rejected", "suggested", "suggested"]
    assert [a["state"] for a in layer(client, study, "ann2")] == ["suggested"] * 3
    final = client.get(f"/api/articles/{study['id']}", headers=study["cur"]).json
    assert "layer" not in final and [a["id"] for a in final["attributions"]] == [a["id"] for a in study["final"]]
    assert final["version"] == 1  # a layer's change is no change of the version the review reads
    # opening again copies nothing more
    assert len(layer(client, study, "ann1")) == 4


def test_an_annotator_cannot_touch_or_read_another_layer(app, client, study):
    theirs = layer(client, study, "ann2")[0]
    before = rows(app)
    res = client.patch(
        f"/api/attributions/{theirs['id']}", json={"version": 1, "state": "rejected"}, headers=study["ann1"]
    )
    assert res.status_code == 404 and res.json["error"]["message"] == f"No attribution {theirs['id']}."
    assert client.delete(f"/api/attributions/{theirs['id']}?version=1", headers=study["ann1"]).status_code == 404
    assert client.get(f"/api/attributions/{theirs['id']}/history", headers=study["ann1"]).status_code == 404
    assert client.get(f"/api/attributions/{theirs['id']}/history", headers=study["ann2"]).status_code == 200
    assert rows(app) == before
    # nor the agreement, which shows the others' work, before submitting
    res = client.get(f"/api/articles/{study['id']}/agreement", headers=study["ann1"])
    assert res.status_code == 403 and "Submit your own annotation" in res.json["error"]["message"]


def test_a_submitted_layer_is_closed(app, client, study):
    mine = layer(client, study, "ann1")
    res = submit(client, study, "ann1")
    assert res.status_code == 200 and res.json["submitted_at"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(AuditEvent.action == "layer.submit")) == 1
    before = rows(app)
    late = client.patch(
        f"/api/attributions/{mine[0]['id']}", json={"version": 1, "state": "rejected"}, headers=study["ann1"]
    )
    assert late.status_code == 409 and "submitted" in late.json["error"]["message"]
    add = client.post(
        f"/api/articles/{study['id']}/attributions", json={"kind": "indirect", "content": [0, 8]}, headers=study["ann1"]
    )
    assert add.status_code == 409 and rows(app) == before
    again = submit(client, study, "ann1")
    assert again.status_code == 409 and "already submitted" in again.json["error"]["message"]
    # the curator holds no layer to submit
    assert submit(client, study, "cur").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(AuditEvent.action == "layer.submit")) == 1


def test_an_article_of_a_single_annotator_collection_has_no_layers(app, client, study):
    assign(app, study["id"], [], "Study", per_article=1)
    res = client.get(f"/api/articles/{study['id']}", headers=study["ann1"])
    assert "layer" not in res.json and [a["id"] for a in res.json["attributions"]] == [a["id"] for a in study["final"]]
    assert submit(client, study, "ann1").status_code == 403


def annotate(client, study, statuses: dict[str, list[str]], speakers: dict[str, list[str]] | None = None) -> None:
    """Each annotator accepts the three claims with the given statuses (and speakers), then submits."""
    for name, wanted in statuses.items():
        for i, (claim, status) in enumerate(zip(layer(client, study, name), wanted, strict=True)):
            extra = {"speaker": speakers[name][i]} if speakers and name in speakers and i < len(speakers[name]) else {}
            edit(client, study, name, claim, state="accepted", status=status, **extra)
        assert submit(client, study, name).status_code == 200


def test_perfect_agreement_is_one(client, study):
    both = ["on_record", "anonymous_no_reason", "on_record"]
    annotate(client, study, {"ann1": both, "ann2": both})
    figures = client.get(f"/api/articles/{study['id']}/agreement", headers=study["cur"]).json
    assert figures["annotators"] == ["ann1", "ann2"] and figures["units"] == 3 and figures["agreed_units"] == 3
    assert figures["alpha"]["status"] == 1.0
    # speaker type is `person` everywhere: one value, so alpha is undefined rather than a number
    assert figures["alpha"]["speaker_type"] is None
    (pair,) = figures["pairs"]
    assert pair["content_f1"] == pair["source_f1"] == pair["cue_f1"] == 1.0
    assert pair["speaker_agreement"] == 1.0 and figures["speaker_agreement"] == 1.0


def test_a_known_disagreement(app, client, study):
    # status per unit: (A, A), (A, B), (B, B) with A = on_record, B = anonymous_no_reason.
    # Coincidences (each unit has two values, so each ordered pair counts 1/(2-1) = 1):
    #   o_AA = 2, o_AB = o_BA = 1, o_BB = 2; n = 6, n_A = n_B = 3.
    #   observed disagreement D_o = (o_AB + o_BA) / n = 2/6 = 1/3
    #   expected disagreement D_e = 2 * n_A * n_B / (n (n - 1)) = 18/30 = 3/5
    #   alpha = 1 - D_o / D_e = 1 - (1/3) / (3/5) = 1 - 5/9 = 4/9 = 0.4444
    # ann2 also names the first claim's speaker differently: speakers agree on 2 of the 3 claims.
    a, b = "on_record", "anonymous_no_reason"
    annotate(client, study, {"ann1": [a, a, b], "ann2": [a, b, b]}, speakers={"ann2": ["Pedro Gil"]})
    figures = client.get(f"/api/articles/{study['id']}/agreement", headers=study["cur"]).json
    assert figures["alpha"]["status"] == 0.4444
    assert figures["agreed_units"] == 1  # the third claim only: the first has two speakers, the second two statuses
    assert figures["speaker_agreement"] == 0.6667
    with app.app_context():
        collection_id = db.session.scalar(select(Collection.id).where(Collection.name == "Study"))
    whole = client.get(f"/api/collections/{collection_id}/agreement", headers=study["cur"]).json
    assert whole["articles"] == 1 and whole["alpha"] == figures["alpha"] and whole["pairs"] == figures["pairs"]


def test_a_claim_only_one_annotator_kept_lowers_the_span_f1(client, study):
    # ann2 rejects the last claim: taking ann1 as the reference, precision 2/2, recall 2/3, F1 = 2PR/(P+R) = 0.8
    for claim in layer(client, study, "ann1"):
        edit(client, study, "ann1", claim, state="accepted")
    for claim, state in zip(layer(client, study, "ann2"), ["accepted", "accepted", "rejected"], strict=True):
        edit(client, study, "ann2", claim, state=state)
    submit(client, study, "ann1"), submit(client, study, "ann2")
    figures = client.get(f"/api/articles/{study['id']}/agreement", headers=study["cur"]).json
    (pair,) = figures["pairs"]
    assert pair["content_f1"] == pair["source_f1"] == pair["cue_f1"] == 0.8
    assert figures["units"] == 3 and figures["agreed_units"] == 2


def test_a_non_member_gets_404_on_the_agreement_and_the_adjudication(app, client, study, bearer):
    outsider = bearer("out", "editor")
    with app.app_context():
        collection_id = db.session.scalar(select(Collection.id).where(Collection.name == "Study"))
    for url in (
        f"/api/articles/{study['id']}/agreement",
        f"/api/collections/{collection_id}/agreement",
        f"/api/articles/{study['id']}/adjudication",
    ):
        assert client.get(url, headers=outsider).status_code == 404
    before = rows(app)
    res = client.post(
        f"/api/articles/{study['id']}/adjudication",
        json={"version": 1, "unit": [1], "choice": "none"},
        headers=outsider,
    )
    assert res.status_code == 404 and rows(app) == before
    assert submit(client, study, "ann1").status_code == 200
    assert client.post(f"/api/articles/{study['id']}/submit", headers=outsider).status_code == 404


def adjudication(client, study, name: str = "cur"):
    return client.get(f"/api/articles/{study['id']}/adjudication", headers=study[name])


def test_adjudicating_with_one_submitted_annotation_is_refused_and_writes_nothing(app, client, study):
    assert adjudication(client, study).status_code == 409
    annotate(client, study, {"ann1": ["on_record"] * 3})
    res = adjudication(client, study)
    assert res.status_code == 409 and "has 1" in res.json["error"]["message"]
    before = rows(app)
    unit = [layer(client, study, "ann1")[0]["id"]]
    res = client.post(
        f"/api/articles/{study['id']}/adjudication",
        json={"version": 1, "unit": unit, "choice": "ann1"},
        headers=study["cur"],
    )
    assert res.status_code == 409 and rows(app) == before


def test_the_curator_adjudicates_into_the_final_version(app, client, study):
    a, b = "on_record", "anonymous_no_reason"
    annotate(client, study, {"ann1": [a, a, b], "ann2": [a, b, b]})
    # only the curator (or an admin) adjudicates: an annotator, even after submitting, is refused
    assert adjudication(client, study, "ann1").status_code == 403
    view = adjudication(client, study).json
    assert view["annotators"] == ["ann1", "ann2"]
    assert [u["agreed"] for u in view["units"]] == [True, False, True]
    second = view["units"][1]
    assert {n: v["status"] for n, v in second["versions"].items()} == {"ann1": a, "ann2": b}
    assert second["final"]["id"] == study["final"][1]["id"] and second["decision"] is None
    url = f"/api/articles/{study['id']}/adjudication"
    pick = {"version": view["version"], "unit": second["unit"], "choice": "ann2"}
    res = client.post(url, json=pick, headers=study["cur"])
    assert res.status_code == 200, res.json
    assert res.json["units"][1]["decision"] == "ann2"
    final = client.get(f"/api/articles/{study['id']}", headers=study["cur"]).json
    settled = final["attributions"][1]
    assert settled["id"] == study["final"][1]["id"] and settled["status"] == b and settled["state"] == "accepted"
    assert len(final["attributions"]) == 3
    # the same pick on the version read before it is stale: 409, nothing written
    before = rows(app)
    stale = client.post(url, json=pick, headers=study["cur"])
    assert stale.status_code == 409 and "changed since you loaded" in stale.json["error"]["message"]
    assert rows(app) == before
    # a merged version, then none for the first claim
    units = res.json["units"]
    merged = {"kind": "indirect", "content": [14, 36], "speaker": "Ana Ruiz", "status": "anonymous_reason_given"}
    res = client.post(
        url,
        json={"version": res.json["version"], "unit": units[0]["unit"], "choice": "merged", "fields": merged},
        headers=study["cur"],
    )
    assert res.status_code == 200, res.json
    first = client.get(f"/api/articles/{study['id']}", headers=study["cur"]).json["attributions"][0]
    assert first["status"] == "anonymous_reason_given" and first["content"] == [14, 36]
    res = client.post(
        url, json={"version": res.json["version"], "unit": units[2]["unit"], "choice": "none"}, headers=study["cur"]
    )
    assert res.status_code == 200
    final = client.get(f"/api/articles/{study['id']}", headers=study["cur"]).json["attributions"]
    assert [a["state"] for a in final] == ["accepted", "accepted", "rejected"]  # none: rejected, history kept
    with app.app_context():
        events = db.session.scalars(select(AuditEvent.after).where(AuditEvent.action == "adjudication.pick")).all()
    assert [e["choice"] for e in events] == ["ann2", "merged", "none"]


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"version": 1, "unit": [999999], "choice": "ann1"}, 422, "unit"),
        ({"version": 1, "unit": "x", "choice": "ann1"}, 422, "unit"),
        ({"version": 1, "unit": [], "choice": "ann1"}, 422, "unit"),
        ({"version": 0, "unit": [1], "choice": "ann1"}, 422, "version"),
        ({"unit": [1], "choice": "ann1"}, 422, "version"),
        ({"version": 1, "unit": [1], "choice": "ann1", "extra": 1}, 422, "extra"),
    ],
)
def test_a_bad_pick_gets_a_clear_4xx_and_writes_nothing(app, client, study, body, status, field):
    annotate(client, study, {"ann1": ["on_record"] * 3, "ann2": ["on_record"] * 3})
    before = rows(app)
    res = client.post(f"/api/articles/{study['id']}/adjudication", json=body, headers=study["cur"])
    assert res.status_code == status, res.json
    assert res.json["error"]["field"] == field
    assert rows(app) == before


def test_a_pick_names_an_annotator_of_the_unit_and_a_merge_needs_its_fields(app, client, study):
    annotate(client, study, {"ann1": ["on_record"] * 3, "ann2": ["on_record"] * 3})
    view = adjudication(client, study).json
    url = f"/api/articles/{study['id']}/adjudication"
    before = rows(app)
    for extra, field in (({"choice": "cur"}, "choice"), ({"choice": "merged"}, "fields")):
        res = client.post(
            url, json={"version": view["version"], "unit": view["units"][0]["unit"], **extra}, headers=study["cur"]
        )
        assert res.status_code == 422 and res.json["error"]["field"] == field
    bad_span = {"choice": "merged", "fields": {"kind": "direct", "content": [5, 99999]}}
    res = client.post(
        url, json={"version": view["version"], "unit": view["units"][0]["unit"], **bad_span}, headers=study["cur"]
    )
    assert res.status_code == 422 and rows(app) == before
    with app.app_context():
        assert db.session.get(Article, study["id"]).version == view["version"]


def collection_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Collection.id).where(Collection.name == "Study"))


def test_the_layers_download_holds_the_final_version_every_layer_and_the_agreement(app, client, study):
    import io
    import json
    import zipfile

    a, b = "on_record", "anonymous_no_reason"
    annotate(client, study, {"ann1": [a, a, b], "ann2": [a, b, b]})
    url = f"/collections/{collection_id(app)}/layers.zip"
    # an annotator, even one who submitted, does not download the others' layers
    assert client.get(url, headers=study["ann1"]).status_code == 403
    res = client.get(url, headers=study["cur"])
    assert res.status_code == 200 and res.mimetype == "application/zip"
    zf = zipfile.ZipFile(io.BytesIO(res.data))
    with app.app_context():
        ids = {n: db.session.scalar(select(User.id).where(User.username == n)) for n in ("ann1", "ann2")}
    one, two = f"{ids['ann1']}-ann1", f"{ids['ann2']}-ann2"
    names = set(zf.namelist())
    assert {"agreement.json", "final.jsonl", f"layers/{one}.jsonl", f"layers/{two}.jsonl"} <= names
    assert {f"brat/{one}/{study['id']:06d}.ann", f"brat/{two}/{study['id']:06d}.txt"} <= names
    figures = json.loads(zf.read("agreement.json"))
    assert figures["collection"]["alpha"]["status"] == 0.4444
    assert [f["article_id"] for f in figures["articles"]] == [study["id"]]
    (line,) = zf.read(f"layers/{two}.jsonl").decode().splitlines()
    assert [x["status"] for x in json.loads(line)["attributions"]] == [a, b, b]
    (final,) = zf.read("final.jsonl").decode().splitlines()
    assert {x["state"] for x in json.loads(final)["attributions"]} == {"suggested"}  # not adjudicated yet
    ann = zf.read(f"brat/{one}/{study['id']:06d}.ann").decode()
    assert sum(line.startswith("E") for line in ann.splitlines()) == 3  # one event per claim


def test_the_agreement_page_shows_the_table_and_the_chart(app, client, study, bearer):
    a, b = "on_record", "anonymous_no_reason"
    annotate(client, study, {"ann1": [a, a, b], "ann2": [a, b, b]})
    url = f"/collections/{collection_id(app)}/agreement"
    page = client.get(url, headers=study["ann1"])
    assert page.status_code == 200
    assert "ann1 &amp; ann2" in page.text and "0.44" in page.text and "<svg" in page.text
    assert "layers.zip" not in page.text  # the download is the curator's
    assert "layers.zip" in client.get(url, headers=study["cur"]).text
    assert client.get(url, headers=bearer("out", "editor")).status_code == 404


def test_the_adjudication_page_is_the_curators(app, client, study):
    annotate(client, study, {"ann1": ["on_record"] * 3, "ann2": ["on_record"] * 3})
    url = f"/articles/{study['id']}/adjudication"
    assert client.get(url, headers=study["ann1"]).status_code == 403
    page = client.get(url, headers=study["cur"])
    assert page.status_code == 200 and "adjudication.js" in page.text
    article = client.get(f"/articles/{study['id']}", headers=study["cur"]).text
    assert "2 of 2 assigned annotators submitted" in article and url in article


def test_flask_export_layers_writes_the_same_zip(app, client, study, tmp_path):
    import zipfile

    annotate(client, study, {"ann1": ["on_record"] * 3, "ann2": ["on_record"] * 3})
    out = tmp_path / "study.zip"
    result = app.test_cli_runner().invoke(args=["export-layers", "Study", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "agreement.json" in zipfile.ZipFile(out).namelist()
    missing = app.test_cli_runner().invoke(args=["export-layers", "Nope", "--out", str(tmp_path / "x.zip")])
    assert missing.exit_code == 2 and "no collection 'Nope'" in missing.output
    assert not (tmp_path / "x.zip").exists()


def test_the_pages_refuse_a_non_member_as_if_nothing_were_there(app, client, study, bearer):
    outsider = bearer("out", "editor")
    annotate(client, study, {"ann1": ["on_record"] * 3, "ann2": ["on_record"] * 3})
    number = collection_id(app)
    for url in (
        f"/articles/{study['id']}/adjudication",
        f"/collections/{number}/agreement",
        f"/collections/{number}/layers.zip",
        f"/api/collections/{number + 1}/agreement",
    ):
        res = client.get(url, headers=outsider)
        assert res.status_code == 404, url


def test_a_layer_is_made_only_once_the_detector_has_read_the_article(app, client, study):
    from annotator.models import Job

    with app.app_context():
        job = Job(kind="detect", state="running", article_id=study["id"], params={})
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    assert layer(client, study, "ann1") == []  # nothing copied while the suggestions may still be coming
    with app.app_context():
        assert not db.session.scalar(select(func.count()).where(AuditEvent.action == "layer.open"))
        db.session.get(Job, job_id).state = "done"
        db.session.commit()
    assert len(layer(client, study, "ann1")) == 3


def test_the_suggestions_no_annotator_kept_are_listed_apart_for_the_curator_to_reject(app, client, study):
    for name in ("ann1", "ann2"):
        for claim, state in zip(layer(client, study, name), ["accepted", "accepted", "rejected"], strict=True):
            edit(client, study, name, claim, state=state)
        submit(client, study, name)
    view = adjudication(client, study).json
    assert len(view["units"]) == 2
    assert [a["id"] for a in view["leftover"]] == [study["final"][2]["id"]]
    url = f"/api/articles/{study['id']}/adjudication"
    before = rows(app)
    wrong = {"version": view["version"], "unit": [study["final"][0]["id"]], "choice": "reject"}
    res = client.post(url, json=wrong, headers=study["cur"])
    assert res.status_code == 422 and res.json["error"]["field"] == "unit" and rows(app) == before
    res = client.post(url, json={**wrong, "unit": [study["final"][2]["id"]]}, headers=study["cur"])
    assert res.status_code == 200 and res.json["leftover"] == []
    final = client.get(f"/api/articles/{study['id']}", headers=study["cur"]).json["attributions"]
    assert [a["state"] for a in final] == ["suggested", "suggested", "rejected"]


def test_detecting_again_replaces_the_final_suggestions_and_leaves_the_layers_be(app, client, study):
    mine = layer(client, study, "ann1")
    res = client.post(f"/api/articles/{study['id']}/redetect", headers=study["cur"])
    assert res.status_code == 200, res.json
    assert res.json["removed"] == 3 and res.json["added"] == 3
    assert [a["id"] for a in layer(client, study, "ann1")] == [a["id"] for a in mine]
    final = client.get(f"/api/articles/{study['id']}", headers=study["cur"]).json["attributions"]
    assert not {a["id"] for a in final} & {a["id"] for a in mine + study["final"]}


def test_an_annotator_accepts_many_in_their_own_layer_only(app, client, study):
    mine, theirs = layer(client, study, "ann1"), layer(client, study, "ann2")
    url = f"/api/articles/{study['id']}/accept"
    counted = client.get(url, headers=study["ann1"]).json
    assert counted["versions"] == {str(a["id"]): a["version"] for a in mine}, "the layer's, not the final version's"
    res = client.post(url, json={"versions": counted["versions"]}, headers=study["ann1"])
    assert res.status_code == 201, res.json
    assert {a["state"] for a in layer(client, study, "ann1")} == {"accepted"}
    assert {a["state"] for a in layer(client, study, "ann2")} == {"suggested"}, "another's layer stays"
    final = client.get(f"/api/articles/{study['id']}", headers=study["cur"]).json
    assert {a["state"] for a in final["attributions"]} == {"suggested"} and final["version"] == study["version"]
    assert client.get(url, headers=study["cur"]).json["count"] == 3
    batch = res.json["batch"]["id"]
    # another annotator cannot undo it (nor learn it is there); its annotator can, until submitting
    assert client.post(f"/api/batches/{batch}/undo", headers=study["ann2"]).status_code == 404
    assert client.post(f"/api/batches/{batch}/undo", headers=study["ann1"]).status_code == 200
    assert {a["state"] for a in layer(client, study, "ann1")} == {"suggested"}
    assert [a["id"] for a in layer(client, study, "ann2")] == [a["id"] for a in theirs]
    assert submit(client, study, "ann1").status_code == 200
    before = rows(app)
    versions = client.get(url, headers=study["ann1"]).json["versions"]
    res = client.post(url, json={"versions": versions}, headers=study["ann1"])
    assert res.status_code == 409 and "submitted" in res.json["error"]["message"] and rows(app) == before
