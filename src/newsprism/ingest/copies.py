"""The copies stage: link each stored article to the earliest article it copies.

Runs in the writer as each article is stored (kind "writer"): whether an article is a copy
depends on every article stored before it, in this batch or an earlier one. An exact copy has
the same normalised text (content hash); a near copy shares an LSH band with a stored article
and its MinHash similarity reaches NEAR_THRESHOLD (ingest/dedup.py). Copies are linked, never
dropped; the group's canonical article is the one published first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsprism.ingest import dedup
from newsprism.records import Article

if TYPE_CHECKING:
    from newsprism.store.api import Store

CANDIDATES = 200
"""Near-copy candidates compared per article: a band key shared by more is boilerplate."""


@dataclass(frozen=True)
class CopyOf:
    """The canonical article a newcomer copies, how, and how closely."""

    canonical_id: str
    kind: str
    similarity: float


def order_key(published: str | None, rowid: int) -> tuple[str, int]:
    """Earliest publication first; unknown dates after known ones; then first stored."""
    return (published or "9999-99-99", rowid)


def find_copy(store: Store, article: Article) -> CopyOf | None:
    """The canonical article ``article`` copies, exactly or nearly; None for an original."""
    exact = store.article_with_content(article.content_hash)
    if exact is not None:
        article_id, canonical_id = exact
        return CopyOf(canonical_id or article_id, "exact", 1.0)
    best: CopyOf | None = None
    for cand_id, canonical_id, minhash in store.band_neighbours(
        dedup.band_keys(article.minhash), CANDIDATES
    ):
        score = dedup.similarity(article.minhash, minhash)
        if score >= dedup.NEAR_THRESHOLD and (best is None or score > best.similarity):
            best = CopyOf(canonical_id or cand_id, "near", score)
    return best


def store_linked(store: Store, run_id: int, article: Article) -> bool:
    """Insert ``article``, linked to what it copies; True when it is a copy. A copy that was
    published before its group's canonical article becomes the group's canonical article."""
    match = find_copy(store, article)
    if match is None:
        store.insert_article(run_id, article)
        return False
    mine = article.published.isoformat() if article.published else None
    if order_key(mine, 0) < order_key(store.published_of(match.canonical_id), 0):
        store.insert_article(run_id, article)
        store.regroup_under(article.id, match.canonical_id, match.kind, match.similarity)
    else:
        store.insert_article(run_id, article, match.canonical_id, match.kind, match.similarity)
    return True
