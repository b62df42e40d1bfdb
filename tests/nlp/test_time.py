"""The time stage on the example corpus and on hand-made cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsprism.nlp.time import NO_DATE, YEAR_UNKNOWN, extract_times
from newsprism.records import TimeExpr

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PUBLISHED = {
    "000": None,
    "001": None,
    "002": date(2020, 9, 14),
    "003": date(2020, 9, 3),
    "004": date(2024, 3, 26),
}


def _article(number: str) -> tuple[str, list[TimeExpr]]:
    path = next(EXAMPLES.glob(f"{number}_*.txt"))
    text = path.read_text(encoding="utf-8")
    return text, extract_times(number, text, PUBLISHED[number])


def _find(number: str, phrase: str, after: str = "") -> TimeExpr:
    """The expression whose text is ``phrase``, first after the context ``after``."""
    text, times = _article(number)
    origin = text.index(after) if after else 0
    for t in times:
        if t.text == phrase and t.start >= origin:
            return t
    raise AssertionError(f"{phrase!r} not found in {number}: {[t.text for t in times]}")


def _one(text: str, published: date | None = date(2020, 9, 14)) -> TimeExpr:
    times = extract_times("a", text, published)
    assert len(times) == 1, times
    return times[0]


@pytest.mark.parametrize("number", sorted(PUBLISHED))
def test_offsets_index_the_text(number: str) -> None:
    text, times = _article(number)
    assert times
    for t in times:
        assert t.article_id == number
        assert text[t.start : t.end] == t.text
    assert [t.start for t in times] == sorted(t.start for t in times)


# 003: RFE/RL, Thursday 3 September 2020


def test_003_days_against_publication() -> None:
    t = _find("003", "September 2", after="said in Moscow on")
    assert (t.value, t.granularity, t.resolved_from) == ("2020-09-02", "day", "publication date")
    assert _find("003", "August 28").value == "2020-08-28"


def test_003_last_week_is_the_iso_week_before() -> None:
    t = _find("003", "last week")
    assert (t.value, t.granularity) == ("2020-W35", "week")


def test_003_duration() -> None:
    t = _find("003", "26 years")
    assert (t.value, t.granularity, t.resolved_from) == ("P26Y", "duration", "absolute")
    assert _find("003", "10 days").value == "P10D"


def test_003_the_previous_day() -> None:
    t = _find("003", "the previous day")
    assert (t.value, t.granularity) == ("2020-09-02", "day")


def test_003_preposition_stays_out_of_the_extent() -> None:
    t = _find("003", "the next two weeks")  # "within the next two weeks"
    assert (t.value, t.granularity) == ("P2W", "duration")


# 002: Global Research, Monday 14 September 2020


def test_002_ranges() -> None:
    t = _find("002", "14 to 25 September")  # "from 14 to 25 September"
    assert (t.value, t.granularity) == ("2020-09-14/2020-09-25", "range")
    t = _find("002", "September 13 – 25")
    assert (t.value, t.granularity) == ("2020-09-13/2020-09-25", "range")
    t = _find("002", "2010 - 2013")
    assert (t.value, t.granularity, t.resolved_from) == ("2010/2013", "range", "absolute")


def test_002_days() -> None:
    assert _find("002", "September 13", after="(September").value == "2020-09-13"
    # the Sunday in "on Sunday (September 13)" is the one the parenthesis names
    assert _find("002", "Sunday", after="Amari airbase").value == "2020-09-13"
    # rule: the publication's own weekday is the publication day, whatever the tense
    assert _find("002", "Monday", after="On ").value == "2020-09-14"


def test_002_future_date_stays_in_the_publication_year() -> None:
    t = _find("002", "November 3")
    assert (t.value, t.granularity, t.resolved_from) == ("2020-11-03", "day", "publication date")


def test_002_years() -> None:
    for year in ("1999", "2015"):
        t = _find("002", year)
        assert (t.value, t.granularity, t.resolved_from) == (year, "year", "absolute")
    assert _find("002", "late 2013").value == "2013"
    assert _find("002", "early 2014").value == "2014"


# 004: The Moscow Times, Tuesday 26 March 2024


def test_004_weekdays() -> None:
    assert _find("004", "Tuesday").value == "2024-03-26"
    t = _find("004", "early Saturday")
    assert (t.value, t.granularity) == ("2024-03-23", "day")
    assert _find("004", "earlier Tuesday").value == "2024-03-26"


def test_004_late_last_week() -> None:
    t = _find("004", "late last week")
    assert (t.value, t.granularity) == ("2024-W12", "week")  # the week of Monday 18 March


def test_004_year_and_hours() -> None:
    assert _find("004", "2004").value == "2004"
    assert _find("004", "19 hours").value == "PT19H"


# 000 and 001 carry no publication date


def test_000_relative_expressions_stay_unresolved() -> None:
    for phrase in ("Friday", "20 years ago"):
        t = _find("000", phrase)
        assert (t.value, t.resolved_from) == (None, NO_DATE), t
    # a month and day keep what they say; only the year is unknown
    t = _find("000", "April 17")
    assert (t.value, t.resolved_from) == ("XXXX-04-17", YEAR_UNKNOWN), t
    assert _find("000", "20 years ago").granularity == "year"
    assert _find("000", "12 years").value == "P12Y"  # a duration needs no date


def test_001_year_is_absolute() -> None:
    t = _find("001", "1981")
    assert (t.value, t.granularity, t.resolved_from) == ("1981", "year", "absolute")
    assert _find("001", "Last week").resolved_from == NO_DATE


# hand-made cases


@pytest.mark.parametrize(
    ("text", "phrase", "value", "granularity"),
    [
        ("The talks ran from 3 to 5 March 2021.", "3 to 5 March 2021", "2021-03-03/2021-03-05",
         "range"),
        ("Voting runs March 3 to April 5.", "March 3 to April 5", "2020-03-03/2020-04-05",
         "range"),
        ("Exercises run Sept. 3-5.", "Sept. 3-5", "2020-09-03/2020-09-05", "range"),
        ("He served a two-year term.", "two-year", "P2Y", "duration"),
        ("It lasted nearly an hour.", "nearly an hour", "PT1H", "duration"),
        ("They waited a minute and a half.", "a minute and a half", "PT90S", "duration"),
        ("It took several years.", "several years", "PXY", "duration"),
        ("Over the past three months prices fell.", "the past three months", "P3M", "duration"),
        ("That was 20 years ago.", "20 years ago", "2000", "year"),
        ("He left three weeks ago.", "three weeks ago", "2020-W35", "week"),
        ("Prices rose earlier this month.", "earlier this month", "2020-09", "month"),
        ("Prices rose last year.", "last year", "2019", "year"),
        ("It happened in the 1990s.", "the 1990s", "199", "decade"),
        ("Output grew in the third quarter.", "the third quarter", "2020-Q3", "quarter"),
        ("The vote is this summer.", "this summer", "2020-SU", "season"),
        ("The plant closed in June 1989.", "June 1989", "1989-06", "month"),
        ("It opened on 2 September 2020.", "2 September 2020", "2020-09-02", "day"),
        ("He spoke at 2 p.m. Wednesday.", "2 p.m. Wednesday", "2020-09-09T14:00", "time"),
        ("They met Friday evening.", "Friday evening", "2020-09-11TEV", "time"),
        ("Markets are calm now.", "now", "PRESENT_REF", "vague"),
        ("They meet each year.", "each year", "P1Y", "set"),
        ("Yesterday's vote was close.", "Yesterday", "2020-09-13", "day"),
    ],
)  # fmt: skip
def test_cases(text: str, phrase: str, value: str, granularity: str) -> None:
    t = _one(text)
    assert (t.text, t.value, t.granularity) == (phrase, value, granularity)


def test_weekday_tense() -> None:
    published = date(2020, 9, 16)  # a Wednesday
    assert _one("He arrived on Monday.", published).value == "2020-09-14"
    assert _one("He will arrive on Monday.", published).value == "2020-09-21"
    # the publication's own weekday is that day, not a week earlier (dateparser's mistake)
    assert _one("He spoke on Wednesday.", published).value == "2020-09-16"
    assert _one("He will speak on Wednesday.", published).value == "2020-09-16"
    assert _one("He spoke last Wednesday.", published).value == "2020-09-09"
    assert _one("He speaks next Monday.", published).value == "2020-09-21"


def test_year_of_a_month_without_one() -> None:
    published = date(2020, 2, 10)
    # months ahead in a past-tense sentence: last year's
    assert _one("The factory closed on October 5.", published).value == "2019-10-05"
    # a date a few weeks ahead, or ahead with a future cue: this year's
    assert _one("The dividend is payable March 1.", published).value == "2020-03-01"
    assert _one("Elections will be held on November 3.", published).value == "2020-11-03"
    # a month behind publication spoken of in the future: next year's
    assert _one("The plant will reopen in January.", published).value == "2021-01"


def test_anaphoric_day_counts_from_the_last_named_date() -> None:
    times = extract_times("a", "On March 3 he left. He returned the next day.", date(2020, 9, 1))
    assert [(t.text, t.value) for t in times] == [
        ("March 3", "2020-03-03"),
        ("the next day", "2020-03-04"),
    ]


def test_unresolved_reasons() -> None:
    t = _one("It happened on February 30, they say.")
    assert (t.value, t.resolved_from) == (None, "unresolved: no day 30 in February 2020")
    t = _one("He left last week.", None)
    assert (t.value, t.granularity, t.resolved_from) == (None, "week", NO_DATE)
    # an expression with its own year needs no publication date
    t = _one("He left on June 5, 1998.", None)
    assert (t.value, t.resolved_from) == ("1998-06-05", "absolute")


def test_not_time() -> None:
    assert extract_times("a", "It may rain. About 2000 people came; 80 percent left.", None) == []
    assert extract_times("a", "He won a second term and 30 seats.", None) == []
    assert extract_times("a", "The 44-year-old was 52 years old.", None) == []
    assert extract_times("a", "Turnout was a quarter of the vote.", None) == []


def test_spans_limit_the_search_and_offsets_index_the_text() -> None:
    text = "Menu: Today's news\n\nOn Monday the minister resigned.\n\nCopyright 2020"
    body = text.index("On Monday")
    spans = [(body, text.index("\n\nCopyright"))]
    times = extract_times("a", text, date(2020, 9, 16), spans)
    assert [(t.start, t.text, t.value) for t in times] == [
        (body + 3, "Monday", "2020-09-14"),
    ]
