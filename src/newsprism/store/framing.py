"""Store access for the framing stage: what to frame, what it needs, and its labels.

Part of the store layer. An article's labels are replaced as a unit in the batch's transaction,
with the stage version recorded in ``article_stages`` (stage 'framing'), so only articles that
are new or were framed by another version are framed again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, delete, func, literal, or_, select

from newsprism.framing.reliability import RELIABLE, Reliability, label_reliability
from newsprism.listings import LabelListing, as_json
from newsprism.records import FramingDoc, Label, Mention, Sentence
from newsprism.store import database, tables
from newsprism.store.api import Store

if TYPE_CHECKING:  # the reads here need no numpy: a listing does not import it
    import numpy as np
    from numpy.typing import NDArray

STAGE_NAME = "framing"
SentenceVectors = Callable[[Store, str], tuple[list[Sentence], "NDArray[np.float32]"]]
"""An article's sentences and their vectors (nlp.vectors.sentence_vectors)."""


def stale_articles(store: Store, stage: str, languages: frozenset[str] | None = None) -> list[str]:
    """Understood articles whose framing is missing or was made by another stage version
    (with ``languages``, only those in one of them or of no identified language)."""
    a = tables.articles
    u = tables.article_stages.alias("u")
    f = tables.article_stages.alias("f")
    statement = (
        select(a.c.id)
        .join(u, and_(u.c.article_id == a.c.id, u.c.stage == "understand"))
        .outerjoin(f, and_(f.c.article_id == a.c.id, f.c.stage == STAGE_NAME))
        .where(or_(f.c.version.is_(None), f.c.version != stage))
        .order_by(database.rowid(a))
    )
    if languages is not None:
        statement = statement.where(or_(a.c.language.is_(None), a.c.language.in_(languages)))
    return list(store.conn.execute(statement).scalars())


def understood_languages(store: Store) -> dict[str, int]:
    """Understood articles per identified language."""
    a, u = tables.articles, tables.article_stages
    rows = store.conn.execute(
        select(a.c.language, func.count())
        .join(u, and_(u.c.article_id == a.c.id, u.c.stage == "understand"))
        .where(a.c.language.is_not(None))
        .group_by(a.c.language)
    ).all()
    return {language: int(count) for language, count in rows}


