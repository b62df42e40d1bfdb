"""A person quoted inside someone's quote is not one of the article's sources."""

from __future__ import annotations

from typing import Any

from newsprism.eval.quotes import paragraph_spans
from newsprism.nlp.quotes import quotes_for_text
from newsprism.stories.api import _quoted_speakers


def test_a_quote_inside_a_quote_is_not_a_source() -> None:
    text = (
        "Senator Mary Jones spoke to reporters on Monday.\n\n"
        "\u201cMy neighbour Joseph Brown told me \u2018we cannot pay the new tax\u2019 and he"
        " is right,\u201d Jones said.\n"
    )
    quotes = quotes_for_text("a", text, paragraph_spans(text))
    inner = [q for q in quotes if q.nested_in is not None]
    assert inner, quotes  # the parse sees the inner quotation and its speaker
    rows: list[dict[str, Any]] = [
        {
            "entity_name": q.speaker_entity,
            "speaker_name": q.speaker_entity,
            "speaker_text": q.speaker_text,
            "nested_in": q.nested_in,
        }
        for q in quotes
    ]
    sources = _quoted_speakers(rows)
    assert "Mary Jones" in sources
    assert not any("Joseph" in name or "Brown" in name for name in sources), sources
