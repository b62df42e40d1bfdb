"""Temporal expressions, normalised against the article's publication date (stage ``time.v1``).

Recognition is rules only: a list of regular expressions over the text (no spaCy, no
dateparser). MODELS.md lists what dateparser gets wrong on news (ranges, same-weekday
references, future dates, "earlier this month", bare years); covering those by hand left
nothing it was still needed for, so the stage has no dependency beyond the standard library.

Values follow TimeML's TIMEX3 conventions, so the stage can be scored on TempEval-3:

=========== ============================================ ====================================
granularity value                                        examples
=========== ============================================ ====================================
time        ``2020-09-02T14:00``, ``2020-09-02TEV``      "2 p.m. Wednesday", "Friday evening"
day         ``2020-09-02``                               "September 2", "the previous day",
                                                         "Christmas"
week        ``2020-W35``, ``2020-W35-WE``                "last week", "the weekend"
month       ``2020-09``                                  "earlier this month", "August"
quarter     ``1989-Q3``, ``1990-H1``                     "the third quarter", "the first half"
season      ``1998-SU``                                  "this summer"
year        ``1981``                                     "1981", "last year", "20 years ago"
decade      ``199``                                      "the 1990s"
century     ``19``                                       "the 20th century"
range       ``2020-09-13/2020-09-25``                    "September 13 – 25", "2010 - 2013"
duration    ``P26Y``, ``PT19H``, ``PXD``                 "26 years", "19 hours", "days"
set         ``P1Y``, ``XXXX-WXX-1``                      "each year", "every Monday"
vague       ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF`` "now", "recently", "the future"
=========== ============================================ ====================================

Extents follow TimeML too: determiners and modifiers belong to the expression ("the previous
day", "late last week", "nearly two years"), prepositions do not ("on Friday" gives "Friday";
"within the next two weeks" gives "the next two weeks").

How relative expressions resolve (``resolved_from == "publication date"``):

- A weekday is the most recent such day on or before publication; the publication's own
  weekday is the publication day, never a week earlier (dateparser's mistake). When the
  nearest tense cue in the sentence is a future one ("will", "is to", "scheduled", "next")
  the weekday is the next such day on or after publication instead. So in an article of
  Monday 14 September 2020, "On Monday, Putin and Lukashenko are meeting" is 14 September
  (same weekday, either way).
- A month (and day) without a year takes the publication year. It moves to the previous
  year only when it lies more than two months after publication and the nearest tense cue
  is a past one ("closed on October 5" in February), to the next year only when its month
  lies before publication's and the sentence speaks of the future ("will reopen in
  January" in September). "November 3" in a September article stays in that year, and so
  does a dividend "payable Dec. 7" reported in October.
- The tense cue is the nearest of a word list (will, is to, scheduled, payable ... against
  was, said, -ed and common irregular past forms; "will be held" is not a past) within the
  sentence: cheap, no tagger.
- "last week" is the ISO week before publication's, "20 years ago" the year, "earlier this
  month" the month; "the weekend" said in the past on a weekday is the one just gone.
- "the previous day", "the next day", "the following year", "three days later" count from
  the last date the text named (the narrative's reference time), else from publication. In
  news that is mostly the story's day: "24 people were detained the previous day" after
  "On September 3" is September 2.
- "the quarter", "the latest quarter" refer to the last quarter the article named, else the
  last completed quarter; "a year ago" in a sentence about a quarter is that quarter a year
  earlier (earnings reports, as TimeML annotates them).

Without a publication date every relative expression keeps its span and granularity with
``value=None`` and ``resolved_from="unresolved: no publication date"``, except a month and day
("April 17"), which keeps what it says as TimeML's underspecified ``XXXX-04-17`` with
``resolved_from="partial: year unknown (no publication date)"``; an impossible date
("February 30") gets ``"unresolved: no day 30 in February 2020"``. Expressions that carry
their own year, durations and the vague references are ``"absolute"``; an anaphoric one
counted from such an expression is too.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from newsprism.records import TimeExpr

STAGE = "time.v1"

ABSOLUTE = "absolute"
PUBLICATION = "publication date"
NO_DATE = "unresolved: no publication date"
YEAR_UNKNOWN = "partial: year unknown (no publication date)"
"""A month and day named without a year in an undated article get the value XXXX-MM-DD."""

# --------------------------------------------------------------------------- vocabulary

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "tonight": "NI",
}  # fmt: skip
# TIMEX3 unit letters; decade, century and millennium are whole years when the count is known
_UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "week": ("W", False), "fortnight": ("W", False), "month": ("M", False),
    "quarter": ("Q", False), "year": ("Y", False), "decade": ("DE", False),
    "century": ("CE", False), "centurie": ("CE", False), "millennium": ("L", False),
}  # fmt: skip


def _cap(words: Sequence[str]) -> str:
    """Alternation of capitalised and upper-case forms (lower-case month words are verbs)."""
    forms = [w.capitalize() for w in words] + [w.upper() for w in words]
    return "(?:" + "|".join(sorted(forms, key=len, reverse=True)) + ")"


_MONTH = (
    r"(?:"
    + _cap([m for m in _MONTHS if len(m) > 3 and m != "sept"])
    + r"|May|MAY|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?(?=\s*\d)"
    + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."
    + r")"
)
_WEEKDAY = _cap(list(_WEEKDAYS))
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:.,]\d)(?!\s*(?:%|percent|per\s?cent))"
_YEAR = r"(?:1[0-9]\d\d|20\d\d)(?![\d,.]\d)(?!\s*(?:%|percent|per\s?cent))"
_NUM_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|a\s+hundred|a\s+thousand|a\s+dozen"
    r"|one\s+hundred|two\s+thousand)"
)
_NUM = rf"(?:\d+(?:\.\d+)?|(?i:{_NUM_WORD}))"
_VAGUE_NUM = (
    r"(?:several|a\s+few|few|many|some|a\s+couple\s+of|couple\s+of|a\s+number\s+of"
    r"|the\s+next\s+few)"
)
_UNIT = (
    r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur(?:y|ie)"
    r"|millennium)"
)
_UNITS_RE = rf"(?:{_UNIT}s?)"
_APPROX = (
    r"(?i:(?:nearly|almost|about|around|roughly|approximately|some|more\s+than|less\s+than"
    r"|fewer\s+than|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than"
    r"|an?\s+additional"
    r"|another|the\s+last|the\s+past|the\s+next|the\s+first|the\s+final|the\s+coming"
    r"|the\s+previous|the\s+following|the\s+remaining|the\s+latest|the\s+same|the|a|an)\s+)"
)
_DATE_MOD = (
    r"(?i:(?:early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of"
    r"|the\s+middle\s+of|the\s+(?:first|second|last)\s+half\s+of|the\s+rest\s+of"
    r"|the\s+remainder\s+of|the\s+spring\s+of|the\s+summer\s+of|the\s+fall\s+of"
    r"|the\s+winter\s+of)(?:\s+|-))"
)


def _number(raw: str) -> float | None:
    """A spelled or written count: "26" -> 26, "twenty-four" -> 24, "several" -> None."""
    s = re.sub(r"[\s-]+", " ", raw.strip().lower())
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    if s in ("a", "an", "one"):
        return 1
    fixed = {
        "a hundred": 100, "one hundred": 100, "a thousand": 1000, "two thousand": 2000,
        "a dozen": 12, "a couple of": 2,
    }  # fmt: skip
    if s in fixed:
        return fixed[s]
    total = 0
    for word in s.split():
        if word in _TENS:
            total += _TENS[word]
        elif word in _ONES:
            total += _ONES[word]
        else:
            return None
    return total or None


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


# --------------------------------------------------------------------------- dates


def _add_months(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def _week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _last_completed_quarter(d: date) -> tuple[int, int]:
    year, q = _quarter(d)
    return (year - 1, 4) if q == 1 else (year, q - 1)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift(d: date, unit: str, n: int) -> tuple[str, str]:
    """``d`` moved by ``n`` units, as a (value, granularity) at that unit's precision."""
    if unit in ("second", "minute", "hour", "day"):
        return (d + timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        return _week(d + timedelta(weeks=n)), "week"
    if unit == "fortnight":
        return _week(d + timedelta(weeks=2 * n)), "week"
    if unit == "month":
        year, month = _add_months(d, n)
        return f"{year}-{month:02d}", "month"
    if unit == "quarter":
        year, month = _add_months(d, 3 * n)
        return f"{year}-Q{(month - 1) // 3 + 1}", "quarter"
    if unit == "decade":
        return str((d.year + 10 * n) // 10), "decade"
    if unit in ("century", "centurie"):
        return str((d.year + 100 * n) // 100), "century"
    return str(d.year + n), "year"


# --------------------------------------------------------------------------- context


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


_NOT_PAST = {
    "need", "speed", "indeed", "united", "hundred", "proceed", "succeed", "exceed", "feed",
    "seed", "breed", "embed", "based", "related", "limited", "detailed", "armed", "alleged",
    "supposed", "advanced", "concerned", "interested", "expected", "scheduled", "planned",
    "proposed", "red", "bed", "shed", "wed", "sled", "bred", "freed", "agreed",
}  # fmt: skip

_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*\n|\n")


def _sentence_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _SENTENCE_BREAK.finditer(text))]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class _Norm:
    value: str | None
    granularity: str
    reason: str | None = None
    """Why ``value`` is None when the expression cannot be resolved at all."""
    drop_lead: bool = False
    """The match's ``lead`` group (a determiner) is not part of the extent: TimeML leaves
    the article of "a two-year term" or "the third-quarter loss" to the noun."""


Normaliser = Callable[[re.Match[str], "_Ctx"], "_Norm | None"]


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    normalise: Normaliser
    priority: int = 0


@dataclass
class _Cand:
    start: int
    end: int
    rule: _Rule
    match: re.Match[str]
    norm: _Norm


# --------------------------------------------------------------------------- normalisers


def _g(m: re.Match[str], name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _month_of(raw: str) -> int:
    return _MONTHS[raw.lower().rstrip(".")]


def _guess_year(ctx: _Ctx, month: int, m: re.Match[str], day: int | None = None) -> int:
    """The year of a month (and day) named without one; see the module docstring."""
    pub = ctx.pub
    year = pub.year
    rel = (_g(m, "rel") or "").lower()
    yrel = (_g(m, "yrel") or "").lower()
    if yrel:
        return year + {"last": -1, "next": 1}.get(yrel, 0)
    if rel == "this":
        return year
    if rel.startswith("last") or rel in ("this past", "past"):
        return year if (month, day or 0) < (pub.month, pub.day) else year - 1
    if rel.startswith("next") or rel == "this coming" or rel == "coming":
        return year if (month, day or 0) > (pub.month, pub.day) else year + 1
    tense = ctx.tense(m.start(), m.end())
    ahead = (date(year, month, min(day or 15, 28)) - pub).days
    # a past-tense sentence about a date a few weeks ahead is still about this year (a
    # dividend "payable Dec. 7" reported in October); months ahead means last year's
    if ahead > 60 and tense == "past":
        return year - 1
    if month < pub.month and tense == "future":
        return year + 1
    return year


def _norm_month_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    month = _month_of(m.group("mon"))
    day = int(re.sub(r"\D", "", m.group("day")))
    raw_year = _g(m, "year")
    year = int(raw_year) if raw_year else _guess_year(ctx, month, m, day)
    d = _safe_date(year, month, day)
    if d is None:
        return _Norm(None, "day", reason=f"no day {day} in {calendar.month_name[month]} {year}")
    part = _g(m, "part")
    if part:
        return _Norm(f"{d.isoformat()}T{_PARTS_OF_DAY[part.lower()]}", "time")
    return _Norm(d.isoformat(), "day")


def _norm_month_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    month = _month_of(m.group("mon"))
    raw_year = _g(m, "year")
    year = int(raw_year) if raw_year else _guess_year(ctx, month, m)
    return _Norm(f"{year}-{month:02d}", "month")


def _norm_month(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    raw = m.group("mon")
    if raw.lower() == "may":
        # "May" is mostly the modal verb: take it only with a cue that makes it the month
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if not (_g(m, "rel") or _g(m, "mod") or re.search(r"\b(in|since|until|by)\s+$", before)):
            return None
    return _norm_month_year(m, ctx)


def _norm_day_range(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    month = _month_of(m.group("mon"))
    d1 = int(re.sub(r"\D", "", m.group("d1")))
    d2 = int(re.sub(r"\D", "", m.group("d2")))
    raw_year = _g(m, "year")
    year = int(raw_year) if raw_year else _guess_year(ctx, month, m, d1)
    a, b = _safe_date(year, month, d1), _safe_date(year, month, d2)
    if a is None or b is None or b <= a:
        return None
    return _Norm(f"{a.isoformat()}/{b.isoformat()}", "range")


def _norm_date_range(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """ "March 3 to April 5[, 2020]": two month-days, one shared optional year."""
    raw_year = _g(m, "year")
    m1, m2 = _month_of(m.group("m1")), _month_of(m.group("m2"))
    d1 = int(re.sub(r"\D", "", m.group("d1")))
    d2 = int(re.sub(r"\D", "", m.group("d2")))
    year = int(raw_year) if raw_year else _guess_year(ctx, m1, m, d1)
    a = _safe_date(year, m1, d1)
    b = _safe_date(year if (m2, d2) >= (m1, d1) else year + 1, m2, d2)
    if a is None or b is None:
        return None
    return _Norm(f"{a.isoformat()}/{b.isoformat()}", "range")


def _norm_year_range(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    y1 = int(m.group("y1"))
    raw = m.group("y2")
    y2 = int(raw) if len(raw) == 4 else int(str(y1)[: 4 - len(raw)] + raw)
    if not y1 < y2 <= y1 + 100:
        return None
    return _Norm(f"{y1}/{y2}", "range")


def _norm_iso(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    d = _safe_date(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
    return _Norm(d.isoformat(), "day") if d else None


def _norm_slash(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    if y < 100:
        y += 1900 if y > 30 else 2000
    # month first (US wires) unless that cannot be a month
    month, day = (a, b) if a <= 12 else (b, a)
    d = _safe_date(y, month, day)
    return _Norm(d.isoformat(), "day") if d else None


def _norm_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    year = int(m.group("year"))
    part = _g(m, "season")
    if part:
        return _Norm(f"{year}-{_SEASONS[part.lower()]}", "season")
    half = _g(m, "half")
    if half:
        return _Norm(f"{year}-H{1 if half.lower() == 'first' else 2}", "quarter")
    return _Norm(str(year), "year")


def _norm_short_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    yy = int(m.group("yy"))
    pub = ctx.pub
    century = pub.year // 100 * 100
    year = century + yy
    if year > pub.year + 10:
        year -= 100
    return _Norm(str(year), "year", drop_lead=True)


def _spelled_year(raw: str) -> int | None:
    s = re.sub(r"[\s-]+", " ", raw.lower()).strip()
    if s.startswith("nineteen "):
        tail = _number(s[len("nineteen ") :])
        return 1900 + int(tail) if tail and tail < 100 else None
    if s.startswith("two thousand"):
        rest = s[len("two thousand") :].strip().removeprefix("and ").strip()
        n = _number(rest) if rest else 0
        return 2000 + int(n) if n is not None and n < 100 else None
    return None


def _norm_spelled_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    year = _spelled_year(m.group("sy"))
    if year is None:
        return None
    mon = _g(m, "mon")
    if mon:
        return _Norm(f"{year}-{_month_of(mon):02d}", "month")
    return _Norm(str(year), "year")


def _norm_decade(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    raw = m.group("dec")
    if raw[0].isdigit() or raw[0] in "'’":
        raw = raw.rstrip("s").rstrip("'’")
    if raw.isdigit() and len(raw) == 4:
        return _Norm(raw[:3], "decade")
    digits = re.sub(r"\D", "", raw)
    if digits:
        century = ctx.pub.year // 100 if ctx.published else 19
        tens = int(digits)
        year = century * 100 + tens
        if ctx.published and year > ctx.published.year:
            year -= 100
        return _Norm(str(year // 10), "decade")
    words = {
        "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
        "seventies": 7, "eighties": 8, "nineties": 9,
    }  # fmt: skip
    return _Norm(f"19{words[raw.lower()]}", "decade")


_CENTURY_WORDS = {
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21,
}  # fmt: skip


def _norm_century(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    raw = m.group("cent").lower()
    n = int(re.sub(r"\D", "", raw)) if raw[0].isdigit() else _CENTURY_WORDS.get(raw)
    if not n:
        return None
    return _Norm(f"{n - 1:02d}", "century")


def _norm_season(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    season = _SEASONS[m.group("season").lower()]
    raw_year = _g(m, "year")
    if raw_year:
        return _Norm(f"{raw_year}-{season}", "season")
    rel = re.sub(r"\s+", " ", (_g(m, "rel") or "").lower())
    pub = ctx.pub
    year = pub.year
    order = ["WI", "SP", "SU", "FA"]
    now = order[(pub.month % 12) // 3]
    if rel in ("last", "this past"):
        year = year if order.index(season) < order.index(now) else year - 1
    elif rel == "next":
        year = year if order.index(season) > order.index(now) else year + 1
    return _Norm(f"{year}-{season}", "season")


_PAREN_DATE = re.compile(rf"\s*\(\s*(?P<mon>{_MONTH})\s+(?P<day>[0-3]?\d)\s*\)")


def _norm_weekday(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    target = _WEEKDAYS[m.group("wd").lower()]
    rel = re.sub(r"\s+", " ", (_g(m, "rel") or "").lower())
    pub = ctx.pub
    back = (pub.weekday() - target) % 7
    forward = (target - pub.weekday()) % 7
    if rel in ("last", "this past", "the previous", "past", "the past"):
        d = pub - timedelta(days=back or 7)
    elif rel in ("next", "this coming", "coming", "the coming", "the next", "the following"):
        d = pub + timedelta(days=forward or 7)
    elif rel == "this":
        d = pub - timedelta(days=pub.weekday()) + timedelta(days=target)
    elif (given := _PAREN_DATE.match(ctx.text, m.end())) is not None:
        # "on Sunday (September 13)": the article says which Sunday
        named = _safe_date(pub.year, _month_of(given.group("mon")), int(given.group("day")))
        d = named if named and named.weekday() == target else pub - timedelta(days=back)
    elif ctx.tense(m.start(), m.end()) == "future":
        d = pub + timedelta(days=forward)
    else:
        d = pub - timedelta(days=back)
    part = _g(m, "part")
    if part:
        return _Norm(f"{d.isoformat()}T{_PARTS_OF_DAY[part.lower()]}", "time")
    return _Norm(d.isoformat(), "day")


def _norm_deictic_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    word = re.sub(r"\s+", " ", m.group("deic").lower())
    offsets = {
        "today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last night": -1,
        "this morning": 0, "this afternoon": 0, "this evening": 0, "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }  # fmt: skip
    d = ctx.pub + timedelta(days=offsets[word])
    part = _g(m, "part")
    if word in ("tonight", "last night"):
        part = "night"
    elif word.startswith("this "):
        part = word.split()[1]
    if part:
        return _Norm(f"{d.isoformat()}T{_PARTS_OF_DAY[part.lower()]}", "time")
    return _Norm(d.isoformat(), "day")


def _norm_anaphoric_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    word = re.sub(r"\s+", " ", m.group("ana").lower())
    before = ("previous", "day before", "day earlier", "prior", "preceding", "eve")
    offset = -1 if any(w in word for w in before) else 1
    if "same day" in word or word == "that day":
        offset = 0
    d = ctx.anchor("day") + timedelta(days=offset)
    return _Norm(d.isoformat(), "day")


_FIXED_HOLIDAYS = {
    "new year's day": (1, 1), "valentine's day": (2, 14), "independence day": (7, 4),
    "fourth of july": (7, 4), "halloween": (10, 31), "christmas eve": (12, 24),
    "christmas day": (12, 25), "christmas": (12, 25), "new year's eve": (12, 31),
}  # fmt: skip


def _holiday_date(name: str, year: int) -> date:
    if name in _FIXED_HOLIDAYS:
        return date(year, *_FIXED_HOLIDAYS[name])
    if name == "thanksgiving":  # fourth Thursday of November
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    if name == "labor day":  # first Monday of September
        first = date(year, 9, 1)
        return first + timedelta(days=(0 - first.weekday()) % 7)
    if name == "memorial day":  # last Monday of May
        last = date(year, 5, 31)
        return last - timedelta(days=last.weekday())
    # Easter Sunday (Western), the anonymous Gregorian algorithm
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    mm = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * mm + 114, 31)
    return date(year, month, day + 1)


def _norm_holiday(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    name = re.sub(r"\s+", " ", m.group("hol").lower()).replace("’", "'")
    name = {"easter sunday": "easter", "thanksgiving day": "thanksgiving"}.get(name, name)
    raw_year = _g(m, "year")
    if raw_year:
        year = int(raw_year)
    else:
        rough = _holiday_date(name, ctx.pub.year)
        year = _guess_year(ctx, rough.month, m, rough.day)
    return _Norm(_holiday_date(name, year).isoformat(), "day")


def _unit_of(raw: str) -> str:
    u = raw.lower().rstrip("s")
    return "centurie" if u == "centurie" else u


def _norm_relative_unit(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """last/this/next week, earlier this month, the previous year, the current quarter ..."""
    rel = re.sub(r"\s+", " ", m.group("rel").lower())
    unit = _unit_of(m.group("unit"))
    det = bool(_g(m, "det"))
    pub = ctx.pub
    if unit == "weekend":
        # a weekend closes its ISO week: "this weekend" is the coming one, and "the weekend"
        # spoken of in the past on a weekday the one just gone
        n = {"last": -1, "past": -1, "previous": -1, "this past": -1}.get(rel, 0)
        n = n or {"next": 1, "coming": 1, "this coming": 1}.get(rel, 0)
        if not rel and pub.weekday() < 5:
            tense = ctx.tense(m.start(), m.end())
            if tense == "past" or (pub.weekday() < 2 and tense != "future"):
                n = -1
        return _Norm(f"{_week(pub + timedelta(weeks=n))}-WE", "week")
    if rel in ("last", "past", "previous", "prior", "preceding", "this past"):
        n = -1
    elif rel in ("next", "coming", "following", "this coming"):
        n = 1
    else:
        n = 0
    if unit == "quarter":
        if n == 0 and rel in ("latest", "most recent"):
            year, q = ctx.last_quarter or _last_completed_quarter(pub)
            return _Norm(f"{year}-Q{q}", "quarter")
        year, q = _quarter(pub)
        index = year * 4 + q - 1 + n
        return _Norm(f"{index // 4}-Q{index % 4 + 1}", "quarter")
    if unit == "fiscal year":
        unit = "year"
    if unit == "year" and n == -1 and not det and _mentions_quarter(ctx, m):
        year, q = ctx.last_quarter or _last_completed_quarter(pub)
        return _Norm(f"{year - 1}-Q{q}", "quarter")
    if det and rel in ("previous", "following", "prior", "preceding", "same") and unit in _LEVELS:
        # "the following year": counts from the last date the text named
        value, gran = _shift(ctx.anchor(unit), unit, n)
        return _Norm(value, gran)
    value, gran = _shift(pub, unit, n)
    return _Norm(value, gran)


def _norm_this_unit(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    pub = ctx.pub
    if any(_g(m, g) is not None for g in ("y", "y2", "y3")):
        return _Norm(str(pub.year), "year")
    return _Norm(f"{pub.year}-{pub.month:02d}", "month")


def _norm_in_the_unit(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    value, gran = _shift(ctx.pub, _unit_of(m.group("unit")), 0)
    return _Norm(value, gran)


def _norm_ago(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    raw = m.group("num")
    n = _number(raw) if raw else None
    unit = _unit_of(m.group("unit"))
    direction = m.group("dir").lower()
    sign = 1 if direction in ("later", "from now", "hence", "after") else -1
    if n is None or n != int(n):
        # "several years ago", "a few days later": past or future, no point in time
        return _Norm("PAST_REF" if sign < 0 else "FUTURE_REF", "vague")
    if unit == "year" and n == 1 and _mentions_quarter(ctx, m, results=True):
        # earnings news: "a year ago" compares with the same quarter of the year before
        year, q = ctx.last_quarter or _last_completed_quarter(ctx.pub)
        return _Norm(f"{year + sign}-Q{q}", "quarter")
    if direction in ("earlier", "later") and unit in _LEVELS:
        # "three days later", "a year earlier": from the last date the text named
        value, gran = _shift(ctx.anchor(unit), unit, sign * int(n))
        return _Norm(value, gran)
    value, gran = _shift(ctx.pub, unit, sign * int(n))
    return _Norm(value, gran)


def _mentions_quarter(ctx: _Ctx, m: re.Match[str], results: bool = False) -> bool:
    """Whether the sentence is about a quarter; with ``results``, also a sentence of figures
    in an article that named a quarter ("net rose 5% from a year ago")."""
    s, e = ctx.sentence(m.start(), m.end())
    s, e = max(s, m.start() - _TENSE_WINDOW), min(e, m.end() + _TENSE_WINDOW)
    sentence = ctx.text[s:e]
    if "quarter" in sentence.lower():
        return True
    return results and ctx.last_quarter is not None and _FIGURES.search(sentence) is not None


_FIGURES = re.compile(
    r"(?i:\b(?:net|profit|earnings|revenue|sales|loss|income|cents|million|billion)\b|%|\$)"
)


def _norm_year_ago(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """ "year-earlier", "the year-ago quarter", "the year-earlier period"."""
    noun = (_g(m, "noun") or "").lower()
    ordinal = _g(m, "ord")
    if ordinal:
        q = _ORDINALS[ordinal.lower()]
        year = (ctx.last_quarter or _last_completed_quarter(ctx.pub))[0] - 1
        return _Norm(f"{year}-Q{q}", "quarter")
    if noun in ("quarter", "period") or _mentions_quarter(ctx, m):
        year, q = ctx.last_quarter or _last_completed_quarter(ctx.pub)
        return _Norm(f"{year - 1}-Q{q}", "quarter", drop_lead=not noun)
    return _Norm(str(ctx.pub.year - 1), "year", drop_lead=not noun)


def _duration_value(n: float | None, unit: str) -> str:
    letter, is_time = _UNITS[unit]
    if unit == "fortnight":
        n = None if n is None else 2 * n
    if n is not None and letter in ("DE", "CE", "L"):
        n = n * {"DE": 10, "CE": 100, "L": 1000}[letter]
        letter = "Y"
    count = "X" if n is None else _fmt_num(n)
    return f"P{'T' if is_time else ''}{count}{letter}"


_OF = re.compile(r"\s*of\b")


def _norm_duration(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    raw = _g(m, "num")
    unit = _unit_of(m.group("unit"))
    n = _number(raw) if raw else None
    if n is None and raw and not re.fullmatch(_VAGUE_NUM, raw.strip(), re.I):
        return None
    if unit == "quarter" and n is not None and _OF.match(ctx.text, m.end()):
        return None  # "a quarter of", "three-quarters of": a fraction
    if n == 1 and re.search(
        r"(?i:\b(?:times|once|twice|thrice)\s+)$", ctx.text[max(0, m.start() - 10) : m.start()]
    ):
        return _Norm(_duration_value(1, unit), "set")  # "twice a week"
    if n == 1 and re.search(
        r"(?i:(?:\d|million|billion|cents|dollars|percent|%|flights|seats|share)\s+)$",
        ctx.text[max(0, m.start() - 12) : m.start()],
    ):
        return None  # "$500 million a year", "four flights a week": a rate
    word = m.group("unit")
    if unit == "second" and not word.lower().endswith("s") and not (raw or "")[:1].isdigit():
        return None  # "a second term"
    if _g(m, "half") or _g(m, "half2"):
        n = (n or 0) + 0.5
    # "a two-year term", "a three hour drive": the count modifies a noun, the article is its
    adjectival = "-" in m.group("sep") or (
        not word.lower().endswith("s") and n is not None and n != 1
    )
    if unit in ("hour", "minute") and n is not None and n != int(n):
        smaller = "M" if unit == "hour" else "S"
        return _Norm(f"PT{int(n * 60)}{smaller}", "duration", drop_lead=adjectival)
    return _Norm(_duration_value(n, unit), "duration", drop_lead=adjectival)


def _norm_bare_units(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    """ "years", "months": an unknown count of a unit (PXY)."""
    unit = _unit_of(m.group("unit"))
    if m.group(0).lower().startswith(("recent", "past")):
        return _Norm("PAST_REF", "vague")
    return _Norm(_duration_value(None, unit), "duration")


def _norm_quarter(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    q = _ORDINALS.get(m.group("ord").lower().rstrip("-"))
    if q is None:
        return None
    raw_year = _g(m, "year") or _g(m, "year2")
    if raw_year:
        year = int(raw_year)
    else:
        pub = ctx.pub
        rel = (_g(m, "rel") or "").lower()
        year = pub.year
        future = ctx.tense(m.start(), m.end()) == "future"
        if rel.startswith("next"):
            year += 1
        elif rel.startswith(("last", "year-")) or ((year, q) > _quarter(pub) and not future):
            # a quarter still ahead, spoken of in the past: last year's
            year -= 1
    ctx.last_quarter = (year, q)
    code = "H" if m.group("unit").lower().startswith("half") else "Q"
    return _Norm(f"{year}-{code}{q}", "quarter", drop_lead="-" in m.group("sep"))


def _norm_the_quarter(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    year, q = ctx.last_quarter or _last_completed_quarter(ctx.pub)
    return _Norm(f"{year}-Q{q}", "quarter")


def _norm_vague(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    word = m.group("vague").lower()
    if re.match(r"(now|currently|right now|at present|presently|nowadays|these days)", word):
        return _Norm("PRESENT_REF", "vague")
    if re.match(r"(the future|the near future|the near term|the short term|coming|future)", word):
        return _Norm("FUTURE_REF", "vague")
    return _Norm("PAST_REF", "vague")


def _norm_set(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    word = re.sub(r"\s+", " ", m.group("set").lower())
    adverbs = {
        "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
        "yearly": "P1Y", "quarterly": "P1Q", "hourly": "PT1H", "nightly": "P1D",
    }  # fmt: skip
    if word in adverbs:
        return _Norm(adverbs[word], "set")
    unit = word.split()[-1]
    if unit in _WEEKDAYS:
        return _Norm(f"XXXX-WXX-{_WEEKDAYS[unit] + 1}", "set")
    if unit in _MONTHS:
        return _Norm(f"XXXX-{_MONTHS[unit]:02d}", "set")
    return _Norm(_duration_value(1, _unit_of(unit)), "set")


def _norm_clock(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    word = (_g(m, "word") or "").lower()
    if word:
        hh, mm = (12, 0) if word == "noon" else (24, 0)
    else:
        hh = int(m.group("h"))
        mm = int(_g(m, "min") or 0)
        ampm = (_g(m, "ampm") or "").lower().replace(".", "").replace(" ", "")
        if hh > 24 or mm > 59:
            return None
        if ampm.startswith("p") and hh < 12:
            hh += 12
        elif ampm.startswith("a") and hh == 12:
            hh = 0
    clock = f"T{hh:02d}:{mm:02d}"
    day = _g(m, "wd")
    if day:
        inner = _norm_weekday(m, ctx)
        if inner is None:
            return None
        return _Norm(f"{(inner.value or '')[:10]}{clock}", "time")
    if _g(m, "mon"):
        inner = _norm_month_day(m, ctx)
        if inner is None:
            return None
        return _Norm(f"{(inner.value or '')[:10]}{clock}", "time")
    deic = (_g(m, "deic") or "").lower()
    offset = {"yesterday": -1, "tomorrow": 1}.get(deic, 0)
    return _Norm(f"{(ctx.pub + timedelta(days=offset)).isoformat()}{clock}", "time")


def _norm_part_of_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    part = m.group("part").lower()
    return _Norm(f"{ctx.pub.isoformat()}T{_PARTS_OF_DAY[part]}", "time")


def _norm_fiscal(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _Norm(m.group("year"), "year")


# --------------------------------------------------------------------------- rules


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.VERBOSE)


_REL_WD = (
    r"(?i:(?P<rel>last|next|this\s+past|this\s+coming|this|coming|the\s+previous"
    r"|the\s+following)\s+)"
)
_PART = r"(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))"
_MOD = rf"(?P<mod>{_DATE_MOD})"
_B = r"(?<![\w$£€.-])"  # not inside a word, number or amount
_E = r"(?![\w-])"

_RULES: list[_Rule] = [
    # "Friday, Oct. 13, 1989", "September 2", "Aug. 10, 1988", "June 5th evening"
    _Rule(
        "month-day",
        _r(
            rf"""{_B}{_MOD}?(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<mon>{_MONTH})\s+(?P<day>{_DAY})
            (?:,?\s+(?P<year>{_YEAR}))?{_PART}?{_E}"""
        ),
        _norm_month_day,
        2,
    ),
    # "2 September 2020", "14th of September"
    _Rule(
        "day-month",
        _r(
            rf"""{_B}{_MOD}?(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<day>{_DAY})\s+(?:of\s+)?
            (?P<mon>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?{_E}"""
        ),
        _norm_month_day,
        2,
    ),
    # "September 13 – 25", "Sept. 3-5, 2020"
    _Rule(
        "month-day-range",
        _r(
            rf"""{_B}(?P<mon>{_MONTH})\s+(?P<d1>{_DAY})\s*(?:[-–—]|to|through|until|till)\s*
            (?P<d2>{_DAY})(?:,?\s+(?P<year>{_YEAR}))?{_E}"""
        ),
        _norm_day_range,
        5,
    ),
    # "14 to 25 September" ("from" stays out, as prepositions do)
    _Rule(
        "day-month-range",
        _r(
            rf"""{_B}(?P<d1>{_DAY})\s*(?:[-–—]|to|through|until|till|and)\s*(?P<d2>{_DAY})\s+
            (?:of\s+)?(?P<mon>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?{_E}"""
        ),
        _norm_day_range,
        5,
    ),
    # "March 3 to April 5"
    _Rule(
        "date-range",
        _r(
            rf"""{_B}(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})\s*(?:[-–—]|to|through|until|till)\s*
            (?P<m2>{_MONTH})\s+(?P<d2>{_DAY})(?:,?\s+(?P<year>{_YEAR}))?{_E}"""
        ),
        _norm_date_range,
        6,
    ),
    # "2010 - 2013", "1998-99"
    _Rule(
        "year-range",
        _r(rf"""{_B}(?P<y1>{_YEAR})\s*(?:[-–—]|/)\s*(?P<y2>{_YEAR}|\d\d)(?![\w-])"""),
        _norm_year_range,
        5,
    ),
    # "June 1989", "February of 1947", "last March", "early September"
    _Rule(
        "month-year",
        _r(rf"""{_B}{_MOD}?(?P<mon>{_MONTH}),?\s+(?:of\s+)?(?P<year>{_YEAR}){_E}"""),
        _norm_month_year,
        2,
    ),
    _Rule(
        "month",
        _r(
            rf"""{_B}{_MOD}?(?:(?P<rel>(?i:last|next|this\s+past|this\s+coming|this|past|coming))
            \s+)?(?P<mon>{_MONTH})(?:\s+(?:of\s+)?(?P<yrel>(?i:this|last|next))\s+(?i:year))?
            (?!\s*\d){_E}"""
        ),
        _norm_month,
        1,
    ),
    # "1998-11-20"
    _Rule(
        "iso-date",
        _r(r"""(?<![\w-])(?P<y>(?:19|20)\d\d)-(?P<mo>[01]\d)-(?P<d>[0-3]\d)(?![\w-])"""),
        _norm_iso,
        3,
    ),
    # "11/20/1998", "20/11/98"
    _Rule(
        "slash-date",
        _r(r"""(?<![\w/.-])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)?\d\d)(?![\w/-])"""),
        _norm_slash,
        3,
    ),
    # "1981", "late 2013", "fiscal 1989", "the summer of 1998", "the first half of 1990"
    _Rule(
        "year",
        _r(
            rf"""{_B}(?:(?P<mod>(?i:early|late|mid|the\s+end\s+of|the\s+beginning\s+of
            |the\s+start\s+of|the\s+middle\s+of|the\s+rest\s+of|the\s+remainder\s+of)
            (?:\s+|-)))?
            (?:(?i:the\s+)?(?P<season>spring|summer|fall|autumn|winter)\s+(?:of\s+)?)?
            (?:(?i:the\s+)?(?P<half>first|second)\s+half\s+of\s+)?
            (?:(?i:fiscal|calendar|the\s+year|the\s+fiscal\s+year|fiscal\s+year|FY)\s*)?
            (?P<year>{_YEAR})(?!['’]?s\b)(?!\s*[-–—/]\s*\d)
            (?!\s+(?:people|persons|men|women|troops|soldiers|workers|jobs|cars|units|shares
            |tons|tonnes|km|kilometers|kilometres|miles|meters|metres|feet|dollars|euros|votes
            |pages|words|hours|employees|members|residents|police|officers|points|rubles
            |yuan|pounds|barrels|acres|seats|students|children|households|homes|cases|deaths
            |[A-Z][a-z]+\s+(?:Ave|Avenue|Street|St|Road|Rd|Boulevard|Blvd|Lane|Drive)\b))
            {_E}"""
        ),
        _norm_year,
        1,
    ),
    # "'98" (needs the century from publication)
    _Rule(
        "short-year",
        _r(
            r"""(?<![\w'’])(?P<lead>(?i:in|since|of|by|from|until|to|and|class\s+of)\s+)
            ['’](?P<yy>\d\d)(?![\w'’-])(?!\s+(?i:hours|days|years|percent))"""
        ),
        _norm_short_year,
        0,
    ),
    # "nineteen ninety-six", "January nineteen ninety-seven", "the year two thousand"
    _Rule(
        "spelled-year",
        _r(
            rf"""(?<![\w-])(?:(?P<mon>{_MONTH})\s+|(?i:the\s+year)\s+)?
            (?P<sy>(?i:nineteen[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty
            |ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven
            |twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)
            |two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine
            |ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen
            |nineteen|twenty))?)){_E}"""
        ),
        _norm_spelled_year,
        2,
    ),
    # "the 1990s", "the early 1980s", "mid-1990s", "the '90s", "the nineties"
    _Rule(
        "decade",
        _r(
            r"""(?<![\w-])(?:(?i:the)\s+)?(?:(?i:early|late|mid)(?:\s+|-))?
            (?P<dec>(?:(?:1[0-9]|20)\d0|['’]\d0|(?<=the\s)\d0)['’]?s|(?i:twenties|thirties
            |forties|fifties|sixties|seventies|eighties|nineties))(?![\w-])"""
        ),
        _norm_decade,
        2,
    ),
    # "the 20th century", "the twenty-first century"
    _Rule(
        "century",
        _r(
            r"""(?<![\w-])(?:(?i:the)\s+)?(?:(?i:early|late|mid)(?:\s+|-))?
            (?P<cent>\d{1,2}(?:st|nd|rd|th)|(?i:eighteenth|nineteenth|twentieth
            |twenty[\s-]first))\s+(?i:century)(?![\w-])"""
        ),
        _norm_century,
        2,
    ),
    # "this summer", "last spring", "the summer"
    _Rule(
        "season",
        _r(
            rf"""(?<![\w-])(?:(?P<mod>(?i:early|late|mid))(?:\s+|-))?
            (?:(?P<rel>(?i:this\s+past|this|last|next))\s+
            |(?i:the)\s+(?=(?:(?:early|late|mid)[\s-]+)?(?:spring|summer|winter)\b))
            (?:(?i:early|late|mid)(?:\s+|-))?(?P<season>(?i:spring|summer|fall|autumn|winter))
            (?:\s+(?:of\s+)?(?P<year>{_YEAR}))?{_E}"""
        ),
        _norm_season,
        1,
    ),
    # "Tuesday", "early Saturday", "last Friday", "Friday evening", "this coming Sunday"
    _Rule(
        "weekday",
        _r(
            rf"""{_B}(?:(?P<mod>(?i:early|late|mid|midday|earlier|later))(?:\s+|-))?{_REL_WD}?
            (?P<wd>{_WEEKDAY}){_PART}?{_E}"""
        ),
        _norm_weekday,
        1,
    ),
    # "today", "yesterday morning", "late yesterday", "tonight", "last night"
    _Rule(
        "deictic-day",
        _r(
            rf"""(?<![\w-])(?:(?P<mod>(?i:early|late|mid|midday|earlier|later))(?:\s+|-))?
            (?P<deic>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today
            |tonight|tomorrow|yesterday|last\s+night|this\s+morning|this\s+afternoon
            |this\s+evening)){_PART}?{_E}"""
        ),
        _norm_deictic_day,
        1,
    ),
    # "Christmas", "Thanksgiving", "Easter 2020"
    _Rule(
        "holiday",
        _r(
            rf"""(?<![\w-])(?:(?P<rel>(?i:last|next|this))\s+)?(?P<hol>New\s+Year['’]s\s+(?:Day|Eve)
            |Valentine['’]s\s+Day|Independence\s+Day|Fourth\s+of\s+July|Halloween
            |Christmas(?:\s+(?:Eve|Day))?|Thanksgiving(?:\s+Day)?|Labor\s+Day|Memorial\s+Day
            |Easter(?:\s+Sunday)?)(?:,?\s+(?P<year>{_YEAR}))?(?![\w-])"""
        ),
        _norm_holiday,
        1,
    ),
    # "the previous day", "the next day", "the day before", "that day"
    _Rule(
        "anaphoric-day",
        _r(
            r"""(?<![\w-])(?P<ana>(?i:the\s+previous\s+day|the\s+preceding\s+day
            |the\s+prior\s+day|the\s+next\s+day|the\s+following\s+day|the\s+day\s+before
            |the\s+day\s+after|a\s+day\s+earlier|a\s+day\s+later|one\s+day\s+earlier
            |one\s+day\s+later|the\s+same\s+day))(?![\w-])"""
        ),
        _norm_anaphoric_day,
        3,
    ),
    # "last week", "earlier this month", "late last week", "the previous year", "next year"
    _Rule(
        "relative-unit",
        _r(
            r"""(?<![\w-])(?:(?i:early|late|mid|earlier|later|the\s+end\s+of|the\s+beginning\s+of
            |the\s+start\s+of|the\s+middle\s+of|the\s+rest\s+of|the\s+remainder\s+of
            |the\s+first\s+half\s+of|the\s+second\s+half\s+of)(?:\s+|-))?
            (?:(?P<det>(?i:the))\s+)?
            (?P<rel>(?i:last|past|previous|prior|preceding|next|coming|following|this\s+past
            |this\s+coming|this|current|same|latest|most\s+recent))\s+
            (?P<unit>(?i:week|weekend|month|year|quarter|decade|century|fiscal\s+year))
            (?![\w-])(?!\s+(?:or|and)\s+(?:so|two|three))"""
        ),
        _norm_relative_unit,
        2,
    ),
    # "earlier this year" with "in": "earlier in the year", "later in the month"
    _Rule(
        "in-the-unit",
        _r(
            r"""(?<![\w-])(?:(?i:earlier|later)\s+in\s+)(?P<rel>(?i:the))\s+
            (?P<unit>(?i:week|month|year))(?![\w-])"""
        ),
        _norm_in_the_unit,
        2,
    ),
    # "the full year", "the fiscal year", "year-end", "the end of the month"
    _Rule(
        "this-unit",
        _r(
            r"""(?<![\w-])(?:(?i:the\s+(?:full|fiscal|calendar|current\s+fiscal)\s+year)
            (?P<y>)|(?i:year[\s-]end)(?P<y2>)|(?i:the\s+end\s+of\s+the\s+(?:year(?P<y3>)|month)))
            (?![\w-])"""
        ),
        _norm_this_unit,
        1,
    ),
    # "the weekend"
    _Rule(
        "the-weekend",
        _r(r"""(?<![\w-])(?P<det>(?i:the))\s+(?P<rel>)(?P<unit>(?i:weekend))(?![\w-])"""),
        _norm_relative_unit,
        1,
    ),
    # "20 years ago", "a year earlier", "three days later", "two weeks from now"
    _Rule(
        "ago",
        _r(
            rf"""(?<![\w-])(?:(?i:nearly|almost|about|around|roughly|some|more\s+than
            |less\s+than|just|only|over|exactly)\s+)?
            (?:(?P<num>{_NUM}|(?i:{_VAGUE_NUM}|an?))[\s-]+)?(?P<unit>(?i:{_UNITS_RE}))\s+
            (?P<dir>(?i:ago|earlier|later|from\s+now|hence|back))(?![\w-])"""
        ),
        _norm_ago,
        3,
    ),
    # "year-earlier", "the year-ago quarter", "the comparable year-earlier period"
    _Rule(
        "year-ago",
        _r(
            r"""(?<![\w-])(?P<lead>(?i:the|a)\s+)?(?:(?i:comparable|same)\s+)?
            (?i:year[\s-](?:earlier|ago))(?:\s+(?:(?P<ord>(?i:first|second|third|fourth))
            [\s-]+)?(?P<noun>(?i:quarter|period)))?(?![\w-])"""
        ),
        _norm_year_ago,
        2,
    ),
    # "26 years", "the past two months", "a week", "nearly an hour", "two-year", "10 days"
    _Rule(
        "duration",
        _r(
            rf"""(?<![\w$£€.,-])(?P<lead>{_APPROX}{{0,2}})(?:(?P<num>{_NUM}|(?i:{_VAGUE_NUM}|an?))
            (?P<sep>[\s-]+))
            (?:(?P<half>(?i:and\s+a\s+half))\s+)?(?:(?i:more|additional|full|long|straight
            |consecutive|calendar|business|trading|working)\s+)?
            (?P<unit>(?i:{_UNITS_RE}))(?:\s+(?P<half2>(?i:and\s+a\s+half)))?
            (?!-old|\s+old\b|-olds)(?![\w-])"""
        ),
        _norm_duration,
        1,
    ),
    # "years", "months", "recent years", "the past few months"
    _Rule(
        "bare-units",
        _r(
            r"""(?<![\w-])(?<!\d\s)(?:(?i:recent|past|the\s+past|the\s+last|the\s+coming
            |the\s+next)\s+)?(?P<unit>(?i:minutes|hours|days|weeks|months|years|decades
            |centuries))(?![\w-])(?!\s+old\b)"""
        ),
        _norm_bare_units,
        0,
    ),
    # "the third quarter", "third-quarter", "the first half of 1990", "the fiscal first quarter"
    _Rule(
        "quarter",
        _r(
            rf"""(?<![\w-])(?P<lead>(?i:the|this|last|next|that)\s+)?
            (?:(?P<rel>(?i:last\s+year['’]s|next\s+year['’]s|this\s+year['’]s|year-earlier
            |year-ago|year\s+earlier|latest|current|comparable|same))\s+)?
            (?:(?P<year2>{_YEAR})\s+)?(?:(?i:fiscal)[\s-]+)?
            (?P<ord>(?i:first|second|third|fourth|1st|2nd|3rd|4th))(?P<sep>[\s-]+)
            (?:(?i:fiscal)[\s-]+)?(?P<unit>(?i:quarter|half))
            (?:\s+(?:of\s+)?(?:(?i:fiscal)\s+)?(?P<year>{_YEAR}))?(?![\w-])"""
        ),
        _norm_quarter,
        3,
    ),
    # "the quarter", "the latest quarter", "the year-ago quarter"
    _Rule(
        "the-quarter",
        _r(
            r"""(?<![\w-])(?i:the|that)\s+(?:(?i:latest|most\s+recent|recent|comparable)\s+)?
            (?i:quarter)(?![\w-])|(?<![\w-])(?i:the\s+latest\s+period)(?![\w-])"""
        ),
        _norm_the_quarter,
        1,
    ),
    # "now", "currently", "recently", "the past", "the future"
    _Rule(
        "vague",
        _r(
            r"""(?<![\w-])(?P<vague>(?i:right\s+now|now|currently|at\s+present|presently
            |nowadays|these\s+days|recently|more\s+recently|lately
            |the\s+past(?!\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten
            |week|month|year|day|decade|quarter|century|hour))
            |the\s+near\s+future|the\s+future|the\s+near\s+term|the\s+short\s+term
            |(?:the\s+)?(?:coming|future)\s+(?:days|weeks|months|quarters|years)))(?![\w-])
            (?!\s*(?:that|of)\b)"""
        ),
        _norm_vague,
        0,
    ),
    # "each year", "every Monday", "annually"
    _Rule(
        "set",
        _r(
            r"""(?<![\w-])(?P<set>(?i:(?:each|every)\s+(?:day|week|month|quarter|year|monday
            |tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april
            |may|june|july|august|september|october|november|december)|hourly|nightly))
            (?![\w-])"""
        ),
        _norm_set,
        2,
    ),
    # "5 p.m.", "10 p.m. Wednesday", "noon Thursday", "5 p.m. EST Nov. 9", "7:15 p.m."
    _Rule(
        "clock",
        _r(
            rf"""(?<![\w:.-])(?:(?i:around|about|approximately|shortly\s+(?:before|after))\s+)?
            (?:(?P<word>(?i:noon|midnight))|(?P<h>[01]?\d|2[0-4])(?::(?P<min>[0-5]\d))?\s*
            (?P<ampm>(?i:a\.m\.?|p\.m\.?|am|pm)(?![\w])|(?i:o['’]clock)))
            (?:\s+(?:(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CET|CEST|MSK)\b|
            (?i:local\s+time)))?
            (?:,?\s+(?:(?P<wd>{_WEEKDAY})|(?P<mon>{_MONTH})\s+(?P<day>{_DAY})
            |(?P<deic>(?i:today|yesterday|tomorrow))))?(?![\w-])"""
        ),
        _norm_clock,
        3,
    ),
    # "this morning" is in deictic-day; "overnight", "the morning"
    _Rule(
        "part-of-day",
        _r(r"""(?<![\w-])(?:(?i:mid)[\s-]*)?(?P<part>(?i:overnight))(?![\w-])"""),
        _norm_part_of_day,
        0,
    ),
]


# Words a rule cannot match without (lower case): a rule whose words are all absent from
# the text is skipped, which saves most of the scanning on an ordinary article.
_NEEDS: dict[str, tuple[str, ...]] = {
    "year-range": ("-", "–", "—", "/"),
    "iso-date": ("-",),
    "slash-date": ("/",),
    "short-year": ("'", "’"),
    "spelled-year": ("nineteen", "thousand"),
    "decade": ("0s", "0's", "0’s", "ties"),
    "century": ("century",),
    "season": ("spring", "summer", "fall", "autumn", "winter"),
    "weekday": ("day",),
    "deictic-day": ("day", "night", "tomorrow", "this morning", "this afternoon", "this evening"),
    "anaphoric-day": ("day",),
    "relative-unit": ("week", "month", "year", "quarter", "decade", "century"),
    "in-the-unit": ("earlier in", "later in"),
    "this-unit": ("year", "the end of the month"),
    "the-weekend": ("weekend",),
    "ago": ("ago", "earlier", "later", "from now", "hence", "back"),
    "year-ago": ("year",),
    "bare-units": ("minutes", "hours", "days", "weeks", "months", "years", "decades", "centuries"),
    "quarter": ("quarter", "half"),
    "the-quarter": ("quarter", "latest period"),
    "vague": ("now", "current", "present", "days", "recent", "lately", "past", "future", "term",
              "coming"),
    "set": ("each", "every", "hourly", "nightly"),
    "clock": ("am", "a.m", "pm", "p.m", "noon", "midnight", "o'clock", "o’clock"),
    "part-of-day": ("overnight",),
    "holiday": ("new year", "valentine", "independence", "july", "halloween", "christmas",
                "thanksgiving", "labor day", "memorial day", "easter"),
}  # fmt: skip


# --------------------------------------------------------------------------- extraction


def _year_only_missing(c: _Cand, norm: _Norm) -> bool:
    """Whether only the year came from the (missing) publication date: a month and day."""
    return (
        c.rule.normalise is _norm_month_day
        and norm.granularity == "day"
        and not _g(c.match, "year")
        and not _g(c.match, "rel")
        and not _g(c.match, "yrel")
    )


def _candidates(text: str, start: int, end: int, ctx: _Ctx) -> list[_Cand]:
    # matching on the whole text with pos/endpos keeps offsets absolute; endpos makes the
    # span's end a hard boundary
    out: list[_Cand] = []
    lower = text[start:end].lower()
    for rule in _RULES:
        needs = _NEEDS.get(rule.name)
        if needs and not any(word in lower for word in needs):
            continue
        for m in rule.pattern.finditer(text, start, end):
            if m.end() > m.start():
                out.append(_Cand(m.start(), m.end(), rule, m, _Norm(None, "")))
    return out


def _select(cands: list[_Cand], size: int) -> list[_Cand]:
    """Longest first, then higher priority; no two chosen expressions overlap."""
    ranked = sorted(cands, key=lambda c: (-(c.end - c.start), -c.rule.priority, c.start))
    taken = bytearray(size)
    chosen: list[_Cand] = []
    for c in ranked:
        if any(taken[c.start : c.end]):
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


_TRIM_TRAILING = re.compile(r"[\s,]+$")


def extract_times(
    article_id: str,
    text: str,
    published: date | None,
    spans: Sequence[tuple[int, int]] | None = None,
) -> list[TimeExpr]:
    """Every temporal expression in ``text`` (inside ``spans`` when given), normalised.

    Offsets always index ``text``. See the module docstring for values, granularities and
    how relative expressions resolve against ``published``.
    """
    if isinstance(published, datetime):
        published = published.date()  # a datetime would leak its clock into day values
    regions = list(spans) if spans is not None else [(0, len(text))]
    ctx = _Ctx(text=text, published=published, sentence_starts=_sentence_starts(text))
    cands: list[_Cand] = []
    for s, e in regions:
        cands.extend(_candidates(text, max(0, s), min(len(text), e), ctx))
    # a first pass in text order normalises every candidate (a rule may reject its match,
    # e.g. "May" as a verb) so that selection only sees real expressions
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Cand] = []
    for c in cands:
        ctx.used_pub = False
        norm = c.rule.normalise(c.match, ctx)
        if norm is None:
            continue
        c.norm = norm
        kept.append(c)
    chosen = _select(kept, len(text))
    # second pass in text order with document memory (the quarter and the date last named)
    ctx.last_quarter = None
    out: list[TimeExpr] = []
    for c in chosen:
        ctx.used_pub = False
        norm = c.rule.normalise(c.match, ctx) or c.norm
        relative = ctx.used_pub
        ctx.remember(norm, relative)
        start, end = c.start, c.start + len(_TRIM_TRAILING.sub("", c.match.group(0)))
        if norm.drop_lead and _g(c.match, "lead"):
            start = c.match.end("lead")
        if norm.reason is not None:
            value, resolved = None, f"unresolved: {norm.reason}"
        elif relative and published is None and _year_only_missing(c, norm):
            # "April 17" without a year or publication date: TIMEX3's underspecified form
            value, resolved = "XXXX" + (norm.value or "")[4:10], YEAR_UNKNOWN
        elif relative and published is None:
            value, resolved = None, NO_DATE
        else:
            value, resolved = norm.value, PUBLICATION if relative else ABSOLUTE
        out.append(
            TimeExpr(
                article_id=article_id,
                start=start,
                end=end,
                text=text[start:end],
                value=value,
                granularity=norm.granularity,
                resolved_from=resolved,
            )
        )
    return out
