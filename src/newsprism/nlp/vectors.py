"""The vectors stage: every stored sentence encoded once per model, through the store's cache.

The store only keeps vectors (store/embeddings.py); encoding happens here, in the corpus
stages that need vectors (stories, framing). Vectors are keyed by a hash of the sentence's
normalised text, so a reprint or a re-analysed article costs no encoding; they are kept as
float16 (half the bytes, cosines change by < 1e-3) and handed out as L2-normalised float32
rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from newsprism.nlp.embed import Vectors, backend_info, encode, load_backend
from newsprism.records import Sentence
from newsprism.store import embeddings

if TYPE_CHECKING:
    from newsprism.store.api import Store

ENCODE_BATCH = 256
"""Sentences per encoder call and per write transaction."""


def model_name(backend: str = "auto") -> str:
    """The name under which a backend's vectors are cached (changes when its weights do)."""
    info = backend_info(backend)
    weights = sorted(info["sha256"].values())[0][:12]
    return f"{info['name']}-{weights}"


@dataclass(frozen=True)
class EmbedSummary:
    sentences: int
    encoded: int


def embed_corpus(
    store: Store,
    backend: str = "auto",
    article_ids: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> EmbedSummary:
    """Encode every stored sentence whose text has no cached vector for ``backend``."""
    model = model_name(backend)
    texts = embeddings.sentence_texts(store, article_ids)
    wanted: dict[str, str] = {}
    for _, text in texts:
        wanted.setdefault(embeddings.sentence_key(text), text)
    known = embeddings.cached_keys(store, model, sorted(wanted))
    missing = {k: t for k, t in wanted.items() if k not in known}
    keys = list(missing)
    if keys:
        load_backend(backend)
    for start in range(0, len(keys), ENCODE_BATCH):
        chunk = keys[start : start + ENCODE_BATCH]
        vectors = encode([missing[k] for k in chunk], backend)
        embeddings.cache_vectors(
            store,
            model,
            [(k, row.astype(np.float16).tobytes()) for k, row in zip(chunk, vectors, strict=True)],
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
    keys = [embeddings.sentence_key(text) for text in texts]
    cached = embeddings.cached_vectors(store, model, sorted(set(keys)))
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
    rows = embeddings.article_sentences(store, article_id)
    sentences = [Sentence(article_id, start, end) for start, end, _ in rows]
    return sentences, text_vectors(store, [text for _, _, text in rows], backend)
