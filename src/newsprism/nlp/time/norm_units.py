"""Normalisers of units: relative and counted units ("last week", "20 years ago"), durations,
quarters, vague references, sets and clock times."""

from __future__ import annotations

import re
from datetime import timedelta

from newsprism.nlp.time.context import _LEVELS, _TENSE_WINDOW, _Ctx
from newsprism.nlp.time.dates import _last_completed_quarter, _quarter, _shift, _week
from newsprism.nlp.time.norm_calendar import _g, _norm_month_day, _norm_weekday
from newsprism.nlp.time.results import _Norm
from newsprism.nlp.time.vocabulary import (
    _MONTHS,
    _ORDINALS,
    _PARTS_OF_DAY,
    _SET_ADVERBS,
    _UNITS,
    _VAGUE_NUM,
    _WEEKDAYS,
    _fmt_num,
    _number,
)


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
    if word in _SET_ADVERBS:
        return _Norm(_SET_ADVERBS[word], "set")
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
