"""The pages: creating an article by pasting or uploading, the list, and the workbench markup."""

import io
import re

import pytest

from annotator.extensions import db
from annotator.models import Article

HTML_PAGE = b"""<html><head><title>Bridge closed</title><meta name="author" content="Jane Roe">
<meta property="og:site_name" content="City Daily"><meta name="date" content="2017-06-15"></head>
<body><nav>Home | Sports | Weather</nav><article><h1>Bridge closed</h1>
<p>"It will reopen in May," said Ana Ruiz, a city engineer, who spoke at a meeting on Tuesday evening.</p>
<p>Officials say the repairs will cost more than expected, and the council will vote on the budget next week.</p>
</article><footer>Copyright City Daily</footer></body></html>"""


def form_post(client, token, **fields):
    data = {
        "csrf_token": token,
        "title": "",
        "outlet": "",
        "byline": "",
        "url": "",
        "published": "",
        "collection": "",
        "text": "",
    }
    data.update(fields)
    return client.post("/articles/new", data=data, content_type="multipart/form-data")


def only_article(app):
    with app.app_context():
        return db.session.query(Article).one()


def test_paste_creates_article_and_opens_it(real_detector, app, client, editor, acceptance_text):
    res = form_post(
        client, editor["X-CSRFToken"], title="Mayadeen", outlet="AP", published="2017-06-15", text=acceptance_text
    )
    assert res.status_code == 302
    page = client.get(res.headers["Location"])
    assert page.status_code == 200
    marks = re.findall(r'<mark class="hl hl-(\w+)" data-attribution-id="(\d+)"', page.text)
    assert marks and {part for part, _ in marks} >= {"content"}
    assert 'name="csrf-token"' in page.text
    for label in (
        "Speaker",
        "Speaker type",
        "Affiliation",
        "Role",
        "Status",
        "Anonymity reason",
        "Credibility",
        "Note",
    ):
        assert re.search(rf'<label for="f-[a-z_]+">{label}</label>', page.text), label
    article = only_article(app)
    assert article.text == acceptance_text and article.published.isoformat() == "2017-06-15"


def test_text_survives_exactly(app, client, editor):
    text = "Line one\n\n  “Curly,” she said — naïve café 😀 résumé.\n"
    # A browser sends a textarea's line breaks as CRLF whatever was pasted; they come back as pasted.
    form_post(client, editor["X-CSRFToken"], text=text.replace("\n", "\r\n"))
    assert only_article(app).text == text


def test_api_keeps_text_byte_for_byte(client, editor):
    text = "Line one\r\n\r\n  “Curly,” she said\u00a0— 😀\n"
    article = client.post("/api/articles", json={"text": text}, headers=editor).json
    assert client.get(f"/api/articles/{article['id']}").json["text"] == text


def test_txt_upload(app, client, editor):
    res = form_post(client, editor["X-CSRFToken"], upload=(io.BytesIO("Officials say “yes.”".encode()), "a.txt"))
    assert res.status_code == 302
    assert only_article(app).text == "Officials say “yes.”"


def test_html_upload_keeps_the_body_and_metadata(app, client, editor):
    res = form_post(client, editor["X-CSRFToken"], upload=(io.BytesIO(HTML_PAGE), "page.html"))
    assert res.status_code == 302, res.text
    article = only_article(app)
    assert article.text.startswith('"It will reopen in May," said Ana Ruiz')
    assert "Home | Sports" not in article.text and "Copyright" not in article.text
    assert article.title == "Bridge closed" and article.outlet == "City Daily" and article.byline == "Jane Roe"
    assert article.published.isoformat() == "2017-06-15"


@pytest.mark.parametrize(
    "upload, message",
    [
        ((b"", "empty.txt"), "is empty"),
        ((b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt"), "binary"),
        (("café".encode("latin-1"), "latin.txt"), "not UTF-8"),
        ((b"<html><body><nav>Home</nav></body></html>", "nav.html"), "no article body"),
        ((b"text", "doc.pdf"), ".txt or .html"),
    ],
)
def test_bad_uploads_are_refused_with_a_reason(app, client, editor, upload, message):
    data, name = upload
    res = form_post(client, editor["X-CSRFToken"], upload=(io.BytesIO(data), name))
    assert res.status_code == 422
    assert message in res.text
    with app.app_context():
        assert db.session.query(Article).count() == 0


def test_empty_form_is_refused(app, client, editor):
    res = form_post(client, editor["X-CSRFToken"], text="  ")
    assert res.status_code == 422 and "Paste the article text or upload a file" in res.text


def test_oversized_text_is_refused(app, client, editor):
    app.config["ARTICLE_MAX_BYTES"] = 100
    res = form_post(client, editor["X-CSRFToken"], text="z" * 101)
    assert res.status_code == 413 and "100-byte limit" in res.text


def test_list_shows_counts_and_review_state(client, editor):
    article = client.post(
        "/api/articles", json={"title": "Counted", "text": '"Yes," he said. "No," she said.'}, headers=editor
    ).json
    first = article["attributions"][0]
    client.patch(f"/api/attributions/{first['id']}", json={"version": 1, "state": "rejected"}, headers=editor)
    html = client.get("/").text
    row = html[html.index("Counted") :]
    cells = re.findall(r'<td class="num">(\d+)</td>', row)[:4]
    suggested = len(article["attributions"]) - 1
    assert cells == [str(suggested), "0", "0", "1"]
    assert "draft" in row


def test_paste_and_upload_together_is_refused(app, client, editor):
    res = form_post(client, editor["X-CSRFToken"], text="Pasted text.", upload=(io.BytesIO(b"File text."), "a.txt"))
    assert res.status_code == 422 and "not both" in res.text
    with app.app_context():
        assert db.session.query(Article).count() == 0


def test_html_in_its_declared_encoding(app, client, editor):
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Caf\xe9 closes</title></head><body><article>'
        '<p>"We close on Friday," said Ren\xe9e Dubois, who owns the caf\xe9 on the main square of the town.</p>'
        "</article></body></html>"
    ).encode("latin-1")
    res = form_post(client, editor["X-CSRFToken"], upload=(io.BytesIO(page), "cafe.html"))
    assert res.status_code == 302, res.text
    assert "Renée Dubois" in only_article(app).text


def test_long_pasted_article_within_the_limit(app, client, editor):
    # Werkzeug refuses form fields over 500 kB unless told otherwise. A bad CSRF token makes the
    # request stop right after the form is read, so this checks the reading without running detection.
    text = "x" * 600_000
    res = form_post(client, "not-the-token", text=text)
    assert res.status_code == 400 and "CSRF" in res.text
    app.config["ARTICLE_MAX_BYTES"] = 100
    res = form_post(client, editor["X-CSRFToken"], text="y" * 600_000)
    assert res.status_code == 413 and "100-byte limit" in res.text  # our limit, with our message


def test_every_page_names_a_favicon_that_is_served(client, editor):
    # without one named, a browser asks for /favicon.ico on every page, and gets a 404
    for path in ("/login", "/", "/no-such-page"):
        page = client.get(path).text
        [href] = re.findall(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)">', page)
        icon = client.get(href)
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
        assert icon.data.startswith(b"<svg ") and icon.data.rstrip().endswith(b"</svg>")
        icon.close()
