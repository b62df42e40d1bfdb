"""Quote attribution scored against PolNeAR (political news, 2016 US election coverage).

PolNeAR (networkdynamics/PolNeAR) annotates every attribution in 1,008 news articles as brat
standoff files: a Cue span, usually a Source span and a Content span (sometimes in several
pieces). Its notion of attribution is broad: beliefs and intentions count ("she suspects that",
"he wanted to"), and each token belongs to at most one attribution, so nested attributions are
not annotated.

Scoring follows the measures BBC Citron reports on PARC 3.0: precision, recall and F1 of
source, cue and content spans, each *exact* (identical character span) and *overlap* (any
overlap counts, each span matched at most once), plus a whole-quote overlap F1: a predicted
attribution matches a gold one (one to one) when their contents overlap, their cues overlap,
and, when the gold one names a source, their sources overlap. Citron's own overlap scores weigh
overlapping tokens; here every span counts once, which is stricter for long contents and
kinder to short ones.

How the two sides are made comparable:

- A gold span in pieces is compared as its hull (first to last character), so a content split
  around "she said" is one span.
- newsprism's quotes sharing a cue (a quote and the paragraphs that continue it) are one
  attribution, its content the hull of theirs, as PolNeAR annotates them.
- Quotes nested in another quote are left out (PolNeAR does not annotate them), and gold
  attributions of an article annotated by several people come from the first annotator's file
  (by file name).

Baseline: the most frequent cue rule. The commonest cue word of the train split beside the
scored one ("said" on PolNeAR; the scored split itself when no train split sits beside it)
is a cue wherever it occurs as a word; its source is the word right before it (none when
punctuation comes between); its content is the rest of its sentence after it, or, when
fewer than two words follow, the part of the sentence before the source. It is scored by
the same code as the extractor.

Published anchor: none exists on PolNeAR. The reference is BBC Citron on PARC 3.0 (Wall Street
Journal text, a different corpus with narrower annotation): source exact F1 0.82, content exact
F1 0.59, whole-quote overlap F1 0.83.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsprism.errors import UsageError
from newsprism.eval import f1_score
from newsprism.records import Quote, Span

DEFAULT_SUBDIR = "polnear/dev"

ANCHOR = {"source_exact_f1": 0.82, "content_exact_f1": 0.59, "quote_overlap_f1": 0.83}
"""BBC Citron on PARC 3.0 test (its model card, 2021): not PolNeAR, which has no published
extraction score; a reference point, not a like-for-like comparison."""

ANCHOR_SOURCE = "BBC Citron on PARC 3.0 (not PolNeAR: none published there)"

_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")


@dataclass(frozen=True)
class PRF:
    """Matched, predicted and gold counts, with precision, recall and F1 from them."""

    matched_pred: int
    predicted: int
    matched_gold: int
    gold: int

    @property
    def precision(self) -> float:
        return self.matched_pred / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)

    def __add__(self, other: PRF) -> PRF:
        return PRF(
            self.matched_pred + other.matched_pred,
            self.predicted + other.predicted,
            self.matched_gold + other.matched_gold,
            self.gold + other.gold,
        )


_ZERO = PRF(0, 0, 0, 0)


@dataclass(frozen=True)
class QuoteScores:
    documents: int
    gold_attributions: int
    predicted_attributions: int
    source_exact: PRF
    source_overlap: PRF
    cue_exact: PRF
    cue_overlap: PRF
    content_exact: PRF
    content_overlap: PRF
    quote_overlap: PRF
    seconds: float
    """Wall time of parsing and extraction (the whole scoring run)."""
    baseline: dict[str, PRF] | None = None
    """The most frequent cue rule's scores on the same documents, by the keys of ``totals``."""
    baseline_cue: str = ""
    baseline_fitted_on: str = ""
    """The split the cue word was counted on."""

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    def metrics(self) -> dict[str, float]:
        """Every figure by name, e.g. ``source_exact_f1``; the keys of ANCHOR among them."""
        return _named({name: getattr(self, name) for name in MEASURES})

    def baseline_metrics(self) -> dict[str, float]:
        """The baseline's figures under the names of :meth:`metrics`; empty without one."""
        return _named(self.baseline) if self.baseline is not None else {}


MEASURES = ("source_exact", "source_overlap", "cue_exact", "cue_overlap", "content_exact",
            "content_overlap", "quote_overlap")  # fmt: skip


def _named(prfs: dict[str, PRF]) -> dict[str, float]:
    out: dict[str, float] = {}
    for name in MEASURES:
        prf = prfs.get(name, _ZERO)
        out[f"{name}_p"] = prf.precision
        out[f"{name}_r"] = prf.recall
        out[f"{name}_f1"] = prf.f1
    return out


