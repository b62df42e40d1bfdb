"""What each page shows, built from the store's read functions (the typed view records of
newsprism.listings, which the templates read by attribute).

The report and the web app render the same contexts. Stories and framing labels come from
stages that may not be installed or may not have run yet: their modules are looked up at call
time, and pages show what the store has (an empty story list, no labels) instead of failing.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from types import ModuleType
from typing import Any

from newsprism.errors import UsageError
from newsprism.listings import (
    ArticleSummary,
    ComparisonColumn,
    LabelListing,
    StoryComparison,
    StoryListing,
)
from newsprism.quote_trust import quote_caveat
from newsprism.records import STATUSES
from newsprism.report.highlight import cut, marks_for
from newsprism.report.render import Links
from newsprism.store.api import Store
from newsprism.store.views import (
    article_spans,
    article_summaries,
    entity_detail,
    entity_summaries,
)

UNKNOWN_OUTLET = "(unknown outlet)"
UNKNOWN_DATE = "unknown"


def _optional(module: str) -> ModuleType | None:
    """The module, or None when it does not exist (yet); its own import errors propagate."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise


def _function(module: str, name: str) -> Callable[..., Any] | None:
    found = _optional(module)
    function = getattr(found, name, None) if found else None
    return function if callable(function) else None


def list_stories(store: Store) -> list[StoryListing]:
    """The stories stage's stories, or [] when that stage is not available."""
    function = _function("newsprism.stories.api", "list_stories")
    return list(function(store)) if function else []


def compare_story(store: Store, story_id: str) -> StoryComparison | None:
    """The side-by-side comparison of one story, or None when there is no such story."""
    function = _function("newsprism.stories.api", "compare_story")
    if function is None:
        return None
    try:
        result: StoryComparison | None = function(store, story_id)
    except UsageError:  # the stories stage's "no story ..." (its message names the fix)
        return None
    return result or None


def framing_labels(
    store: Store, article_id: str | None = None, scheme: str | None = None
) -> list[LabelListing]:
    """The framing stage's labels, or [] when that stage is not available."""
    function = _function("newsprism.store.framing", "label_listings")
    if function is None:
        return []
    return list(function(store, article_id=article_id, scheme=scheme))


def _counts(values: list[str]) -> dict[str, Any]:
    """Chart data: labels and values, most frequent first."""
    pairs = Counter(values).most_common()
    return {"labels": [k for k, _ in pairs], "values": [v for _, v in pairs]}


def overview(store: Store) -> dict[str, Any]:
    """The corpus at a glance: counts, outlets, days, errors, copies, stories, entities.

    ``copies`` pairs each copy with the article it copies (None when that is not listed)."""
    _, articles = article_summaries(store)
    by_id = {a.id: a for a in articles}
    days = Counter(a.published or UNKNOWN_DATE for a in articles)
    per_day = sorted(days.items(), key=lambda kv: (kv[0] == UNKNOWN_DATE, kv[0]))
    copies: list[tuple[ArticleSummary, ArticleSummary | None]] = [
        (a, by_id.get(a.canonical_id)) for a in articles if a.canonical_id
    ]
    entity_total, entities = entity_summaries(store, limit=30)
    per_outlet = _counts([a.outlet or UNKNOWN_OUTLET for a in articles])
    per_day_chart = {"labels": [d for d, _ in per_day], "values": [n for _, n in per_day]}
    return {
        "counts": store.count(),
        "articles": articles,
        "per_outlet": per_outlet,
        "per_day": per_day_chart,
        "chart_data": {"per_outlet": per_outlet, "per_day": per_day_chart},
        "errors": store.errors(),
        "copies": copies,
        "reprints": [a for a in articles if a.original_outlet],
        "stories": list_stories(store),
        "entities": entities,
        "entity_total": entity_total,
    }


def article_page(
    store: Store,
    article_id: str,
    links: Links,
    stories: list[StoryListing] | None = None,
) -> dict[str, Any] | None:
    """One article: metadata, its text in highlighted pieces, a legend and the lists."""
    found = store.article(article_id)
    if found is None:
        return None
    a = found.article
    spans = article_spans(store, a.id)
    labels = framing_labels(store, article_id=a.id)
    marks, speakers = marks_for(spans, labels, links.entity)
    canonical = store.article(a.canonical_id) if a.canonical_id else None
    if stories is None:  # the report lists the stories once for all its article pages
        stories = list_stories(store)
    stories = [s for s in stories if any(x.id == a.id for x in s.articles)]
    return {
        "article": a,
        "published": a.published.isoformat() if a.published else None,
        "copies": found.copies,
        "canonical": canonical.article if canonical else None,
        "pieces": cut(a.original_text, marks, [tuple(s) for s in a.clean_spans]),  # type: ignore[misc]
        "speakers": speakers,
        "kinds": sorted({m.kind for m in marks}),
        "quotes": spans.quotes,
        "quotes_caveat": quote_caveat(a.language),
        "claims": spans.claims,
        "times": spans.times,
        "labels": labels,
        "stories": stories,
        "text_of": lambda start, end: a.original_text[start:end],
    }


