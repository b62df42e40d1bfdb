"""The claim-pair model and the statuses it gives, on short hand-written claims (the shipped
model and the real MiniLM encoder: no stand-ins)."""

from __future__ import annotations

import numpy as np

from newsprism.nlp.embed import encode
from newsprism.records import ClaimGroup
from newsprism.stories import pairs
from newsprism.stories.claims import ClaimInput, group_claims


def _claim(i: int, outlet: str, text: str, speaker: str | None = None) -> ClaimInput:
    return ClaimInput(i, outlet.lower(), outlet, outlet, text, 0, len(text), speaker, (),
                      frozenset(), frozenset())  # fmt: skip


def _groups(*claims: ClaimInput) -> list[ClaimGroup]:
    vectors = encode([c.text for c in claims], "minilm")
    return group_claims("s", claims, vectors, story_sources=sorted({c.source for c in claims}))


def _ids(groups: list[ClaimGroup]) -> dict[tuple[int, ...], ClaimGroup]:
    return {tuple(m.claim_id for m in g.members): g for g in groups}


def test_a_paraphrase_corroborates_and_a_third_outlet_omits_it() -> None:
    groups = _ids(_groups(
        _claim(1, "A", "Police detained opposition leader Maria Kolesnikova in Minsk on Monday."),
        _claim(2, "B", "Opposition leader Maria Kolesnikova was detained by police in Minsk"
                       " on Monday."),
        _claim(3, "C", "Temperatures in the region fell below freezing at the weekend."),
    ))  # fmt: skip
    both = groups[(1, 2)]
    assert both.status == "corroborated"
    assert both.omitted_by == ("C",)
    assert any("p=" in r for r in both.reasons)
    assert groups[(3,)].status == "single_source"


def test_a_hedge_alone_is_not_a_contradiction() -> None:
    groups = _groups(
        _claim(1, "A", "The minister allegedly took bribes from the construction company."),
        _claim(2, "B", "The minister took bribes from the construction company."),
    )
    assert all(g.status != "contradicted" for g in groups)


def test_different_numbers_for_one_event_contradict_and_say_so() -> None:
    groups = _ids(_groups(
        _claim(1, "A", "Police said 12 people were killed in the blast in Kabul on Monday."),
        _claim(2, "B", "Police said 40 people were killed in the blast in Kabul on Monday."),
    ))  # fmt: skip
    group = groups[(1, 2)]
    assert group.status == "contradicted"
    assert any("12" in r and "40" in r for r in group.reasons)
    assert group.reasons[-1].startswith("unreliable:")


def test_a_denial_is_a_contradiction_between_speakers() -> None:
    groups = _ids(_groups(
        _claim(1, "A", "The army shelled the village of Ivanovka overnight, the ministry said.",
               "Defence Ministry"),
        _claim(2, "B", "The army denied that it shelled the village of Ivanovka.", "the army"),
    ))  # fmt: skip
    group = groups[(1, 2)]
    assert group.status == "contradicted"
    assert any("between speakers the army and Defence Ministry" in r for r in group.reasons)


def test_claims_about_other_things_stay_apart() -> None:
    groups = _ids(_groups(
        _claim(1, "A", "The central bank raised interest rates by half a point."),
        _claim(2, "B", "A storm flooded coastal villages in the south."),
    ))  # fmt: skip
    assert set(groups) == {(1,), (2,)}


def test_batching_does_not_change_a_verdict() -> None:
    model = pairs.load()
    a = ["The vote was rigged.", "Police detained 40 protesters in Minsk on Sunday evening."]
    b = ["The election was fair.", "Forty protesters were detained by police in Minsk."]
    same, nli = model.judge(a, b)
    for i in range(2):
        one_same, one_nli = model.judge(a[i : i + 1], b[i : i + 1])
        assert np.allclose(same[i], one_same[0], atol=1e-5)
        assert np.allclose(nli[i], one_nli[0], atol=1e-5)
    assert np.allclose(nli.sum(axis=1), 1.0, atol=1e-5)


def test_the_model_card_names_its_data_terms_and_thresholds() -> None:
    card = pairs.load().card
    terms = " ".join(card["data_terms"].values())
    assert "CC BY-NC-SA" in terms and "CC BY 3.0" in terms
    assert 0.0 < card["thresholds"]["same"] < 1.0
    assert set(card["thresholds_rule"]) == {"same", "contradicts"}