@dataclass(frozen=True)
class _Attribution:
    source: Span | None
    cue: Span | None
    content: Span | None


def _hull(spans: Iterable[Span]) -> Span | None:
    spans = list(spans)
    if not spans:
        return None
    return (min(s for s, _ in spans), max(e for _, e in spans))


def read_gold(ann: str, text: str | None = None) -> list[_Attribution]:
    """Attributions of one brat .ann file; pieces of a span become their hull, and, given the
    article's ``text``, whitespace at a span's edges is left out (annotators' selections
    sometimes take a trailing space or no-break space: "Zimmerman  ", "He\xa0")."""
    spans: dict[str, list[Span]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        t = _T_LINE.match(line)
        if t:
            pieces = [p.split() for p in t.group(3).split(";") if p.strip()]
            spans[t.group(1)] = [(int(a), int(b)) for a, b in pieces]
            continue
        e = _E_LINE.match(line)
        if e:
            roles: dict[str, str] = {}
            for arg in e.group(2).split():
                role, _, ref = arg.partition(":")
                roles[role] = ref
            events.append(roles)
    out: list[_Attribution] = []
    for roles in events:

        def hull(*names: str, roles: dict[str, str] = roles) -> Span | None:
            span = _hull(s for n in names if n in roles for s in spans.get(roles[n], []))
            return span if text is None or span is None else _stripped(text, span)

        out.append(_Attribution(hull("Source"), hull("Cue"), hull("Content", "Content2")))
    return out


def _stripped(text: str, span: Span) -> Span:
    s, e = span
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if e > s else span


def predicted(quotes: Sequence[Quote]) -> list[_Attribution]:
    """newsprism quotes as PolNeAR-style attributions (see the module notes)."""
    groups: dict[tuple[Span | None, Span | None, int], list[Quote]] = {}
    for i, q in enumerate(quotes):
        if q.nested_in is not None:
            continue
        key = (q.cue, q.speaker, -1) if q.cue is not None else (None, None, i)
        groups.setdefault(key, []).append(q)
    return [
        _Attribution(qs[0].speaker, qs[0].cue, _hull(q.content for q in qs))
        for qs in groups.values()
    ]


def _exact(pred: list[Span], gold: list[Span]) -> PRF:
    remaining = list(gold)
    hits = 0
    for p in pred:
        if p in remaining:
            remaining.remove(p)
            hits += 1
    return PRF(hits, len(pred), hits, len(gold))


def _overlap(pred: list[Span], gold: list[Span]) -> PRF:
    """One-to-one matching of overlapping spans, largest overlaps first."""
    pairs = sorted(
        (
            (min(pe, ge) - max(ps, gs), i, j)
            for i, (ps, pe) in enumerate(pred)
            for j, (gs, ge) in enumerate(gold)
            if ps < ge and gs < pe
        ),
        reverse=True,
    )
    return _one_to_one(pairs, len(pred), len(gold))


def _one_to_one(pairs: list[tuple[int, int, int]], n_pred: int, n_gold: int) -> PRF:
    """Greedy one-to-one matching over (strength, predicted index, gold index), best first."""
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return PRF(len(used_p), n_pred, len(used_g), n_gold)


def compare(pred: list[_Attribution], gold: list[_Attribution]) -> dict[str, PRF]:
    """Scores of one document."""
    out: dict[str, PRF] = {}
    for role in ("source", "cue", "content"):
        ps = [s for a in pred if (s := getattr(a, role)) is not None]
        gs = [s for a in gold if (s := getattr(a, role)) is not None]
        out[f"{role}_exact"] = _exact(ps, gs)
        out[f"{role}_overlap"] = _overlap(ps, gs)
    out["quote_overlap"] = _quote_overlap(pred, gold)
    return out


def _meets(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _quote_overlap(pred: list[_Attribution], gold: list[_Attribution]) -> PRF:
    """Whole attributions matched one to one: contents and cues overlap, and sources too when
    the gold one has a source."""
    pairs = sorted(
        (
            (_size(p.content, g.content), i, j)
            for i, p in enumerate(pred)
            for j, g in enumerate(gold)
            if _meets(p.content, g.content)
            and _meets(p.cue, g.cue)
            and (g.source is None or _meets(p.source, g.source))
        ),
        reverse=True,
    )
    return _one_to_one(pairs, len(pred), len(gold))


def _size(a: Span | None, b: Span | None) -> int:
    if a is None or b is None:
        return 0
    return min(a[1], b[1]) - max(a[0], b[0])


def paragraph_spans(text: str) -> list[Span]:
    """Non-empty lines of ``text`` as (start, end) spans, surrounding blanks left out."""
    spans: list[Span] = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def documents(data: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) pairs of a PolNeAR split folder (text/ and attributions/)."""
    text_dir, ann_dir = data / "text", data / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise UsageError(
            f"{data}: expected text/ and attributions/ (a PolNeAR split such as polnear/dev)"
        )
    pairs: list[tuple[Path, Path]] = []
    for txt in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(f"{txt.stem}_*.ann"))
        if anns:
            pairs.append((txt, anns[0]))
    if not pairs:
        raise UsageError(f"{data}: no article in text/ has an annotation in attributions/")
    return pairs


def train_split(data: Path) -> Path:
    """The split the baseline's cue word is counted on: ``train/`` beside ``data`` when it is
    a PolNeAR split other than ``data``, else ``data`` itself."""
    train = data.parent / "train"
    split = (train / "text").is_dir() and (train / "attributions").is_dir()
    return train if split and train.resolve() != data.resolve() else data


def most_frequent_cue(split: Path) -> str:
    """The commonest gold cue text of a split, lowercased ("said" on PolNeAR train)."""
    counts: Counter[str] = Counter()
    for txt, ann in documents(split):
        text = txt.read_text(encoding="utf-8")
        for attribution in read_gold(ann.read_text(encoding="utf-8")):
            if attribution.cue is not None:
                counts[" ".join(text[slice(*attribution.cue)].lower().split())] += 1
    return min(counts, key=lambda cue: (-counts[cue], cue)) if counts else ""


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s|$)")
_WORD_BEFORE = re.compile(r"(\w[\w'’.-]*)\s+$")
_STRIP = " \t\n,;:."


def sentence_spans(text: str) -> list[Span]:
    """Sentences of each paragraph, cut after . ! or ? (and closing quotes) before a space."""
    spans: list[Span] = []
    for start, end in paragraph_spans(text):
        cursor = start
        for m in _SENTENCE_END.finditer(text, start, end):
            spans.append((cursor, m.end()))
            cursor = m.end()
            while cursor < end and text[cursor].isspace():
                cursor += 1
        if cursor < end:
            spans.append((cursor, end))
    return spans


def _trimmed(text: str, start: int, end: int) -> Span | None:
    """(start, end) without surrounding blanks and list punctuation; None when empty."""
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return (start, end) if end > start else None


def cue_rule(text: str, cue: str) -> list[_Attribution]:
    """The baseline's attributions: one per occurrence of the word ``cue`` (see the module
    notes)."""
    if not cue:
        return []
    found: list[_Attribution] = []
    pattern = re.compile(rf"\b{re.escape(cue)}\b", re.IGNORECASE)
    for start, end in sentence_spans(text):
        for m in pattern.finditer(text, start, end):
            before = _WORD_BEFORE.search(text, start, m.start())
            source = before.span(1) if before else None
            content = _trimmed(text, m.end(), end)
            if content is None or len(text[slice(*content)].split()) < 2:
                content = _trimmed(text, start, source[0] if source else m.start())
            found.append(_Attribution(source, m.span(), content))
    return found


def score(data: Path, limit: int | None = None) -> QuoteScores:
    """Score quote extraction on a PolNeAR split folder (``limit``: the first N articles),
    with the most frequent cue rule's scores on the same articles."""
    from newsprism.nlp.quotes import quotes_for_text

    pairs = documents(data)
    if limit is not None:
        pairs = pairs[:limit]
    fitted_on = train_split(data)
    cue = most_frequent_cue(fitted_on)
    started = time.perf_counter()
    totals: dict[str, PRF] = {}
    baseline: dict[str, PRF] = {}
    n_gold = n_pred = 0
    for txt, ann in pairs:
        text = txt.read_text(encoding="utf-8")
        gold = read_gold(ann.read_text(encoding="utf-8"), text)
        pred = predicted(quotes_for_text(txt.stem, text, paragraph_spans(text)))
        n_gold += len(gold)
        n_pred += len(pred)
        for name, prf in compare(pred, gold).items():
            totals[name] = totals.get(name, _ZERO) + prf
        for name, prf in compare(cue_rule(text, cue), gold).items():
            baseline[name] = baseline.get(name, _ZERO) + prf
    return QuoteScores(
        documents=len(pairs),
        gold_attributions=n_gold,
        predicted_attributions=n_pred,
        source_exact=totals.get("source_exact", _ZERO),
        source_overlap=totals.get("source_overlap", _ZERO),
        cue_exact=totals.get("cue_exact", _ZERO),
        cue_overlap=totals.get("cue_overlap", _ZERO),
        content_exact=totals.get("content_exact", _ZERO),
        content_overlap=totals.get("content_overlap", _ZERO),
        quote_overlap=totals.get("quote_overlap", _ZERO),
        seconds=time.perf_counter() - started,
        baseline=baseline if cue else None,
        baseline_cue=cue,
        baseline_fitted_on=str(fitted_on),
    )