def entity_page(
    store: Store, entity_id: str, roles: list[LabelListing] | None = None
) -> dict[str, Any] | None:
    """One entity: aliases, mentions per outlet, roles per outlet, quotes by and about it."""
    entity = entity_detail(store, entity_id)
    if entity is None:
        return None
    if roles is None:  # the report reads the role labels once for all its entity pages
        roles = framing_labels(store, scheme="role")
    mine = [label for label in roles if label.entity_id == entity_id]
    outlets = {a.id: a.outlet for a in entity.articles}
    by_outlet: dict[str, list[LabelListing]] = {}
    for label in mine:
        outlet = outlets.get(label.article_id) or UNKNOWN_OUTLET
        by_outlet.setdefault(outlet, []).append(label)
    chart = sorted(entity.per_outlet.items(), key=lambda kv: (-kv[1], kv[0]))
    return {
        "entity": entity,
        "roles": by_outlet,
        "chart_data": {
            "per_outlet": {"labels": [k for k, _ in chart], "values": [v for _, v in chart]}
        },
    }


def entities_page(store: Store) -> dict[str, Any]:
    total, entities = entity_summaries(store)
    return {"total": total, "entities": entities}


def _labels(framing: dict[str, tuple[LabelListing, ...]]) -> dict[str, list[str]]:
    """A column's framing as {scheme: ["entity: label (score)", ...]}, a label that is not a
    finding marked with the reason."""
    return {
        scheme: [
            (f"{x.entity_name}: " if x.entity_name else "")
            + f"{x.label}"
            + (f" ({float(x.score):.2f})" if x.score else "")
            + ("" if x.reliable else f" [unreliable: {x.caveat}]")
            for x in labels
        ]
        for scheme, labels in framing.items()
    }


def _column(c: ComparisonColumn) -> tuple[ComparisonColumn, dict[str, list[str]]]:
    """A column as the story page shows it: what outlets disagree on, then what they share,
    then what one outlet alone says; with its framing as text."""
    claims = sorted(c.claims, key=lambda x: _STATUS_ORDER.get(x.status, len(_STATUS_ORDER)))
    return replace(c, claims=tuple(claims)), _labels(c.framing)


def story_page(store: Store, story_id: str, links: Links) -> dict[str, Any] | None:
    """One story compared side by side, with the data its timeline and graph are drawn from.

    ``columns`` pairs each column with its framing as text."""
    compared = compare_story(store, story_id)
    if compared is None:
        return None
    points = [
        {"date": t.date, "outlet": r.outlet or UNKNOWN_OUTLET, "text": r.text}
        for t in compared.timeline
        if t.date
        for r in t.reports
    ]
    edges = compared.cooccurrence
    nodes: dict[str, str] = {}
    for e in edges:
        nodes.setdefault(e.a, e.a_name or e.a)
        nodes.setdefault(e.b, e.b_name or e.b)
    return {
        "story": compared.story,
        "columns": [_column(c) for c in compared.columns],
        "claim_groups": compared.claim_groups,
        "status_counts": compared.status_counts,
        "wording": compared.wording,
        "role_flips": compared.role_flips,
        "wording_outlets": sorted({o for w in compared.wording for o in w.by_outlet}),
        "timeline": compared.timeline,
        "cooccurrence": edges,
        "chart_data": {
            "timeline": {
                "dates": sorted({str(p["date"]) for p in points}),
                "outlets": sorted({str(p["outlet"]) for p in points}),
                "points": points,
            },
            "graph": {
                "nodes": [{"id": k, "name": v, "href": links.entity(k)} for k, v in nodes.items()],
                "edges": [{"a": e.a, "b": e.b, "weight": e.weight or 1} for e in edges],
            },
        },
    }


_STATUS_ORDER = {s: i for i, s in enumerate(STATUSES)}
