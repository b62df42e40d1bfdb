"""Framing labels are findings only where their measured quality beats the majority answer;
role flips pair one outlet's protagonist with another's antagonist or victim; the shipped
narrative taxonomies apply only to articles on their topic."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.framing import heads
from newsprism.framing.encode import encode_text
from newsprism.framing.reliability import (
    DEPENDS_ON,
    MARGIN,
    SCHEME_HEADS,
    label_reliability,
    scheme_reliability,
)
from newsprism.framing.style import STYLE_NAMES, style
from newsprism.listings import LabelListing
from newsprism.stories.api import role_flips


@pytest.mark.parametrize("scheme", sorted(SCHEME_HEADS))
def test_gate_follows_the_shipped_cross_validated_figures(scheme: str) -> None:
    entry = heads.manifest()["heads"][SCHEME_HEADS[scheme]]
    assert entry["languages"], scheme  # every head reports per-language figures
    for language, figures in entry["languages"].items():
        gate = scheme_reliability(scheme, language)
        assert gate.reliable == (figures["score"] >= figures["baseline"] + MARGIN), (
            scheme,
            language,
            figures,
        )
        if not gate.reliable:
            assert f"{figures['baseline']:.2f}" in gate.reason and language in gate.reason


def test_a_language_without_training_data_is_never_a_finding() -> None:
    gate = scheme_reliability("genre", "uk")
    assert not gate.reliable and "no genre training data in uk" in gate.reason


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("scheme", sorted(SCHEME_HEADS))
def test_a_label_no_better_than_giving_it_to_everything_is_unreliable(
    scheme: str, language: str
) -> None:
    entry = heads.manifest(language)["heads"][SCHEME_HEADS[scheme]]
    assert entry["per_label"], scheme
    for label, figures in entry["per_label"].items():
        gate = label_reliability(scheme, label, language)
        parent = scheme_reliability(DEPENDS_ON.get(scheme, scheme), language)
        own = figures["f1"] >= figures["baseline"] + MARGIN
        assert gate.reliable == (scheme_reliability(scheme, language).reliable and parent.reliable
                                 and own), (scheme, label, language, figures)  # fmt: skip
        if scheme_reliability(scheme, language).reliable and parent.reliable and not own:
            assert repr(label) in gate.reason


def test_opinion_everywhere_is_not_a_finding_in_english() -> None:
    """The English genre head says "opinion" about nearly everything, as its training data
    does; that answer is shown as unreliable, "reporting" is not."""
    assert not label_reliability("genre", "opinion", "en").reliable
    assert label_reliability("genre", "reporting", "en").reliable


def _role(
    article: str, entity: str, role: str, score: float, reliable: bool = True
) -> LabelListing:
    return LabelListing(
        article, "entity", 0, 9, "role", role, score, entity, entity.title(), "roles_main-x@3",
        reliable, "" if reliable else "roles do not beat the majority",
    )  # fmt: skip


def test_role_flips_need_two_outlets_casting_one_entity_apart() -> None:
    articles = [
        {"id": "a1", "outlet": "BelTA", "original_text": "Lukashenko saved the harvest."},
        {"id": "a2", "outlet": "RFE/RL", "original_text": "Lukashenko jailed the critics."},
        {"id": "a3", "outlet": "BelTA", "original_text": "Tsikhanouskaya plotted a coup."},
    ]
    labels = [
        _role("a1", "lukashenko", "Protagonist", 0.8),
        _role("a2", "lukashenko", "Antagonist", 0.7),
        _role("a2", "lukashenko", "Antagonist", 0.9),  # a second mention's label: the best one
        _role("a3", "tsikhanouskaya", "Antagonist", 0.6),
        _role("a1", "minsk", "Protagonist", 0.6),  # one outlet only: no flip
        _role("a2", "minsk", "Protagonist", 0.6, reliable=False),
    ]
    flips = role_flips(labels, articles)
    assert [f.name for f in flips] == ["Lukashenko"]
    (flip,) = flips
    assert flip.reliable
    assert [(c.outlet, c.role, c.score) for c in flip.castings] == [
        ("BelTA", "Protagonist", 0.8),
        ("RFE/RL", "Antagonist", 0.9),
    ]
    assert flip.castings[0].evidence == "Lukashenk"  # the label's span of the article's text


def test_a_flip_of_unreliable_roles_says_so() -> None:
    articles = [
        {"id": "a1", "outlet": "A", "original_text": "x" * 20},
        {"id": "a2", "outlet": "B", "original_text": "y" * 20},
    ]
    labels = [_role("a1", "e", "Protagonist", 0.5), _role("a2", "e", "Innocent", 0.5, False)]
    (flip,) = role_flips(labels, articles)
    assert not flip.reliable


def test_style_rates_tell_a_wire_report_from_a_column() -> None:
    report = (
        "MINSK, Sept 3 (Reuters) - Belarus will hold talks with Russia, the foreign ministry said"
        ' on Tuesday. "We are ready," minister Vladimir Makei told reporters, according to a'
        " statement. The talks follow sanctions announced by the European Union in August."
    )
    column = (
        "I have had enough. You and I both know what this regime is: a disgrace! Why do we keep"
        " pretending? We must stop lying to ourselves, and I will say it again and again."
    )
    r, c = style(report, "en"), style(column, "en")
    rates = dict(zip(STYLE_NAMES, zip(r, c, strict=True), strict=True))
    assert rates["dateline"] == (1.0, 0.0)
    assert rates["attribution"][0] > rates["attribution"][1]
    assert rates["quoted_share"][0] > rates["quoted_share"][1]
    assert rates["first_singular"][1] > rates["first_singular"][0]
    assert rates["second_person"][1] > rates["second_person"][0]
    ru = style(
        "«Мы готовы», — заявил министр. По словам министра, переговоры пройдут в Минске.", "ru"
    )
    assert dict(zip(STYLE_NAMES, ru, strict=True))["attribution"] > 0
    assert np.isfinite(style("", None)).all()


WAR = (
    "Russian forces shelled Kharkiv overnight, Ukraine's military said, as Kyiv asked NATO"
    " allies for more air defence.\nThe Kremlin said its special military operation would go on"
    " until its goals in Donbas were met. Zelensky called for new sanctions on Moscow."
)
FOOTBALL = (
    "Barcelona beat Real Madrid 2-1 in the league on Sunday.\nThe winning goal came in the 89th"
    " minute from a header after a corner. The coach praised his defence after the match."
)


def test_narratives_only_where_their_taxonomy_applies() -> None:
    war = heads.narratives(encode_text(WAR, language="en"))
    assert war.topic is not None and war.topic.label == "URW"
    assert all(c.label.startswith("URW: ") for c in war.coarse)
    sport = heads.narratives(encode_text(FOOTBALL, language="en"))
    assert sport.topic is not None and sport.topic.label == heads.NO_TOPIC
    assert sport.coarse == () and sport.fine == ()
