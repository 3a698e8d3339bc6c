"""My work in the browser: a comment naming `@bee` puts the article into bee's My work, which opens it."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent / "screenshots"
TEXT = "The dam failed at noon, officials said.\n\nAna Ruiz, the mayor, said the water rose fast."


def test_a_mention_shows_up_in_the_other_users_my_work_and_opens_the_article(
    client, make_user, bearer, new_page, log_in
):
    make_user("ann", "editor")
    make_user("bee", "editor")
    cur = bearer("cur", "editor")
    article = client.post(
        "/api/articles", json={"text": TEXT, "title": "Dam failure", "collection": "desk"}, headers=cur
    )
    desk = client.get("/api/collections", headers=cur).json["items"][0]["id"]
    for name in ("ann", "bee"):
        res = client.post(f"/api/collections/{desk}/members", json={"username": name, "role": "annotator"}, headers=cur)
        assert res.status_code == 201

    a = new_page()
    log_in(a, "ann")
    a.goto(f"/articles/{article.json['id']}")
    a.wait_for_selector("body[data-ready=true]")
    a.locator("#comment-text").fill("@bee is the mayor named right?")
    a.get_by_role("button", name="Comment", exact=True).click()
    expect(a.locator("#thread")).to_contain_text("is the mayor named right?")

    b = new_page()
    log_in(b, "bee")
    nav = b.locator("#nav-my-work")
    expect(nav).to_contain_text("1")
    nav.click()
    b.wait_for_url("**/my-work")
    mentions = b.locator('section[data-section="mentions"]')
    expect(mentions.locator(".count")).to_have_text("(1)")
    expect(mentions).to_contain_text("ann on Dam failure")
    expect(b.locator('section[data-section="to_annotate"]')).to_contain_text("Nothing to annotate.")
    SHOTS.mkdir(exist_ok=True)
    b.screenshot(path=str(SHOTS / "my-work.png"), full_page=True)
    mentions.get_by_role("link", name="Dam failure").click()
    b.wait_for_url(f"**/articles/{article.json['id']}")
    b.wait_for_selector("body[data-ready=true]")
    expect(b.locator("#thread")).to_contain_text("@bee is the mayor named right?")

    # dealt with: marked done, it leaves My work and the count in the nav
    b.goto("/my-work")
    b.locator('section[data-section="mentions"]').get_by_role("button", name="Done").click()
    expect(b.locator('section[data-section="mentions"]')).to_contain_text("Nobody mentioned you.")
    b.reload()
    expect(b.locator("#nav-my-work")).to_have_text("My work")
