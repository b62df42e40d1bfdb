"""Temporal expressions scored on TempEval-3's TimeBank and AQUAINT (TBAQ-cleaned).

Each ``.tml`` file is one news document: the TEXT element's content with its tags stripped is
the article text (character offsets kept), the TIMEX3 with ``functionInDocument=
"CREATION_TIME"`` gives the publication date, and the other TIMEX3 inside TEXT are the gold.
Scores follow TempEval-3: strict extent (same span), relaxed extent (any overlap, one-to-one)
and value F1 (a system expression counts when it relaxed-matches a gold one and carries the
same TIMEX3 value; precision over system expressions, recall over gold ones).

Baseline, for the value figures only: our expressions with every value replaced by the
document's creation date (a day: the commonest granularity of TimeBank's dates), so it
measures what normalisation adds over "it all happened on the day of the article" (it
shares our extents, so it is not an extent baseline). Extents have no
baseline: the majority answer of a span finder finds nothing (F1 0), and a lexicon of gold
expressions would need a training part apart from the scored one, which TBAQ is not here
(TimeBank is the dev set the rules were tuned on, AQUAINT the held-out one).

TimeBank is the development set the rules were tuned on; AQUAINT is held out and was never
looked at while writing them, so its figure is the honest one. Published anchor: HeidelTime
on the TempEval-3 test set (a third, unseen corpus).
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from newsprism.errors import UsageError
from newsprism.eval import f1_score
from newsprism.nlp.time import extract_times

DEFAULT_SUBDIR = "tempeval3"
ANCHOR = {"relaxed_f1": 0.903, "strict_f1": 0.813, "value_f1": 0.776}
"""HeidelTime, TempEval-3 test (UzZaman et al. 2013)."""
DEV_SUBSET = "TimeBank"
HELD_OUT_SUBSET = "AQUAINT"


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    value: str
    type: str


@dataclass(frozen=True)
class TimeMLDoc:
    path: Path
    subset: str
    text: str
    published: date
    gold: tuple[GoldTimex, ...]


@dataclass(frozen=True)
class Counts:
    """Raw counts for one set of documents; the scores derive from them."""

    documents: int = 0
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    creation_value: int = 0
    """Relaxed matches whose gold value is the document's creation date: the value hits of
    the baseline that gives every expression that date."""

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.documents + other.documents,
            self.gold + other.gold,
            self.system + other.system,
            self.strict + other.strict,
            self.relaxed + other.relaxed,
            self.value + other.value,
            self.creation_value + other.creation_value,
        )

    def _p(self, hits: int) -> float:
        return hits / self.system if self.system else 0.0

    def _r(self, hits: int) -> float:
        return hits / self.gold if self.gold else 0.0

    def _f(self, hits: int) -> float:
        return f1_score(self._p(hits), self._r(hits))

    @property
    def strict_p(self) -> float:
        return self._p(self.strict)

    @property
    def strict_r(self) -> float:
        return self._r(self.strict)

    @property
    def strict_f1(self) -> float:
        return self._f(self.strict)

    @property
    def relaxed_p(self) -> float:
        return self._p(self.relaxed)

    @property
    def relaxed_r(self) -> float:
        return self._r(self.relaxed)

    @property
    def relaxed_f1(self) -> float:
        return self._f(self.relaxed)

    @property
    def value_p(self) -> float:
        return self._p(self.value)

    @property
    def value_r(self) -> float:
        return self._r(self.value)

    @property
    def value_f1(self) -> float:
        return self._f(self.value)

    @property
    def baseline_value_f1(self) -> float:
        """Value F1 with every value the creation date (our extents), by the same code."""
        return self._f(self.creation_value)


@dataclass(frozen=True)
class TimeScores:
    """Scores on the whole folder and per subset (TimeBank = dev, AQUAINT = held out)."""

    combined: Counts
    subsets: dict[str, Counts]
    seconds: float = 0.0

    @property
    def strict_f1(self) -> float:
        return self.combined.strict_f1

    @property
    def relaxed_f1(self) -> float:
        return self.combined.relaxed_f1

    @property
    def value_f1(self) -> float:
        return self.combined.value_f1

    def rows(self) -> list[tuple[str, float, float | None, float | None]]:
        """(metric, ours, published anchor, baseline) for the CLI's table; extents have no
        baseline (see the module notes)."""
        c = self.combined
        out: list[tuple[str, float, float | None, float | None]] = [
            ("strict precision", c.strict_p, None, None),
            ("strict recall", c.strict_r, None, None),
            ("strict F1", c.strict_f1, ANCHOR["strict_f1"], None),
            ("relaxed precision", c.relaxed_p, None, None),
            ("relaxed recall", c.relaxed_r, None, None),
            ("relaxed F1", c.relaxed_f1, ANCHOR["relaxed_f1"], None),
            ("value F1", c.value_f1, ANCHOR["value_f1"], c.baseline_value_f1),
        ]
        for name, sub in sorted(self.subsets.items()):
            role = "dev" if name == DEV_SUBSET else "held out" if name == HELD_OUT_SUBSET else name
            out += [
                (f"{name} ({role}) strict F1", sub.strict_f1, ANCHOR["strict_f1"], None),
                (f"{name} ({role}) relaxed F1", sub.relaxed_f1, ANCHOR["relaxed_f1"], None),
                (f"{name} ({role}) value F1", sub.value_f1, ANCHOR["value_f1"],
                 sub.baseline_value_f1),
            ]  # fmt: skip
        return out


def rows(scores: TimeScores) -> list[tuple[str, float, float | None, float | None]]:
    """Table rows (name, ours, anchor, baseline); None where there is none."""
    return scores.rows()


_TOKEN = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>|&[#\w]+;|[^<&]+")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def _strip(markup: str) -> tuple[str, list[GoldTimex]]:
    """Text without tags (entities decoded) and the TIMEX3 elements by offsets into it."""
    parts: list[str] = []
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    gold: list[GoldTimex] = []
    for m in _TOKEN.finditer(markup):
        if m.group(2) is not None:
            if m.group(2) != "TIMEX3":
                continue
            if m.group(1):
                start, attrs = open_timex.pop()
                text = "".join(parts)[start:length]
                if attrs.get("functionInDocument") != "CREATION_TIME":
                    gold.append(
                        GoldTimex(
                            start, length, text, attrs.get("value", ""), attrs.get("type", "")
                        )
                    )
            elif not m.group(3).rstrip().endswith("/"):
                open_timex.append((length, dict(_ATTR.findall(m.group(3)))))
            continue
        piece = html.unescape(m.group(0))
        parts.append(piece)
        length += len(piece)
    return "".join(parts), gold


def read_tml(path: Path, subset: str = "") -> TimeMLDoc:
    """One TimeML document: TEXT without tags, its creation date and its gold TIMEX3."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>", raw)
    if dct is None:
        raise UsageError(f'{path}: no TIMEX3 with functionInDocument="CREATION_TIME"')
    value = dict(_ATTR.findall(dct.group(0))).get("value", "")
    found = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value)
    if found is None:
        raise UsageError(f"{path}: creation time {value!r} is not a date")
    published = date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    if body is None:
        raise UsageError(f"{path}: no <TEXT> element")
    text, gold = _strip(body.group(1))
    return TimeMLDoc(path, subset, text, published, tuple(gold))


