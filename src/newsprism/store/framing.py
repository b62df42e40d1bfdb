"""Store access for the framing stage: what to frame, what it needs, and its labels.

Part of the store layer. An article's labels are replaced as a unit in the batch's transaction,
with the stage version recorded in ``article_stages`` (stage 'framing'), so only articles that
are new or were framed by another version are framed again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsprism.records import Label, Mention, Sentence
from newsprism.store.api import Store

STAGE_NAME = "framing"


@dataclass(frozen=True)
class FramingInput:
    """What framing one stored article needs: its text, sentences with vectors, mentions."""

    article_id: str
    text: str
    clean_spans: tuple[tuple[int, int], ...]
    sentences: list[Sentence]
    vectors: NDArray[np.float32]
    mentions: list[Mention]


def stale_articles(store: Store, stage: str) -> list[str]:
    """Understood articles whose framing is missing or was made by another stage version."""
    rows = store.db.execute(
        "SELECT a.id FROM articles a"
        " JOIN article_stages u ON u.article_id = a.id AND u.stage = 'understand'"
        " LEFT JOIN article_stages f ON f.article_id = a.id AND f.stage = ?"
        " WHERE f.version IS NULL OR f.version <> ? ORDER BY a.rowid",
        (STAGE_NAME, stage),
    ).fetchall()
    return [r["id"] for r in rows]


def framing_input(store: Store, article_id: str) -> FramingInput | None:
    """The article's text, its sentences with cached vectors and its resolved mentions."""
    from newsprism.store.embeddings import sentence_vectors

    row = store.db.execute(
        "SELECT original_text, clean_spans FROM articles WHERE id=?", (article_id,)
    ).fetchone()
    if row is None:
        return None
    sentences, vectors = sentence_vectors(store, article_id)
    mentions = [
        Mention(article_id, m["start"], m["end"], m["text"], m["type"], m["entity_id"])
        for m in store.db.execute(
            'SELECT start, "end", text, type, entity_id FROM mentions WHERE article_id=?'
            " ORDER BY start",
            (article_id,),
        )
    ]
    spans = tuple((int(s), int(e)) for s, e in json.loads(row["clean_spans"]))
    return FramingInput(article_id, row["original_text"], spans, sentences, vectors, mentions)


def write_labels(store: Store, results: Sequence[tuple[str, list[Label]]], stage: str) -> None:
    """Replace each article's labels and record the stage version, in one transaction."""
    db = store.db
    at = datetime.now(UTC).isoformat(timespec="seconds")
    with store.transaction():
        for article_id, labels in results:
            if not db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone():
                continue  # the article changed while it was being framed
            db.execute("DELETE FROM labels WHERE article_id=?", (article_id,))
            db.executemany(
                'INSERT INTO labels(article_id, kind, start, "end", scheme, label, score,'
                " entity_id, mention_start, mention_end, model, stage)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (x.article_id, x.kind, x.start, x.end, x.scheme, x.label, x.score,
                     x.entity_id, x.mention[0] if x.mention else None,
                     x.mention[1] if x.mention else None, x.model, stage)
                    for x in labels
                ],
            )  # fmt: skip
            db.execute(
                "INSERT INTO article_stages(article_id, stage, version, at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(article_id, stage) DO UPDATE SET version=excluded.version,"
                " at=excluded.at",
                (article_id, STAGE_NAME, stage, at),
            )


def list_labels(
    store: Store, article_id: str | None = None, scheme: str | None = None
) -> list[dict[str, Any]]:
    """Labels in article and text order, highest score first at the same place.

    Each dict: article_id, kind, start, end, scheme, label, score, entity_id, entity_name,
    model. A role's entity is looked up again through its mention, so it follows the corpus's
    current canonical entities even after they were rebuilt.
    """
    query = (
        'SELECT l.article_id, l.kind, l.start, l."end", l.scheme, l.label, l.score, l.model,'
        " COALESCE(m.entity_id, l.entity_id) AS entity_id, e.canonical_name AS entity_name"
        " FROM labels l JOIN articles a ON a.id = l.article_id"
        " LEFT JOIN mentions m ON m.article_id = l.article_id AND m.start = l.mention_start"
        ' AND m."end" = l.mention_end'
        " LEFT JOIN entities e ON e.id = COALESCE(m.entity_id, l.entity_id)"
    )
    where, params = [], []
    if article_id is not None:
        where.append("l.article_id = ?")
        params.append(article_id)
    if scheme is not None:
        where.append("l.scheme = ?")
        params.append(scheme)
    if where:
        query += " WHERE " + " AND ".join(where)
    query += " ORDER BY a.rowid, l.scheme, l.start, l.score DESC, l.label"
    return [
        {
            "article_id": r["article_id"],
            "kind": r["kind"],
            "start": r["start"],
            "end": r["end"],
            "scheme": r["scheme"],
            "label": r["label"],
            "score": r["score"],
            "entity_id": r["entity_id"],
            "entity_name": r["entity_name"],
            "model": r["model"],
        }
        for r in store.db.execute(query, params)
    ]


def resolve_articles(store: Store, target: str | None) -> list[str]:
    """Article ids for a story id (all its articles) or an article id prefix; all when None."""
    if target is None:
        return [r["id"] for r in store.db.execute("SELECT id FROM articles ORDER BY rowid")]
    has_stories = store.db.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='story_articles'"
    ).fetchone()
    if has_stories:
        rows = store.db.execute(
            "SELECT sa.article_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
            " WHERE sa.story_id = ? OR sa.story_id LIKE ? || '%' ORDER BY a.rowid",
            (target, target),
        ).fetchall()
        stories = {
            r[0]
            for r in store.db.execute(
                "SELECT DISTINCT story_id FROM story_articles WHERE story_id LIKE ? || '%'",
                (target,),
            )
        }
        if rows and len(stories) == 1:
            return [r["article_id"] for r in rows]
    return [
        r["id"]
        for r in store.db.execute(
            "SELECT id FROM articles WHERE id LIKE ? || '%' ORDER BY rowid", (target,)
        )
    ]


def article_texts(store: Store, article_ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
    """article id -> (original text, outlet), for printing evidence."""
    found = {}
    for article_id in article_ids:
        row = store.db.execute(
            "SELECT original_text, outlet FROM articles WHERE id=?", (article_id,)
        ).fetchone()
        if row:
            found[article_id] = (row["original_text"], row["outlet"])
    return found
