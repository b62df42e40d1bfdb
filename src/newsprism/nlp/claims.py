"""Claims: sentences asserting a checkable proposition, with who asserts them and how.

A sentence is a claim when it has a finite verb and something to check: a named entity, a
number or a date, or an accusation. It is attributed to a quote's speaker when it holds that
quote's cue ("he said: '…'") or a quote covers most of it, else it is in the author's own
voice. Hedges ("allegedly", "widely viewed as", "claims") are recorded, not judged.
Vocabulary lives in ``data/claims.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from newsprism.listings import shown_speaker
from newsprism.nlp.annotate import Parsed
from newsprism.nlp.spans import SpanIndex
from newsprism.records import Claim, Quote, TimeExpr

MIN_WORDS = 5
_NUMERIC = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}


@cache
def vocabulary() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(hedge pattern, accusation pattern) compiled from the shipped claims vocabulary."""
    with resources.files("newsprism.data").joinpath("claims.toml").open("rb") as handle:
        data = tomllib.load(handle)
    hedges = "|".join(re.escape(h) for h in sorted(data["hedges"], key=len, reverse=True))
    accusations = "|".join(re.escape(a) for a in data["accusations"])
    return (
        re.compile(rf"\b(?:{hedges})\b", re.IGNORECASE),
        re.compile(rf"\b(?:{accusations})\w*", re.IGNORECASE),
    )


UNRESOLVED = "(unresolved)"
"""A claim inside a quote whose speaker the article names only by a pronoun or the like: still
attributed, never the author's voice, and never credited to the pronoun."""


def _speaker(quote: Quote) -> str:
    return shown_speaker(None, quote.speaker_entity, quote.speaker_text) or UNRESOLVED


def extract_claims(
    article_id: str,
    text: str,
    parsed: Parsed,
    quotes: Sequence[Quote] = (),
    times: Sequence[TimeExpr] = (),
) -> list[Claim]:
    """Every claim sentence of one parsed article."""
    hedge_words, accusation_words = vocabulary()
    claims = []
    mentions = SpanIndex([(m.start, m.end) for m in parsed.mentions])
    numbers = SpanIndex([(s, e) for s, e, label in parsed.values if label in _NUMERIC])
    dates = SpanIndex(
        [(t.start, t.end) for t in times]
        + [(s, e) for s, e, label in parsed.values if label in ("DATE", "TIME")]
    )
    quoted = SpanIndex([q.content for q in quotes])
    for offset, doc in parsed.paragraphs:
        for sent in doc.sents:
            start, end = offset + sent.start_char, offset + sent.end_char
            sentence = text[start:end]
            if not _asserts(sent, sentence):
                continue
            has_entity = mentions.any_overlapping(start, end)
            has_number = numbers.any_overlapping(start, end)
            has_date = dates.any_overlapping(start, end)
            accusation = accusation_words.search(sentence) is not None
            if not (has_entity or has_number or has_date or accusation):
                continue
            kind = (
                "accusation" if accusation
                else "number" if has_number
                else "event" if has_date
                else "statement"
            )  # fmt: skip
            quote_index, speaker = _attribution(start, end, quotes, quoted)
            hedges = tuple(
                dict.fromkeys(m.group(0).lower() for m in hedge_words.finditer(sentence))
            )
            claims.append(Claim(article_id, start, end, speaker, hedges, kind, quote_index))
    return claims


def _asserts(sent: Any, sentence: str) -> bool:
    """A declarative sentence of some length with a verb (questions assert nothing)."""
    if sentence.rstrip(" ”\"’'").endswith("?"):
        return False
    words = [t for t in sent if not t.is_punct and not t.is_space]
    return len(words) >= MIN_WORDS and any(t.pos_ in ("VERB", "AUX") for t in sent)


def _attribution(
    start: int, end: int, quotes: Sequence[Quote], quoted: SpanIndex
) -> tuple[int | None, str | None]:
    """The quote whose speaker the sentence voices, and that speaker: a quote the sentence
    itself attributes (its cue is in the sentence: "On Twitter, he said: '…'", "X said in
    Montgomery that …", however short the quote), else the one covering most of the sentence
    (at least half of it)."""
    best: tuple[int | None, str | None] = (None, None)
    best_rank = (False, 0.5)
    for i in sorted(quoted.overlapping(start, end)):
        quote = quotes[i]
        qs, qe = quote.content
        overlap = min(end, qe) - max(start, qs)
        share = overlap / max(1, end - start)
        cued_here = quote.cue is not None and start <= quote.cue[0] < end
        rank = (cued_here, share)
        if (cued_here or share >= 0.5) and rank >= best_rank:
            best, best_rank = (i, _speaker(quote)), rank
    return best