def iter_docs(data: Path) -> Iterator[TimeMLDoc]:
    """Every .tml file under ``data`` (recursively); the subset is its first sub-folder."""
    files = sorted(data.rglob("*.tml"))
    if not files:
        raise UsageError(
            f"{data}: no .tml files; pass the TempEval-3 TBAQ-cleaned folder "
            f"(../shared/bench/{DEFAULT_SUBDIR})"
        )
    for path in files:
        rel = path.relative_to(data).parts
        subset = next((p for p in rel[:-1] if p in (DEV_SUBSET, HELD_OUT_SUBSET)), "")
        if not subset:
            subset = rel[-2] if len(rel) > 1 else data.name
        yield read_tml(path, subset)


def score_doc(doc: TimeMLDoc) -> Counts:
    system = extract_times(doc.path.stem, doc.text, doc.published)
    gold = list(doc.gold)
    gold_spans = {(g.start, g.end) for g in gold}
    strict = sum((s.start, s.end) in gold_spans for s in system)
    # relaxed: one-to-one, each system expression takes the first free gold one it overlaps
    used: set[int] = set()
    relaxed = value = creation = 0
    for s in system:
        for i, g in enumerate(gold):
            if i not in used and s.start < g.end and g.start < s.end:
                used.add(i)
                relaxed += 1
                value += s.value is not None and s.value == g.value
                creation += g.value == doc.published.isoformat()
                break
    return Counts(1, len(gold), len(system), strict, relaxed, value, creation)


def score(data: Path) -> TimeScores:
    """Score the time stage on a folder of TimeML files (TBAQ-cleaned layout, recursive)."""
    began = time.perf_counter()
    subsets: dict[str, Counts] = {}
    for doc in iter_docs(data):
        subsets[doc.subset] = subsets.get(doc.subset, Counts()) + score_doc(doc)
    combined = sum(subsets.values(), Counts())
    return TimeScores(combined, subsets, time.perf_counter() - began)
