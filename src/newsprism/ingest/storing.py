"""Storing a batch of read inputs: the writer's half of ingest.

One transaction per batch, so a run killed at any moment loses at most the batch in flight,
and a rerun finds every finished file recorded and skips it. Each article goes through the
writer stages in the chain's order (pipeline.STAGES): furniture stripped, then stored linked
to what it copies, then its short lines learned.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsprism.ingest import copies, furniture
from newsprism.records import Article, IngestError

if TYPE_CHECKING:
    from newsprism.store.api import BatchResult, FileDone, Store


def write_batch(
    store: Store,
    run_id: int,
    articles: Sequence[Article],
    errors: Sequence[IngestError],
    files: Sequence[FileDone],
    attempted: Sequence[str] = (),
) -> BatchResult:
    """Store a batch in one transaction.

    ``attempted`` lists the inputs read in this batch: their earlier errors are cleared
    before this batch's errors are recorded, so the error table says what is wrong now.
    """
    from newsprism.store.api import BatchResult

    result = BatchResult()
    with store.transaction():
        store.clear_input_errors(attempted)
        for article in articles:
            article = furniture.strip_known(store, article)
            if _store_article(store, run_id, article, result):
                furniture.learn_repeated_lines(store, article)
        store.record_input_errors(run_id, errors)
        result.errors += sum(not error.is_warning for error in errors)
        store.record_files(run_id, files)
        store.add_to_run(run_id, result)
    return result


def _store_article(store: Store, run_id: int, article: Article, result: BatchResult) -> bool:
    """Insert or replace ``article``; False when the store already has it unchanged."""
    old = store.id_of_source(article.source)
    if old is not None and old == article.id:
        result.unchanged += 1
        return False
    if old is not None:
        store.delete_article(old)
        result.updated += 1
    elif store.has_article(article.id):
        result.unchanged += 1  # same source text seen under this id already
        return False
    else:
        result.stored += 1
    result.copies += copies.store_linked(store, run_id, article)
    return True
