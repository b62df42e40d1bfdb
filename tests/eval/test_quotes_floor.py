"""Quote attribution stays at or above its pinned floor on PolNeAR dev; the scorer's parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.errors import UsageError
from newsprism.eval import BENCH
from newsprism.eval.quotes import (
    ANCHOR,
    DEFAULT_SUBDIR,
    PRF,
    compare,
    paragraph_spans,
    predicted,
    read_gold,
    score,
)
from newsprism.records import Quote

POLNEAR_DEV = BENCH / DEFAULT_SUBDIR
needs_bench = pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason=f"{POLNEAR_DEV} not present")

# Measured on polnear/dev (84 articles), 2026-12-02, quotes.v2 (the rules and the cue model
# learned on PolNeAR train) with en_core_web_sm 3.8.0 and the shipped name recogniser:
#   source  exact P 0.804 R 0.677 F1 0.735   overlap P 0.842 R 0.709 F1 0.770
#   cue     exact P 0.718 R 0.605 F1 0.656   overlap P 0.851 R 0.718 F1 0.779
#   content exact P 0.581 R 0.498 F1 0.536   overlap P 0.872 R 0.748 F1 0.805
#   whole quote overlap P 0.780 R 0.669 F1 0.720.
# quotes.v1 (rules alone) had source exact P 0.895 R 0.483 F1 0.627 and content overlap P 0.962:
# the learned cues trade that precision for recall on PolNeAR's beliefs, intentions and noun
# cues ("support for", "criticism of"), so the precision floors moved down with v2. Floors sit
# just below; lowering one needs a reason in the commit that does it.
FLOORS = {
    "source_exact_f1": 0.72,
    "source_overlap_f1": 0.75,
    "cue_exact_f1": 0.63,
    "cue_overlap_f1": 0.76,
    "content_exact_f1": 0.51,
    "content_overlap_f1": 0.78,
    "quote_overlap_f1": 0.70,
    "source_exact_p": 0.77,
    "content_overlap_p": 0.84,
}


@needs_bench
def test_polnear_dev_floor() -> None:
    result = score(POLNEAR_DEV)
    assert result.documents == 84
    metrics = result.metrics()
    below = {k: round(metrics[k], 3) for k, floor in FLOORS.items() if metrics[k] < floor}
    assert not below, f"below the floor: {below}"
    # the anchor is a reference from another corpus, reported beside our figures
    assert set(ANCHOR) <= set(metrics)
    # the most frequent cue rule, its cue word counted on train, scored on the same articles
    assert result.baseline_cue == "said"
    assert Path(result.baseline_fitted_on).name == "train"
    baseline = result.baseline_metrics()
    assert set(baseline) == set(metrics)
    assert all(metrics[k] > baseline[k] for k in ANCHOR), baseline


# -- the scorer on a made-up article --------------------------------------------------------

TEXT = 'Fiorina said the race was close.\n\n"We will win," she said. "Count on it."\n'
# brat standoff as PolNeAR writes it: a content in two pieces around its cue
ANN = """T1\tSource 0 7\tFiorina
T2\tCue 8 12\tsaid
T3\tContent 13 31\tthe race was close
E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3
T4\tSource 49 52\tshe
T5\tCue 53 57\tsaid
T6\tContent 34 48;59 73\t"We will win," "Count on it."
E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6
T7\tDiscard 0 3\tFio
"""


def test_read_gold_takes_the_hull_of_pieces() -> None:
    gold = read_gold(ANN)
    assert len(gold) == 2
    assert gold[1].content == (34, 73)
    assert TEXT[34:73] == '"We will win," she said. "Count on it."'
    assert gold[0].source == (0, 7) and gold[0].cue == (8, 12)


def test_quotes_sharing_a_cue_are_one_attribution() -> None:
    def q(content: tuple[int, int], cue: tuple[int, int], who: tuple[int, int]) -> Quote:
        return Quote("a", content, "direct", cue=cue, speaker=who)

    quotes = [
        q((13, 31), (8, 12), (0, 7)),
        q((34, 48), (53, 57), (49, 52)),
        q((59, 73), (53, 57), (49, 52)),
        Quote("a", (60, 65), "direct", nested_in=2),  # nested quotes are not scored
    ]
    pred = predicted(quotes)
    assert [a.content for a in pred] == [(13, 31), (34, 73)]
    scores = compare(pred, read_gold(ANN))
    for name in ("source_exact", "cue_exact", "content_exact", "quote_overlap"):
        assert scores[name] == PRF(2, 2, 2, 2), name


def test_exact_and_overlap_differ() -> None:
    # a content one character short matches by overlap only; a wrong cue breaks the quote
    quotes = [Quote("a", (13, 30), "indirect", cue=(0, 7), speaker=(8, 12))]
    scores = compare(predicted(quotes), read_gold(ANN))
    assert scores["content_exact"] == PRF(0, 1, 0, 2)
    assert scores["content_overlap"] == PRF(1, 1, 1, 2)
    assert scores["quote_overlap"] == PRF(0, 1, 0, 2)
    assert scores["content_overlap"].precision == 1.0
    assert scores["content_overlap"].recall == 0.5
    assert round(scores["content_overlap"].f1, 3) == 0.667


def test_paragraph_spans() -> None:
    assert paragraph_spans("  Title \n\nBody one.\n  \nBody two.") == [(2, 7), (10, 19), (23, 32)]


def test_score_on_a_made_up_split(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(TEXT)
    (tmp_path / "attributions" / "a_1234.ann").write_text(ANN)
    result = score(tmp_path)
    assert result.documents == 1
    assert result.gold_attributions == 2
    assert result.content_overlap.matched_gold == 2
    # no train split beside it: the baseline's cue word is counted on the split itself
    assert (result.baseline_cue, result.baseline_fitted_on) == ("said", str(tmp_path))
    assert result.baseline_metrics()["source_exact_f1"] == 1.0


def test_score_needs_the_polnear_layout(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="expected text/ and attributions/"):
        score(tmp_path)
