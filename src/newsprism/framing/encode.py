"""Texts to :class:`Encoded` (paragraphs, sentences, one MiniLM vector per sentence)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsprism.framing.features import Encoded, Span
from newsprism.framing.text import paragraphs, sentences

MAX_SENTENCE_CHARS = 1200
"""MiniLM reads 256 tokens; longer 'sentences' (tables, lists) are cut before encoding."""


def encode_sentences(text: str, spans: Sequence[Span]) -> np.ndarray:
    from newsprism.nlp.embed import encode

    if not spans:
        return np.zeros((0, 384), np.float32)
    return encode([text[s:e][:MAX_SENTENCE_CHARS] for s, e in spans])


def encode_text(
    text: str,
    paragraphs_at: Sequence[Span] | None = None,
    clean_spans: Sequence[Span] | None = None,
) -> Encoded:
    """Split ``text`` (or its ``clean_spans``) into line paragraphs and sentences and encode
    them; ``paragraphs_at`` fixes the paragraphs (gold paragraphs of a benchmark)."""
    paras = list(paragraphs_at) if paragraphs_at is not None else paragraphs(text, clean_spans)
    sents = [s for p in paras for s in sentences(text, *p)]
    return Encoded.build(text, paras, sents, encode_sentences(text, sents))
