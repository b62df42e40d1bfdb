"""What a rule gives: a normalised value, and the rule and match it came from."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsprism.nlp.time.context import _Ctx

ABSOLUTE = "absolute"
PUBLICATION = "publication date"
NO_DATE = "unresolved: no publication date"
YEAR_UNKNOWN = "partial: year unknown (no publication date)"
"""A month and day named without a year in an undated article get the value XXXX-MM-DD."""


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
