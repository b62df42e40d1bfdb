"""What a normaliser may look at: the text, its sentences and tense cues, the publication date
and the dates named before."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from newsprism.nlp.time.results import _Norm
from newsprism.nlp.time.vocabulary import _NOT_PAST

_LEVELS = {"time": 0, "day": 0, "week": 1, "month": 2, "year": 3}
"""Precision order of the granularities an anaphoric expression may count from."""

_STAND_IN = date(2000, 1, 1)
"""Used to compute a relative value's shape when there is no publication date; discarded."""


@dataclass
class _Ctx:
    """What a normaliser may look at: the text, the publication date, earlier mentions."""

    text: str
    published: date | None
    sentence_starts: list[int]
    used_pub: bool = False
    last_quarter: tuple[int, int] | None = None
    ref: date | None = None
    """The last date the text named (the narrative's reference time), at ``ref_level``."""
    ref_level: int = 0
    ref_relative: bool = False

    @property
    def pub(self) -> date:
        self.used_pub = True
        return self.published or _STAND_IN

    def anchor(self, level: str) -> date:
        """What "the next day", "the following year" count from: the last date named at
        ``level`` precision or finer, else the publication date."""
        if self.ref is not None and self.ref_level <= _LEVELS[level]:
            self.used_pub = self.used_pub or self.ref_relative
            return self.ref
        return self.pub

    def remember(self, norm: _Norm, relative: bool) -> None:
        value = norm.value or ""
        level = _LEVELS.get(norm.granularity)
        found = re.match(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?(?![\d/])", value)
        if level is None or found is None or norm.granularity == "range":
            return
        year, month, day = found.group(1), found.group(2), found.group(3)
        if level == 0 and day:
            self.ref = date(int(year), int(month), int(day))
        elif level <= 2 and month:
            self.ref, level = date(int(year), int(month), 1), 2
        else:
            self.ref, level = date(int(year), 1, 1), 3
        self.ref_level, self.ref_relative = level, relative

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sentence_starts, start) - 1
        s = self.sentence_starts[i] if i >= 0 else 0
        e = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self.text)
        return s, max(e, end)

    def tense(self, start: int, end: int) -> str:
        """ "future", "past" or "" from the tense cue nearest to the span in its sentence."""
        s, e = self.sentence(start, end)
        # the nearest cue is what counts: a bounded window keeps long run-on "sentences" linear
        s, e = max(s, start - _TENSE_WINDOW), min(e, end + _TENSE_WINDOW)
        best = ""
        distance = 10**9
        for m in _TENSE_CUE.finditer(self.text, s, e):
            if start <= m.start() < end:
                continue
            d = start - m.end() if m.end() <= start else m.start() - end
            if d >= distance:
                continue
            if m.group("future"):
                kind = "future"
            else:
                ed = m.group("ed")
                if ed and (
                    ed.lower() in _NOT_PAST
                    or _PASSIVE.search(self.text, max(s, m.start() - 12), m.start())
                ):
                    # "will be held", "to be completed": a participle, not a past tense
                    continue
                kind = "past"
            best, distance = kind, d
        return best


_TENSE_WINDOW = 200

_TENSE_CUE = re.compile(
    r"(?i:\b(?P<future>will|won['’]t|shall|going\s+to|plans?\s+to|planning\s+to|scheduled"
    r"|expected\s+to|expects?\s+to|is\s+to|are\s+to|set\s+to|due\s+to\s+(?:be|start|begin"
    r"|open|meet|arrive|vote|take|hold|visit|leave|return)|upcoming|forthcoming|intends?\s+to"
    r"|would|next|coming|tomorrow|payable|effective|expects?|hopes?|plans?|['’]ll)\b"
    r"|\b(?P<past>was|were|had|did|said|told|ago|last|earlier|previously|yesterday"
    r"|(?P<ed>became|began|came|went|took|gave|made|met|left|held|found|saw|thought|got|rose"
    r"|fell|sent|spent|won|lost|led|brought|bought|sold|struck|wrote|spoke|broke|chose|drove"
    r"|flew|fought|kept|knew|paid|shot|stood|threw|grew|drew|sought|caught|felt|heard|meant"
    r"|ran|sank|[a-z]{3,}ed))\b)"
)
_PASSIVE = re.compile(r"(?i:\b(?:be|been|being|is|are|to|will|would)\s+)$")


_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*\n|\n")


def _sentence_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _SENTENCE_BREAK.finditer(text))]
