"""Claims across the outlets of one story: which tell one proposition, and how they differ.

Candidate pairs are claims of different articles whose sentence vectors are at least
:data:`RELATED` alike. The claim-pair model (:mod:`newsprism.stories.pairs`) gives each pair
P(entails) and P(contradicts); a pair is linked when P(entails) clears the threshold chosen on
the ECB+ dev topics, and only if each claim is the other's best link in the other's article.
Links and contradictions between independent sources are joined transitively (union-find)
within the story. Each group is then classified, strongest finding first:

- contradicted: the model finds opposite facts between independent outlets (shown "between
  speakers X and Y" when either is attributed), or linked claims give different numbers of
  one unit;
- framed_differently: one proposition, worded with opposite evaluative words
  (``data/stance.toml``) by independent outlets;
- corroborated: two or more independent outlets tell it (a reprint counts as its original);
- single_source: one outlet only.

A claim attributed to a speaker corroborates as that speaker's claim, not as fact: the group
says so. In a story of three or more outlets, a group two of them tell lists the others as
omitting it. Every group carries its evidence: the differing words or numbers and the
model's probability. Measured by ``newsprism eval claims`` (ECB+ dev) and ``eval nli``.
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
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from newsprism.nlp.embed import Vectors
from newsprism.records import ClaimGroup, ClaimMember
from newsprism.stories.unionfind import UnionFind

if TYPE_CHECKING:
    from newsprism.stories.pairs import PairModel

RELATED = 0.4
"""Cosine under which two claims are not even put to the pair model."""
SAME = 0.5
CONTRADICTS = 0.5
"""Fallback thresholds when the model's card names none (see :func:`thresholds`)."""
NEIGHBOURS = 3
"""Candidates per claim put to the pair model (by cosine, from other sources)."""
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


def candidate_pairs(claims: Sequence[ClaimInput], vectors: Vectors) -> list[tuple[int, int, float]]:
    """Candidate pairs of claims from different sources (a reprint is its original's), with
    their cosine: each claim's NEIGHBOURS nearest, so the model's cost grows with the claims,
    not with their square."""
    n = len(claims)
    if n <= MAX_DENSE:
        sims = vectors @ vectors.T
        pairs = []
        for i in range(n):
            for j in np.nonzero(sims[i, i + 1 :] >= RELATED)[0]:
                k = i + 1 + int(j)
                if claims[i].source != claims[k].source:
                    pairs.append((i, k, float(sims[i, k])))
        return nearest(pairs)
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
                if (i, k) in seen or claims[i].source == claims[k].source:
                    continue
                seen.add((i, k))
                score = float(vectors[i] @ vectors[k])
                if score >= RELATED:
                    pairs.append((i, k, score))
    return nearest(pairs)


