"""Managing an article in the browser: editing its details, a stale edit, detecting again, deleting it and
an admin restoring it; and an approved article's overrides shown with their reasons and reviewer."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent / "screenshots"
TEXT = '"The levee will hold," said Ana Ruiz, the city engineer.\n\nOfficials said the river was rising.'


@pytest.fixture
def article(client, bearer):
    """An article by the editor `ed` (password "correct horse"), detected by the real pipeline."""
    headers = bearer("ed", "editor")
    made = client.post("/api/articles", json={"text": TEXT, "title": "Levee", "outlet": "Wire"}, headers=headers)
    assert made.status_code == 201 and made.json["attributions"]
    return {**made.json, "headers": headers}


def open_manage(page, article_id):
    page.goto(f"/articles/{article_id}")
    page.wait_for_selector("body[data-ready=true]")
    page.get_by_text("Edit details, detect again, delete").click()
    expect(page.get_by_label("Title")).to_have_value("Levee")  # filled from the API


def test_an_editor_edits_the_details_and_a_stale_edit_is_refused(client, new_page, log_in, article):
    SHOTS.mkdir(exist_ok=True)
    page = new_page()
    log_in(page, "ed")
    open_manage(page, article["id"])
    page.get_by_label("Title").fill("The levee holds")
    page.get_by_label("Outlet").fill("Gazette")
    page.get_by_label("Byline").fill("Lolita C. Baldor")
    page.get_by_label("Published").fill("2017-06-19")
    page.get_by_label("Collection").fill("Floods")
    page.get_by_role("button", name="Save details").click()
    expect(page.locator("#manage-message")).to_have_text("Saved")
    expect(page.locator("#article-title")).to_have_text("The levee holds")
    expect(page.locator("#article-meta")).to_contain_text("Gazette")
    page.screenshot(path=str(SHOTS / "manage-edit.png"))
    page.reload()
    expect(page.locator("#article-title")).to_have_text("The levee holds")
    assert client.get(f"/api/articles/{article['id']}", headers=article["headers"]).json["collection"] == "Floods"

    # someone else changes the outlet meanwhile: this page's save is refused and shows theirs
    page.get_by_text("Edit details, detect again, delete").click()
    expect(page.get_by_label("Outlet")).to_have_value("Gazette")
    current = client.get(f"/api/articles/{article['id']}", headers=article["headers"]).json
    other = client.patch(
        f"/api/articles/{article['id']}",
        json={"version": current["version"], "outlet": "Courier"},
        headers=article["headers"],
    )
    assert other.status_code == 200
    page.get_by_label("Byline").fill("Somebody Else")
    page.get_by_role("button", name="Save details").click()
    expect(page.locator("#manage-message")).to_have_text(
        "Not saved: someone changed this article's details meanwhile. The form now shows them; make your change "
        "again. You had typed: byline “Somebody Else”."
    )
    expect(page.get_by_label("Outlet")).to_have_value("Courier")
    expect(page.get_by_label("Byline")).to_have_value("Lolita C. Baldor")
    assert client.get(f"/api/articles/{article['id']}", headers=article["headers"]).json["byline"] == "Lolita C. Baldor"


def test_detecting_again_keeps_an_accepted_claim(client, new_page, log_in, article):
    first = article["attributions"][0]
    client.patch(
        f"/api/attributions/{first['id']}",
        json={"version": first["version"], "state": "accepted"},
        headers=article["headers"],
    )
    page = new_page()
    log_in(page, "ed")
    open_manage(page, article["id"])
    page.get_by_role("button", name="Run detection again").click()
    expect(page.locator("#manage-message")).to_contain_text("Detection ran again")
    expect(page.locator("#manage-message")).to_contain_text("1 attribution(s) you worked on are kept")
    expect(page.locator(f'#attr-list li[data-attribution-id="{first["id"]}"]')).to_have_attribute(
        "data-state", "accepted"
    )
    assert page.locator("#attr-list li").count() == len(article["attributions"])


def test_an_editor_deletes_an_article_and_an_admin_restores_it(new_page, log_in, make_user, article):
    page = new_page()
    log_in(page, "ed")
    open_manage(page, article["id"])
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete article").click()
    page.wait_for_url("**/")
    expect(page.locator("main")).not_to_contain_text("Levee")
    assert page.goto(f"/articles/{article['id']}").status == 404

    make_user("root", "admin")
    admin = new_page()
    log_in(admin, "root")
    admin.get_by_role("link", name="Deleted").click()
    row = admin.locator(f'tr[data-article-id="{article["id"]}"]')
    expect(row).to_contain_text("Levee")
    expect(row).to_contain_text("ed")
    admin.screenshot(path=str(SHOTS / "manage-deleted.png"))
    row.get_by_role("button", name="Restore").click()
    expect(admin.locator("#deleted-message")).to_have_text("Restored: Levee")
    expect(row).to_have_count(0)
    admin.get_by_role("link", name="Levee").click()
    expect(admin.locator("#article-title")).to_have_text("Levee")
    page.goto("/")
    expect(page.locator("main")).to_contain_text("Levee")


def test_an_approved_article_shows_its_overrides_instead_of_blocks_approval(
    client, new_page, log_in, make_user, article, bearer
):
    url = f"/api/articles/{article['id']}/review"
    assert client.post(url, json={"decision": "submit"}, headers=article["headers"]).status_code == 200
    rev = bearer("rev", "reviewer")
    version = client.get(url, headers=rev).json["version"]
    refused = client.post(url, json={"decision": "approve", "version": version}, headers=rev).json["error"]
    blocking = refused["findings"]
    assert blocking
    overrides = [
        {"code": f["code"], "attribution_id": i, "reason": "Desk knows the source."}
        for f in blocking
        for i in f["attribution_ids"] or [None]
    ]
    approve = {"decision": "approve", "version": version, "overrides": overrides}
    assert client.post(url, json=approve, headers=rev).status_code == 200
    page = new_page()
    log_in(page, "ed")
    page.goto(f"/articles/{article['id']}")
    page.wait_for_selector("body[data-ready=true]")
    overridden = page.locator("#findings .finding.overridden")
    expect(overridden).to_have_count(len(blocking))
    expect(overridden.first.locator(".sev")).to_have_text("Overridden")
    expect(overridden.first.locator(".override-reason")).to_have_text("Override by rev: Desk knows the source.")
    expect(page.locator("#findings")).not_to_contain_text("Blocks approval")
    page.locator("#review-panel").screenshot(path=str(SHOTS / "manage-overrides.png"))
