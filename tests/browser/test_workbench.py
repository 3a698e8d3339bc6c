"""The editor's loop in a real browser: log in, paste, see highlights, tag by keyboard, reload, conflicts."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent / "screenshots"


def open_article(page, text, title="Mayadeen"):
    page.goto("/articles/new")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Text").fill(text)
    page.get_by_role("button", name="Create and detect").click()
    page.wait_for_selector("body[data-ready=true]")
    return page.url


def selected_id(page) -> str:
    return page.locator("#attr-list li.selected").get_attribute("data-attribution-id")


def test_paste_tag_with_keyboard_reload_kept(app, new_page, acceptance_text, make_user, log_in):
    make_user("ed", "editor")
    page = new_page()
    log_in(page, "ed")
    open_article(page, acceptance_text)
    marks = page.locator("mark[data-attribution-id]")
    assert marks.count() > 0
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "article.png"), full_page=True)

    page.keyboard.press("j")
    first = selected_id(page)
    assert page.locator(f'mark.selected[data-attribution-id="{first}"]').count() > 0
    page.keyboard.press("j")
    second = selected_id(page)
    assert second != first
    # The form quotes the text at the attribution's offsets: the page counts offsets as the server does.
    content = page.locator(f'mark[data-attribution-id="{second}"][data-part="content"]').all_text_contents()
    assert page.locator("#form-content").text_content() == "".join(content)
    # which detector proposed it: the shipped span model's version beside the rules
    assert "Proposed by the detector attribution_spans-" in page.locator("#form-origin").text_content()
    page.keyboard.press("e")
    speaker = page.get_by_label("Speaker", exact=True)
    assert speaker.evaluate("el => el === document.activeElement")
    speaker.fill("Jennifer Cafarella")
    page.keyboard.press("Tab")
    expect(page.locator("#save-status")).to_have_text("Saved")
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    expect(page.locator("#save-status")).to_have_text("Saved")
    assert page.locator("#form-state").text_content() == "accepted"

    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    page.locator(f'#attr-list li[data-attribution-id="{second}"]').click()
    assert page.get_by_label("Speaker", exact=True).input_value() == "Jennifer Cafarella"
    row = page.locator(f'#attr-list li[data-attribution-id="{second}"]')
    assert "Jennifer Cafarella" in row.text_content() and row.get_attribute("data-state") == "accepted"
    page.locator("#history summary").click()
    expect(page.locator("#history-list li").first).to_contain_text("ed · update: state:")
    expect(page.locator("#history-list")).to_contain_text("→ Jennifer Cafarella")
    page.screenshot(path=str(SHOTS / "article-edited.png"))


def test_reject_then_undo(app, new_page, acceptance_text, make_user, log_in):
    make_user("ed", "editor")
    page = new_page()
    log_in(page, "ed")
    open_article(page, acceptance_text)
    page.keyboard.press("j")
    chosen = selected_id(page)
    page.keyboard.press("x")
    expect(page.locator("#save-status")).to_have_text("Saved")
    row = page.locator(f'#attr-list li[data-attribution-id="{chosen}"]')
    assert row.get_attribute("data-state") == "rejected" and not row.is_visible()
    page.keyboard.press("u")
    expect(page.locator("#save-status")).to_have_text("Undone")
    assert row.get_attribute("data-state") == "suggested" and row.is_visible()


def test_new_attribution_from_selection_with_source_and_cue(app, new_page, make_user, log_in):
    make_user("ed", "editor")
    page = new_page()
    log_in(page, "ed")
    text = "The council will vote next week, a clerk told reporters on Monday."
    open_article(page, text, title="Council")
    before = page.locator("#attr-list li").count()

    def select_text(phrase):
        start = text.index(phrase)
        page.evaluate(
            """([s, e]) => {
            const walker = document.createTreeWalker(document.getElementById('text'), NodeFilter.SHOW_TEXT);
            let pos = 0, range = document.createRange(), n;
            while ((n = walker.nextNode())) {
              const len = n.data.length;
              if (s >= pos && s <= pos + len) range.setStart(n, s - pos);
              if (e >= pos && e <= pos + len) { range.setEnd(n, e - pos); break; }
              pos += len;
            }
            const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        }""",
            [start, start + len(phrase)],
        )

    select_text("The council will vote next week")
    page.keyboard.press("n")
    expect(page.locator("#save-status")).to_contain_text("Saved")
    assert page.locator("#attr-list li").count() == before + 1
    new_id = selected_id(page)
    select_text("a clerk")
    page.keyboard.press("s")
    expect(page.locator("#save-status")).to_have_text("Saved")
    select_text("told")
    page.keyboard.press("c")
    expect(page.locator("#save-status")).to_have_text("Saved")
    assert page.locator(f'mark[data-attribution-id="{new_id}"][data-part="source"]').text_content() == "a clerk"
    assert page.locator(f'mark[data-attribution-id="{new_id}"][data-part="cue"]').text_content() == "told"
    assert page.get_by_label("Source").input_value() == "a clerk"
    page.reload()
    assert (
        page.locator(f'mark[data-attribution-id="{new_id}"][data-part="content"]').text_content()
        == "The council will vote next week"
    )


def test_stale_edit_from_a_second_page_is_refused(app, new_page, acceptance_text, make_user, log_in):
    make_user("ed", "editor")
    make_user("flo", "editor")
    one, two = new_page(), new_page()
    log_in(one, "ed")
    url = open_article(one, acceptance_text)
    log_in(two, "flo")
    two.goto(url)
    two.wait_for_selector("body[data-ready=true]")
    for page in (one, two):
        page.keyboard.press("j")
    one.get_by_label("Speaker", exact=True).fill("First editor's speaker")
    one.keyboard.press("Tab")
    expect(one.locator("#save-status")).to_have_text("Saved")
    two.get_by_label("Speaker", exact=True).fill("Second editor's speaker")
    two.keyboard.press("Tab")
    banner = two.locator("#banner")
    banner.wait_for(state="visible")
    assert "changed this attribution" in banner.text_content()
    assert two.locator("#save-status").text_content() == "Not saved: conflict"
    two.get_by_role("button", name="Reload").click()
    two.wait_for_selector("body[data-ready=true]")
    two.keyboard.press("j")
    assert two.get_by_label("Speaker", exact=True).input_value() == "First editor's speaker"


def test_offsets_hold_with_crlf_and_astral_characters(app, client, editor, new_page, log_in):
    text = 'Intro 😀 line.\r\n\r\n"Yes, we will," said Ana Ruiz. “Later,” she said.'
    article = client.post("/api/articles", json={"title": "CRLF", "text": text}, headers=editor).json
    assert article["attributions"], "the detector found no quote"
    page = new_page()
    log_in(page, "ed")
    page.goto(f"/articles/{article['id']}")
    for a in article["attributions"]:
        page.locator(f'#attr-list li[data-attribution-id="{a["id"]}"]').click()
        start, end = a["content"]
        assert page.locator("#form-content").text_content() == text[start:end]


def test_markup_in_article_text_renders_as_text(app, new_page, make_user, log_in):
    make_user("ed", "editor")
    page = new_page()
    log_in(page, "ed")
    text = 'Hello <script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> "Fine," she said.'
    open_article(page, text, title="<b>bold title</b>")
    assert page.evaluate("window.pwned") is None
    assert "<script>window.pwned = 1</script>" in page.locator("#text").text_content()
    assert page.locator("h1").first.text_content() == "<b>bold title</b>"
    assert page.locator("#text img, #text script").count() == 0


def test_question_mark_lists_the_keys(app, new_page, make_user, log_in):
    make_user("ed", "editor")
    page = new_page()
    log_in(page, "ed")
    open_article(page, '"Yes," he said.', title="Keys")
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog")
    dialog.wait_for(state="visible")
    assert "undo the last change" in dialog.text_content()


@pytest.fixture
def one_quote(client, editor, new_page, log_in):
    """An article with one detected quote, open in the editor's browser with it selected."""
    article = client.post(
        "/api/articles", json={"title": "One quote", "text": '"Yes," said Ana Ruiz, the mayor.'}, headers=editor
    ).json
    page = new_page()
    log_in(page, "ed")
    page.goto(f"/articles/{article['id']}")
    page.wait_for_selector("body[data-ready=true]")  # the keys work once the workbench is set up
    page.keyboard.press("j")
    return article, page


