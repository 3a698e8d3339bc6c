"""A collection's page in the browser: a curator creates it, builds the team and assigns its articles."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent / "screenshots"


def test_a_curator_creates_a_collection_adds_members_and_assigns_its_articles(
    client, make_user, bearer, new_page, log_in
):
    make_user("cur", "editor")
    make_user("ann", "editor")
    make_user("rev", "reviewer")
    page = new_page()
    log_in(page, "cur")
    page.goto("/collections")
    page.get_by_label("New collection").fill("desk")
    page.get_by_role("button", name="Create").click()
    page.wait_for_url("**/collections/*")
    expect(page.locator("#collection-summary")).to_contain_text("You are curator here.")

    form = page.locator("#add-member")
    form.get_by_label("Username").fill("nobody")
    form.get_by_role("button", name="Add member").click()
    expect(page.locator("#collection-error")).to_have_text("no user is called 'nobody'")
    for name, role in (("ann", "annotator"), ("rev", "reviewer")):
        form.get_by_label("Username").fill(name)
        form.get_by_label("Role").select_option(role)
        form.get_by_role("button", name="Add member").click()
        expect(page.locator("#collection-summary")).to_contain_text(f"{name} joined.")
    expect(page.locator("#members tbody tr")).to_have_count(3)

    # articles the curator puts in the collection, then assigned in one batch from the page
    headers = {"X-CSRFToken": page.locator('meta[name="csrf-token"]').get_attribute("content")}
    for i in range(2):
        res = page.request.post(
            "/api/articles",
            data={"text": f"Ana Ruiz said bridge {i} is closed.", "collection": "desk"},
            headers=headers,
        )
        assert res.status == 201
    assign = page.locator("#assign")
    assign.get_by_label("Annotators").fill("ann")
    assign.get_by_label("Reviewer").fill("rev")
    assign.get_by_role("button", name="Assign").click()
    expect(page.locator("#collection-summary")).to_contain_text("Assigned: 4 new assignment(s) over 2 article(s).")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "collection-page.png"), full_page=True)

    page.get_by_role("combobox", name="Role of ann").select_option("reviewer")
    expect(page.locator("#collection-summary")).to_contain_text("ann is now reviewer.")

    annotator = new_page()
    log_in(annotator, "rev")
    expect(annotator.locator("#nav-my-work")).to_have_text("My work")  # nothing is in review yet
    annotator.goto("/")
    expect(annotator.locator("td.assignees").first).to_contain_text("rev (reviewer)")
