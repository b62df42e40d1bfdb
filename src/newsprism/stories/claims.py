"""Claim matching inside a story: the same proposition told by several articles is one group.

Two claims of different articles match when their sentence vectors are close, or when they
are moderately close and share a participant and a content word or date (the same election,
the same arrest). Matches are joined transitively (union-find) within a story only. Each
group is then classified:

- contested: independent outlets word it with opposite polarity (an evaluative word from
  ``data/stance.toml`` such as "won" against "rigged", or one negated and one not), or give
  different numbers for the same unit;
- corroborated: two or more independent outlets carry it (a reprint counts as its original);
- single_source: one outlet only.

No NLI model runs offline here, so contradiction is a lexical signal, measured by
``newsprism eval claims`` on a small hand-made seed gold (a sanity check, not a benchmark).
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from newsprism.nlp.embed import Vectors
from newsprism.records import ClaimGroup, ClaimMember
from newsprism.stories.unionfind import UnionFind

CLOSE = 0.72
"""Cosine at which two claims state the same proposition on their own."""
RELATED = 0.4
"""Cosine at which two claims match if they also share a participant and a dated event."""
RELATED_WORDS = 0.5
"""Cosine at which two claims match if they share a participant and a content word."""
MAX_DENSE = 3000
"""Claims compared all-pairs inside one story; above this only claims sharing a key."""

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|n't")
_NUMBER = re.compile(r"(\d[\d,.]*)\s*(?:to\s+\d[\d,.]*\s*)?(percent|%|[a-z]+)")
_NOT_UNITS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "is",
        "of",
        "on",
        "or",
        "the",
        "to",
        "was",
        "were",
        "with",
        "than",
    ]
)
STOP = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "said",
        "says",
        "say",
        "told",
        "according",
        "also",
        "one",
        "two",
        "three",
        "new",
        "last",
        "first",
        "year",
        "years",
        "week",
        "weeks",
        "day",
        "days",
        "month",
        "months",
        "time",
        "people",
    ]
)


@cache
def stance_words(extra: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> dict[str, frozenset[str]]:
    """Positive, negative and negation words (shipped, plus a user's [stance] table)."""
    with resources.files("newsprism.data").joinpath("stance.toml").open("rb") as handle:
        data = tomllib.load(handle)
    words = {k: set(data.get(k, [])) for k in ("positive", "negative", "negations")}
    for key, values in extra:
        words.setdefault(key, set()).update(values)
    return {k: frozenset(w.lower() for w in v) for k, v in words.items()}


def polarity(text: str, words: dict[str, frozenset[str]] | None = None) -> str:
    """ "+", "-" or "0": the direction of the sentence's evaluative words, flipped by a
    negation just before them ("not rigged" is +)."""
    words = words or stance_words()
    tokens = [t.lower() for t in _WORD.findall(text)]
    lowered = " ".join(tokens)
    score = 0
    for i, token in enumerate(tokens):
        sign = 1 if token in words["positive"] else -1 if token in words["negative"] else 0
        if sign and any(t in words["negations"] for t in tokens[max(0, i - 3) : i]):
            sign = -sign
        score += sign
    for phrase in (w for w in words["positive"] if " " in w):
        score += lowered.count(phrase)
    for phrase in (w for w in words["negative"] if " " in w):
        score -= lowered.count(phrase)
    return "+" if score > 0 else "-" if score < 0 else "0"


def negated(text: str, words: dict[str, frozenset[str]] | None = None) -> bool:
    words = words or stance_words()
    return any(t.lower() in words["negations"] for t in _WORD.findall(text))


def numbers(text: str) -> dict[str, set[str]]:
    """Numbers by the word that follows them ("80 percent" -> {"percent": {"80"}})."""
    found: dict[str, set[str]] = {}
    for m in _NUMBER.finditer(text):
        unit = "percent" if m.group(2) == "%" else m.group(2).lower()
        if unit in _NOT_UNITS:
            continue
        found.setdefault(unit, set()).add(m.group(0).split()[0].rstrip(".,").replace(",", ""))
    return found


@cache
def _concepts() -> dict[str, str]:
    """Word -> its designation group in data/wording.toml ("vote" and "poll" -> "election")."""
    from newsprism.stories.api import wording_groups

    return {w: name for name, words in wording_groups().items() for w in words if " " not in w}


def content_words(text: str, names: set[str]) -> set[str]:
    """Lower-cased words of five letters or more that are not stop words or names; words of
    one designation group count as one ("vote" is "election")."""
    concepts = _concepts()
    found = set()
    for t in _WORD.findall(text):
        word = t.lower()
        if word in concepts:
            found.add(concepts[word])
        elif len(word) >= 5 and word not in STOP and word not in names:
            found.add(word)
    return found


@dataclass(frozen=True)
class ClaimInput:
    """What claim matching needs of one claim (built by the story stage from the store)."""

    claim_id: int
    article_id: str
    source: str
    """Independent source: the original outlet (a reprint's original), else the article."""
    outlet: str | None
    text: str
    start: int
    end: int
    attributed_to: str | None
    hedges: tuple[str, ...]
    entities: frozenset[str]
    dates: frozenset[str]


def _pairs(claims: Sequence[ClaimInput], vectors: Vectors) -> list[tuple[int, int, float]]:
    """Candidate pairs of claims from different articles, with their cosine."""
    n = len(claims)
    if n <= MAX_DENSE:
        sims = vectors @ vectors.T
        pairs = []
        for i in range(n):
            for j in np.nonzero(sims[i, i + 1 :] >= RELATED)[0]:
                k = i + 1 + int(j)
                if claims[i].article_id != claims[k].article_id:
                    pairs.append((i, k, float(sims[i, k])))
        return pairs
    postings: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        for key in c.entities | c.dates:
            postings.setdefault(key, []).append(i)
    seen: set[tuple[int, int]] = set()
    pairs = []
    for members in postings.values():
        if len(members) > MAX_DENSE:
            continue
        for x, i in enumerate(members):
            for k in members[x + 1 :]:
                if (i, k) in seen or claims[i].article_id == claims[k].article_id:
                    continue
                seen.add((i, k))
                score = float(vectors[i] @ vectors[k])
                if score >= RELATED:
                    pairs.append((i, k, score))
    return pairs


def _best_pairs(
    claims: Sequence[ClaimInput],
    pairs: Sequence[tuple[int, int, float]],
    words: dict[str, frozenset[str]],
) -> list[tuple[int, int]]:
    """Keep a match only if each claim is the other's best match in the other's article, so
    one sentence cannot pull a whole article into its group; a contradiction (opposite
    wording, different numbers) is kept also when one claim is the other's best and the
    other is the first's second best there, so a claim that another claim of the same
    article corroborates more closely still shows who contests it ("handily won" against
    "protest the rigged results", beside "demonstrations continued")."""
    ranked: dict[tuple[int, str], list[tuple[float, int]]] = {}
    for i, k, score in pairs:
        for x, y in ((i, k), (k, i)):
            ranked.setdefault((x, claims[y].article_id), []).append((score, y))
    top = {key: [y for _, y in sorted(found, key=lambda p: (-p[0], p[1]))[:2]]
           for key, found in ranked.items()}  # fmt: skip

    def place(x: int, y: int) -> int:
        partners = top[(x, claims[y].article_id)]
        return partners.index(y) if y in partners else 2

    kept = []
    for i, k, _ in pairs:
        first, second = place(i, k), place(k, i)
        contest = min(first, second) == 0 and max(first, second) == 1
        if first == second == 0 or (contest and _contest_reasons([claims[i], claims[k]], words)):
            kept.append((i, k))
    return kept


def _match(a: ClaimInput, b: ClaimInput, score: float, names: set[str]) -> bool:
    if score >= CLOSE:
        return True
    if not (a.entities & b.entities):
        return False
    if a.dates & b.dates:
        return True
    return score >= RELATED_WORDS and bool(
        content_words(a.text, names) & content_words(b.text, names)
    )


def _contest_reasons(members: Sequence[ClaimInput], words: dict[str, frozenset[str]]) -> list[str]:
    reasons = []
    signs = {c.claim_id: polarity(c.text, words) for c in members}
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if a.source == b.source:
                continue
            pa, pb = signs[a.claim_id], signs[b.claim_id]
            if {pa, pb} == {"+", "-"}:
                reasons.append(
                    f"opposite wording: {a.outlet or a.source} {pa} / {b.outlet or b.source} {pb}"
                )
            na, nb = numbers(a.text), numbers(b.text)
            for unit in na.keys() & nb.keys():
                if not na[unit] & nb[unit]:
                    reasons.append(
                        f"different numbers of {unit}: {'/'.join(sorted(na[unit]))} vs "
                        f"{'/'.join(sorted(nb[unit]))}"
                    )
    return sorted(set(reasons))


def _summary(members: Sequence[ClaimInput], vectors: Vectors) -> str:
    """The member closest to all the others (the group's medoid)."""
    best = int((vectors @ vectors.T).sum(axis=1).argmax()) if len(members) > 2 else 0
    text = " ".join(members[best].text.split())
    return text if len(text) <= 240 else text[:239] + "…"


def group_claims(
    story_id: str,
    claims: Sequence[ClaimInput],
    vectors: Vectors,
    names: set[str] | None = None,
    words: dict[str, frozenset[str]] | None = None,
) -> list[ClaimGroup]:
    """Claim groups of one story, each classified; every claim lands in exactly one group."""
    words = words or stance_words()
    names = names or set()
    union = UnionFind(len(claims))
    for i, k in _best_pairs(claims, [
        (i, k, score) for i, k, score in _pairs(claims, vectors)
        if _match(claims[i], claims[k], score, names)
    ], words):  # fmt: skip
        union.join(i, k)
    members: dict[int, list[ClaimInput]] = {}
    rows: dict[int, list[int]] = {}
    for i, claim in enumerate(claims):
        members.setdefault(union.find(i), []).append(claim)
        rows.setdefault(union.find(i), []).append(i)
    groups = []
    for root in sorted(members):
        group = members[root]
        sources = sorted({c.source for c in group})
        reasons = _contest_reasons(group, words)
        attributions = {c.attributed_to or "(author)" for c in group}
        if reasons:
            status = "contested"
        elif len(sources) >= 2:
            status = "corroborated"
        else:
            status = "single_source"
        notes = list(reasons)
        if len(group) > 1 and len(attributions) > 1:
            notes.append("attributed differently: " + "; ".join(sorted(attributions)))
        key = "|".join(sorted(f"{c.article_id}:{c.start}" for c in group))
        groups.append(
            ClaimGroup(
                id=f"{story_id}-{hashlib.sha1(key.encode()).hexdigest()[:10]}",
                story_id=story_id,
                status=status,
                summary=_summary(group, vectors[rows[root]]),
                members=tuple(
                    ClaimMember(
                        c.claim_id,
                        c.article_id,
                        c.outlet,
                        c.text,
                        c.start,
                        c.end,
                        c.attributed_to,
                        c.hedges,
                        polarity(c.text, words),
                    )
                    for c in group
                ),
                outlets=tuple(sorted({c.outlet or c.source for c in group})),
                reasons=tuple(notes),
            )
        )
    return groups


def starting_in(rows: Sequence[dict[str, Any]], start: int, end: int) -> Sequence[dict[str, Any]]:
    """The rows (sorted by "start") that start in ``[start, end)``, found by bisection."""
    lo = bisect_left(rows, start, key=lambda r: r["start"])
    return rows[lo : bisect_left(rows, end, lo=lo, key=lambda r: r["start"])]


def claim_inputs(
    claim_rows: Sequence[dict[str, Any]],
    text: str,
    source: str,
    outlet: str | None,
    mentions: Sequence[dict[str, Any]],
    events: Sequence[dict[str, Any]],
) -> list[ClaimInput]:
    """ClaimInputs of one article from its stored claim, mention and event rows (both in text
    order, as the store returns them)."""
    found = []
    for c in claim_rows:
        start, end = c["start"], c["end"]
        found.append(
            ClaimInput(
                claim_id=c["id"],
                article_id=c["article_id"],
                source=source,
                outlet=outlet,
                text=" ".join(text[start:end].split()),
                start=start,
                end=end,
                attributed_to=c.get("entity_name") or c.get("attributed_to"),
                hedges=tuple(json.loads(c["hedges"])) if isinstance(c["hedges"], str) else (),
                entities=frozenset(
                    m["entity_id"] for m in starting_in(mentions, start, end) if m["entity_id"]
                ),
                dates=frozenset(e["date"] for e in starting_in(events, start, end)),
            )
        )
    return found