def nearest(pairs: Sequence[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The pairs in which one claim is among the other's NEIGHBOURS most alike."""
    ranked: dict[int, list[tuple[float, int]]] = {}
    for i, k, score in pairs:
        ranked.setdefault(i, []).append((-score, k))
        ranked.setdefault(k, []).append((-score, i))
    keep = {i: {x for _, x in sorted(found)[:NEIGHBOURS]} for i, found in ranked.items()}
    return [(i, k, score) for i, k, score in pairs if k in keep[i] or i in keep[k]]


@dataclass(frozen=True)
class Judged:
    """The pair model's verdict on two claims of different articles."""

    i: int
    k: int
    same: float
    """P(one event or claim)."""
    entails: float
    contradicts: float
    alike: bool
    """Worded alike (half their content words aside from numbers shared), or worded with
    opposite evaluative words and a fifth of their content words shared: a conflict over one
    statement, or two framings of it, where the NLI head sees no entailment."""

    shared: bool
    """They share a participant (a name or entity) and a word of what happened: a shared name
    alone ("Khrenin warned" / "Khrenin will visit") is another proposition."""

    @property
    def link(self) -> float:
        """How strongly the two tell one proposition: one event, sharing more than a name, and
        one entailing the other (or worded alike). One event alone is not enough: two claims
        of one story are mostly about one event and still say different things."""
        if not self.shared:
            return 0.0
        return self.same if self.alike else min(self.same, self.entails)


def copies(claims: Sequence[ClaimInput]) -> list[Judged]:
    """Links between one source's identical claims in different articles (a reprint and its
    original): one claim, shown together, counted once; no model needed."""
    by_text: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(claims):
        by_text.setdefault((c.source, c.text.casefold()), []).append(i)
    return [
        Judged(i, k, 1.0, 1.0, 0.0, True, True)
        for found in by_text.values()
        for x, i in enumerate(found)
        for k in found[x + 1 :]
        if claims[i].article_id != claims[k].article_id
    ]


def _shares_more_than_a_name(a: ClaimInput, b: ClaimInput) -> bool:
    """A shared content stem other than a name, and a shared participant: an entity, a
    capitalised word, or (for claims naming no one: "the minister") a second shared stem."""
    from newsprism.stories.pairs import names, stems

    named = {n[:5] for n in names(a.text) | names(b.text)}
    common = {w for w in stems(a.text) & stems(b.text) if not w[:1].isdigit()}
    other = common - named
    return bool(other) and bool(common & named or a.entities & b.entities or len(other) >= 2)


def _other_speakers(a: ClaimInput, b: ClaimInput) -> bool:
    """Both claims are in named speakers' mouths, and not the same speaker's: two people's
    statements are two claims (one denying the other is the exception, a contradiction)."""
    from newsprism.nlp.claims import UNRESOLVED

    sa, sb = (c.attributed_to for c in (a, b))
    if not sa or not sb or UNRESOLVED in (sa, sb):
        return False
    return sa.casefold() != sb.casefold()


def judge_pairs(
    claims: Sequence[ClaimInput],
    candidates: Sequence[tuple[int, int, float]],
    model: PairModel | None = None,
    words: dict[str, frozenset[str]] | None = None,
) -> list[Judged]:
    """The pair model's (the shipped one by default) same-event, entails and contradicts
    probabilities of the candidate pairs that share more than a name (no other pair can be
    linked, so the model is not run on them: most of its cost)."""
    from newsprism.stories import pairs as pair_model

    candidates = [
        c for c in candidates
        if _shares_more_than_a_name(claims[c[0]], claims[c[1]])
        and (not _other_speakers(claims[c[0]], claims[c[1]]) or _denial(claims[c[0]], claims[c[1]]))
    ]  # fmt: skip
    if not candidates:
        return []
    model = model or pair_model.load()
    left = [i for i, _, _ in candidates]
    right = [k for _, k, _ in candidates]
    a, b = [claims[i].text for i in left], [claims[k].text for k in right]
    # both ways, averaged: entailment has a direction, a verdict must not depend on which
    # article was filed first
    same_ab, found_ab = model.judge(a, b)
    same_ba, found_ba = model.judge(b, a)
    same, found = (same_ab + same_ba) / 2, (found_ab + found_ba) / 2
    e, c = model.labels.index("entails"), model.labels.index("contradicts")
    words = words or stance_words()
    polarities = {i: polarity(claims[i].text, words) for i in {*left, *right}}
    return [
        Judged(i, k, float(p), float(row[e]), float(row[c]),
               _overlap(claims[i], claims[k]) >= SAME_WORDING
               or ({polarities[i], polarities[k]} == {"+", "-"}
                   and _overlap(claims[i], claims[k]) >= SAME_WORDING / 2.5),
               True)
        for (i, k, _), p, row in zip(candidates, same, found, strict=True)
    ]  # fmt: skip


def thresholds(model: PairModel | None = None) -> tuple[float, float]:
    """P(same) at which claims are grouped and P(contradicts) at which a grouped pair
    contradicts: chosen by scripts/choose_claim_thresholds.py on dev data and kept in the
    model's card."""
    from newsprism.stories import pairs as pair_model

    chosen = (model or pair_model.load()).card.get("thresholds", {})
    contradicts = chosen.get("contradicts", CONTRADICTS)
    # None: the model's contradictions did not reach the precision asked for; not used
    return float(chosen.get("same", SAME)), 2.0 if contradicts is None else float(contradicts)


def average_linkage(n: int, judged: Sequence[Judged], at: float) -> list[tuple[int, int]]:
    """A cluster label per claim: groups merge while the mean P(same) between them is at
    least ``at`` (pairs never judged count as 0). Unlike joining every link (single
    linkage), one near-miss cannot chain two events into one group."""
    labels = [(i, 0) for i in range(n)]
    if n < 2:
        return labels
    union = UnionFind(n)
    for j in judged:
        if j.link >= at:
            union.join(j.i, j.k)
    parts: dict[int, list[int]] = {}
    for i in range(n):
        parts.setdefault(union.find(i), []).append(i)
    score = {(j.i, j.k): j.link for j in judged}
    for members in parts.values():
        if len(members) == 1:
            continue
        if len(members) > MAX_DENSE:  # too big to cluster densely: its claims stay apart
            continue
        index = {m: x for x, m in enumerate(members)}
        distance = np.ones((len(members), len(members)))
        np.fill_diagonal(distance, 0.0)
        for (i, k), p in score.items():
            if i in index and k in index:
                distance[index[i], index[k]] = distance[index[k], index[i]] = 1.0 - p
        found = fcluster(
            linkage(squareform(distance, checks=False), "average"), 1.0 - at, "distance"
        )
        for m, cluster in zip(members, found, strict=True):
            labels[m] = (members[0], int(cluster))
    return labels


def evaluative(text: str, words: dict[str, frozenset[str]]) -> list[str]:
    """The evaluative words of a sentence (what makes its polarity), in text order."""
    tokens = [t.lower() for t in _WORD.findall(text)]
    return [t for t in tokens if t in words["positive"] or t in words["negative"]]


def _who(c: ClaimInput) -> str:
    return c.outlet or c.source


def _voice(c: ClaimInput) -> str:
    return c.attributed_to or f"{_who(c)} (own voice)"


def _differing_words(a: ClaimInput, b: ClaimInput) -> str:
    """Content words each side has and the other lacks: what a reader compares."""
    wa, wb = content_words(a.text, set()), content_words(b.text, set())
    only_a, only_b = sorted(wa - wb)[:6], sorted(wb - wa)[:6]
    return f"{_who(a)}: {', '.join(only_a) or '-'} / {_who(b)}: {', '.join(only_b) or '-'}"


SAME_WORDING = 0.5
"""Share of content words two claims must have in common (numbers aside) before their
different numbers, or one side's denial, is read as a conflict over one statement rather
than two statements about different things."""


def _overlap(a: ClaimInput, b: ClaimInput) -> float:
    """Jaccard overlap of the two claims' content stems, numbers left out."""
    from newsprism.stories.pairs import stems

    sa = {w for w in stems(a.text) if not w[:1].isdigit()}
    sb = {w for w in stems(b.text) if not w[:1].isdigit()}
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def _number_conflicts(a: ClaimInput, b: ClaimInput) -> list[str]:
    """Numbers of one unit that differ, between two claims worded alike otherwise ("12
    people were killed" against "40 people were killed")."""
    if _overlap(a, b) < SAME_WORDING:
        return []
    na, nb = numbers(a.text), numbers(b.text)
    return [
        f"different numbers of {unit}: {_who(a)} {'/'.join(sorted(na[unit]))} vs "
        f"{_who(b)} {'/'.join(sorted(nb[unit]))}"
        for unit in sorted(na.keys() & nb.keys())
        if not na[unit] & nb[unit]
    ]


def _negation(a: ClaimInput, b: ClaimInput, words: dict[str, frozenset[str]]) -> list[str]:
    """One of two alike-worded claims is negated ("was not arrested" against "was
    arrested"): opposite truth values."""
    if negated(a.text, words) == negated(b.text, words) or _overlap(a, b) < SAME_WORDING:
        return []
    return [f"one side negates the other: {_who(a)} / {_who(b)}"]


def _denial(a: ClaimInput, b: ClaimInput) -> list[str]:
    """One side of one event denies ("denied", "refuted", "baseless") what the other
    states: a contradiction between their speakers."""
    from newsprism.stories.pairs import DENIALS

    da, db = (bool({w.lower() for w in _WORD.findall(c.text)} & DENIALS) for c in (a, b))
    if da == db or _overlap(a, b) < SAME_WORDING * 0.6:
        return []
    denier, other = (a, b) if da else (b, a)
    return [f"denial between speakers {_voice(denier)} and {_voice(other)}"]


UNMEASURED = "unreliable: no gold measures this status yet; read the evidence"
"""Shown with contradicted and framed_differently groups: their precision is not measured,
so they are leads, not findings."""
UNRELIABLE_ON_NEWS = (
    "unreliable: on hand-checked real news most such pairs state another proposition"
    " (newsprism eval claims-checked); read both sentences"
)
"""Shown with corroborated groups: precise on ECB+ dev, not on real news (the hand-checked
cross-outlet pairs of the examples and PolNeAR), so a lead, not a finding."""


def _classify(
    group: Sequence[ClaimInput],
    judged: Sequence[Judged],
    claims: Sequence[ClaimInput],
    words: dict[str, frozenset[str]],
    contradicts_at: float,
    same_at: float,
) -> tuple[str, list[str]]:
    """A group's status and the evidence behind it, strongest finding first (``judged``:
    the group's pairs of independent sources)."""
    reasons: list[str] = []
    for j in sorted(judged, key=lambda j: -j.contradicts):
        if j.contradicts < contradicts_at or j.contradicts <= j.entails or j.same < same_at:
            continue
        a, b = claims[j.i], claims[j.k]
        between = (
            f"between speakers {_voice(a)} and {_voice(b)}"
            if a.attributed_to or b.attributed_to
            else f"between {_who(a)} and {_who(b)}"
        )
        reasons.append(f"contradicts (p={j.contradicts:.2f}) {between}: {_differing_words(a, b)}")
    for j in judged:
        if j.same >= same_at:  # a conflict is between two tellings of one event
            reasons.extend(_number_conflicts(claims[j.i], claims[j.k]))
            reasons.extend(_denial(claims[j.i], claims[j.k]))
            reasons.extend(_negation(claims[j.i], claims[j.k], words))
    if reasons:
        return "contradicted", [*sorted(set(reasons), key=reasons.index), UNMEASURED]
    framed = []
    for j in judged:
        a, b = claims[j.i], claims[j.k]
        pa, pb = polarity(a.text, words), polarity(b.text, words)
        if {pa, pb} == {"+", "-"}:
            framed.append(
                f"opposite wording (p(same)={j.same:.2f}): {_who(a)} "
                f"{', '.join(evaluative(a.text, words)) or pa} / {_who(b)} "
                f"{', '.join(evaluative(b.text, words)) or pb}"
            )
    if framed:
        return "framed_differently", [*framed, UNMEASURED]
    if len({c.source for c in group}) >= 2 and judged:
        best = max(judged, key=lambda j: j.link)
        a, b = claims[best.i], claims[best.k]
        return "corroborated", [
            f"same event or claim (p={best.same:.2f}, entails p={best.entails:.2f}):"
            f" {_who(a)} / {_who(b)}",
            UNRELIABLE_ON_NEWS,
        ]
    return "single_source", []


def _summary(members: Sequence[ClaimInput], vectors: Vectors) -> str:
    """The member closest to all the others (the group's medoid)."""
    best = int((vectors @ vectors.T).sum(axis=1).argmax()) if len(members) > 2 else 0
    text = " ".join(members[best].text.split())
    return text if len(text) <= 240 else text[:239] + "…"


def group_claims(
    story_id: str,
    claims: Sequence[ClaimInput],
    vectors: Vectors,
    words: dict[str, frozenset[str]] | None = None,
    story_sources: Sequence[str] = (),
    cutoffs: tuple[float, float] | None = None,
    model: PairModel | None = None,
    judged: Sequence[Judged] | None = None,
) -> list[ClaimGroup]:
    """Claim groups of one story, each classified; every claim lands in exactly one group.

    ``story_sources`` are the story's independent outlets: when there are three or more, a
    group two of them tell lists the others as having omitted it. ``cutoffs`` overrides the
    shipped (same, contradicts) thresholds, ``model`` the shipped pair model and ``judged``
    the model's verdicts (:func:`judge_pairs`), for choosing thresholds on dev data."""
    words = words or stance_words()
    same_at, contradicts_at = cutoffs or thresholds(model)
    if judged is None:
        judged = judge_pairs(claims, candidate_pairs(claims, vectors), model, words)
    labels = average_linkage(len(claims), [*judged, *copies(claims)], same_at)
    rows: dict[tuple[int, int], list[int]] = {}
    for i, label in enumerate(labels):
        rows.setdefault(label, []).append(i)
    sources = sorted(set(story_sources))
    groups = []
    for label in sorted(rows, key=lambda r: rows[r][0]):
        group = [claims[i] for i in rows[label]]
        inside = set(rows[label])
        status, notes = _classify(
            group,
            [
                j for j in judged
                if j.i in inside and j.k in inside and claims[j.i].source != claims[j.k].source
            ],
            claims,
            words,
            contradicts_at,
            same_at,
        )  # fmt: skip
        told_by = {c.source for c in group}
        attributions = {c.attributed_to for c in group if c.attributed_to}
        if len(told_by) > 1 and attributions:
            notes.append("as the claim of " + "; ".join(sorted(attributions)) + ", not as fact")
        omitted = (
            tuple(s for s in sources if s not in told_by)
            if len(sources) >= 3 and len(told_by) >= 2
            else ()
        )
        key = "|".join(sorted(f"{c.article_id}:{c.start}" for c in group))
        groups.append(
            ClaimGroup(
                id=f"{story_id}-{hashlib.sha1(key.encode()).hexdigest()[:10]}",
                story_id=story_id,
                status=status,
                summary=_summary(group, vectors[rows[label]]),
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
                outlets=tuple(sorted({_who(c) for c in group})),
                reasons=tuple(notes),
                omitted_by=omitted,
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
                dates=frozenset(
                    e["date"]
                    for e in starting_in(events, start, end)
                    if e.get("dated_by", "text") == "text"  # a publication date is no claim's
                ),
            )
        )
    return found
