"""The furniture stage: learn an outlet's repeated short lines and strip them.

Boilerplate detection (ingest/boilerplate.py) cannot know that "Follow us on Telegram" closes
every article of one outlet. This stage can, because it runs in the writer as each article is
stored (kind "writer"): a short line carried by REPEAT_MIN articles of one scope becomes that
scope's furniture, is dropped from every stored article that carries it, and is stripped from
every later article of the scope before it is stored.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from newsprism.records import Article

if TYPE_CHECKING:
    from newsprism.store.api import Store

REPEAT_MIN = 3
"""A short line carried by this many articles of one outlet is that outlet's furniture."""


def scope_of(article: Article) -> str | None:
    """Whose furniture a line is: the outlet's, or the input folder's when the outlet is
    unknown (scraped corpora are usually filed by site); None for URLs and feeds."""
    if article.outlet:
        return article.outlet
    return None if article.format in ("url", "feed") else str(Path(article.source).parent)


def strip_known(store: Store, article: Article) -> Article:
    """``article`` without the lines already known as furniture of its scope."""
    scope = scope_of(article)
    if not scope or not article.repeatable:
        return article
    known = store.known_furniture(scope, sorted({h for h, _, _ in article.repeatable}))
    gone = {(start, end) for h, start, end in article.repeatable if h in known}
    if not gone:
        return article
    repeatable = tuple(r for r in article.repeatable if r[0] not in known)
    spans = tuple(span for span in article.clean_spans if span not in gone)
    if not spans:
        # the furniture is all the article holds: keep it as text, but do not count it
        # again towards furniture the scope already knows
        return replace(article, repeatable=repeatable)
    return replace(
        article,
        clean_spans=spans,
        boilerplate=tuple(sorted([*article.boilerplate, *((s, e, "repeated") for s, e in gone)])),
        repeatable=repeatable,
    )


def learn_repeated_lines(store: Store, article: Article) -> None:
    """Note the stored article's short lines; a line now carried by REPEAT_MIN articles of
    the scope becomes known furniture and is dropped from every article that carries it."""
    scope = scope_of(article)
    if not scope or not article.repeatable:
        return
    store.add_repeated_lines(scope, article.id, article.repeatable)
    for line_hash in {h for h, _, _ in article.repeatable}:
        carriers = store.line_carriers(scope, line_hash)
        if len({article_id for article_id, _, _ in carriers}) < REPEAT_MIN:
            continue
        store.make_furniture(scope, line_hash)
        for article_id, start, end in carriers:
            store.drop_span(article_id, start, end, "repeated")
