"""Exact and near-duplicate detection: content hashes and MinHash signatures with LSH bands.

Republished wire copy and reprints are the norm in news corpora. They are linked, not
dropped: every copy keeps its own outlet, URL and date, and points to one canonical article.
Signatures are computed per article in the workers (pure); the store keeps the LSH band keys
in an indexed table, so finding candidates is one indexed lookup per band and never compares
all pairs, and the index survives restarts and grows incrementally.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from functools import cache
from typing import Any

import numpy as np

NUM_PERM = 128
BANDS = 16
ROWS = NUM_PERM // BANDS
"""16 bands of 8 rows: pairs with Jaccard 0.8 share a band with probability 0.95, pairs at 0.5
with probability 0.06; candidates are then checked against NEAR_THRESHOLD."""
NEAR_THRESHOLD = 0.8
SHINGLE_WORDS = 5
_WORDS = re.compile(r"\w+")
_MIX = (0x9E3779B97F4A7C15 >> 1) | 1
"""Odd 63-bit multiplier (golden-ratio constant) for mixing word hashes into shingle hashes."""


@cache
def _minhash() -> tuple[Any, Any]:
    """datasketch's MinHash and its permutations, drawn once from the seed (it draws them for
    every new MinHash; once is the same). Imported on first use: datasketch imports scipy,
    1.8 s that read-only commands such as `show` never need."""
    from datasketch import MinHash

    return MinHash, MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32").permutations


def normalise(text: str) -> list[str]:
    """Lower-cased word tokens: spacing, punctuation and quote styles do not matter."""
    return _WORDS.findall(text.lower())


def content_hash(text: str) -> str:
    """Hash of the normalised clean text: equal for exact copies whatever their markup."""
    return _hash_words(normalise(text))


def _hash_words(words: list[str]) -> str:
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]


def fingerprints(text: str) -> tuple[str, bytes]:
    """(content hash, MinHash signature) of ``text``, tokenising it once."""
    words = normalise(text)
    return _hash_words(words), _signature(words)


def signature(text: str) -> bytes:
    """MinHash signature of the word 5-shingles of ``text``, as little-endian uint64 bytes."""
    return _signature(normalise(text))


def shingle_hashes(words: list[str]) -> np.ndarray:
    """Distinct 32-bit hashes of the word 5-shingles, computed from per-word hashes.

    Hashing each word once (crc32, in C) and mixing five consecutive word hashes with numpy
    avoids building a string per shingle; the mix is a polynomial in a large odd multiplier,
    reduced to 32 bits, as MinHash's affine permutations expect.
    """
    if not words:
        return np.zeros(1, dtype=np.uint64)
    per_word = np.fromiter((zlib.crc32(w.encode()) for w in words), np.uint64, len(words))
    width = min(SHINGLE_WORDS, len(per_word))
    count = len(per_word) - width + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for offset in range(width):
        mixed = mixed * np.uint64(_MIX) + per_word[offset : offset + count]
    return np.unique((mixed ^ (mixed >> np.uint64(29))) & np.uint64(0xFFFFFFFF))


def _signature(words: list[str]) -> bytes:
    minhash_class, permutations = _minhash()
    minhash = minhash_class(
        num_perm=NUM_PERM, hashfunc=int, permutations=permutations, scheme="affine32"
    )
    minhash.update_batch(shingle_hashes(words).tolist())
    return np.asarray(minhash.hashvalues, dtype="<u8").tobytes()


def band_keys(sig: bytes) -> list[tuple[int, int]]:
    """(band number, 63-bit key) for each LSH band of a signature."""
    keys = []
    width = ROWS * 8
    for band in range(BANDS):
        digest = hashlib.blake2b(sig[band * width : (band + 1) * width], digest_size=8).digest()
        keys.append((band, struct.unpack("<q", digest)[0] >> 1))
    return keys


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    if not a or not b:
        return 0.0
    va = np.frombuffer(a, dtype="<u8")
    vb = np.frombuffer(b, dtype="<u8")
    return float(np.count_nonzero(va == vb)) / len(va)
