"""The pure parts of the story stages on hand-made cases."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from newsprism.eval.stories import bcubed
from newsprism.stories.claims import ClaimInput, group_claims, numbers, polarity
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


def _claim(i: int, article: str, source: str, text: str, entity: str = "e1") -> ClaimInput:
    return ClaimInput(i, article, source, source, text, 0, len(text), None, (),
                      frozenset({entity}), frozenset())  # fmt: skip


def test_group_claims_statuses() -> None:
    claims = [
        _claim(1, "a", "A", "The election was handily won by the president."),
        _claim(2, "b", "B", "The election was widely viewed as rigged."),
        _claim(3, "c", "A", "The summit takes place in Sochi."),
        _claim(4, "d", "C", "Leaders meet at the Sochi summit."),
        _claim(5, "d", "C", "Something else entirely about the weather."),
        _claim(6, "e", "A", "Leaders will meet at the summit in Sochi."),
    ]
    vectors = np.array(
        [[1, 0, 0, 0], [0.8, 0.6, 0, 0], [0, 0, 1, 0], [0, 0, 0.99, 0.14], [0, 1, 0, 0],
         [0, 0, 0.98, 0.2]], dtype=np.float32,
    )  # fmt: skip
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    groups = {tuple(m.claim_id for m in g.members): g for g in group_claims("s", claims, vectors)}
    assert groups[(1, 2)].status == "contested"
    assert groups[(5,)].status == "single_source"
    summit = next(g for ids, g in groups.items() if 4 in ids)
    assert summit.status == "corroborated"
    # claim 3 and 6 come from one outlet (A): it counts once
    assert set(summit.outlets) == {"A", "C"}


def test_bcubed() -> None:
    gold = {"1": "x", "2": "x", "3": "y"}
    assert bcubed(gold, {"1": "p", "2": "p", "3": "q"}).f1 == 1.0
    split = bcubed(gold, {"1": "p", "2": "q", "3": "r"})
    assert split.precision == 1.0 and split.recall == pytest.approx(2 / 3)
    merged = bcubed(gold, {"1": "p", "2": "p", "3": "p"})
    assert merged.recall == 1.0 and merged.precision == pytest.approx(5 / 9)
