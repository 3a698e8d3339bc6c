"""Search and filters: claims and articles found through the database's full-text index (FTS5 or tsvector),
kept up to date by the writes, narrowed to what the user may see; bad queries refused with the field."""

import datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from annotator.extensions import db
from annotator.formats.records import AttributionRecord, CorpusArticle
from annotator.models import Article, Assignment, Attribution, User
from annotator.search_terms import Terms, fts5_expression, marks, parse_terms
from annotator.services.corpus import import_records


def claim(text: str, quote: str, speaker: str, **tags) -> AttributionRecord:
    start = text.index(quote)
    return AttributionRecord(kind="direct", content=(start, start + len(quote)), speaker=speaker, **tags)


BRIDGE = 'The bridge will close. "Repairs on the old bridge start in May," said Ana Ruiz of the city council.'
BUDGET = '"The budget is balanced," said Tomasz Wielki. "Taxes stay where they are," an official said.'
SECRET = '"The plan is secret," said Ana Ruiz, who chairs the board.'


@pytest.fixture
def corpus(app):
    """Three articles imported in bulk (the importer's path), two in collections, by an admin."""
    with app.app_context():
        admin = User(username="root", role="admin")
        admin.set_password("correct horse")
        db.session.add(admin)
        db.session.commit()
        records = [
            CorpusArticle(
                text=BRIDGE,
                title="Bridge repairs",
                outlet="Gazette",
                published=datetime.date(2024, 5, 1),
                collection="city",
                attributions=[
                    claim(BRIDGE, '"Repairs on the old bridge start in May,"', "Ana Ruiz", affiliation="city council")
                ],
            ),
            CorpusArticle(
                text=BUDGET,
                title="Budget day",
                outlet="Herald",
                published=datetime.date(2025, 1, 10),
                attributions=[
                    claim(BUDGET, '"The budget is balanced,"', "Tomasz Wielki", status="on_record", state="accepted"),
                    claim(
                        BUDGET,
                        '"Taxes stay where they are,"',
                        "an official",
                        status="anonymous_no_reason",
                        speaker_type="unnamed_person",
                        state="suggested",
                    ),
                ],
            ),
            CorpusArticle(
                text=SECRET,
                title="The board's plan",
                outlet="Gazette",
                collection="board",
                attributions=[claim(SECRET, '"The plan is secret,"', "Ana Ruiz", note="check <b>this</b>")],
            ),
        ]
        import_records(records, admin)
        return {a.title: a.id for a in db.session.scalars(select(Article))}


@pytest.fixture
def root(login, corpus):
    return {"X-CSRFToken": login("root")}


def found(client, url: str) -> list:
    res = client.get(url)
    assert res.status_code == 200, res.text
    return res.json["items"]


def speakers(client, url: str) -> list[str]:
    return sorted(c["speaker"] for c in found(client, url))


# --- the terms of a query ------------------------------------------------------------------------------------


def test_terms_are_words_phrases_and_exclusions():
    terms = parse_terms('bridge "Old  Bridge" -May -"city council" U.S. ...')
    assert terms.wanted == [("bridge",), ("old", "bridge"), ("u", "s")]
    assert terms.excluded == [("may",), ("city", "council")]
    assert fts5_expression(terms) == '("bridge" AND "old bridge" AND "u s") NOT ("may" OR "city council")'
    assert fts5_expression(Terms(), {"speaker": ("ana", "ruiz")}) == '(speaker : "ana ruiz")'


@pytest.mark.parametrize(
    "query, words",
    [
        ('"open', "unbalanced"),
        ("-bridge", "besides the excluded"),
        ("x " * 21, "more than 20 terms"),
        ("a" * 501, "500"),
    ],
)
def test_a_malformed_query_is_refused_in_words(query, words):
    with pytest.raises(Exception, match=words):
        parse_terms(query)


def test_engine_syntax_is_only_words():
    # FTS5 and tsquery operators typed by a user are punctuation to the parser, never syntax
    # (a run of words and punctuation without a space is one phrase: `col:x` finds "col x")
    assert parse_terms("bridge* NEAR(a b) OR col:x & !y <-> z").wanted == [
        ("bridge",),
        ("near", "a"),
        ("b",),
        ("or",),
        ("col", "x"),
        ("y",),
        ("z",),
    ]


def test_marks_find_the_words_and_their_forms():
    text = "Repairs on the old bridge start; the bridges reopen."
    spots = marks(text, parse_terms('"old bridge" bridges'))
    assert [text[s:e] for s, e in spots] == ["old bridge", "bridges"]


# --- claims --------------------------------------------------------------------------------------------------


