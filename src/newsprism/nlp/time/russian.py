"""Russian and Ukrainian time expressions, normalised against the publication date like the
English ones (one rule set: the two languages' words rarely meet in one text).

Dates ("17 апреля", "17 апреля 2020 года", "17.04.2020"), months and years ("в апреле", "в
2019 году"), weekdays ("в пятницу", "в прошлую пятницу": the last one before publication,
a week earlier with "прошлый"), deictic days ("вчера", "сегодня", "накануне", "позавчера",
"завтра"), units relative to the publication ("на прошлой неделе", "в прошлом месяце", "в
этом году", "в следующем году", "три дня назад"). Russian inflects all of these, so each rule
lists the forms news uses; the values and granularities are those of nlp/time (ISO 8601;
day, week, month, year), and ``resolved_from`` says whether the publication date was used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from newsprism.records import TimeExpr

MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    # Ukrainian
    "січ": 1, "лют": 2, "берез": 3, "квіт": 4, "трав": 5, "черв": 6, "лип": 7, "серп": 8,
    "верес": 9, "жовт": 10, "листопад": 11, "груд": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>январ[яеь]|феврал[яеь]|марта?|марте|апрел[яеь]|ма[яйе]|июн[яеь]|июл[яеь]|"
    r"августа?|августе|сентябр[яеь]|октябр[яеь]|ноябр[яеь]|декабр[яеь]|"
    r"січ(?:ня|ні|ень)|лют(?:ого|ому|ий)|берез(?:ня|ні|ень)|квіт(?:ня|ні|ень)|"
    r"трав(?:ня|ні|ень)|черв(?:ня|ні|ень)|лип(?:ня|ні|ень)|серп(?:ня|ні|ень)|"
    r"верес(?:ня|ні|ень)|жовт(?:ня|ні|ень)|листопад(?:а|і)?|груд(?:ня|ні|ень))"
)
WEEKDAYS = {
    "понедельник": 0, "вторник": 1, "сред": 2, "четверг": 3, "пятниц": 4, "суббот": 5,
    "воскресень": 6,
    "понеділ": 0, "вівтор": 1, "серед": 2, "четвер": 3, "п'ятниц": 4, "п’ятниц": 4, "субот": 5,
    "неділ": 6,
}  # fmt: skip
_WEEKDAY = (
    r"(?P<weekday>понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье|"
    r"понеділок|вівторок|середу|четвер|п['’]ятницю|суботу|неділю)"
)
_NUMBERS = {
    "один": 1, "одну": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
    "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
    "дві": 2, "чотири": 4, "п'ять": 5, "п’ять": 5, "шість": 6, "сім": 7, "вісім": 8,
    "дев'ять": 9, "дев’ять": 9,
}  # fmt: skip
_DEICTIC = {"позавчера": -2, "вчера": -1, "сегодня": 0, "накануне": -1, "завтра": 1,
            "послезавтра": 2,
            "позавчора": -2, "вчора": -1, "учора": -1, "сьогодні": 0, "напередодні": -1,
            "післязавтра": 2}  # fmt: skip
_FLAGS = re.IGNORECASE | re.UNICODE
_B = r"(?<![\w-])"
_E = r"(?![\w-])"

PUBLICATION = "publication date"
ABSOLUTE = "absolute"
NO_DATE = "unresolved: no publication date"


def _month(word: str) -> int:
    word = word.lower()
    return next(n for stem, n in sorted(MONTHS.items(), key=lambda x: -len(x[0]))
                if word.startswith(stem))  # fmt: skip


def _weekday(word: str) -> int:
    word = word.lower()
    return next(n for stem, n in WEEKDAYS.items() if word.startswith(stem))


Rule = tuple[re.Pattern[str], Callable[[re.Match[str], date | None], tuple[str | None, str, str]]]


def _full_date(m: re.Match[str], published: date | None) -> tuple[str | None, str, str]:
    day, month = int(m["day"]), _month(m["month"])
    if m["year"]:
        return _iso(int(m["year"]), month, day), "day", ABSOLUTE
    if published is None:
        return None, "day", NO_DATE
    year = published.year
    # a date months ahead of the publication without a year is last year's ("17 декабря"
    # in a January paper); news reports the past far more than it announces
    if date(year, month, min(day, 28)) > published + timedelta(days=60):
        year -= 1
    return _iso(year, month, day), "day", PUBLICATION


def _numeric_date(m: re.Match[str], published: date | None) -> tuple[str | None, str, str]:
    return _iso(int(m["year"]), int(m["month"]), int(m["day"])), "day", ABSOLUTE


def _month_only(m: re.Match[str], published: date | None) -> tuple[str | None, str, str]:
    month = _month(m["month"])
    if m["year"]:
        return f"{int(m['year']):04d}-{month:02d}", "month", ABSOLUTE
    if published is None:
        return None, "month", NO_DATE
    year = published.year - (1 if month > published.month + 2 else 0)
    return f"{year:04d}-{month:02d}", "month", PUBLICATION


def _year(m: re.Match[str], published: date | None) -> tuple[str | None, str, str]:
    return f"{int(m['year']):04d}", "year", ABSOLUTE


def _weekday_rule(m: re.Match[str], published: date | None) -> tuple[str | None, str, str]:
    if published is None:
        return None, "day", NO_DATE
    target = _weekday(m["weekday"])
    back = (published.weekday() - target) % 7
    if m["last"] and back == 0:
        back = 7
    if m["last"] and published.weekday() > target:
        back += 7  # "в прошлую пятницу" on a Saturday: the Friday of the week before
    return (published - timedelta(days=back)).isoformat(), "day", PUBLICATION


def _deictic(m: re.Match[str], published: date | None) -> tuple[str | None, str, str]:
    if published is None:
        return None, "day", NO_DATE
    shift = _DEICTIC[m["word"].lower()]
    return (published + timedelta(days=shift)).isoformat(), "day", PUBLICATION


_UNITS = {"недел": "week", "месяц": "month", "год": "year", "тижн": "week", "тижд": "week",
          "місяц": "month", "рок": "year", "році": "year"}  # fmt: skip
_WHICH = {"прошл": -1, "этот": 0, "этой": 0, "этом": 0, "текущ": 0, "нынешн": 0, "следующ": 1,
          "будущ": 1, "минул": -1, "цьому": 0, "цього": 0, "цій": 0, "поточн": 0,
          "наступн": 1}  # fmt: skip


def _relative_unit(m: re.Match[str], published: date | None) -> tuple[str | None, str, str]:
    unit = next(u for stem, u in _UNITS.items() if m["unit"].lower().startswith(stem))
    shift = next(v for stem, v in _WHICH.items() if m["which"].lower().startswith(stem))
    if published is None:
        return None, unit, NO_DATE
    return _shifted(published, unit, shift), unit, PUBLICATION


_AGO_UNITS = (
    ("д", "day"), ("недел", "week"), ("месяц", "month"), ("год", "year"), ("лет", "year"),
    ("тижн", "week"), ("тижд", "week"), ("місяц", "month"), ("рок", "year"), ("рік", "year"),
)  # fmt: skip


def _ago(m: re.Match[str], published: date | None) -> tuple[str | None, str, str]:
    raw = m["count"].lower()
    count = int(raw) if raw.isdigit() else _NUMBERS.get(raw, 1)
    word = m["unit"].lower()
    unit = next(u for stem, u in _AGO_UNITS if word.startswith(stem))
    if published is None:
        return None, unit, NO_DATE
    if unit == "day":
        return (published - timedelta(days=count)).isoformat(), "day", PUBLICATION
    return _shifted(published, unit, -count), unit, PUBLICATION


def _shifted(published: date, unit: str, shift: int) -> str:
    if unit == "week":
        year, week, _ = (published + timedelta(weeks=shift)).isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "month":
        month = published.month - 1 + shift
        return f"{published.year + month // 12:04d}-{month % 12 + 1:02d}"
    return f"{published.year + shift:04d}"


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_WHICH_WORDS = (
    r"(?P<which>прошлой|этой|текущей|следующей|будущей|прошлом|этом|текущем|нынешнем|"
    r"следующем|будущем|минулого|минулому|минулій|цього|цьому|цій|поточного|поточному|"
    r"наступного|наступному|наступній)"
)
_COUNT = (
    r"(?P<count>\d+|один|одну|два|две|дві|три|четыре|чотири|пять|п['’]ять|шесть|шість|семь|"
    r"сім|восемь|вісім|девять|дев['’]ять|десять)"
)
_AGO_UNIT = (
    r"(?P<unit>дн(?:я|ей|і|ів)|день|недел[иью]|месяц(?:а|ев)?|год(?:а)?|лет|тижн(?:і|ів)|"
    r"тиждень|місяц(?:і|ів|ь)|рок(?:и|ів)|рік)"
)
RULES: tuple[Rule, ...] = tuple(
    (re.compile(_B + pattern + _E, _FLAGS), normalise)
    for pattern, normalise in (
        (rf"(?P<day>[0-3]?\d)\s+{_MONTH}(?:\s+{_YEAR}(?:\s*(?:года|року|г\.|р\.))?)?", _full_date),
        (rf"(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.{_YEAR}", _numeric_date),
        (rf"[ву]\s+{_MONTH}(?:\s+{_YEAR}\s+(?:года|року))?", _month_only),
        (rf"(?:[ву]\s+)?{_YEAR}\s+(?:году|года|році|року|г\.|р\.)", _year),
        (
            rf"(?:в(?:о)?|у)\s+(?P<last>(?:прошл(?:ый|ую|ое)|минул(?:ий|у|ого))\s+)?{_WEEKDAY}",
            _weekday_rule,
        ),
        (
            r"(?P<word>позавчера|вчера|сегодня|накануне|послезавтра|завтра|позавчора|вчора|учора|"
            r"сьогодні|напередодні|післязавтра)",
            _deictic,
        ),
        (
            rf"(?:на|в|у)\s+{_WHICH_WORDS}\s+(?P<unit>неделе|месяце|году|тижні|місяці|році)",
            _relative_unit,
        ),
        (rf"{_WHICH_WORDS}\s+(?P<unit>тижня|місяця|року)", _relative_unit),
        (rf"{_COUNT}\s+{_AGO_UNIT}\s+(?:назад|тому)", _ago),
    )
)
"""Longest first where two match at one place: a full date before its month."""


def extract_times_ru(
    article_id: str,
    text: str,
    published: date | None,
    spans: tuple[tuple[int, int], ...] | None = None,
) -> list[TimeExpr]:
    """Russian time expressions in ``text`` (inside ``spans`` when given)."""
    regions = list(spans) if spans is not None else [(0, len(text))]
    found: list[tuple[int, int, str | None, str, str]] = []
    for start, end in regions:
        for pattern, normalise in RULES:
            for m in pattern.finditer(text, start, end):
                value, granularity, how = normalise(m, published)
                found.append((m.start(), m.end(), value, granularity, how))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[TimeExpr] = []
    last_end = -1
    for start, end, value, granularity, how in found:
        if start < last_end:
            continue  # inside a longer expression already taken
        last_end = end
        if value is None and how != NO_DATE:
            how = "unresolved: not a calendar date"
        out.append(TimeExpr(article_id, start, end, text[start:end], value, granularity, how))
    return out
