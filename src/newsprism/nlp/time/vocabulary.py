"""The time stage's vocabulary: word tables read once from ``data/time/``, and the regular
expression fragments the rules are built from."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any


@cache
def _table(name: str) -> dict[str, Any]:
    with resources.files("newsprism.data").joinpath(f"time/{name}").open("rb") as handle:
        return tomllib.load(handle)


def _ints(name: str, key: str) -> dict[str, int]:
    return {str(k): int(v) for k, v in _table(name)[key].items()}


def _strs(name: str, key: str) -> dict[str, str]:
    return {str(k): str(v) for k, v in _table(name)[key].items()}


_MONTHS = _ints("calendar.toml", "months")
_WEEKDAYS = _ints("calendar.toml", "weekdays")
_ONES = _ints("numbers.toml", "ones")
_TENS = _ints("numbers.toml", "tens")
_COUNTS = _ints("numbers.toml", "counts")
"""Counts read as a whole ("a dozen", "a couple of")."""
_ORDINALS = _ints("numbers.toml", "ordinals")
_DECADE_WORDS = _ints("numbers.toml", "decades")
_CENTURY_WORDS = _ints("numbers.toml", "centuries")
_SEASONS = _strs("calendar.toml", "seasons")
_PARTS_OF_DAY = _strs("calendar.toml", "parts_of_day")
_DEICTIC_DAYS = _ints("calendar.toml", "deictic_days")
_ANAPHORIC_BEFORE = tuple(str(w) for w in _table("calendar.toml")["anaphoric_before"])
_FIXED_HOLIDAYS = {
    str(k): (int(v[0]), int(v[1])) for k, v in _table("calendar.toml")["fixed_holidays"].items()
}
_HOLIDAY_ALIASES = _strs("calendar.toml", "holiday_aliases")
# TIMEX3 unit letters; decade, century and millennium are whole years when the count is known
_UNITS = {
    str(k): (str(v["letter"]), bool(v["time"])) for k, v in _table("units.toml")["units"].items()
}
_SET_ADVERBS = _strs("units.toml", "set_adverbs")
_NOT_PAST = frozenset(str(w) for w in _table("tense.toml")["not_past"])
_NEEDS = {str(k): tuple(str(w) for w in v) for k, v in _table("rules.toml")["needs"].items()}
"""Words a rule cannot match without (lower case), by rule name."""


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
    if s in _COUNTS:
        return _COUNTS[s]
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
