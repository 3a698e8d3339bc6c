"""One speaker identity: the same normalised name in the checks, the badges, corroboration and the registry."""

from __future__ import annotations

import pytest

from annotator.review.identity import name_key


@pytest.mark.parametrize(
    "a, b",
    [
        ("the Pentagon", "Pentagon"),
        ("Col. Ryan Dillon", "ryan  dillon"),
        ("The U.S. military", "U.S. Military"),
        ("Mr. Trump\u2019s campaign", "Trump's campaign"),
        ("Dr. José Pérez", "josé pérez"),
    ],
)
def test_spellings_of_one_speaker_share_a_key(a, b):
    assert name_key(a) == name_key(b) is not None


@pytest.mark.parametrize(
    "a, b",
    [
        ("Pentagon", "State Department"),
        ("Government of Syria", "Syria"),  # `gov` is a title only as a word of its own
        ("Theater Group", "Group"),
    ],
)
def test_different_speakers_keep_different_keys(a, b):
    assert name_key(a) != name_key(b)


def test_no_name_has_no_key():
    assert name_key(None) is None and name_key("  ") is None and name_key("the") is None


TEXT = "The strike hit the depot, the Pentagon said. The Pentagon said it was a depot. Activists said 12 died."


def _claims(client, headers):
    article = client.post("/api/articles", json={"text": TEXT}, headers=headers).json
    for a in article["attributions"]:
        client.delete(f"/api/attributions/{a['id']}?version={a['version']}", headers=headers)

    def make(span: list[int], speaker: str) -> int:
        body = {"kind": "indirect", "content": span, "speaker": speaker, "state": "accepted"}
        return client.post(f"/api/articles/{article['id']}/attributions", headers=headers, json=body).json["id"]

    return article["id"], make([0, 24], "the Pentagon"), make([62, 77], "Pentagon"), make([89, 97], "Activists")


def test_a_link_between_spellings_of_one_speaker_is_refused_and_an_independent_one_gets_the_badge(client, editor):
    article_id, the_pentagon, pentagon, activists = _claims(client, editor)
    same = client.post(
        f"/api/attributions/{the_pentagon}/corroborations", json={"corroborating_id": pentagon}, headers=editor
    )
    assert same.status_code == 422 and "independent source" in same.json["error"]["message"]
    other = client.post(
        f"/api/attributions/{the_pentagon}/corroborations", json={"corroborating_id": activists}, headers=editor
    )
    assert other.status_code == 201
    review = client.get(f"/api/articles/{article_id}/review", headers=editor).json
    assert "corroborated" in review["badges"][str(the_pentagon)]
    assert "corroborated" not in review["badges"][str(pentagon)]


def test_the_registry_keeps_one_entry_for_spellings_of_one_speaker(client, editor):
    _claims(client, editor)
    found = client.get("/api/speakers?q=pentagon", headers=editor).json
    assert [s["name"] for s in found] == ["the Pentagon"]
