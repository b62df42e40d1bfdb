"""The vectors stage: every sentence encoded once per model, kept in the store's cache.

The store only keeps vectors (store/embeddings.py). Encoding is a per-article stage
(:func:`vectors_stage`), run in the worker processes or on Dask beside the parse that finds
the sentences; the corpus stages (stories, framing) read the cache, encoding on the fly only
what is missing (a store analysed before this stage). Vectors are keyed by a hash of the sentence's
normalised text, so a reprint or a re-analysed article costs no encoding; they are kept as
float16 (half the bytes, cosines change by < 1e-3) and handed out as L2-normalised float32
rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsprism.config import Config
from newsprism.nlp.embed import Vectors, backend_info, encode, encode_cached
from newsprism.records import Found, Sentence, TextJob
from newsprism.store import embeddings

if TYPE_CHECKING:
    from newsprism.store.api import Store


MULTILINGUAL = frozenset({"ru", "uk", "be"})
"""Languages whose sentences the multilingual encoder (USE) encodes: MiniLM is English."""


def backend_for(language: str | None) -> str:
    """The embedding backend of an article in ``language`` (None: not identified, English)."""
    return "use" if language in MULTILINGUAL else "auto"


def model_name(backend: str = "auto") -> str:
    """The name under which a backend's vectors are cached (changes when its weights do)."""
    info = backend_info(backend)
    weights = sorted(info["sha256"].values())[0][:12]
    return f"{info['name']}-{weights}"


def vectors_stage(jobs: Sequence[TextJob], found: Sequence[Found], config: Config) -> list[Found]:
    """The vector of each distinct sentence text of a few articles, encoded in one batch per
    backend (their language's: :func:`backend_for`; a text met before in this process is not
    encoded again: generated and wire-copy corpora repeat paragraphs); the writer only stores
    the rows."""
    texts = [
        list(dict.fromkeys(job.text[s.start : s.end] for s in f["sentences"]))
        for job, f in zip(jobs, found, strict=True)
    ]
    backends = [backend_for(job.language) for job in jobs]
    rows: dict[tuple[str, str], bytes] = {}
    for backend in set(backends):
        unique = list(
            dict.fromkeys(t for article, b in zip(texts, backends, strict=True) if b == backend
                          for t in article)
        )  # fmt: skip
        encoded = encode_cached(unique, backend).astype(np.float16)
        rows.update({(backend, t): v.tobytes() for t, v in zip(unique, encoded, strict=True)})
    out: list[Found] = []
    for article, backend in zip(texts, backends, strict=True):
        keyed = {embeddings.sentence_key(t): rows[(backend, t)] for t in article}
        out.append({"vectors": tuple(keyed.items()), "vector_model": model_name(backend)})
    return out


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
    store: Store, article_id: str, backend: str | None = None
) -> tuple[list[Sentence], Vectors]:
    """An article's sentences (text order) and their vectors, one row each, from its
    language's backend unless one is named.

    Sentences not in the cache (the vectors stage has not run) are encoded on the fly and not
    stored, so callers always get a full matrix.
    """
    if backend is None:
        backend = backend_for(embeddings.article_language(store, article_id))
    rows = embeddings.article_sentences(store, article_id)
    sentences = [Sentence(article_id, start, end) for start, end, _ in rows]
    return sentences, text_vectors(store, [text for _, _, text in rows], backend)
