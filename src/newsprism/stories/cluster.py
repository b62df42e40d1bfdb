"""Stories: articles about the same event or storyline, found incrementally with blocking.

Each article gets a profile: its canonical entities weighted by tf-idf, the mean of its
sentence vectors (the headline and lede counted twice) and its publication date. It is filed
under blocking keys (its most distinctive entities, and random-hyperplane bands of its vector)
and compared only with articles sharing a key, never with the whole corpus. It joins the
story of its most similar candidate when the similarity clears a threshold, else it starts a
new story. Nothing already assigned is recomputed, so adding articles costs time in
proportion to the new articles (and the size of their candidate lists, capped).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources

import numpy as np

from newsprism.nlp.embed import Vectors, backend_info
from newsprism.nlp.vectors import backend_for, sentence_vectors
from newsprism.store.api import Store
from newsprism.store.stories import (
    NewArticle,
    StoryProfile,
    add_to_story,
    document_frequencies,
    entity_counts,
    event_days,
    key_postings,
    profiles,
    story_of,
)

LEAD_SENTENCES = 12
"""Headline and first sentences compared between articles: where news states its event."""
ALIGN_TOP = 3
"""Best-aligned sentences averaged (each way) in the similarity of two articles."""


@dataclass(frozen=True)
class StoryParams:
    """How stories are cut. Chosen on the seeds and the SemEval-2015 Apple articles (see
    ``newsprism eval stories``), never on the SemEval-2025 documents, which are held out."""

    threshold: float = 0.65
    """Similarity an article needs with one of a story's articles to join that story."""
    close_days: int = 14
    """Publication dates this close cost nothing."""
    fade_days: int = 60
    """Beyond ``close_days`` the similarity fades linearly to nothing over this many days."""
    entity_keys: int = 6
    """Most distinctive entities of an article used as blocking keys."""
    bands: int = 4
    band_bits: int = 12
    """Random-hyperplane LSH of the article vector: ``bands`` keys of ``band_bits`` bits."""
    posting_cap: int = 500
    """A key shared by more articles than this is too common to block on."""
    max_candidates: int = 30
    """Candidates compared per new article (those sharing the most keys)."""
    shared_day_bonus: float = 0.08
    """Added to the similarity per calendar day both articles date an event on (two at most):
    articles telling events of the same days belong to one storyline."""
    use_threshold: float = 0.60
    """The threshold of the multilingual encoder's alignments (Russian, Ukrainian), chosen on
    the dev half of the Russian story gold by ``scripts/choose_story_thresholds.py`` (dev B³
    F1 0.881 at 0.60; 0.865 at 0.55, 0.878 at 0.65)."""
    entity_threshold: float = 0.3
    """The threshold where articles are compared by their entities (see
    :func:`compares_vectors`): the tf-idf cosine of their canonical entities, plus the shared
    days, must reach it. Entities alone on the English story gold (seeds, Apple, SemEval-2025
    cut: every pair compared so) give B³ precision 0.989 at recall 0.077 at 0.3 (0.986 / 0.095
    at 0.2): a cautious link, rarely made and rarely wrong."""


def compares_vectors(a: StoryProfile, b: StoryProfile) -> bool:
    """Two articles whose vectors come from one encoder (English MiniLM; the multilingual
    encoder for Russian and Ukrainian) compare lead sentences; a pair across encoders compares
    canonical entities, which are one across scripts and inflections (Лукашенко, Lukashenka,
    Lukashenko).

    Each language has its own encoder because MiniLM reads Cyrillic as noise: it gives
    unrelated Russian articles a lead alignment of 0.70 on average (30 factRuEval devset
    documents; 88% of pairs over the 0.65 threshold, as high as halves of one article), which
    put every Russian article into one story. And no encoder measured here aligns an English
    and a Russian telling of one story better than tellings of two (USE multilingual v3 and
    e5-small on the seeds with a Russian telling of 000/001), so none is used across
    languages."""
    return backend_for(a.language) == backend_for(b.language)


def dims_for(language: str | None) -> int:
    """The width of an article's vectors: its language's encoder's."""
    return int(backend_info(backend_for(language))["dims"])


