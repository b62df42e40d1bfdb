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

The package: ``vocabulary`` (the word tables of ``data/time/``, read once, and the pattern
fragments), ``dates`` (calendar arithmetic), ``context`` (sentences, tense cues, the dates named
so far), ``results``, the normalisers (``norm_calendar``, ``norm_units``), ``rules`` and
``extract`` (the stage).
"""

from newsprism.nlp.time.extract import extract_times
from newsprism.nlp.time.results import ABSOLUTE, NO_DATE, PUBLICATION, YEAR_UNKNOWN

STAGE = "time.v1"

__all__ = ["ABSOLUTE", "NO_DATE", "PUBLICATION", "STAGE", "YEAR_UNKNOWN", "extract_times"]
