"""Agreement between annotators, checked against figures computed by hand on small constructed cases."""

from __future__ import annotations

import pytest

from annotator.agreement import alpha, article_agreement, units

TEXT = (
    "The dam failed at noon, officials said. "  # 0-39
    "Ana Ruiz, the mayor, said the water rose fast. "  # 40-86
    "Pedro Gil said the cracks were old. "  # 87-122
    "Aides said the budget was cut."  # 123-153
)


def claim(content, speaker=None, status=None, speaker_type=None, source=None, cue=None):
    return {
        "content": list(content),
        "source": list(source) if source else None,
        "cue": list(cue) if cue else None,
        "speaker": speaker,
        "status": status,
        "speaker_type": speaker_type,
    }


def part(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


DAM = part("The dam failed at noon")
WATER = part("the water rose fast")
CRACKS = part("the cracks were old")
BUDGET = part("the budget was cut")
SAID = (TEXT.index("said the water"), TEXT.index("said the water") + 4)


def test_alpha_of_a_known_disagreement_is_the_hand_computed_value():
    # Two coders, four units: A = a a b b, B = a a b a. Coincidences: o_aa = 4, o_bb = 2, o_ab = o_ba = 1;
    # n_a = 5, n_b = 3, n = 8. D_o = 2/8; D_e = 2 * 5 * 3 / (8 * 7) = 30/56; alpha = 1 - (1/4)/(30/56) = 8/15.
    columns = [{"A": "a", "B": "a"}, {"A": "a", "B": "a"}, {"A": "b", "B": "b"}, {"A": "b", "B": "a"}]
    assert alpha(["A", "B"], columns) == pytest.approx(8 / 15, abs=1e-4)


def test_alpha_ignores_units_one_coder_left_empty():
    # the fifth unit has one value only: it is not pairable, so alpha is that of the four others
    columns = [{"A": "a", "B": "a"}, {"A": "a", "B": "a"}, {"A": "b", "B": "b"}, {"A": "b", "B": "a"}, {"A": "b"}]
    assert alpha(["A", "B"], columns) == pytest.approx(8 / 15, abs=1e-4)


@pytest.mark.parametrize(
    "columns",
    [
        [{"A": "a", "B": "a"}, {"A": "a", "B": "a"}],  # one value only: no expected disagreement
        [{"A": "a"}, {"B": "b"}],  # no unit with two values
        [],
    ],
)
def test_alpha_is_undefined_without_variation_or_pairs(columns):
    assert alpha(["A", "B"], columns) is None


def test_two_identical_layers_agree_perfectly():
    layer = [
        claim(DAM, "officials", "anonymous_no_reason", "unnamed_group", source=part("officials"), cue=part("said")),
        claim(WATER, "Ana Ruiz", "on_record", "person", source=part("Ana Ruiz"), cue=SAID),
        claim(CRACKS, "Pedro Gil", "on_record", "person", source=part("Pedro Gil")),
    ]
    found = article_agreement(TEXT, {"kim": layer, "lee": [dict(c) for c in layer]})
    assert found["alpha"] == {"status": 1.0, "speaker_type": 1.0}
    [pair] = found["pairs"]
    assert (pair["content_f1"], pair["source_f1"], pair["cue_f1"], pair["speaker_agreement"]) == (1.0, 1.0, 1.0, 1.0)
    assert (found["units"], found["agreed_units"], found["speaker_agreement"]) == (3, 3, 1.0)


def test_a_disagreement_gives_the_hand_computed_figures():
    kim = [
        claim(DAM, "officials", "anonymous_no_reason", "unnamed_group"),
        claim(WATER, "Ana Ruiz", "on_record", "person"),
        claim(CRACKS, "Pedro Gil", "on_record", "person"),
    ]
    lee = [
        # the same claim with a shorter span (Dice >= 0.5) and another status
        claim(part("The dam failed"), "officials", "anonymous_reason_given", "unnamed_group"),
        claim(WATER, "the mayor", "on_record", "person"),  # another spelling: not the same speaker
        claim(BUDGET, "aides", "anonymous_no_reason", "unnamed_group"),  # a claim kim did not mark
    ]
    found = article_agreement(TEXT, {"kim": kim, "lee": lee})
    # units: dam (both), water (both), cracks (kim), budget (lee)
    assert found["units"] == 4 and found["agreed_units"] == 0
    [pair] = found["pairs"]
    # content: 2 matched of 3 and 3: F1 = 2 * 2 / (3 + 3)
    assert pair["content_f1"] == pytest.approx(2 / 3, abs=1e-4) and pair["matched"] == 2
    # speakers compared on the 2 matched claims: officials = officials, Ana Ruiz != the mayor
    assert pair["speaker_agreement"] == 0.5
    # status over the pairable units: (no_reason, reason_given), (on_record, on_record); values n = 4:
    # o: nr-rg 1, rg-nr 1, or-or 2; n_nr = 1, n_rg = 1, n_or = 2. D_o = 2/4;
    # D_e = (1*1 + 1*1 + 1*2 + 2*1 + 1*2 + 2*1) / (4 * 3) = 10/12; alpha = 1 - (1/2)/(10/12) = 0.4
    assert found["alpha"]["status"] == pytest.approx(0.4, abs=1e-4)
    # speaker type: unnamed_group twice, person twice, all agreeing: 1.0
    assert found["alpha"]["speaker_type"] == 1.0


def test_units_never_hold_two_claims_of_one_annotator():
    kim = [claim(DAM), claim(part("The dam failed at"))]  # two overlapping claims of one annotator
    lee = [claim(DAM)]
    found = units(TEXT, {"kim": kim, "lee": lee})
    assert sorted(sorted(u.items()) for u in found) == [[("kim", 0), ("lee", 0)], [("kim", 1)]]


def test_three_annotators_make_one_unit_of_a_claim_all_marked():
    layers = {name: [claim(WATER, "Ana Ruiz", "on_record", "person")] for name in ("a", "b", "c")}
    found = article_agreement(TEXT, layers)
    assert found["units"] == 1 and found["agreed_units"] == 1 and len(found["pairs"]) == 3