@cache
def background(dims: int) -> Vectors:
    """The mean sentence vector of varied news (scripts/build_story_background.py), or zeros
    for a backend without one."""
    for name in ("minilm", "static"):
        with (
            resources.files("newsprism.data")
            .joinpath(f"stories/background-{name}.npy")
            .open("rb") as handle
        ):
            vector: Vectors = np.asarray(np.load(handle), dtype=np.float32)
        if vector.shape == (dims,):
            return vector
    return np.zeros(dims, dtype=np.float32)


def article_vector(vectors: Vectors) -> Vectors:
    """Mean of sentence vectors minus the news background, L2-normalised: what sets this
    article apart from news in general (used to find candidates, not to judge them)."""
    if len(vectors) == 0:
        return np.zeros(vectors.shape[1] if vectors.ndim == 2 else 384, dtype=np.float32)
    mean: Vectors = np.asarray(vectors.mean(axis=0) - background(vectors.shape[1]), np.float32)
    norm = float(np.linalg.norm(mean))
    return mean / np.float32(norm) if norm > 0 else mean


def entity_weights(counts: dict[str, int], total: int, df: dict[str, int]) -> dict[str, float]:
    """tf-idf of each entity, L2-normalised: frequent in this article, rare in the corpus
    (an entity in every article keeps a small weight: log((N + 1) / df))."""
    raw = {
        e: (1.0 + math.log(n)) * math.log((1 + total) / max(1, df.get(e, 1)))
        for e, n in counts.items()
    }
    raw = {e: w for e, w in raw.items() if w > 0}
    norm = math.sqrt(sum(w * w for w in raw.values()))
    return {e: round(w / norm, 5) for e, w in raw.items()} if norm else {}


@cache
def _hyperplanes(dims: int, count: int) -> Vectors:
    rng = np.random.default_rng(20201109)
    return rng.standard_normal((count, dims)).astype(np.float32)


def blocking_keys(profile: StoryProfile, vector: Vectors, params: StoryParams) -> list[str]:
    """Keys under which an article is filed and its candidates are found; ``vector`` is its
    :func:`article_vector`."""
    top = sorted(profile.entities.items(), key=lambda kv: (-kv[1], kv[0]))[: params.entity_keys]
    keys = [f"e:{e}" for e, _ in top] + [f"d:{d}" for d in sorted(profile.event_dates)]
    if float(np.abs(vector).sum()) > 0:
        planes = _hyperplanes(len(vector), params.bands * params.band_bits)
        bits = (planes @ vector) > 0
        for band in range(params.bands):
            chunk = bits[band * params.band_bits : (band + 1) * params.band_bits]
            keys.append(f"v{band}:{int(''.join('1' if b else '0' for b in chunk), 2):x}")
    return keys


def time_factor(a: date | None, b: date | None, params: StoryParams) -> float:
    """1 for close or unknown dates, fading to 0 as publication dates drift apart."""
    if a is None or b is None:
        return 1.0
    gap = abs((a - b).days) - params.close_days
    return 1.0 if gap <= 0 else max(0.0, 1.0 - gap / params.fade_days)


def alignment(a: Vectors, b: Vectors) -> float:
    """How well the two articles' lead sentences find each other: for each side, the mean of
    its ``ALIGN_TOP`` best cosines to the other side's sentences; the two sides averaged.
    Articles on one event restate its facts, so some sentences align closely; articles that
    only share a country or a leader do not."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    sims = a @ b.T
    left = np.partition(sims.max(axis=1), -min(ALIGN_TOP, len(a)))[-ALIGN_TOP:]
    right = np.partition(sims.max(axis=0), -min(ALIGN_TOP, len(b)))[-ALIGN_TOP:]
    return float(left.sum() / len(left) + right.sum() / len(right)) / 2


def similarity(a: StoryProfile, b: StoryProfile, params: StoryParams) -> float:
    """Lead-sentence alignment (entity cosine where the vectors cannot tell, see
    :func:`compares_vectors`) plus shared event days, faded by the time between the two
    publications."""
    days = min(2, len(a.event_dates & b.event_dates))
    shared = alignment(a.lead, b.lead) if compares_vectors(a, b) else entity_cosine(a, b)
    base = shared + params.shared_day_bonus * days
    return base * time_factor(a.published, b.published, params)


def entity_cosine(a: StoryProfile, b: StoryProfile) -> float:
    """The cosine of two articles' tf-idf weighted canonical entities (both L2-normalised)."""
    return float(sum(w * b.entities.get(e, 0.0) for e, w in a.entities.items()))