def test_claims_by_speaker_word_phrase_and_exclusion(client, root, corpus):
    assert speakers(client, "/api/search/claims?speaker=ana+ruiz") == ["Ana Ruiz", "Ana Ruiz"]
    assert speakers(client, "/api/search/claims?q=repair") == ["Ana Ruiz"]  # the stem finds `Repairs`
    assert speakers(client, '/api/search/claims?q="old bridge"') == ["Ana Ruiz"]
    assert speakers(client, '/api/search/claims?q="bridge old"') == []
    assert speakers(client, "/api/search/claims?q=ruiz+-secret") == ["Ana Ruiz"]
    assert speakers(client, "/api/search/claims?q=council") == ["Ana Ruiz"]  # the affiliation
    assert speakers(client, "/api/search/claims?affiliation=council") == ["Ana Ruiz"]
    [item] = found(client, "/api/search/claims?q=repairs+bridge")
    assert item["snippet"] == '"Repairs on the old bridge start in May,"'
    assert [item["snippet"][s:e] for s, e in item["marks"]] == ["Repairs", "bridge"]
    assert item["article_id"] == corpus["Bridge repairs"] and item["article_title"] == "Bridge repairs"


def test_claims_by_filters_alone(client, root, corpus):
    assert speakers(client, "/api/search/claims") == ["Ana Ruiz", "Ana Ruiz", "Tomasz Wielki", "an official"]
    assert speakers(client, "/api/search/claims?status=anonymous_no_reason") == ["an official"]
    assert speakers(client, "/api/search/claims?speaker_type=unnamed_person&state=suggested") == ["an official"]
    assert speakers(client, "/api/search/claims?state=accepted") == ["Ana Ruiz", "Ana Ruiz", "Tomasz Wielki"]
    assert speakers(client, "/api/search/claims?outlet=Gazette") == ["Ana Ruiz", "Ana Ruiz"]
    assert speakers(client, "/api/search/claims?collection=board") == ["Ana Ruiz"]
    assert speakers(client, "/api/search/claims?start=2024-01-01&end=2024-12-31") == ["Ana Ruiz"]
    assert speakers(client, "/api/search/claims?start=2025-01-01") == ["Tomasz Wielki", "an official"]