def framing_input(store: Store, article_id: str, vectors: SentenceVectors) -> FramingDoc | None:
    """The article's text, its sentences with vectors (from ``vectors``: the vectors stage,
    nlp/vectors.py, reads the cache and encodes what is missing) and its resolved mentions."""
    a, m = tables.articles, tables.mentions
    row = (
        store.conn.execute(
            select(a.c.original_text, a.c.clean_spans, a.c.language).where(a.c.id == article_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    sentences, matrix = vectors(store, article_id)
    mentions = [
        Mention(article_id, r["start"], r["end"], r["text"], r["type"], r["entity_id"])
        for r in store.conn.execute(
            select(m.c.start, m.c.end, m.c.text, m.c.type, m.c.entity_id)
            .where(m.c.article_id == article_id)
            .order_by(m.c.start)
        ).mappings()
    ]
    spans = tuple((int(s), int(e)) for s, e in json.loads(row["clean_spans"]))
    return FramingDoc(
        article_id, row["original_text"], spans, sentences, matrix, mentions, row["language"]
    )


def write_labels(store: Store, results: Sequence[tuple[str, list[Label]]], stage: str) -> None:
    """Replace each article's labels and record the stage version, in one transaction."""
    conn = store.conn
    a, t = tables.articles, tables.labels
    at = datetime.now(UTC).isoformat(timespec="seconds")
    with store.transaction():
        for article_id, labels in results:
            if conn.execute(select(literal(1)).where(a.c.id == article_id)).first() is None:
                continue  # the article changed while it was being framed
            conn.execute(delete(t).where(t.c.article_id == article_id))
            if labels:
                conn.execute(
                    database.insert(conn, t),
                    [
                        {
                            "article_id": x.article_id,
                            "kind": x.kind,
                            "start": x.start,
                            "end": x.end,
                            "scheme": x.scheme,
                            "label": x.label,
                            "score": x.score,
                            "entity_id": x.entity_id,
                            "mention_start": x.mention[0] if x.mention else None,
                            "mention_end": x.mention[1] if x.mention else None,
                            "model": x.model,
                            "stage": stage,
                        }
                        for x in labels
                    ],
                )
            conn.execute(
                database.upsert(conn, tables.article_stages, ["article_id", "stage"]),
                {"article_id": article_id, "stage": STAGE_NAME, "version": stage, "at": at},
            )


def label_listings(
    store: Store,
    article_id: str | None = None,
    scheme: str | None = None,
    article_ids: Sequence[str] | None = None,
) -> list[LabelListing]:
    """Labels (of one article, of ``article_ids``, or of all) in article and text order,
    highest score first at the same place.

    A role's entity is looked up again through its mention, so it follows the corpus's
    current canonical entities even after they were rebuilt.
    """
    of = tables.labels.c.article_id
    if article_ids is None:
        return _label_listings(store, scheme, None if article_id is None else of == article_id)
    ids = sorted(set(article_ids))  # a statement per 500 articles
    chunks = [
        _label_listings(store, scheme, of.in_(ids[i : i + 500])) for i in range(0, len(ids), 500)
    ]
    return [label for chunk in chunks for label in chunk]


def _label_listings(
    store: Store, scheme: str | None, articles: ColumnElement[bool] | None
) -> list[LabelListing]:
    """``label_listings`` of the articles ``articles`` selects (None: all)."""
    lab, a, m, e = tables.labels, tables.articles, tables.mentions, tables.entities
    entity_id = func.coalesce(m.c.entity_id, lab.c.entity_id)
    statement = (
        select(
            lab.c.article_id,
            lab.c.kind,
            lab.c.start,
            lab.c.end,
            lab.c.scheme,
            lab.c.label,
            lab.c.score,
            lab.c.model,
            entity_id.label("entity_id"),
            e.c.canonical_name.label("entity_name"),
            a.c.language,
        )
        .select_from(lab)
        .join(a, a.c.id == lab.c.article_id)
        .outerjoin(
            m,
            and_(
                m.c.article_id == lab.c.article_id,
                m.c.start == lab.c.mention_start,
                m.c.end == lab.c.mention_end,
            ),
        )
        .outerjoin(e, e.c.id == entity_id)
    )
    if articles is not None:
        statement = statement.where(articles)
    if scheme is not None:
        statement = statement.where(lab.c.scheme == scheme)
    statement = statement.order_by(
        database.rowid(a), lab.c.scheme, lab.c.start, lab.c.score.desc(), lab.c.label
    )
    found = []
    for r in store.conn.execute(statement).mappings():
        gate = trained_label_reliability(r["model"], r["scheme"], r["label"], r["language"])
        found.append(
            LabelListing(
                article_id=r["article_id"],
                kind=r["kind"],
                start=r["start"],
                end=r["end"],
                scheme=r["scheme"],
                label=r["label"],
                score=r["score"],
                entity_id=r["entity_id"],
                entity_name=r["entity_name"],
                model=r["model"],
                reliable=gate.reliable,
                caveat=gate.reason if not gate.reliable else "",
            )
        )
    return found


def trained_label_reliability(
    model: str, scheme: str, label: str, language: str | None
) -> Reliability:
    """The shipped heads' labels are gated by their measured quality; a user taxonomy's or an
    LLM's labels carry no such figures and are passed as they are."""
    if "-linear@" not in model:
        return RELIABLE
    return label_reliability(scheme, label, language)


def list_labels(
    store: Store, article_id: str | None = None, scheme: str | None = None
) -> list[dict[str, Any]]:
    """``label_listings`` as dicts (keys in LabelListing's field order), for
    framing/corpus.py's ``labels_for``, which adds each label's outlet and evidence to them;
    everything else reads ``label_listings``."""
    return [as_json(x) for x in label_listings(store, article_id, scheme)]


def resolve_articles(store: Store, target: str | None) -> list[str]:
    """Article ids for a story id (all its articles) or an article id prefix; all when None.

    A prefix matches ignoring ASCII case, as SQLite's LIKE did.
    """
    conn = store.conn
    a, sa = tables.articles, tables.story_articles
    if target is None:
        return list(conn.execute(select(a.c.id).order_by(database.rowid(a))).scalars())
    # story_articles exists in every store this code opens (migration 0003_stories)
    rows = list(
        conn.execute(
            select(sa.c.article_id)
            .join(a, a.c.id == sa.c.article_id)
            .where(or_(sa.c.story_id == target, sa.c.story_id.istartswith(target, autoescape=True)))
            .order_by(database.rowid(a))
        ).scalars()
    )
    stories = set(
        conn.execute(
            select(sa.c.story_id)
            .distinct()
            .where(sa.c.story_id.istartswith(target, autoescape=True))
        ).scalars()
    )
    if rows and len(stories) == 1:
        return rows
    return list(
        conn.execute(
            select(a.c.id)
            .where(a.c.id.istartswith(target, autoescape=True))
            .order_by(database.rowid(a))
        ).scalars()
    )


def article_texts(store: Store, article_ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
    """article id -> (original text, outlet), for printing evidence."""
    a = tables.articles
    found = {}
    for article_id in article_ids:
        row = (
            store.conn.execute(select(a.c.original_text, a.c.outlet).where(a.c.id == article_id))
            .mappings()
            .first()
        )
        if row:
            found[article_id] = (row["original_text"], row["outlet"])
    return found


def entity_names(store: Store) -> dict[str, str]:
    """Entity id -> canonical name, for labels that name an entity."""
    e = tables.entities
    return dict(store.conn.execute(select(e.c.id, e.c.canonical_name)).tuples().all())
