"""The learned cue pass: what the word lists miss, found on real parses, never over the rules."""

from __future__ import annotations

import json
from importlib import resources

from newsprism.eval.quotes import paragraph_spans
from newsprism.nlp.quotes import quotes_for_text
from newsprism.nlp.quotes.learned import cue_model
from newsprism.records import Quote


def quotes(text: str) -> list[Quote]:
    return quotes_for_text("t", text, paragraph_spans(text))


def spans(text: str, q: Quote) -> tuple[str | None, str | None, str]:
    cue = text[q.cue[0] : q.cue[1]] if q.cue else None
    speaker = text[q.speaker[0] : q.speaker[1]] if q.speaker else None
    return speaker, cue, text[q.content[0] : q.content[1]]


def test_the_shipped_model_loads_with_its_card() -> None:
    model = cue_model()
    assert model is not None
    assert 0.05 < model.threshold < 0.95
    assert len(model.weights) > 1000 and len(model.content_weights) > 100
    card = resources.files("newsprism.data").joinpath("quotes/MODEL_CARD.md").read_text()
    raw = json.loads(
        resources.files("newsprism.data").joinpath("quotes/cue_model.json").read_text()
    )
    assert "PolNeAR train" in raw["trained_on"] and "PolNeAR" in card and "Terms" in card


def test_an_endorsement_is_attributed_to_its_subject() -> None:
    text = "The governor of Ohio endorsed the senator from Texas on Tuesday.\n"
    found = [spans(text, q) for q in quotes(text)]
    assert found == [("The governor of Ohio", "endorsed", "the senator from Texas on Tuesday")]


def test_a_call_for_takes_the_preposition_into_the_cue() -> None:
    text = "Union leaders called for a general strike across the country.\n"
    found = [spans(text, q) for q in quotes(text)]
    assert any(s == "Union leaders" and c == "called for" and b.startswith("a general strike")
               for s, c, b in found), found  # fmt: skip


def test_plain_narration_has_no_learned_attribution() -> None:
    text = "The bridge over the river was built in 1932 and repaired in 1990.\n"
    assert quotes(text) == []


def test_the_rules_win_where_both_would_attribute() -> None:
    """A speech verb the rules handle keeps the rules' spans; nothing overlapping is added."""
    text = "The minister said that the border would stay closed until March.\n"
    found = quotes(text)
    assert [(spans(text, q), q.kind) for q in found] == [
        (("The minister", "said", "that the border would stay closed until March"), "indirect")
    ]


def test_an_audience_or_a_time_is_not_what_was_said() -> None:
    for text in (
        "Senator Mary Jones spoke to reporters on Monday.\n",
        "The Interior Ministry issued a statement on Monday.\n",
    ):
        assert quotes(text) == [], text
