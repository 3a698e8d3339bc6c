"""Two annotators tag the same article on their own, submit, the curator adjudicates, the reviewer approves."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Assignment, Collection, Membership, User

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent / "screenshots"
TEXT = "Ana Ruiz, the mayor, said the water rose fast.\n\nPedro Gil, an engineer, said the cracks were old."


@pytest.fixture
def study(app, client, bearer, make_user):
    """The article in the collection `Desk study` (curator `cur`), with `ann1` and `ann2` assigned to annotate
    it independently and `rev` as the collection's reviewer."""
    cur = bearer("cur", "editor")
    article = client.post("/api/articles", json={"text": TEXT, "collection": "Desk study"}, headers=cur).json
    assert len(article["attributions"]) >= 2, "the detector suggests both claims"
    for name, role in (("ann1", "editor"), ("ann2", "editor"), ("rev", "reviewer")):
        make_user(name, role)
    with app.app_context():
        collection = db.session.scalar(select(Collection).where(Collection.name == "Desk study"))
        collection.annotators_per_article = 2
        for name, role in (("ann1", "annotator"), ("ann2", "annotator"), ("rev", "reviewer")):
            user = db.session.scalar(select(User).where(User.username == name))
            db.session.add(Membership(collection_id=collection.id, user_id=user.id, role=role))
            if role == "annotator":
                db.session.add(Assignment(article_id=article["id"], user_id=user.id, role="annotator"))
        db.session.commit()
    return {"id": article["id"], "cur": cur, "final": article["attributions"]}


def annotate(page, article_id: int, speaker: str | None) -> None:
    """Accept every suggestion of the own layer (naming the first claim's speaker when given), then submit."""
    page.goto(f"/articles/{article_id}")
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#layer-panel")).to_contain_text("on your own")
    items = page.locator("#attr-list li")
    for i in range(items.count()):
        items.nth(i).click()
        page.locator("#attr-form").get_by_role("button", name="Accept").click()
        expect(items.nth(i)).to_have_attribute("data-state", "accepted")
        if i == 0 and speaker:
            page.get_by_label("Speaker", exact=True).fill(speaker)
            page.get_by_label("Speaker", exact=True).press("Tab")
            expect(items.nth(0).locator(".speaker")).to_have_text(speaker)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit my annotation").click()
    expect(page.locator("#layer-panel")).to_contain_text("You submitted your own annotation")


def test_two_annotators_the_curator_and_the_reviewer(client, study, new_page, log_in):
    first, second = new_page(), new_page()
    log_in(first, "ann1")
    log_in(second, "ann2")
    annotate(first, study["id"], None)
    # ann2 does not see ann1's accepted claims: a layer of the untouched suggestions
    second.goto(f"/articles/{study['id']}")
    second.wait_for_selector("body[data-ready=true]")
    expect(second.locator("#attr-list li[data-state=accepted]")).to_have_count(0)
    second.screenshot(path=str(SHOTS / "layer-annotator.png"), full_page=True)
    annotate(second, study["id"], "Riverton city council")
    # the final version is untouched until the curator adjudicates
    final = client.get(f"/api/articles/{study['id']}", headers=study["cur"]).json["attributions"]
    assert [a["state"] for a in final] == ["suggested"] * len(study["final"])

    curator = new_page()
    log_in(curator, "cur")
    curator.goto(f"/articles/{study['id']}")
    expect(curator.locator("#adjudication-link")).to_contain_text("2 of 2 assigned annotators submitted")
    curator.get_by_role("link", name="Adjudicate").click()
    units = curator.locator("#units details.unit")
    expect(units).to_have_count(len(study["final"]))
    # the claim they disagree on (its speaker) is open; the others, agreed, are collapsed
    differs = curator.locator("#units details.unit.differs")
    expect(differs).to_have_count(1)
    assert differs.get_attribute("open") is not None
    assert all(u.get_attribute("open") is None for u in curator.locator("#units details.unit.agreed").all())
    expect(differs.locator("tr.differs")).to_contain_text("Riverton city council")
    merge = differs.locator("form.merge-form")
    expect(merge).to_be_hidden()
    differs.get_by_role("button", name="Merge…").click()
    expect(merge.get_by_label("status")).to_have_value("on_record")
    curator.screenshot(path=str(SHOTS / "adjudication.png"), full_page=True)
    # nothing left over here: the page ends with the claims, not with a stray "null"
    expect(curator.locator("#units")).not_to_contain_text("null")
    differs.get_by_role("button", name="Use ann2's").click()
    expect(curator.locator("#adjudication-message")).to_have_text("Saved in the final version.")
    for unit in curator.locator("#units details.unit.agreed").all():
        unit.locator("summary").click()
        unit.get_by_role("button", name="Use ann1's").click()
        expect(curator.locator("#adjudication-message")).to_have_text("Saved in the final version.")
    expect(curator.locator("#units .badge.decided")).to_have_count(len(study["final"]))
    final = client.get(f"/api/articles/{study['id']}", headers=study["cur"]).json["attributions"]
    assert {a["state"] for a in final} == {"accepted"}
    assert "Riverton city council" in [a["speaker"] for a in final]

    # the curator submits the final version for review; the reviewer approves it
    curator.goto(f"/articles/{study['id']}")
    curator.wait_for_selector("body[data-ready=true]")
    curator.locator("#review-panel").get_by_role("button", name="Submit for review").click()
    expect(curator.locator("#review-message")).to_have_text("Submitted for review.")
    reviewer = new_page()
    log_in(reviewer, "rev")
    reviewer.goto(f"/articles/{study['id']}")
    reviewer.wait_for_selector("body[data-ready=true]")
    panel = reviewer.locator("#review-panel")
    for box in panel.locator("input.override").all():
        box.fill("Both speakers are named in the copy.")
    panel.get_by_role("button", name="Approve").click()
    expect(reviewer.locator("#review-message")).to_have_text("Approved for publication.")
    expect(reviewer.locator("#review-state")).to_have_text("approved")

    # the collection's agreement page: the table and the chart
    curator.get_by_role("link", name="Agreement in the collection").click()
    expect(curator.locator("#pair-table tbody tr")).to_have_count(1)
    expect(curator.locator("#pair-table")).to_contain_text("ann1 & ann2")
    assert curator.locator("figure.chart-card svg rect").count() >= 3
    curator.screenshot(path=str(SHOTS / "agreement.png"), full_page=True)
