"""A quote is never shown as said by a pronoun, a relative pronoun or a demonstrative: it is
said by the resolved speaker, by the phrase the article uses when that names someone, or by
nobody known (unresolved)."""

from __future__ import annotations

import pytest

from newsprism.listings import names_nobody, shown_speaker
from newsprism.nlp.claims import UNRESOLVED, _speaker
from newsprism.records import Quote


@pytest.mark.parametrize(
    "phrase", ["he", "She", "who", "these guys", "Those familiar with the matter", "it", "we",
               "this man", "his office", None, ""],
)  # fmt: skip
def test_phrases_that_name_nobody(phrase: str | None) -> None:
    assert names_nobody(phrase)


@pytest.mark.parametrize(
    "phrase", ["officials", "Congressional investigators", "the ministry", "These Kremlin aides",
               "Chris Van Hollen", "a spokesman for the ministry", "Her Majesty's Government"],
)  # fmt: skip
def test_phrases_that_name_someone(phrase: str) -> None:
    assert not names_nobody(phrase)


def test_the_shown_speaker_prefers_the_entity_then_the_name_then_a_naming_phrase() -> None:
    assert shown_speaker("Chris Van Hollen", "Van Hollen", "These guys") == "Chris Van Hollen"
    assert shown_speaker(None, "Kirsten Gillibrand", "Dem") == "Kirsten Gillibrand"
    assert shown_speaker(None, None, "officials") == "officials"
    assert shown_speaker(None, None, "These guys") is None


def test_a_claim_in_an_unresolved_quote_is_attributed_but_not_to_the_pronoun() -> None:
    quote = Quote("a1", (10, 40), "direct", speaker=(0, 2), speaker_text="he")
    assert _speaker(quote) == UNRESOLVED
    named = Quote("a1", (10, 40), "direct", speaker=(0, 2), speaker_text="he",
                  speaker_entity="Sergei Lavrov")  # fmt: skip
    assert _speaker(named) == "Sergei Lavrov"
