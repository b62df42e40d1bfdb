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

from newsprism.nlp.embed import Vectors, backend_info, encode, load_backend
from newsprism.records import Sentence
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


def _sentence_texts(store: Store, article_ids: Sequence[str] | None) -> list[tuple[str, str]]:
    """(article_id, sentence text) for the articles' sentences, in article and text order."""
    query = (
        'SELECT s.article_id, substr(a.original_text, s.start + 1, s."end" - s.start) AS text'
        " FROM sentences s JOIN articles a ON a.id = s.article_id"
    )
    if article_ids is None:
        rows = store.db.execute(query + " ORDER BY s.article_id, s.start").fetchall()
    else:
        rows = []
        for article_id in article_ids:
            rows.extend(
                store.db.execute(
                    query + " WHERE s.article_id = ? ORDER BY s.start", (article_id,)
                ).fetchall()
            )
    return [(r["article_id"], r["text"]) for r in rows]


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
    known: set[str] = set()
    unique = sorted(wanted)
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        known.update(
            row[0]
            for row in store.db.execute(
                "SELECT text_hash FROM sentence_vectors WHERE model = ?"
                f" AND text_hash IN ({','.join('?' * len(chunk))})",
                (model, *chunk),
            )
        )
    missing = {k: t for k, t in wanted.items() if k not in known}
    keys = list(missing)
    if keys:
        load_backend(backend)
    for start in range(0, len(keys), ENCODE_BATCH):
        chunk = keys[start : start + ENCODE_BATCH]
        vectors = encode([missing[k] for k in chunk], backend)
        with store.transaction():
            store.db.executemany(
                "INSERT OR IGNORE INTO sentence_vectors(text_hash, model, vector) VALUES (?,?,?)",
                [
                    (k, model, v.astype(np.float16).tobytes())
                    for k, v in zip(chunk, vectors, strict=True)
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
    cached: dict[str, bytes] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        for row in store.db.execute(
            "SELECT text_hash, vector FROM sentence_vectors WHERE model = ?"
            f" AND text_hash IN ({','.join('?' * len(chunk))})",
            (model, *chunk),
        ):
            cached[row[0]] = row[1]
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
    rows = store.db.execute(
        'SELECT s.start, s."end", substr(a.original_text, s.start + 1, s."end" - s.start) AS text'
        " FROM sentences s JOIN articles a ON a.id = s.article_id"
        " WHERE s.article_id = ? ORDER BY s.start",
        (article_id,),
    ).fetchall()
    sentences = [Sentence(article_id, r["start"], r["end"]) for r in rows]
    return sentences, text_vectors(store, [r["text"] for r in rows], backend)
