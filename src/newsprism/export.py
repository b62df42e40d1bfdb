"""Export stored articles as JSON, JSON Lines, CSV or Parquet: one record per canonical article.

The record is a typed view record (listings.ArticleExport), written out through
``listings.as_json``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from newsprism.errors import UsageError
from newsprism.listings import ArticleExport, ExportCopy, as_json
from newsprism.store.api import Store, StoredArticle

FORMATS = ("json", "jsonl", "csv")
"""Text formats, written to a stream."""
BINARY_FORMATS = ("parquet",)
"""Written to a file (``-o``) only."""
FIELDS = (
    "id", "title", "outlet", "author", "published", "url",
    "original_outlet", "original_url", "text", "copies", "language",
)  # fmt: skip


def record(stored: StoredArticle) -> ArticleExport:
    """The export record of one article; ``copies`` lists the articles that duplicate it."""
    a = stored.article
    return ArticleExport(
        id=a.id,
        title=a.title,
        outlet=a.outlet,
        author=a.author,
        published=a.published.isoformat() if a.published else None,
        url=a.url,
        original_outlet=a.original_outlet,
        original_url=a.original_url,
        text=a.clean_text,
        copies=tuple(
            ExportCopy(id=c.id, outlet=c.outlet, url=c.url, kind=c.kind, similarity=c.similarity)
            for c in stored.copies
        ),
        language=a.language,
    )


def records(store: Store) -> Iterator[dict[str, Any]]:
    """Every canonical article's export record, as JSON (what each format writes)."""
    for stored in store.articles():
        yield as_json(record(stored))


def export(store: Store, fmt: str, out: IO[str]) -> int:
    """Write every canonical article to ``out`` in ``fmt``; return how many were written."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    count = 0
    if fmt == "json":
        out.write("[")
        for count, rec in enumerate(records(store), start=1):
            out.write(("\n" if count == 1 else ",\n") + json.dumps(rec, ensure_ascii=False))
        out.write("\n]\n" if count else "]\n")
    elif fmt == "jsonl":
        for rec in records(store):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            count += 1
    else:
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for rec in records(store):
            writer.writerow({**rec, "copies": json.dumps(rec["copies"], ensure_ascii=False)})
            count += 1
    return count


def export_string(store: Store, fmt: str) -> str:
    buffer = io.StringIO()
    export(store, fmt, buffer)
    return buffer.getvalue()


PARQUET_ROW_GROUP = 1024
"""Records per Parquet row group: memory stays bounded however large the store."""


def _parquet_schema() -> Any:
    import pyarrow as pa

    copy = pa.struct(
        [
            ("id", pa.string()),
            ("outlet", pa.string()),
            ("url", pa.string()),
            ("kind", pa.string()),
            ("similarity", pa.float64()),
        ]
    )
    fields = [(name, pa.string()) for name in FIELDS if name != "copies"]
    return pa.schema([*fields, ("copies", pa.list_(copy))])


def export_parquet(store: Store, path: Path) -> int:
    """Write every canonical article to the Parquet file ``path`` (the export record's fields,
    ``copies`` as a list of structs), one row group per PARQUET_ROW_GROUP articles; return how
    many were written. Needs pyarrow (``pip install 'newsprism[scale]'``)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError(
            "Parquet export needs pyarrow; install it with pip install 'newsprism[scale]'"
        ) from None
    schema = _parquet_schema()
    count = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for rec in records(store):
            batch.append(rec)
            count += 1
            if len(batch) >= PARQUET_ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch.clear()
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count
