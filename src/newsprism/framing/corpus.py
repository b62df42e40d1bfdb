"""The framing corpus step: frame every understood article lacking the current version."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsprism.config import Config
from newsprism.errors import UsageError
from newsprism.framing.heads import MODEL_SETS
from newsprism.records import IngestError, Label
from newsprism.store.api import Store

if TYPE_CHECKING:
    from newsprism.framing.llm import LLMBackend

BATCH = 16


@dataclass
class FramingSummary:
    articles: int = 0
    labels: int = 0
    seconds: float = 0.0
    errors: list[IngestError] = field(default_factory=list)
    unframed: dict[str, int] = field(default_factory=dict)
    """Understood articles per language with no framing model (not framed, not labelled)."""


FRAMED_LANGUAGES = frozenset(MODEL_SETS)
"""The analysed languages the framing heads have training data in (SemEval-2023 T3 and
SemEval-2025 T10 both have English and Russian) and their encoder reads (USE multilingual
does not know Ukrainian): an article in another language is not framed, and the run says so.
What is framed is still gated per language by its measured quality (framing/reliability.py)."""


def frame_corpus(
    store: Store,
    config: Config | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> FramingSummary:
    """Frame the articles whose framing is missing or stale, writing labels in batches.

    Runs after the understanding stage and the sentence-vector cache (it reads both). One
    article failing records an error for that article and the run goes on.
    """
    from newsprism.framing.encode import framing_vectors
    from newsprism.framing.frame import frame, stage_version
    from newsprism.store.framing import (
        framing_input,
        stale_articles,
        understood_languages,
        write_labels,
    )

    started = time.perf_counter()
    summary = FramingSummary()
    stage = stage_version()
    todo = stale_articles(store, stage, FRAMED_LANGUAGES)
    summary.unframed = {
        language: count
        for language, count in understood_languages(store).items()
        if language not in FRAMED_LANGUAGES
    }
    pending: list[tuple[str, list[Label]]] = []
    for done, article_id in enumerate(todo, start=1):
        found = framing_input(store, article_id, framing_vectors)
        if found is not None:
            try:
                labels = frame(found)
            except Exception as exc:  # hostile text must not stop the batch
                error = IngestError.failed(f"article {article_id}", "framing", exc, stage)
                summary.errors.append(error)
                store.record_errors([error])
                continue
            pending.append((article_id, labels))
            summary.labels += len(labels)
        if len(pending) >= BATCH:
            write_labels(store, pending, stage)
            pending.clear()
        if progress:
            progress(done, len(todo))
    write_labels(store, pending, stage)
    summary.articles = len(todo)
    summary.seconds = time.perf_counter() - started
    return summary


def labels_for(
    store: Store,
    target: str | None = None,
    scheme: str | None = None,
    taxonomy: Path | None = None,
    llm: LLMBackend | None = None,
) -> list[dict[str, Any]]:
    """Stored labels of a story's articles, an article (id prefix) or all, with the outlet and
    the evidence text; with ``taxonomy``, narratives come zero-shot from that file instead;
    with ``llm``, every label comes from that endpoint (asked now, not stored)."""
    from newsprism.framing.encode import framing_vectors
    from newsprism.framing.frame import zero_shot_labels
    from newsprism.store.framing import (
        article_texts,
        framing_input,
        list_labels,
        resolve_articles,
    )

    ids = resolve_articles(store, target)
    if target is not None and not ids:
        raise UsageError(f"no article or story {target!r} in the store; `newsprism show` lists"
                         " the articles")  # fmt: skip
    texts = article_texts(store, ids)
    rows: list[dict[str, Any]] = []
    for article_id in ids:
        found = list_labels(store, article_id, scheme)
        if llm is not None:
            found = _llm_rows(store, article_id, scheme, llm)
        if taxonomy is not None:
            found = [r for r in found if not r["scheme"].startswith("narrative")]
            doc = framing_input(store, article_id, framing_vectors)
            if doc is not None and (scheme is None or scheme.startswith("narrative")):
                zs = zero_shot_labels(
                    doc,
                    taxonomy,
                )  # fmt: skip
                found += [
                    {"article_id": x.article_id, "kind": x.kind, "start": x.start, "end": x.end,
                     "scheme": x.scheme, "label": x.label, "score": x.score, "entity_id": None,
                     "entity_name": None, "model": x.model}
                    for x in zs if scheme is None or x.scheme == scheme
                ]  # fmt: skip
        text, outlet = texts.get(article_id, ("", None))
        for r in found:
            r["outlet"] = outlet
            r["evidence"] = " ".join(text[r["start"] : r["end"]].split())
            rows.append(r)
    return rows


def _llm_rows(
    store: Store, article_id: str, scheme: str | None, llm: LLMBackend
) -> list[dict[str, Any]]:
    from newsprism.framing.encode import framing_vectors
    from newsprism.framing.llm import frame_llm
    from newsprism.store.framing import entity_names, framing_input

    doc = framing_input(store, article_id, framing_vectors)
    if doc is None:
        return []
    names = entity_names(store)
    labels = frame_llm(
        doc,
        llm,
    )  # fmt: skip
    return [
        {"article_id": x.article_id, "kind": x.kind, "start": x.start, "end": x.end,
         "scheme": x.scheme, "label": x.label, "score": x.score, "entity_id": x.entity_id,
         "entity_name": names.get(x.entity_id or ""), "model": x.model}
        for x in labels if scheme is None or x.scheme == scheme
    ]  # fmt: skip
