"""The source mix of one article and of a corpus, checked against figures worked out by hand."""

from __future__ import annotations

import json

from annotator.review import ArticleRecord, Claim, corpus_mix, source_mix

TEXT = "Fact 1, Jane Doe said. Fact 2, she said. Fact 3, officials said. Fact 4, the ministry said. Fact 5."


def _claim(id: int, **tags) -> Claim:
    start = TEXT.index(f"Fact {id}")
    return Claim(id=id, kind="indirect", content=(start, start + 6), **tags)


ARTICLE = ArticleRecord(
    TEXT,
    (
        _claim(1, speaker="Jane Doe", speaker_type="person", status="on_record", affiliation="City Hall"),
        _claim(2, speaker="jane doe", speaker_type="person", status="on_record", affiliation="City Hall"),
        _claim(
            3,
            speaker="officials",
            speaker_type="unnamed_group",
            status="anonymous_no_reason",
            affiliation="City Hall; State",
        ),
        _claim(4, speaker="Ministry of Health", speaker_type="organization", status="on_record", affiliation="State"),
        _claim(5, state="suggested"),  # nothing tagged yet: it still counts, as untagged
        _claim(5, speaker="sources", speaker_type="unnamed_group", status="anonymous_no_reason", state="rejected"),
    ),
)


def _row(count: int, total: int = 5) -> dict:
    return {"count": count, "share": round(count / total, 4)}


def test_source_mix_by_hand():
    mix = source_mix(ARTICLE)
    assert mix["claims"] == 5  # the rejected claim is not in the article's sourcing
    assert mix["by_speaker_type"] == {
        "person": _row(2),
        "organization": _row(1),
        "unnamed_person": _row(0),
        "unnamed_group": _row(1),
        "untagged": _row(1),
    }
    assert mix["by_status"] == {
        "on_record": _row(3),
        "anonymous_not_authorized": _row(0),
        "anonymous_reason_given": _row(0),
        "anonymous_no_reason": _row(1),
        "untagged": _row(1),
    }
    # Claim 3 counts for both its affiliations, so these shares add up to more than 1.
    assert mix["by_affiliation"] == {"City Hall": _row(3), "State": _row(2), "untagged": _row(1)}
    assert mix["by_speaker"] == {"Jane Doe": _row(2), "Ministry of Health": _row(1), "officials": _row(1)}
    assert mix["distinct_sources"] == 3  # Jane Doe in either case is one source; the untagged claim is none
    assert (mix["unnamed"], mix["unnamed_share"]) == (1, 0.2)


def test_source_mix_keeps_the_order_of_its_tables():
    mix = source_mix(ARTICLE)
    assert list(mix["by_speaker_type"]) == ["person", "organization", "unnamed_person", "unnamed_group", "untagged"]
    assert list(mix["by_affiliation"]) == ["City Hall", "State", "untagged"]  # by count


def test_source_mix_takes_claims_as_well_as_an_article():
    assert source_mix(ARTICLE.claims) == source_mix(ARTICLE)
    assert source_mix(iter(ARTICLE.claims)) == source_mix(ARTICLE)


def test_source_mix_of_nothing_divides_by_nothing():
    mix = source_mix(ArticleRecord("No claims here.", ()))
    assert (mix["claims"], mix["distinct_sources"], mix["unnamed_share"]) == (0, 0, 0.0)
    assert mix["by_status"]["on_record"] == {"count": 0, "share": 0.0}
    assert mix["by_affiliation"] == {}


def test_source_mix_is_json_ready():
    mix = source_mix(ARTICLE)
    assert json.loads(json.dumps(mix)) == mix


OTHER = ArticleRecord(
    TEXT,
    (
        _claim(1, speaker="Jane Doe", speaker_type="person", status="on_record", affiliation="City Hall"),
        _claim(
            4, speaker="the Ministry of Health", speaker_type="organization", status="on_record", affiliation="State"
        ),
    ),
)


def test_corpus_mix_pools_claims_and_matches_speakers_across_articles():
    mix = corpus_mix(a for a in (ARTICLE, OTHER))
    assert (mix["articles"], mix["claims"]) == (2, 7)
    assert mix["distinct_sources"] == 3  # Jane Doe and the ministry appear in both articles
    assert mix["by_speaker"]["Jane Doe"] == _row(3, 7)
    assert mix["by_speaker"]["Ministry of Health"] == _row(2, 7)
    assert (mix["unnamed"], mix["unnamed_share"]) == (1, round(1 / 7, 4))
    assert (mix["articles_with_unnamed"], mix["articles_with_unnamed_share"]) == (1, 0.5)
    assert mix["by_status"]["on_record"] == _row(5, 7)
    assert json.loads(json.dumps(mix)) == mix


def test_corpus_mix_of_no_articles():
    mix = corpus_mix([])
    assert (mix["articles"], mix["claims"]) == (0, 0)
    assert (mix["articles_with_unnamed_share"], mix["unnamed_share"]) == (0.0, 0.0)