def test_typing_then_accepting_saves_both(client, one_quote):
    article, page = one_quote
    page.get_by_label("Note", exact=True).fill("checked with the desk")
    page.get_by_role("button", name="Accept").click()  # blurs the note: two saves in a row
    expect(page.locator("#form-state")).to_have_text("accepted")
    expect(page.locator("#save-status")).to_have_text("Saved")
    assert page.locator("#banner").is_hidden()
    saved = client.get(f"/api/articles/{article['id']}").json["attributions"][0]
    assert saved["note"] == "checked with the desk" and saved["state"] == "accepted"


def test_undo_brings_back_a_deleted_attribution(client, one_quote):
    article, page = one_quote
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete").click()
    expect(page.locator("#save-status")).to_have_text("Deleted")
    assert page.locator("mark[data-attribution-id]").count() == 0
    page.keyboard.press("u")
    expect(page.locator("#save-status")).to_have_text("Undone: the attribution is back")
    restored = client.get(f"/api/articles/{article['id']}").json["attributions"]
    assert len(restored) == 1 and restored[0]["content"] == article["attributions"][0]["content"]
    assert page.locator(f'mark[data-attribution-id="{restored[0]["id"]}"]').count() > 0


def shown_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        "#attr-list li:not([hidden])", "rows => rows.filter(r => r.offsetParent).map(r => r.dataset.attributionId)"
    )


