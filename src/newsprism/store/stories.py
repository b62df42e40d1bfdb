"""Store access for the corpus-level story stages: profiles, blocking keys, stories, claim
groups and the merged timeline.

Part of the store layer (the only modules that write SQL). Story assignment is incremental:
an article's profile and keys are written once, when it joins a story; a story's claim groups
and timeline are replaced as a unit when one of its articles changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import numpy as np

from newsprism.nlp.embed import Vectors
from newsprism.records import ClaimGroup, Story, TimelineEvent
from newsprism.store.api import Store

STORY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP", "LAW", "PRODUCT")
"""Entity types that say what a story is about (dates and numbers do not)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class NewArticle:
    """An understood article that belongs to no story yet."""

    article_id: str
    published: date | None
    outlet: str | None
    canonical_id: str | None
    title: str | None


def unassigned_articles(store: Store, stage: str) -> list[NewArticle]:
    """Understood articles without a story, oldest first (undated ones last)."""
    rows = store.db.execute(
        "SELECT a.id, a.published, COALESCE(a.original_outlet, a.outlet) AS outlet,"
        " a.canonical_id, a.title FROM articles a"
        " JOIN article_stages s ON s.article_id = a.id AND s.stage = 'understand'"
        " LEFT JOIN story_articles sa ON sa.article_id = a.id"
        " WHERE sa.article_id IS NULL"
        " ORDER BY a.published IS NULL, a.published, a.rowid"
    ).fetchall()
    return [
        NewArticle(
            r["id"],
            date.fromisoformat(r["published"]) if r["published"] else None,
            r["outlet"],
            r["canonical_id"],
            r["title"],
        )
        for r in rows
    ]


def entity_counts(store: Store, article_id: str) -> dict[str, int]:
    """Mentions per canonical entity in one article (story-bearing types only)."""
    marks = ",".join("?" * len(STORY_TYPES))
    rows = store.db.execute(
        "SELECT m.entity_id, COUNT(*) FROM mentions m JOIN entities e ON e.id = m.entity_id"
        f" WHERE m.article_id = ? AND e.type IN ({marks}) GROUP BY m.entity_id",
        (article_id, *STORY_TYPES),
    ).fetchall()
    return {r[0]: int(r[1]) for r in rows}


