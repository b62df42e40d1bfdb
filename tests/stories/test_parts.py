"""The pure parts of the story stages on hand-made cases."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from newsprism.eval.stories import bcubed
from newsprism.stories.claims import Judged, average_linkage, numbers, polarity
from newsprism.stories.cluster import StoryParams, alignment, time_factor
from newsprism.stories.timeline import DatedSentence, dates_agree, merge_events


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("The election was handily won by the incumbent.", "+"),
        ("An election widely viewed as rigged.", "-"),
        ("The vote was not rigged, officials said.", "+"),
        ("The results were never legitimate.", "-"),
        ("Ministers met in Sochi on Monday.", "0"),
        ("The vote was free and fair.", "+"),
    ],
)
def test_polarity(text: str, sign: str) -> None:
    assert polarity(text) == sign


def test_numbers_by_unit() -> None:
    assert numbers("gave Lukashenka more than 80 percent of the vote") == {"percent": {"80"}}
    assert numbers("won 60 to 70 percent") == {"percent": {"60"}}
    assert numbers("9 people, 3 of them") == {"people": {"9"}}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("2020-09-14", "2020-09-14", True),
        ("2020-09", "2020-09", True),
        ("2020-09", "2020-09-14", False),  # a month does not hold a day: it chained days
        ("2020", "2020-09-14", False),
        ("2020-09-13", "2020-09-14", False),
        ("XXXX-04-17", "2021-04-17", True),
        ("XXXX-04-17", "2021-04-18", False),
        ("2020-W38", "2020-09-14", False),
        ("2020-09-13/2020-09-25", "2020-09-13/2020-09-25", True),
    ],
)
def test_dates_agree(a: str, b: str, same: bool) -> None:
    assert dates_agree(a, b) is same
    assert dates_agree(b, a) is same


def test_a_year_does_not_chain_two_days_into_one_event() -> None:
    """ "Apple unveiled the iPhone 4 on June 7" and "pre-orders began June 15" share Apple and
    a sentence dated only "2010"; they stay two events, and the year stands alone."""
    told = [
        ("a", "2010-06-07", "day"), ("b", "2010", "year"), ("c", "2010-06-15", "day"),
        ("d", "2010-06-07", "day"), ("e", "XXXX-06-15", "day"),
    ]  # fmt: skip
    dated = [
        DatedSentence(article, "outlet", 0, 10, f"sentence {article}", day, grain,
                      frozenset({"Apple"}))
        for article, day, grain in told
    ]  # fmt: skip
    vectors = np.eye(len(dated), dtype=np.float32)  # nothing alike by wording
    events = merge_events("s1", dated, vectors)
    by_date = {e.date: sorted(r[0] for r in e.reports) for e in events}
    assert by_date == {"2010-06-07": ["a", "d"], "2010": ["b"], "2010-06-15": ["c", "e"]}


def test_time_factor_fades_with_distance() -> None:
    params = StoryParams()
    day = date(2020, 9, 1)
    assert time_factor(day, None, params) == 1.0
    assert time_factor(day, date(2020, 9, 15), params) == 1.0
    assert 0 < time_factor(day, date(2020, 10, 15), params) < 1
    assert time_factor(day, date(2021, 9, 1), params) == 0.0


def test_alignment_rewards_shared_sentences() -> None:
    rng = np.random.default_rng(0)
    a = rng.standard_normal((5, 8)).astype(np.float32)
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b = np.vstack([a[:3], -a[3:]])
    c = -a
    assert alignment(a, b) > alignment(a, c)
    assert alignment(a, a) == pytest.approx(1.0, abs=1e-5)
    assert alignment(a, a[:0]) == 0.0


def _judged(i: int, k: int, same: float) -> Judged:
    return Judged(i, k, same, entails=1.0, contradicts=0.0, alike=True, shared=True)


def test_average_linkage_does_not_chain_near_misses() -> None:
    """a-b and b-c are one event, a-c not: joining every link would put all three in one
    group; average linkage keeps c apart (mean P(same) of c to {a, b} is 0.45)."""
    labels = average_linkage(4, [_judged(0, 1, 0.95), _judged(1, 2, 0.9)], at=0.5)
    assert labels[0] == labels[1]
    assert len({labels[0], labels[2], labels[3]}) == 3
    assert average_linkage(3, [_judged(0, 1, 0.4)], at=0.5) == [(0, 0), (1, 0), (2, 0)]


def test_a_link_needs_more_than_one_event() -> None:
    """One event is not one proposition: without entailment (or alike wording) or without a
    shared participant and action word, two claims are not linked."""
    assert Judged(0, 1, 0.9, 0.1, 0.0, alike=False, shared=True).link == 0.1
    assert Judged(0, 1, 0.9, 0.1, 0.0, alike=True, shared=True).link == 0.9
    assert Judged(0, 1, 0.9, 0.9, 0.0, alike=True, shared=False).link == 0.0


def test_bcubed() -> None:
    gold = {"1": "x", "2": "x", "3": "y"}
    assert bcubed(gold, {"1": "p", "2": "p", "3": "q"}).f1 == 1.0
    split = bcubed(gold, {"1": "p", "2": "q", "3": "r"})
    assert split.precision == 1.0 and split.recall == pytest.approx(2 / 3)
    merged = bcubed(gold, {"1": "p", "2": "p", "3": "p"})
    assert merged.recall == 1.0 and merged.precision == pytest.approx(5 / 9)
