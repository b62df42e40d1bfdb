"""Speaker resolution scored on hand-labelled PolNeAR dev sources: who a quote is shown as said by.

The quotes evaluation (eval/quotes.py) scores where the source span is; this one scores whom a
reader is shown. The gold (``data/eval/speakers_polnear_dev.json``, written by the team and
stated as such) takes Source spans of PolNeAR dev attributions, pronouns, relative pronouns,
descriptions ("the senator", "a source"), surnames and full names, and writes for each who
the speaker is, as the article names them, or "unresolvable" when the article never names
them ("officials familiar with the matter").

Each gold article runs through the quote stage as eval/quotes.py runs it. A gold source is
matched to newsprism's quote whose speaker span overlaps it most, or failing that to the quote
whose content overlaps most the gold content of that attribution; no such quote: missed. The
quote's shown speaker is what the CLI, web app and report show,
``shown_speaker(None, quote.speaker_entity, quote.speaker_text)``, judged by
:func:`same_speaker` against the gold name:

- a named gold speaker is *right* when the shown speaker names them, *wrong* when it names
  someone else or shows a pronoun or common noun ("the senator"), *unresolved* when it shows
  nothing (None);
- an unresolvable gold speaker is *right* when nothing is shown or only the article's own words
  for them ("sources", "a source"), and *wrong* when a name is put on them.

Baseline: the matched quote's raw speaker span text as the speaker (what a reader would see
with no resolution: "he" stays "he"), scored by the same code on the same items; missed is the
same for both by construction. No figure is published for speaker resolution on PolNeAR, or for
this gold: there is no anchor.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from newsprism.errors import UsageError
from newsprism.eval import gold_text
from newsprism.eval.reports import Report, Row, Say
from newsprism.records import Quote, Span

DEFAULT_SUBDIR = "polnear/dev"
GOLD = "eval/speakers_polnear_dev.json"
UNRESOLVABLE = "unresolvable"
VERDICTS = ("right", "wrong", "unresolved", "missed")
SHOWN = 5
"""Wrong and unresolved examples printed under the table (JSON lists them all)."""

TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "rev", "sen", "senator", "rep", "representative", "gov",
    "governor", "president", "former", "vice", "secretary", "gen", "general", "lt", "col",
    "retired", "mayor", "judge", "justice", "chief", "commissioner", "speaker", "democrat",
    "democratic", "republican", "gop", "nominee", "candidate", "presidential", "the", "a", "an",
})  # fmt: skip
"""Words before a surname that are not a given name ("Sen.", "Former President")."""

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
ORG_WORDS = frozenset({
    "administration", "agency", "alliance", "association", "campaign", "center", "centre",
    "circuit", "commission", "committee", "council", "court", "department", "fund", "institute",
    "party", "police", "service", "union", "university",
})  # fmt: skip
"""A gold name holding one of these (or starting with "The", or of one word) is an
organisation and is compared as a whole name, not by surname."""

_PARENTHESIS = re.compile(r"\([^)]*\)")
_PARTS = re.compile(r",|\s[-–—]{1,2}\s|\s--\s")
_EDGE = ".,;:'\"“”‘’()[]"


@dataclass(frozen=True)
class GoldSpeaker:
    doc: str
    source_start: int
    source_end: int
    source_text: str
    speaker: str

    @property
    def named(self) -> bool:
        return self.speaker != UNRESOLVABLE


@dataclass(frozen=True)
class Judged:
    """One gold source with newsprism's shown speaker and the baseline's, and their verdicts."""

    gold: GoldSpeaker
    shown: str | None
    raw: str | None
    verdict: str
    """right, wrong, unresolved (named gold only) or missed."""
    raw_verdict: str
    matched_by: str
    """speaker, content or none: which overlap found the quote."""


def _words(phrase: str) -> list[str]:
    """Words without edge punctuation or a possessive ending; curly apostrophes made straight."""
    out = []
    for word in phrase.replace("’", "'").split():
        word = word.strip(_EDGE)
        word = re.sub(r"'s$", "", word)
        if word:
            out.append(word)
    return out


def is_organisation(gold: str) -> bool:
    """Whether a gold name is compared as an organisation's whole name (see ORG_WORDS): the
    gold holds no kind field, and every person in it has a first and a last name."""
    words = _words(gold)
    return len(words) == 1 or gold.startswith("The ") or any(w.lower() in ORG_WORDS for w in words)


def _parts(shown: str) -> list[str]:
    """The shown phrase cut at commas and dashes: a name and its appositions ("Scott Pruitt,
    the Republican attorney general of Oklahoma")."""
    return [p for p in _PARTS.split(_PARENTHESIS.sub(" ", shown)) if p.strip()]


def _names_person(part: str, gold: str) -> bool:
    """Same surname (last word, suffixes skipped, anything after "of" dropped), and any given
    name shown before it (a capitalised word, not a title or an initial) is one of the gold's."""
    words = _words(part.split(" of ")[0])
    gold_words = [w for w in _words(gold) if w.lower() not in SUFFIXES]
    while words and words[-1].lower() in SUFFIXES:
        words.pop()
    if not words or not gold_words or words[-1].lower() != gold_words[-1].lower():
        return False
    if not words[-1][:1].isupper():
        return False
    given = [
        piece
        for w in words[:-1]
        if w[:1].isupper() and w.lower() not in TITLES and not re.fullmatch(r"\w\.?", w)
        for piece in w.lower().split("-")  # "Renee" of "Jo-Renee"
    ]
    known = {piece for w in gold_words for piece in w.lower().split("-")}
    return not given or any(w in known for w in given)


def _names_organisation(part: str, gold: str) -> bool:
    """The whole name, a leading article and descriptions before it dropped ("the event
    organizer Alliance to Reclaim Our Schools"); its capitalised tail ("the Post" for "The New
    York Post") or head of two words or more ("U.S. Court of Appeals" for "U.S. Court of
    Appeals for the Sixth Circuit"); or its acronym ("IMF")."""
    words = _words(part)
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    gold_words = _words(gold)
    if gold_words and gold_words[0].lower() == "the":
        gold_words = gold_words[1:]
    if not words:
        return False
    lower, gold_lower = [w.lower() for w in words], [w.lower() for w in gold_words]
    if lower[-len(gold_lower) :] == gold_lower:
        return True
    capitalised = words[0][:1].isupper()
    tail = gold_lower[-len(lower) :] == lower and capitalised
    head = len(lower) >= 2 and gold_lower[: len(lower)] == lower and capitalised
    initials = "".join(w[0] for w in gold_words if w[:1].isupper())
    acronym = len(words) == 1 and words[0].isupper() and words[0] == initials
    return tail or head or acronym


def same_speaker(shown: str, gold: str) -> bool:
    """Whether the shown speaker names the gold one, compared case-insensitively, part by part
    (cut at commas and dashes, parentheses dropped): a person by surname, titles ignored, a
    different given name refusing it ("Hillary Clinton" is not Bill Clinton, "Clinton" and
    "former President Bill Clinton" are); an organisation by its whole name (descriptions
    before it ignored), its capitalised tail or head, or its acronym (see ORG_WORDS)."""
    names = _names_organisation if is_organisation(gold) else _names_person
    return any(names(part, gold) for part in _parts(shown))


def verdict(gold: GoldSpeaker, shown: str | None) -> str:
    """right, wrong or unresolved for a found quote (see the module notes)."""
    if not gold.named:
        if shown is None:
            return "right"
        own = {w.lower() for w in _words(gold.source_text)}
        return "right" if all(w.lower() in own for w in _words(shown)) else "wrong"
    if shown is None:
        return "unresolved"
    return "right" if same_speaker(shown, gold.speaker) else "wrong"


def _overlap(a: Span | None, b: Span | None) -> int:
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(
    gold: GoldSpeaker, content: Span | None, quotes: Sequence[Quote]
) -> tuple[Quote | None, str]:
    """The quote whose speaker span overlaps the gold source most, else the one whose content
    overlaps the gold content most (the first of equals), and which overlap found it."""
    source = (gold.source_start, gold.source_end)
    for how, spans in (
        ("speaker", [(q, _overlap(q.speaker, source)) for q in quotes]),
        ("content", [(q, _overlap(q.content, content)) for q in quotes]),
    ):
        best = max(spans, key=lambda pair: pair[1], default=None)
        if best is not None and best[1] > 0:
            return best[0], how
    return None, "none"


def judge(gold: GoldSpeaker, content: Span | None, quotes: Sequence[Quote]) -> Judged:
    """One gold source against an article's quotes."""
    from newsprism.listings import shown_speaker

    quote, how = match(gold, content, quotes)
    if quote is None:
        return Judged(gold, None, None, "missed", "missed", how)
    shown = shown_speaker(None, quote.speaker_entity, quote.speaker_text)
    raw = quote.speaker_text or None
    return Judged(gold, shown, raw, verdict(gold, shown), verdict(gold, raw), how)


def load_gold(path: Path | None = None) -> list[GoldSpeaker]:
    """The gold sources: the shipped file, or ``path`` in the same format."""
    text = gold_text(path, GOLD, "speakers")
    try:
        return [GoldSpeaker(**item) for item in json.loads(text)["items"]]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise UsageError(
            f"{path or GOLD}: not a speakers gold ({exc}); it needs a list 'items' of"
            " {doc, source_start, source_end, source_text, speaker}"
        ) from None


@cache
def _quotes(doc: str, text: str) -> tuple[Quote, ...]:
    """The quote stage on one article, as eval/quotes.py runs it; kept for the process, so a
    table and a JSON run (the tests) parse each article once."""
    from newsprism.eval.quotes import paragraph_spans
    from newsprism.nlp.quotes import quotes_for_text

    return tuple(quotes_for_text(doc, text, paragraph_spans(text)))


def _gold_contents(
    data: Path, gold: Sequence[GoldSpeaker]
) -> dict[str, tuple[str, dict[Span, Span | None]]]:
    """Per gold article: its text and each gold source span's content, the gold checked against
    the split (a gold made on other files is refused, not scored)."""
    from newsprism.eval.quotes import documents, read_gold

    pairs = {txt.stem: (txt, ann) for txt, ann in documents(data)}
    found: dict[str, tuple[str, dict[Span, Span | None]]] = {}
    for item in gold:
        if item.doc not in found:
            if item.doc not in pairs:
                raise UsageError(
                    f"speakers gold: article {item.doc!r} is not in {data}; pass --data the"
                    " polnear/dev it was made on"
                )
            txt, ann = pairs[item.doc]
            attributions = read_gold(ann.read_text(encoding="utf-8"))
            contents = {a.source: a.content for a in attributions if a.source is not None}
            found[item.doc] = (txt.read_text(encoding="utf-8"), contents)
        text, contents = found[item.doc]
        span = (item.source_start, item.source_end)
        if span not in contents or text[slice(*span)] != item.source_text:
            raise UsageError(
                f"speakers gold: {item.source_text!r} is not a source at {span} of {item.doc};"
                " pass --data the polnear/dev it was made on"
            )
    return found


@dataclass
class SpeakersEval:
    judged: list[Judged]

    def share(self, verdict: str, named: bool = True, raw: bool = False) -> float:
        """Share of the named (or unresolvable) gold items with ``verdict``."""
        items = [j for j in self.judged if j.gold.named == named]
        hits = sum((j.raw_verdict if raw else j.verdict) == verdict for j in items)
        return hits / len(items) if items else 0.0

    def all_right(self, raw: bool = False) -> float:
        hits = sum((j.raw_verdict if raw else j.verdict) == "right" for j in self.judged)
        return hits / len(self.judged) if self.judged else 0.0

    @property
    def named(self) -> int:
        return sum(j.gold.named for j in self.judged)

    @property
    def documents(self) -> int:
        return len({j.gold.doc for j in self.judged})

    def examples(self, verdict: str) -> list[dict[str, Any]]:
        return [
            {"doc": j.gold.doc, "source_start": j.gold.source_start,
             "source_text": j.gold.source_text, "speaker": j.gold.speaker, "shown": j.shown,
             "raw": j.raw, "matched_by": j.matched_by}
            for j in self.judged
            if j.verdict == verdict
        ]  # fmt: skip


def score(data: Path, gold_path: Path | None = None) -> SpeakersEval:
    """Run the quote stage on the gold articles of the PolNeAR split at ``data`` and judge
    each gold source's shown speaker and the raw-span baseline."""
    if not data.is_dir():
        raise UsageError(f"{data}: no PolNeAR split here; pass --data the polnear/dev folder")
    gold = load_gold(gold_path)
    articles = _gold_contents(data, gold)
    judged = []
    for item in gold:
        text, contents = articles[item.doc]
        content = contents[(item.source_start, item.source_end)]
        judged.append(judge(item, content, _quotes(item.doc, text)))
    return SpeakersEval(judged)


@dataclass
class SpeakersReport(Report):
    details: dict[str, Any] = field(default_factory=dict)
    """Counts, the baseline's figures and every wrong and unresolved item, for ``--format
    json``."""


def _line(example: dict[str, Any], verdict: str) -> str:
    return (
        f"{verdict}: {example['doc'][:40]} {example['source_text'][:50]!r} shown"
        f" {example['shown']!r}, gold {example['speaker']!r}"
    )


def report(data: Path | None, say: Say) -> SpeakersReport:
    """`newsprism eval speakers`: right, wrong, unresolved and missed beside the raw-span
    baseline."""
    from newsprism.eval import BENCH

    result = score(data or BENCH / DEFAULT_SUBDIR)
    named, unnamed = result.named, len(result.judged) - result.named
    base = {v: result.share(v, raw=True) for v in VERDICTS}
    rows: list[Row] = [
        ("resolved_right", result.share("right"), None, base["right"]),
        # lower is better for these three, or neither: the baseline's figures are in the notes
        ("wrong", result.share("wrong"), None, None),
        ("unresolved", result.share("unresolved"), None, None),
        ("missed", result.share("missed"), None, None),
        ("unresolvable_right", result.share("right", named=False), None,
         result.share("right", named=False, raw=True)),
        ("all_right", result.all_right(), None, result.all_right(raw=True)),
    ]  # fmt: skip
    wrong, unresolved = result.examples("wrong"), result.examples("unresolved")
    counts = Counter(j.matched_by for j in result.judged)
    return SpeakersReport(
        "speakers",
        f"speaker resolution on {len(result.judged)} hand-labelled sources of"
        f" {result.documents} PolNeAR dev articles ({named} named, {unnamed} unresolvable;"
        " shares of the named, unresolvable_right of the rest; anchor: none published;"
        " baseline: the speaker span's raw text)",
        rows,
        [
            f"baseline on the named: wrong {base['wrong']:.3f}, unresolved"
            f" {base['unresolved']:.3f}, missed {base['missed']:.3f} (the same quotes)",
            f"quotes found by speaker overlap {counts['speaker']}, by content overlap"
            f" {counts['content']}, none {counts['none']}",
            *[_line(e, "wrong") for e in wrong[:SHOWN]],
            *[_line(e, "unresolved") for e in unresolved[:SHOWN]],
        ],
        details={
            "items": len(result.judged),
            "named": named,
            "unresolvable": unnamed,
            "documents": result.documents,
            "matched_by": dict(counts),
            "anchor": None,
            "baseline": {
                "what": "the speaker span's raw text",
                "resolved_right": round(base["right"], 4),
                **{v: round(base[v], 4) for v in VERDICTS[1:]},
                "unresolvable_right": round(result.share("right", named=False, raw=True), 4),
                "all_right": round(result.all_right(raw=True), 4),
            },
            "wrong_items": wrong,
            "unresolved_items": unresolved,
        },
    )
