"""Export stored articles as JSON, JSON Lines or CSV: one record per canonical article."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import IO, Any

from newsprism.errors import UsageError
from newsprism.store.api import Store, StoredArticle

FORMATS = ("json", "jsonl", "csv")
FIELDS = (
    "id", "title", "outlet", "author", "published", "url",
    "original_outlet", "original_url", "text", "copies",
)  # fmt: skip


def record(stored: StoredArticle) -> dict[str, Any]:
    """The export record of one article; ``copies`` lists the articles that duplicate it."""
    a = stored.article
    return {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "author": a.author,
        "published": a.published.isoformat() if a.published else None,
        "url": a.url,
        "original_outlet": a.original_outlet,
        "original_url": a.original_url,
        "text": a.clean_text,
        "copies": [
            {
                "id": c.id,
                "outlet": c.outlet,
                "url": c.url,
                "kind": c.kind,
                "similarity": c.similarity,
            }
            for c in stored.copies
        ],
    }


def records(store: Store) -> Iterator[dict[str, Any]]:
    for stored in store.articles():
        yield record(stored)


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
