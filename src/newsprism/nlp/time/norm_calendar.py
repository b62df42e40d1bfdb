"""Normalisers of named dates: month-days, ranges, years, decades, centuries, seasons, weekdays,
deictic and anaphoric days, holidays. Each takes a rule's match and the context, and gives a
value (or None to reject the match)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from newsprism.nlp.time.context import _Ctx
from newsprism.nlp.time.dates import _safe_date
from newsprism.nlp.time.results import _Norm
from newsprism.nlp.time.vocabulary import (
    _ANAPHORIC_BEFORE,
    _CENTURY_WORDS,
    _DECADE_WORDS,
    _DEICTIC_DAYS,
    _FIXED_HOLIDAYS,
    _HOLIDAY_ALIASES,
    _MONTH,
    _MONTHS,
    _PARTS_OF_DAY,
    _SEASONS,
    _WEEKDAYS,
    _number,
)


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
    return _Norm(f"19{_DECADE_WORDS[raw.lower()]}", "decade")


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
    d = ctx.pub + timedelta(days=_DEICTIC_DAYS[word])
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
    offset = -1 if any(w in word for w in _ANAPHORIC_BEFORE) else 1
    if "same day" in word or word == "that day":
        offset = 0
    d = ctx.anchor("day") + timedelta(days=offset)
    return _Norm(d.isoformat(), "day")


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
    name = _HOLIDAY_ALIASES.get(name, name)
    raw_year = _g(m, "year")
    if raw_year:
        year = int(raw_year)
    else:
        rough = _holiday_date(name, ctx.pub.year)
        year = _guess_year(ctx, rough.month, m, rough.day)
    return _Norm(_holiday_date(name, year).isoformat(), "day")