def test_j_and_k_go_on_from_a_claim_just_rejected(client, editor, new_page, log_in):
    text = "One, she said. Two, she said. Three, she said. Four, she said."
    article = client.post("/api/articles", json={"title": "Four", "text": text}, headers=editor).json
    for a in article["attributions"]:
        client.delete(f"/api/attributions/{a['id']}?version={a['version']}", headers=editor)
    for word in ("One", "Two", "Three", "Four"):
        span = [text.index(word), text.index(word) + len(word)]
        made = client.post(
            f"/api/articles/{article['id']}/attributions", headers=editor, json={"kind": "indirect", "content": span}
        )
        assert made.status_code == 201, made.json
    page = new_page()
    log_in(page, "ed")
    page.goto(f"/articles/{article['id']}")
    page.wait_for_selector("body[data-ready=true]")
    order = shown_ids(page)
    assert len(order) == 4
    for _ in range(3):
        page.keyboard.press("j")
    assert selected_id(page) == order[2]
    page.keyboard.press("x")  # the third leaves the list (Show rejected is off) but stays selected
    expect(page.locator("#save-status")).to_have_text("Saved")
    assert shown_ids(page) == [order[0], order[1], order[3]]
    page.keyboard.press("j")
    assert selected_id(page) == order[3]
    page.keyboard.press("x")
    expect(page.locator(f'#attr-list li[data-attribution-id="{order[3]}"]')).to_be_hidden()
    page.keyboard.press("k")
    assert selected_id(page) == order[1]


def test_a_stale_edit_of_a_claim_low_on_the_page_is_refused_in_its_form(
    client, editor, new_page, acceptance_text, make_user, log_in
):
    article = client.post("/api/articles", json={"title": "Mayadeen", "text": acceptance_text}, headers=editor).json
    make_user("flo", "editor")
    one, two = new_page(), new_page()
    for page, name in ((one, "ed"), (two, "flo")):
        log_in(page, name)
        page.goto(f"/articles/{article['id']}")
        page.wait_for_selector("body[data-ready=true]")
        page.keyboard.press("k")  # from no selection: the last claim, far down the page
    assert selected_id(one) == selected_id(two) == str(article["attributions"][-1]["id"])
    one.get_by_label("Note", exact=True).fill("checked by the first editor")
    one.keyboard.press("Tab")
    expect(one.locator("#save-status")).to_have_text("Saved")
    expect(one.locator("#form-status")).to_be_hidden()

    two.get_by_label("Note", exact=True).fill("checked by the second editor")
    two.keyboard.press("Tab")
    expect(two.locator("#banner")).to_be_visible()
    expect(two.locator("#banner")).not_to_be_in_viewport()  # the editor is working lower down
    said = two.locator("#attr-form #form-status")
    expect(said).to_be_in_viewport()
    expect(said).to_have_text(
        "Not saved: someone changed this attribution since you opened the page (maybe you, in another window). "
        "Reload to see the current version, then redo your change."
    )
    # another claim in the form: the refusal was about the one before
    two.keyboard.press("Escape")
    two.keyboard.press("j")
    expect(said).to_be_hidden()
