"""Search in a real browser: a claim found by its speaker on the claims page opens on its article page,
and the article page's list narrows to a status."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from annotator.extensions import db
from annotator.formats.records import AttributionRecord, CorpusArticle
from annotator.models import Article, Attribution, User
from annotator.services.corpus import import_records

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent / "screenshots"
TEXT = (
    '"The bridge reopens in May," said Ana Ruiz, the city engineer. '
    '"The budget is short," an official said. '
    '"Nothing was decided," said Tomasz Wielki. '
)
CLAIMS = (
    ('"The bridge reopens in May,"', "Ana Ruiz", "on_record"),
    ('"The budget is short,"', "an official", "anonymous_no_reason"),
    ('"Nothing was decided,"', "Tomasz Wielki", "on_record"),
)


@pytest.fixture
def article(app, make_user) -> tuple[int, dict[str, int]]:
    """An editor's article with three claims, imported; its id and its claims' ids by speaker."""
    make_user("ed", "editor")
    with app.app_context():
        ed = db.session.scalar(select(User).where(User.username == "ed"))
        records = [
            AttributionRecord(
                kind="direct",
                content=(TEXT.index(quote), TEXT.index(quote) + len(quote)),
                speaker=speaker,
                status=status,
                state="suggested",
            )
            for quote, speaker, status in CLAIMS
        ]
        import_records([CorpusArticle(text=TEXT, title="Bridge and budget", attributions=records)], ed)
        article_id = db.session.scalar(select(Article.id))
        ids = {a.speaker: a.id for a in db.session.scalars(select(Attribution))}
        return article_id, ids


def test_a_search_finds_a_claim_by_its_speaker_and_opens_it(new_page, log_in, article):
    article_id, ids = article
    page = new_page()
    log_in(page, "ed")
    page.get_by_role("link", name="Claims").click()
    page.get_by_label("Speaker", exact=True).fill("tomasz wielki")
    page.get_by_role("button", name="Search").click()
    rows = page.locator("table.claims tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Tomasz Wielki")
    expect(rows.first).to_contain_text("Bridge and budget")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "claims.png"), full_page=True)

    rows.first.get_by_role("link", name='"Nothing was decided,"').click()
    page.wait_for_selector("body[data-ready=true]")
    assert page.url.endswith(f"/articles/{article_id}#a{ids['Tomasz Wielki']}")
    expect(page.locator("#attr-list li.selected")).to_have_attribute("data-attribution-id", str(ids["Tomasz Wielki"]))
    expect(page.locator("#attr-form [name=speaker]")).to_have_value("Tomasz Wielki")


def test_a_word_search_marks_the_word(new_page, log_in, article):
    page = new_page()
    log_in(page, "ed")
    page.goto("/claims?q=budget")
    expect(page.locator("table.claims mark.match")).to_have_text("budget")


def test_the_article_page_list_filters_by_status(new_page, log_in, article):
    article_id, ids = article
    page = new_page()
    log_in(page, "ed")
    page.goto(f"/articles/{article_id}")
    page.wait_for_selector("body[data-ready=true]")
    page.locator('#claim-filter select[data-filter="status"]').select_option("on_record")
    shown = page.locator("#attr-list li:visible")
    expect(shown).to_have_count(2)
    expect(page.locator("#claim-filter-count")).to_have_text("2 of 3 shown")
    # the keys walk the rows left shown: j, j selects the second on-record claim, past the hidden one
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(page.locator("#attr-list li.selected")).to_have_attribute("data-attribution-id", str(ids["Tomasz Wielki"]))
    page.screenshot(path=str(SHOTS / "claim_filter.png"), full_page=True)
