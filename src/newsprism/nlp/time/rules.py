"""The rules: one regular expression per kind of expression, its normaliser and its priority
(between matches of the same length)."""

from __future__ import annotations

import re

from newsprism.nlp.time.norm_calendar import (
    _norm_anaphoric_day,
    _norm_century,
    _norm_date_range,
    _norm_day_range,
    _norm_decade,
    _norm_deictic_day,
    _norm_holiday,
    _norm_iso,
    _norm_month,
    _norm_month_day,
    _norm_month_year,
    _norm_season,
    _norm_short_year,
    _norm_slash,
    _norm_spelled_year,
    _norm_weekday,
    _norm_year,
    _norm_year_range,
)
from newsprism.nlp.time.norm_units import (
    _norm_ago,
    _norm_bare_units,
    _norm_clock,
    _norm_duration,
    _norm_in_the_unit,
    _norm_part_of_day,
    _norm_quarter,
    _norm_relative_unit,
    _norm_set,
    _norm_the_quarter,
    _norm_this_unit,
    _norm_vague,
    _norm_year_ago,
)
from newsprism.nlp.time.results import _Rule
from newsprism.nlp.time.vocabulary import (
    _APPROX,
    _DATE_MOD,
    _DAY,
    _MONTH,
    _NUM,
    _UNITS_RE,
    _VAGUE_NUM,
    _WEEKDAY,
    _YEAR,
)


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
