"""Assigning one article from its own page: its curator names an annotator and a reviewer, who find it in
their My work; a name outside the collection is refused with the server's reason; an annotator sees no form."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent / "screenshots"
TEXT = "The bridge will close in May, the council said.\n\nIvo Berg, the engineer, said the cracks were old."


def test_a_curator_assigns_one_article_from_its_page(client, make_user, bearer, new_page, log_in):
    make_user("cur", "editor")
    for name in ("ann", "rev", "out"):
        make_user(name, "reviewer" if name == "rev" else "editor")
    cur = bearer("cur-api", "admin")
    article = client.post("/api/articles", json={"text": TEXT, "title": "Bridge", "collection": "desk"}, headers=cur)
    desk = client.get("/api/collections", headers=cur).json["items"][0]["id"]
    for name, role in (("cur", "curator"), ("ann", "annotator"), ("rev", "reviewer")):
        res = client.post(f"/api/collections/{desk}/members", json={"username": name, "role": role}, headers=cur)
        assert res.status_code == 201, res.text

    page = new_page()
    log_in(page, "cur")
    page.goto(f"/articles/{article.json['id']}")
    page.wait_for_selector("body[data-ready=true]")
    holders = page.locator("#holders")
    expect(holders).to_contain_text("Nobody yet.")
    page.locator("#assign-annotators").fill("out")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.locator("#assign-message")).to_contain_text("out")
    expect(holders).to_contain_text("Nobody yet.")
    page.locator("#assign-annotators").fill("ann")
    page.locator("#assign-reviewer").fill("rev")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.locator("#assign-message")).to_have_text("Assigned.")
    expect(holders).to_contain_text("ann (annotator)")
    expect(holders).to_contain_text("rev (reviewer)")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "article-assign.png"), full_page=True)

    annotator = new_page()
    log_in(annotator, "ann")
    annotator.goto("/my-work")
    expect(annotator.locator('section[data-section="to_annotate"]')).to_contain_text("Bridge")
    annotator.goto(f"/articles/{article.json['id']}")
    annotator.wait_for_selector("body[data-ready=true]")
    expect(annotator.locator("#assign-form")).to_have_count(0)

    holders.locator("li", has_text="rev (reviewer)").get_by_role("button", name="Remove").click()
    expect(page.locator("#assign-message")).to_have_text("Removed rev.")
    expect(holders).not_to_contain_text("rev (reviewer)")
