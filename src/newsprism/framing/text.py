"""Paragraphs and sentences of raw text, for texts that have no stored sentences.

Stored articles use the spaCy sentences of the understanding stage; the gold benchmarks and
``frame_text`` use this splitter, which needs no model so training and evaluation stay fast.
Every span is (start, end) into the text given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Span = tuple[int, int]

_LINE = re.compile(r"[^\n]+")
_CAPITAL = "A-Z0-9À-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĠĦĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽА-ЯЁЇІЄҐЎ"
"""Capitals (and digits) that open a sentence in the framing languages' scripts."""
_BOUNDARY = re.compile(r"[.!?…][\"”’'»)\]]*(\s+)(?=[\"“‘'«„(\[—–-]?\s?[" + _CAPITAL + "])")


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def paragraphs(text: str, spans: Sequence[Span] | None = None) -> list[Span]:
    """Non-empty lines inside ``spans`` (default: the whole text): news paragraphs are lines,
    as in the SemEval-2023 release where a paragraph is one line of the article file."""
    found: list[Span] = []
    for s, e in spans or [(0, len(text))]:
        for m in _LINE.finditer(text, s, e):
            span = _trim(text, m.start(), m.end())
            if span:
                found.append(span)
    return found


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of one paragraph (or any span) by punctuation followed by a capital."""
    end = len(text) if end is None else end
    found: list[Span] = []
    cursor = start
    for m in _BOUNDARY.finditer(text, start, end):
        span = _trim(text, cursor, m.start(1))
        if span:
            found.append(span)
        cursor = m.end()
    span = _trim(text, cursor, end)
    if span:
        found.append(span)
    return found


def split(text: str, spans: Sequence[Span] | None = None) -> tuple[list[Span], list[Span]]:
    """(paragraphs, sentences) of ``text``; every sentence lies inside one paragraph."""
    paras = paragraphs(text, spans)
    return paras, [s for p in paras for s in sentences(text, *p)]
