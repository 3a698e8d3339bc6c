"""Sourcing review in the browser: roles, overrides with reasons, and the dashboard's charts."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture
def reference_article(app, client, editor, acceptance_text, load_reference):
    """The acceptance article with its reference attributions, made by the `ed` editor."""
    return load_reference(editor, acceptance_text)


def open_review(page, article_id):
    page.goto(f"/articles/{article_id}")
    page.wait_for_selector("body[data-ready=true]")
    return page.locator("#review-panel")


def test_editor_submits_but_cannot_approve(new_page, reference_article, log_in):
    page = new_page()
    log_in(page, "ed")
    panel = open_review(page, reference_article["id"])
    expect(panel.locator(".finding.sev-block").first).to_be_visible()
    assert panel.get_by_role("button", name="Approve").is_hidden()
    panel.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#review-message")).to_have_text("Submitted for review.")
    expect(page.locator("#review-state")).to_have_text("in review")
    assert panel.get_by_role("button", name="Approve").is_hidden()
    # Even a hand-made request is refused for an editor.
    status = page.evaluate(
        """async (id) => (await fetch(`/api/articles/${id}/review`, {method: 'POST',
        headers: {'Content-Type': 'application/json',
                  'X-CSRFToken': document.querySelector('meta[name=csrf-token]').content},
        body: JSON.stringify({decision: 'approve'})})).status""",
        reference_article["id"],
    )
    assert status == 403


def test_reviewer_approves_only_after_overriding(app, client, editor, new_page, reference_article, make_user, log_in):
    client.post(f"/api/articles/{reference_article['id']}/review", json={"decision": "submit"}, headers=editor)
    make_user("rev", "reviewer")
    page = new_page()
    log_in(page, "rev")
    panel = open_review(page, reference_article["id"])
    page.screenshot(path=str(SHOTS / "review-panel.png"))
    panel.get_by_role("button", name="Approve").click()
    expect(page.locator("#review-message")).to_contain_text("Still open")
    expect(page.locator("#review-state")).to_have_text("in review")
    # each open finding named by its message, as the panel shows it, not by its code
    said = page.locator("#review-message").text_content()
    for shown in panel.locator(".finding.sev-block .msg").all_text_contents():
        assert shown in said
    assert "anonymous no reason" not in said and "anonymous_no_reason" not in said

    # Clicking a finding selects its attribution in the text.
    first_block = panel.locator(".finding.sev-block").first
    first_block.locator(".msg").click()
    assert page.locator("#attr-list li.selected").count() == 1

    for box in panel.locator("input.override").all():
        box.fill("Sources are known to the desk; wire copy.")
    panel.get_by_label("Review note").fill("Cleared with overrides.")
    panel.get_by_role("button", name="Approve").click()
    expect(page.locator("#review-message")).to_have_text("Approved for publication.")
    expect(page.locator("#review-state")).to_have_text("approved")
    page.goto("/")
    assert "approved" in page.locator("table.articles").text_content()


def test_dashboard_renders_charts(new_page, reference_article, log_in):
    page = new_page()
    log_in(page, "ed")
    page.goto("/dashboard")
    charts = page.locator("figure.chart-card svg")
    expect(charts).to_have_count(4)
    assert page.locator("figure.chart-card svg rect").count() > 10
    assert "Jennifer Cafarella" in page.locator("figure.chart-card").nth(1).text_content()
    box = charts.first.bounding_box()
    assert box["width"] > 300 and box["height"] > 20
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)


def test_a_stale_approval_is_refused_and_the_review_reloads(
    client, editor, new_page, reference_article, make_user, log_in
):
    url = f"/api/articles/{reference_article['id']}/review"
    client.post(url, json={"decision": "submit"}, headers=editor)
    make_user("rev", "reviewer")
    page = new_page()
    log_in(page, "rev")
    panel = open_review(page, reference_article["id"])
    for box in panel.locator("input.override").all():
        box.fill("Sources are known to the desk; wire copy.")
    read = client.get(url).json["version"]
    # Meanwhile the editor changes a claim the reviewer's page has not seen.
    a = client.get(f"/api/articles/{reference_article['id']}").json["attributions"][0]
    edited = client.patch(
        f"/api/attributions/{a['id']}", json={"version": a["version"], "role": "spokesman"}, headers=editor
    )
    assert edited.status_code == 200
    panel.get_by_role("button", name="Approve").click()
    expect(page.locator("#review-message")).to_contain_text("changed since you read its review")
    expect(page.locator("#review-state")).to_have_text("in review")
    assert client.get(url).json["version"] > read
    # The panel reloaded the review: approving now is on the current version (the reasons typed survive).
    panel.get_by_role("button", name="Approve").click()
    expect(page.locator("#review-message")).to_have_text("Approved for publication.")


def test_one_reason_overrides_a_finding_on_each_of_its_claims(client, editor, new_page, make_user, log_in):
    text = "Ana Ruiz, the mayor, said the water rose fast.\n\nPedro Gil, an engineer, said the cracks were old."
    article = client.post("/api/articles", json={"text": text}, headers=editor).json
    suggested = [a["id"] for a in article["attributions"]]
    assert len(suggested) >= 2, "the detector suggests both claims"
    url = f"/api/articles/{article['id']}/review"
    client.post(url, json={"decision": "submit"}, headers=editor)
    make_user("rev", "reviewer")
    page = new_page()
    log_in(page, "rev")
    panel = open_review(page, article["id"])
    box = panel.locator('input.override[data-code="unreviewed_suggestions"]')
    box.fill("Checked against the recording; the suggestions are right.")
    panel.get_by_role("button", name="Approve").click()
    expect(page.locator("#review-message")).to_have_text("Approved for publication.")
    overrides = client.get(url).json["history"][-1]["overrides"]
    assert sorted(o["attribution_id"] for o in overrides if o["code"] == "unreviewed_suggestions") == sorted(suggested)


def test_a_reviewer_who_edits_a_claim_is_told_another_must_approve(
    client, editor, new_page, reference_article, make_user, log_in
):
    client.post(f"/api/articles/{reference_article['id']}/review", json={"decision": "submit"}, headers=editor)
    make_user("rev", "reviewer")
    page = new_page()
    log_in(page, "rev")
    panel = open_review(page, reference_article["id"])
    notice = panel.locator("#review-separated")
    expect(panel.get_by_role("button", name="Approve")).to_be_visible()
    expect(notice).to_be_hidden()
    page.keyboard.press("j")
    page.keyboard.press("x")  # the reviewer rejects a claim: an edit of the article's claims
    expect(page.locator("#attr-list li.selected")).to_have_attribute("data-state", "rejected")
    expect(notice).to_have_text("You edited claims of this article, so another reviewer must approve it.")
    expect(panel.get_by_role("button", name="Approve")).to_be_hidden()
    expect(panel.locator("input.override")).to_have_count(0)
    expect(panel.get_by_role("button", name="Request changes")).to_be_visible()
    # and so does the page opened afresh
    panel = open_review(page, reference_article["id"])
    expect(panel.locator("#review-separated")).to_be_visible()
    expect(panel.get_by_role("button", name="Approve")).to_be_hidden()


def test_an_edit_after_approval_says_the_approval_was_withdrawn(client, editor, new_page, make_user, login, log_in):
    text = 'Officials say the bridge is closed. "It will reopen in May," said Ana Ruiz, a city engineer.'
    article = client.post("/api/articles", json={"title": "Bridge", "text": text}, headers=editor).json
    for a in article["attributions"]:  # nothing left for the review to block on
        client.patch(f"/api/attributions/{a['id']}", headers=editor, json={"version": 1, "state": "rejected"})
    url = f"/api/articles/{article['id']}/review"
    client.post(url, json={"decision": "submit"}, headers=editor)
    make_user("rev", "reviewer")
    reviewer = {"X-CSRFToken": login("rev")}
    approved = client.post(
        url, json={"decision": "approve", "version": client.get(url).json["version"]}, headers=reviewer
    )
    assert approved.json["state"] == "approved"

    page = new_page()
    log_in(page, "ed")
    claim = article["attributions"][0]["id"]
    page.goto(f"/articles/{article['id']}#a{claim}")  # a rejected claim: the page shows the rejected ones
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#review-state")).to_have_text("approved")
    page.get_by_label("Note", exact=True).fill("checked with the desk")
    page.keyboard.press("Tab")
    expect(page.locator("#save-status")).to_have_text(
        "Saved. The approval was withdrawn: the article is back in review."
    )
    expect(page.locator("#review-state")).to_have_text("in review")
    page.get_by_label("Note", exact=True).fill("checked with the desk twice")
    page.keyboard.press("Tab")
    expect(page.locator("#save-status")).to_have_text("Saved")
