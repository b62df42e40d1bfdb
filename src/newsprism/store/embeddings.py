"""The sentence-vector cache: vectors by sentence-text hash and model, and the sentence texts
to encode. The store only keeps vectors; the vectors stage (nlp/vectors.py) encodes them."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from sqlalchemy import select

from newsprism.store import database, tables
from newsprism.store.api import Store

CHUNK = 500
"""Keys per IN (...) lookup."""

_SPACE = re.compile(r"\s+")


def sentence_key(text: str) -> str:
    """The cache key of a sentence: sha1 of its whitespace-normalised text."""
    return hashlib.sha1(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


def cached_keys(store: Store, model: str, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` have a cached vector for ``model``."""
    v = tables.sentence_vectors
    found: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        found.update(
            store.conn.execute(
                select(v.c.text_hash).where(v.c.model == model, v.c.text_hash.in_(chunk))
            ).scalars()
        )
    return found


def cached_vectors(store: Store, model: str, keys: Sequence[str]) -> dict[str, bytes]:
    """Key -> stored float16 vector bytes, for the ``keys`` cached for ``model``."""
    v = tables.sentence_vectors
    found: dict[str, bytes] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        for text_hash, vector in store.conn.execute(
            select(v.c.text_hash, v.c.vector).where(v.c.model == model, v.c.text_hash.in_(chunk))
        ):
            found[text_hash] = vector
    return found


def cache_vectors(store: Store, model: str, rows: Sequence[tuple[str, bytes]]) -> None:
    """Keep (key, vector bytes) rows for ``model`` in one transaction (known keys kept)."""
    if not rows:
        return
    with store.transaction():
        store.conn.execute(
            database.insert_ignore(store.conn, tables.sentence_vectors),
            [{"text_hash": k, "model": model, "vector": blob} for k, blob in rows],
        )


def article_sentences(store: Store, article_id: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of an article's sentences in text order; none for an unknown id.

    The text is cut from the article's original text in Python (code points, as SQL's
    ``substr`` counts them).
    """
    a, s = tables.articles, tables.sentences
    text = store.conn.execute(
        select(a.c.original_text).where(a.c.id == article_id)
    ).scalar_one_or_none()
    if text is None:
        return []
    rows = store.conn.execute(
        select(s.c.start, s.c.end).where(s.c.article_id == article_id).order_by(s.c.start)
    ).all()
    return [(start, end, text[start:end]) for start, end in rows]


def article_language(store: Store, article_id: str) -> str | None:
    """The article's language (None: not identified)."""
    a = tables.articles
    found: str | None = store.conn.execute(
        select(a.c.language).where(a.c.id == article_id)
    ).scalar()
    return found


def sentence_texts(store: Store, article_ids: Sequence[str] | None) -> list[tuple[str, str]]:
    """(article_id, sentence text) for the articles' sentences, in article and text order."""
    if article_ids is None:
        a, s = tables.articles, tables.sentences
        article_ids = (
            store.conn.execute(
                select(s.c.article_id)
                .distinct()
                .join(a, a.c.id == s.c.article_id)
                .order_by(s.c.article_id)
            )
            .scalars()
            .all()
        )
    return [
        (article_id, text)
        for article_id in article_ids
        for _, _, text in article_sentences(store, article_id)
    ]