def document_frequencies(store: Store) -> tuple[int, dict[str, int]]:
    """Number of articles and, per entity, the number of articles mentioning it."""
    total = int(store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    rows = store.db.execute(
        "SELECT entity_id, COUNT(DISTINCT article_id) FROM mentions"
        " WHERE entity_id IS NOT NULL GROUP BY entity_id"
    ).fetchall()
    return total, {r[0]: int(r[1]) for r in rows}


def key_postings(store: Store, keys: Sequence[str], cap: int) -> dict[str, list[str]]:
    """Articles filed under each key; a key with more than ``cap`` articles is left out
    (it is too common to say which story an article belongs to)."""
    found: dict[str, list[str]] = {}
    for key in keys:
        rows = store.db.execute(
            "SELECT article_id FROM story_keys WHERE key = ? LIMIT ?", (key, cap + 1)
        ).fetchall()
        if 0 < len(rows) <= cap:
            found[key] = [r[0] for r in rows]
    return found


@dataclass(frozen=True, eq=False)
class StoryProfile:
    """What story assignment compares of an article, as filed under its story."""

    article_id: str
    lead: Vectors
    """Vectors of the headline and first sentences."""
    entities: dict[str, float]
    """Canonical entity -> tf-idf weight (L2-normalised)."""
    event_dates: frozenset[str]
    """Calendar days the article dates events on (the August 9 election, a summit)."""
    published: date | None
    outlet: str | None
    story_id: str | None = None
    """The story it is filed under (None while it is being placed)."""


def event_days(store: Store, article_id: str) -> frozenset[str]:
    """Calendar days (YYYY-MM-DD) on which the article dates events."""
    rows = store.db.execute(
        "SELECT DISTINCT date FROM events WHERE article_id = ? AND granularity = 'day'",
        (article_id,),
    ).fetchall()
    return frozenset(r[0] for r in rows if len(r[0]) == 10 and r[0][:1].isdigit())


def profiles(
    store: Store, article_ids: Iterable[str], dims: int = 384, with_entities: bool = True
) -> list[StoryProfile]:
    """The stored profiles of articles already in stories, in the order asked for
    (``entities`` left empty unless asked for: comparing candidates does not need them)."""
    ids = list(article_ids)
    found = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = store.db.execute(
            "SELECT article_id, story_id, vector, entities, event_dates, date, outlet"
            f" FROM story_articles WHERE article_id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        for r in rows:
            found.append(
                StoryProfile(
                    r["article_id"],
                    np.frombuffer(r["vector"], dtype=np.float16)
                    .astype(np.float32)
                    .reshape(-1, dims),
                    json.loads(r["entities"]) if with_entities else {},
                    frozenset(json.loads(r["event_dates"])),
                    date.fromisoformat(r["date"]) if r["date"] else None,
                    r["outlet"],
                    r["story_id"],
                )
            )
    order = {a: i for i, a in enumerate(ids)}
    return sorted(found, key=lambda p: order[p.article_id])


def story_of(store: Store, article_id: str) -> str | None:
    row = store.db.execute(
        "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
    ).fetchone()
    return None if row is None else str(row[0])


def add_to_story(
    store: Store,
    story_id: str,
    profile: StoryProfile,
    similarity: float | None,
    keys: Sequence[str],
    stage: str,
) -> None:
    """File an article under a story (creating the story row if new) with its profile/keys."""
    db = store.db
    db.execute(
        "INSERT OR IGNORE INTO stories(id, label, first_date, last_date, articles, outlets,"
        " updated_at, stage) VALUES (?, '', NULL, NULL, 0, 0, ?, ?)",
        (story_id, _now(), stage),
    )
    db.execute(
        "INSERT OR REPLACE INTO story_articles(article_id, story_id, similarity, vector,"
        " entities, event_dates, date, outlet, stage) VALUES (?,?,?,?,?,?,?,?,?)",
        (
            profile.article_id,
            story_id,
            similarity,
            profile.lead.astype(np.float16).tobytes(),
            json.dumps(profile.entities, sort_keys=True),
            json.dumps(sorted(profile.event_dates)),
            profile.published.isoformat() if profile.published else None,
            profile.outlet,
            stage,
        ),
    )
    db.executemany(
        "INSERT OR IGNORE INTO story_keys(key, article_id) VALUES (?, ?)",
        [(k, profile.article_id) for k in keys],
    )


def story_article_ids(store: Store, story_id: str) -> list[str]:
    rows = store.db.execute(
        "SELECT sa.article_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
        " WHERE sa.story_id = ? ORDER BY a.published IS NULL, a.published, a.rowid",
        (story_id,),
    ).fetchall()
    return [r[0] for r in rows]


def story_entity_names(store: Store, entity_ids: Sequence[str]) -> dict[str, str]:
    names = {}
    for entity_id in entity_ids:
        row = store.db.execute(
            "SELECT canonical_name FROM entities WHERE id = ?", (entity_id,)
        ).fetchone()
        if row is not None:
            names[entity_id] = row[0]
    return names


def write_story_results(
    store: Store,
    story: Story,
    outlets: int,
    groups: Sequence[ClaimGroup],
    events: Sequence[TimelineEvent],
    stage: str,
) -> None:
    """Replace a story's label, dates, claim groups and timeline (inside the caller's
    transaction)."""
    db = store.db
    db.execute(
        "UPDATE stories SET label=?, first_date=?, last_date=?, articles=?, outlets=?,"
        " updated_at=?, stage=? WHERE id=?",
        (
            story.label,
            story.first_date,
            story.last_date,
            len(story.article_ids),
            outlets,
            _now(),
            stage,
            story.id,
        ),
    )
    db.execute("DELETE FROM claim_groups WHERE story_id = ?", (story.id,))
    db.execute("DELETE FROM timeline_events WHERE story_id = ?", (story.id,))
    for g in groups:
        db.execute(
            "INSERT INTO claim_groups(id, story_id, status, summary, outlets, reasons, stage)"
            " VALUES (?,?,?,?,?,?,?)",
            (g.id, story.id, g.status, g.summary, json.dumps(g.outlets), json.dumps(g.reasons),
             stage),
        )  # fmt: skip
        db.executemany(
            "INSERT OR IGNORE INTO claim_group_members(group_id, claim_id, article_id, polarity)"
            " VALUES (?,?,?,?)",
            [(g.id, m.claim_id, m.article_id, m.polarity) for m in g.members],
        )
    db.executemany(
        "INSERT INTO timeline_events(id, story_id, date, granularity, summary, participants,"
        " reports, stage) VALUES (?,?,?,?,?,?,?,?)",
        [
            (e.id, story.id, e.date, e.granularity, e.summary, json.dumps(e.participants),
             json.dumps(e.reports), stage)
            for e in events
        ],
    )  # fmt: skip


def stale_stories(store: Store, stage: str) -> set[str]:
    """Stories whose results are missing (a run stopped after filing their articles) or were
    made by another stage version."""
    rows = store.db.execute(
        "SELECT id FROM stories WHERE label = '' OR stage <> ?", (stage,)
    ).fetchall()
    return {r[0] for r in rows}


def drop_empty_stories(store: Store) -> None:
    store.db.execute(
        "DELETE FROM stories WHERE id NOT IN (SELECT DISTINCT story_id FROM story_articles)"
    )


# reading what the story stages need of an article


def article_rows(store: Store, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Title, outlet (the original's for a reprint), date, url and text of articles."""
    found = []
    for article_id in article_ids:
        r = store.db.execute(
            "SELECT id, title, outlet, original_outlet, published, url, original_text,"
            " canonical_id FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if r is not None:
            found.append(dict(r))
    return found


def _dicts(store: Store, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """The rows of a query as plain dicts (what the story stages and the API hand on)."""
    return [dict(r) for r in store.db.execute(sql, params).fetchall()]


def claim_rows(store: Store, article_id: str) -> list[dict[str, Any]]:
    return _dicts(
        store,
        'SELECT c.id, c.article_id, c.start, c."end", c.attributed_to, c.hedges, c.kind,'
        " e.canonical_name AS entity_name FROM claims c"
        " LEFT JOIN entities e ON e.id = c.attributed_entity_id"
        " WHERE c.article_id = ? ORDER BY c.start",
        (article_id,),
    )


def mention_rows(store: Store, article_id: str) -> list[dict[str, Any]]:
    return _dicts(
        store,
        'SELECT m.start, m."end", m.text, m.entity_id, e.canonical_name AS name, e.type'
        " FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " WHERE m.article_id = ? ORDER BY m.start",
        (article_id,),
    )


def event_rows(store: Store, article_id: str) -> list[dict[str, Any]]:
    return _dicts(
        store,
        'SELECT start, "end", date, granularity FROM events WHERE article_id = ? ORDER BY start',
        (article_id,),
    )


def quote_rows(store: Store, article_id: str) -> list[dict[str, Any]]:
    return _dicts(
        store,
        "SELECT q.idx, q.kind, q.content_start, q.content_end, q.speaker_text, q.speaker_name,"
        " q.speaker_entity_id, e.canonical_name AS entity_name FROM quotes q"
        " LEFT JOIN entities e ON e.id = q.speaker_entity_id"
        " WHERE q.article_id = ? ORDER BY q.idx",
        (article_id,),
    )


# reading the results


def list_story_rows(store: Store) -> list[dict[str, Any]]:
    return _dicts(
        store,
        "SELECT id, label, first_date, last_date, articles, outlets FROM stories"
        " ORDER BY articles DESC, first_date IS NULL, first_date, id",
    )


def story_row(store: Store, story_id: str) -> dict[str, Any] | None:
    """A story by id or unique id prefix."""
    rows = store.db.execute(
        "SELECT id, label, first_date, last_date, articles, outlets FROM stories"
        " WHERE id LIKE ? || '%' ESCAPE '\\' LIMIT 2",
        (story_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"),),
    ).fetchall()
    return dict(rows[0]) if len(rows) == 1 else None


def claim_group_rows(store: Store, story_id: str) -> list[dict[str, Any]]:
    groups = store.db.execute(
        "SELECT id, status, summary, outlets, reasons FROM claim_groups WHERE story_id = ?"
        " ORDER BY rowid",
        (story_id,),
    ).fetchall()
    found = []
    for g in groups:
        members = store.db.execute(
            'SELECT m.claim_id, m.article_id, m.polarity, c.start, c."end", c.attributed_to,'
            " c.hedges, e.canonical_name AS entity_name, a.original_text,"
            " COALESCE(a.original_outlet, a.outlet) AS outlet"
            " FROM claim_group_members m JOIN claims c ON c.id = m.claim_id"
            " JOIN articles a ON a.id = m.article_id"
            " LEFT JOIN entities e ON e.id = c.attributed_entity_id"
            " WHERE m.group_id = ? ORDER BY a.rowid, c.start",
            (g["id"],),
        ).fetchall()
        found.append(
            {
                "id": g["id"],
                "status": g["status"],
                "summary": g["summary"],
                "outlets": json.loads(g["outlets"]),
                "reasons": json.loads(g["reasons"]),
                "members": [
                    {
                        "claim_id": m["claim_id"],
                        "article_id": m["article_id"],
                        "outlet": m["outlet"],
                        "text": " ".join(m["original_text"][m["start"] : m["end"]].split()),
                        "start": m["start"],
                        "end": m["end"],
                        "attributed_to": m["entity_name"] or m["attributed_to"],
                        "hedges": json.loads(m["hedges"]),
                        "polarity": m["polarity"],
                    }
                    for m in members
                ],
            }
        )
    return found


def timeline_rows(store: Store, story_id: str | None = None) -> list[dict[str, Any]]:
    query = (
        "SELECT id, story_id, date, granularity, summary, participants, reports"
        " FROM timeline_events"
    )
    if story_id is None:
        rows = store.db.execute(query + " ORDER BY date, id").fetchall()
    else:
        rows = store.db.execute(
            query + " WHERE story_id = ? ORDER BY date, id", (story_id,)
        ).fetchall()
    return [
        {
            "id": r["id"],
            "story_id": r["story_id"],
            "date": r["date"],
            "granularity": r["granularity"],
            "summary": r["summary"],
            "participants": json.loads(r["participants"]),
            "reports": json.loads(r["reports"]),
        }
        for r in rows
    ]