def test_claims_paged_newest_first(client, root):
    first = client.get("/api/search/claims?per_page=3").json
    # a search is not counted to the end: the first page says more follow, the last one how many there were
    assert (first["more"], first["total"], len(first["items"])) == (True, None, 3)
    second = client.get("/api/search/claims?per_page=3&page=2").json
    assert (second["more"], second["total"], len(second["items"])) == (False, 4, 1)
    ids = [c["id"] for c in first["items"] + second["items"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 4
    assert client.get("/api/search/claims?per_page=3&page=3").json["items"] == []


def test_claims_page_says_more_follow(client, root):
    html = client.get("/claims?per_page=3").text
    assert "Claims 1 to 3, and more" in html and "page=2" in html and "Previous" not in html
    html = client.get("/claims?per_page=3&page=2").text
    assert "4 claims" in html and "Previous" in html and ">Next<" not in html


def test_claims_by_assignee(app, client, root, corpus, make_user):
    anna = make_user("anna")
    with app.app_context():
        db.session.add(Assignment(article_id=corpus["Budget day"], user_id=anna.id, role="annotator"))
        db.session.commit()
    assert speakers(client, "/api/search/claims?assignee=anna") == ["Tomasz Wielki", "an official"]
    assert [a["title"] for a in found(client, "/api/articles?assignee=anna")] == ["Budget day"]


def test_search_keeps_up_with_edits_in_the_same_transaction(app, client, root):
    [item] = found(client, "/api/search/claims?speaker=wielki")
    res = client.patch(
        f"/api/attributions/{item['id']}",
        json={"version": item["version"], "speaker": "Jan Nowak", "note": "confirmed by phone"},
        headers=root,
    )
    assert res.status_code == 200, res.text
    assert found(client, "/api/search/claims?speaker=wielki") == []
    assert speakers(client, "/api/search/claims?speaker=nowak") == ["Jan Nowak"]
    assert speakers(client, "/api/search/claims?q=phone") == ["Jan Nowak"]
    assert (
        client.delete(f"/api/attributions/{item['id']}?version={item['version'] + 1}", headers=root).status_code == 204
    )
    assert found(client, "/api/search/claims?q=phone") == []


def test_a_new_article_and_its_claims_are_found_at_once(client, root):
    res = client.post(
        "/api/articles", json={"title": "Harbour news", "text": "The harbour reopens on Monday."}, headers=root
    )
    assert res.status_code == 201
    assert [a["title"] for a in found(client, "/api/articles?q=harbour")] == ["Harbour news"]
    article = res.json
    added = client.post(
        f"/api/articles/{article['id']}/attributions",
        json={"kind": "indirect", "content": [0, 29], "speaker": "Port Authority"},
        headers=root,
    )
    assert added.status_code == 201, added.text
    assert speakers(client, "/api/search/claims?q=harbour+monday") == ["Port Authority"]


def test_results_respect_collections(client, corpus, make_user, login):
    make_user("outsider")
    login("outsider")
    # `city` and `board` are collections the outsider is no member of; the budget article is in none
    assert speakers(client, "/api/search/claims?speaker=ana+ruiz") == []
    assert speakers(client, "/api/search/claims") == ["Tomasz Wielki", "an official"]
    assert [a["title"] for a in found(client, "/api/articles")] == ["Budget day"]
    assert found(client, "/api/articles?q=bridge") == []


# --- articles ------------------------------------------------------------------------------------------------


def test_articles_by_words_title_and_claim_filters(client, root):
    def titles(url):
        return sorted(a["title"] for a in found(client, url))

    assert titles("/api/articles?q=bridge") == ["Bridge repairs"]
    assert titles("/api/articles?q=board") == ["The board's plan"]  # the title, and the text
    assert titles("/api/articles?q=taxes+-budget") == []
    assert titles("/api/articles?speaker=ana+ruiz") == ["Bridge repairs", "The board's plan"]
    assert titles("/api/articles?speaker=ana+ruiz&outlet=Gazette&collection=city") == ["Bridge repairs"]
    assert titles("/api/articles?status=anonymous_no_reason") == ["Budget day"]
    assert titles("/api/articles?review_state=draft&start=2025-01-01") == ["Budget day"]
    items = found(client, "/api/articles?q=plan")
    assert "text" not in items[0] and items[0]["counts"]["accepted"] == 1


@pytest.mark.parametrize("url", ["/api/search/claims", "/api/articles"])
@pytest.mark.parametrize(
    "query, field",
    [
        ('q="unbalanced', "q"),
        ("q=-only", "q"),
        ("q=a%00b", "q"),
        ("speaker=...", "speaker"),
        ("status=secret", "status"),
        ("speaker_type=alien", "speaker_type"),
        ("state=maybe", "state"),
        ("review_state=done", "review_state"),
        ("start=yesterday", "start"),
        ("start=2024-05-01&end=2024-04-01", "end"),
        ("assignee=nobody", "assignee"),
        ("page=0", "page"),
        ("per_page=101", "per_page"),
        ("per_page=x", "per_page"),
    ],
)
def test_bad_search_input_is_a_422_naming_the_field(client, root, url, query, field):
    res = client.get(f"{url}?{query}")
    assert res.status_code == 422, res.text
    assert res.json["error"]["field"] == field and res.json["error"]["code"] == "invalid"


# --- pages ---------------------------------------------------------------------------------------------------


def test_claims_page_marks_the_match_escaped_and_links_to_the_claim(client, root, corpus, app):
    with app.app_context():
        claim_id = db.session.scalar(select(Attribution.id).where(Attribution.speaker == "Tomasz Wielki"))
    html = client.get("/claims?q=balanced").text
    assert '&#34;The budget is <mark class="match">balanced</mark>,&#34;' in html
    assert f'href="/articles/{corpus["Budget day"]}#a{claim_id}"' in html
    assert "1 claim</p>" in html


def test_claims_page_escapes_what_it_shows(app, client, root, corpus):
    text = '"The <script>alert(1)</script> rumour is false," said Eve <i>Evil</i>.'
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "root"))
        import_records(
            [CorpusArticle(text=text, title="<b>x</b>", attributions=[claim(text, text[:48], "Eve <i>Evil</i>")])],
            admin,
        )
    # (PostgreSQL's parser takes `<script>...</script>` for tags and indexes no word in them)
    html = client.get("/claims?q=rumour").text
    assert "<script>alert" not in html and "<i>Evil" not in html and "<b>x</b>" not in html
    assert '&lt;script&gt;alert(1)&lt;/script&gt; <mark class="match">rumour</mark> is' in html


def test_pages_show_a_bad_filter_beside_the_form(client, root):
    for url in ('/claims?q="open', "/articles?start=2024-13-40"):
        res = client.get(url)
        assert res.status_code == 422
        assert 'id="filter-error"' in res.text and 'class="field has-error"' in res.text


def test_article_list_pages_and_filters(client, root):
    html = client.get("/articles?outlet=Gazette&per_page=1").text
    assert "2 articles" in html and "page 1 of 2" in html
    assert "outlet=Gazette" in html and "page=2" in html  # the next page keeps the filter
    assert "Budget day" not in html


def test_the_migration_indexes_rows_written_before_it(app, corpus, client, root):
    with app.app_context():
        downgrade(revision="0012_collections_and_assignments")
        upgrade()
    assert speakers(client, "/api/search/claims?speaker=wielki") == ["Tomasz Wielki"]
    assert [a["title"] for a in found(client, "/api/articles?q=taxes")] == ["Budget day"]
