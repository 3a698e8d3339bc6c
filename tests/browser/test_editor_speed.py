"""Editor speed in a real browser: `A` accepts and moves on; accept-many with its count, then Undo."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Attribution

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent / "screenshots"


def open_article(page, text):
    page.goto("/articles/new")
    page.get_by_label("Title").fill("Mayadeen")
    page.get_by_label("Text").fill(text)
    page.get_by_role("button", name="Create and detect").click()
    page.wait_for_selector("body[data-ready=true]")


def states(app) -> dict[int, tuple[str, float | None]]:
    with app.app_context():
        return {a.id: (a.state, a.confidence) for a in db.session.scalars(select(Attribution))}


def row_ids(page) -> list[int]:
    return [
        int(i) for i in page.locator("#attr-list li").evaluate_all("rows => rows.map(r => r.dataset.attributionId)")
    ]


def selected(page) -> int:
    return int(page.locator("#attr-list li.selected").get_attribute("data-attribution-id"))


def test_shift_a_accepts_and_moves_to_the_next_suggestion(app, new_page, acceptance_text, make_user, log_in):
    make_user("ed", "editor")
    page = new_page()
    log_in(page, "ed")
    open_article(page, acceptance_text)
    order = row_ids(page)
    assert len(order) >= 4
    # the second claim is accepted already: A on the first skips it
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.locator("#save-status")).to_have_text("Saved")
    page.keyboard.press("k")
    assert selected(page) == order[0]
    page.keyboard.press("Shift+A")
    expect(page.locator("#attr-list li.selected")).to_have_attribute("data-attribution-id", str(order[2]))
    expect(page.locator("#save-status")).to_have_text("Saved")
    expect(page.locator(f'#attr-list li[data-attribution-id="{order[0]}"]')).to_have_attribute("data-state", "accepted")
    page.keyboard.press("Shift+A")
    expect(page.locator("#attr-list li.selected")).to_have_attribute("data-attribution-id", str(order[3]))
    expect(page.locator("#save-status")).to_have_text("Saved")
    now = states(app)
    assert [now[i][0] for i in order[:4]] == ["accepted", "accepted", "accepted", "suggested"]
    # the keys list says so, and leads to the guidelines
    page.keyboard.press("?")
    help_ = page.locator("#help")
    expect(help_).to_contain_text("accept it and go to the next one still suggested")
    assert help_.get_by_role("link", name="the annotation guidelines").get_attribute("href") == "/guidelines"


def test_accept_many_with_its_count_then_undo(app, new_page, acceptance_text, make_user, log_in):
    make_user("ed", "editor")
    page = new_page()
    log_in(page, "ed")
    open_article(page, acceptance_text)
    before = states(app)
    threshold = sorted(c for _, c in before.values() if c is not None)[len(before) // 2]
    expected = sorted(i for i, (s, c) in before.items() if s == "suggested" and c is not None and c >= threshold)
    assert 0 < len(expected) < len(before)

    page.get_by_role("button", name="Suggestions in bulk…").click()
    page.get_by_label("Confidence at least").fill(str(threshold))
    n = len(expected)
    expect(page.locator("#am-preview")).to_have_text(
        f"Accept {n} suggestion{'s' if n > 1 else ''} with confidence ≥ {threshold}."
    )
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "accept-many.png"))
    page.get_by_role("button", name=f"Accept {n}", exact=True).click()
    expect(page.locator("#save-status")).to_have_text(f"Saved: {n} accepted")
    expect(page.locator("#batch-bar")).to_be_visible()
    after = states(app)
    assert sorted(i for i, (s, _) in after.items() if s == "accepted") == expected
    assert page.locator("#count-accepted").text_content() == str(n)
    # each claim's history says it was part of the batch
    page.locator(f'#attr-list li[data-attribution-id="{expected[0]}"]').click()
    page.locator("#history summary").click()
    expect(page.locator("#history-list li").first).to_contain_text("ed · update (batch ")
    page.screenshot(path=str(SHOTS / "accept-many-done.png"))

    # after a reload the batch can still be undone, from its bar
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#batch-text")).to_contain_text(f"Accepted {n} suggestion")
    page.locator("#batch-undo").click()
    expect(page.locator("#save-status")).to_have_text(f"Undone: {n} claims are suggestions again")
    expect(page.locator("#batch-bar")).to_be_hidden()
    assert {i: s for i, (s, _) in states(app).items()} == {i: s for i, (s, _) in before.items()}
    assert page.locator('#attr-list li[data-state="accepted"]').count() == 0


def test_undo_after_another_editor_changed_a_claim_says_what_changed(app, new_page, acceptance_text, make_user, log_in):
    make_user("ed", "editor")
    make_user("rita", "editor")
    page, other = new_page(), new_page()
    log_in(page, "ed")
    open_article(page, acceptance_text)
    url = page.url
    page.get_by_role("button", name="Suggestions in bulk…").click()
    page.get_by_label("Confidence at least").fill("")
    expect(page.locator("#am-preview")).to_contain_text("Accept all ")
    page.locator("#am-accept").click()
    expect(page.locator("#batch-bar")).to_be_visible()

    log_in(other, "rita")
    other.goto(url)
    other.wait_for_selector("body[data-ready=true]")
    other.keyboard.press("j")
    changed = selected(other)
    other.keyboard.press("x")
    expect(other.locator("#save-status")).to_have_text("Saved")

    before = states(app)
    page.keyboard.press("u")
    expect(page.locator("#banner")).to_be_visible()
    expect(page.locator("#banner-text")).to_contain_text(f"claim {changed} (edited by rita)")
    assert states(app) == before