def threshold(a: StoryProfile, b: StoryProfile, params: StoryParams) -> float:
    if not compares_vectors(a, b):
        return params.entity_threshold
    return params.threshold if backend_for(a.language) == "auto" else params.use_threshold


def story_id_for(article_id: str) -> str:
    """A story is named after the article that started it (stable across reruns)."""
    return "s" + hashlib.sha1(article_id.encode()).hexdigest()[:11]


@dataclass
class AssignSummary:
    articles: int = 0
    new_stories: int = 0
    touched: set[str] | None = None
    failed: dict[str, Exception] = field(default_factory=dict)
    """Article id -> why it could not be filed (it stays unfiled: the next run retries it)."""


def build_profile(
    store: Store, article: NewArticle, total: int, df: dict[str, int]
) -> tuple[StoryProfile, Vectors]:
    """A new article's profile and its article vector (for blocking)."""
    _, vectors = sentence_vectors(store, article.article_id, backend_for(article.language))
    profile = StoryProfile(
        article.article_id,
        vectors[:LEAD_SENTENCES],
        entity_weights(entity_counts(store, article.article_id), total, df),
        event_days(store, article.article_id),
        article.published,
        article.outlet,
        language=article.language,
    )
    return profile, article_vector(vectors)


def best_story(
    profile: StoryProfile, candidates: Sequence[StoryProfile], params: StoryParams
) -> tuple[str | None, float]:
    """The story of the most similar candidate, if similar enough (single link)."""
    if not candidates or len(profile.lead) == 0:
        return None, 0.0
    scores = [similarity(profile, other, params) for other in candidates]
    margins = [s - threshold(profile, o, params) for s, o in zip(scores, candidates, strict=True)]
    best = int(np.argmax(margins))
    if margins[best] >= 0:
        return candidates[best].story_id, scores[best]
    return None, scores[best]


def assign_stories(
    store: Store,
    articles: Sequence[NewArticle],
    params: StoryParams,
    stage: str,
    frequencies: tuple[int, dict[str, int]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AssignSummary:
    """File each new article under an existing story or a new one; return the stories touched.

    Runs in one transaction per article batch of the caller; a copy (exact or near duplicate)
    joins its original's story without comparison.
    """
    summary = AssignSummary(touched=set())
    assert summary.touched is not None
    total, df = frequencies or document_frequencies(store)
    for done, article in enumerate(articles, start=1):
        try:
            profile, vector = build_profile(store, article, total, df)
            keys = blocking_keys(profile, vector, params)
            story_id: str | None = None
            score: float | None = None
            if article.canonical_id is not None:
                story_id = story_of(store, article.canonical_id)
                score = 1.0 if story_id else None
            if story_id is None:
                # an entity in more articles than the cap cannot block: skip it unasked
                searchable = [
                    k
                    for k in keys
                    if not k.startswith("e:") or df.get(k[2:], 0) <= params.posting_cap
                ]
                postings = key_postings(store, searchable, params.posting_cap)
                shared = Counter(a for ids in postings.values() for a in ids)
                chosen = [a for a, _ in shared.most_common(params.max_candidates)]
                # with their entities: a pair the vectors cannot tell compares those
                candidates = profiles(store, chosen, dims_for, with_entities=True)
                story_id, best = best_story(profile, candidates, params)
                score = best if story_id else None
            if story_id is None:
                story_id = story_id_for(article.article_id)
                summary.new_stories += 1
        except Exception as exc:  # one article's bad data must not stop the others
            summary.failed[article.article_id] = exc
            continue
        add_to_story(store, story_id, profile, score, keys, stage)
        summary.touched.add(story_id)
        summary.articles += 1
        if progress:
            progress(done, len(articles))
    return summary
