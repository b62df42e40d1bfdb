"""The sentence-vector cache: each distinct sentence text is encoded once per model.

Part of the store layer. Vectors are keyed by a hash of the sentence's normalised text, so a
reprint or a re-analysed article costs no encoding; they are kept as float16 (half the bytes,
cosines change by < 1e-3), and handed out as L2-normalised float32 rows.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select

from newsprism.nlp.embed import Vectors, backend_info, encode, load_backend
from newsprism.records import Sentence
from newsprism.store import database, tables
from newsprism.store.api import Store

ENCODE_BATCH = 256
"""Sentences per encoder call and per write transaction."""

_SPACE = re.compile(r"\s+")


def sentence_key(text: str) -> str:
    """The cache key of a sentence: sha1 of its whitespace-normalised text."""
    return hashlib.sha1(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


def model_name(backend: str = "auto") -> str:
    """The name under which a backend's vectors are cached (changes when its weights do)."""
    info = backend_info(backend)
    weights = sorted(info["sha256"].values())[0][:12]
    return f"{info['name']}-{weights}"


@dataclass(frozen=True)
class EmbedSummary:
    sentences: int
    encoded: int


def _article_sentences(store: Store, article_id: str) -> list[tuple[int, int, str]]:
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


def _sentence_texts(store: Store, article_ids: Sequence[str] | None) -> list[tuple[str, str]]:
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
        for _, _, text in _article_sentences(store, article_id)
    ]


def embed_corpus(
    store: Store,
    backend: str = "auto",
    article_ids: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> EmbedSummary:
    """Encode every stored sentence whose text has no cached vector for ``backend``."""
    model = model_name(backend)
    texts = _sentence_texts(store, article_ids)
    wanted: dict[str, str] = {}
    for _, text in texts:
        wanted.setdefault(sentence_key(text), text)
    v = tables.sentence_vectors
    known: set[str] = set()
    unique = sorted(wanted)
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        known.update(
            store.conn.execute(
                select(v.c.text_hash).where(v.c.model == model, v.c.text_hash.in_(chunk))
            ).scalars()
        )
    missing = {k: t for k, t in wanted.items() if k not in known}
    keys = list(missing)
    if keys:
        load_backend(backend)
    for start in range(0, len(keys), ENCODE_BATCH):
        chunk = keys[start : start + ENCODE_BATCH]
        vectors = encode([missing[k] for k in chunk], backend)
        with store.transaction():
            store.conn.execute(
                database.insert_ignore(store.conn, v),
                [
                    {"text_hash": k, "model": model, "vector": row.astype(np.float16).tobytes()}
                    for k, row in zip(chunk, vectors, strict=True)
                ],
            )
        if progress:
            progress(min(start + ENCODE_BATCH, len(keys)), len(keys))
    return EmbedSummary(len(texts), len(keys))


def _rows(blobs: Sequence[bytes | None], dims: int) -> Vectors:
    matrix = np.zeros((len(blobs), dims), dtype=np.float32)
    for i, blob in enumerate(blobs):
        if blob is not None:
            matrix[i] = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    np.divide(matrix, norms, out=matrix, where=norms > 0)
    return matrix


def text_vectors(store: Store, texts: Sequence[str], backend: str = "auto") -> Vectors:
    """Vectors of arbitrary sentence texts: cached ones read, missing ones encoded (not stored)."""
    model = model_name(backend)
    dims = int(backend_info(backend)["dims"])
    keys = [sentence_key(text) for text in texts]
    v = tables.sentence_vectors
    cached: dict[str, bytes] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        for text_hash, vector in store.conn.execute(
            select(v.c.text_hash, v.c.vector).where(v.c.model == model, v.c.text_hash.in_(chunk))
        ):
            cached[text_hash] = vector
    blobs: list[bytes | None] = [cached.get(k) for k in keys]
    matrix = _rows(blobs, dims)
    todo = [i for i, blob in enumerate(blobs) if blob is None]
    if todo:
        matrix[todo] = encode([texts[i] for i in todo], backend)
    return matrix


def sentence_vectors(
    store: Store, article_id: str, backend: str = "auto"
) -> tuple[list[Sentence], Vectors]:
    """An article's sentences (text order) and their vectors, one row each.

    Sentences not yet in the cache (``embed_corpus`` not run) are encoded on the fly and not
    stored, so callers always get a full matrix.
    """
    rows = _article_sentences(store, article_id)
    sentences = [Sentence(article_id, start, end) for start, end, _ in rows]
    return sentences, text_vectors(store, [text for _, _, text in rows], backend)
