"""Texts to :class:`Encoded` (paragraphs, sentences, one vector per sentence from the
encoder the framing heads were fitted on: its name is in their manifest)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsprism.framing.features import Encoded, Span
from newsprism.framing.text import paragraphs, sentences

if TYPE_CHECKING:
    from newsprism.records import Sentence
    from newsprism.store.api import Store

MAX_SENTENCE_CHARS = 1200
"""The encoders read about 256 tokens; longer 'sentences' (tables, lists) are cut first."""


def backend(language: str | None = None) -> str:
    """The embedding backend the heads of ``language`` were fitted on (nlp/embed.py's name)."""
    from newsprism.framing.heads import manifest

    return str(manifest(language).get("backend", "minilm"))


def encode_strings(texts: Sequence[str], language: str | None = None) -> np.ndarray:
    """Vectors of short strings (names, label names), each encoded once per process."""
    from newsprism.nlp.embed import encode_cached, load_backend

    if not texts:
        return np.zeros((0, load_backend(backend(language)).dims), np.float32)
    return encode_cached(list(texts), backend(language))


def framing_vectors(store: Store, article_id: str) -> tuple[list[Sentence], np.ndarray]:
    """An article's stored sentences and their vectors from the encoder its language's heads
    were fitted on (the vectors stage's may differ)."""
    from newsprism.nlp.vectors import sentence_vectors
    from newsprism.store.embeddings import article_language

    return sentence_vectors(store, article_id, backend(article_language(store, article_id)))


def encode_sentences(text: str, spans: Sequence[Span], language: str | None = None) -> np.ndarray:
    from newsprism.nlp.embed import encode, load_backend

    if not spans:
        return np.zeros((0, load_backend(backend(language)).dims), np.float32)
    return encode([text[s:e][:MAX_SENTENCE_CHARS] for s, e in spans], backend(language))


def encode_text(
    text: str,
    paragraphs_at: Sequence[Span] | None = None,
    clean_spans: Sequence[Span] | None = None,
    language: str | None = None,
) -> Encoded:
    """Split ``text`` (or its ``clean_spans``) into line paragraphs and sentences and encode
    them; ``paragraphs_at`` fixes the paragraphs (gold paragraphs of a benchmark)."""
    paras = list(paragraphs_at) if paragraphs_at is not None else paragraphs(text, clean_spans)
    sents = [s for p in paras for s in sentences(text, *p)]
    return Encoded.build(text, paras, sents, encode_sentences(text, sents, language), language)
