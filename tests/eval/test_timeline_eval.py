"""Quality is a test: the merged timeline stays at or above its floors on the SemEval-2015
Task 4 trial data (30 Wikinews Apple articles, 6 gold timelines; a dev set, nothing in the
timeline stage was tuned on it). Our measures, not the task's official temporal awareness.

Measured 2026-11-23 (stories.v1, time.v1), the whole trial corpus in about 14 s, after dates
of different granularity stopped merging (before: recall 0.265, precision 0.600, merge
precision 0.333, a "2010" sentence chaining five June days into one event):
  dated gold mentions found      0.394  (61/155)
  dating recall                  0.277  (43/155, the same before merging)
  dating precision               0.625  (35/56 members holding a dated gold mention)
  cross-doc merge recall         0.040  (1/25 gold pairs; 23 of 25 lie in different stories)
  cross-doc merge precision      0.500  (1/2 system pairs)

Measured 2026-12-04 (events.v2, stories.v3): reports of the news with no date of their own
(the headline, past-tense and present-perfect main verbs) are events on the article's news
day (the day its dates name most in the week before publication), else its publication date:
  dated gold mentions found      0.845  (131/155)
  dating recall                  0.671  (104/155; the publication date alone: 0.548)
  dating precision               0.752  (82/109 members; the publication date alone: 0.624)
  cross-doc merge recall         0.040  (1/25 gold pairs)
  cross-doc merge precision      0.200  (1/5 system pairs)
The merge precision floor moved down (0.45 -> 0.15) for that reason: the news-day reports
join events of the same day by alike wording, and the gold links only its target entities'
mentions. Of the cross-article events now merged, "In a July 16 press conference, Jobs said
that all iPhone 4 buyers would be eligible to receive a free case" / "Jobs said yesterday that
Apple will offer a free case" tell one event by our reading; "Cisco sues Apple for iPhone
trademark" / "Apple Inc. today has introduced the much-anticipated iPhone" do not. Five
scored pairs are too few to say more.
The floors sit just below; lowering one needs a reason here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.eval import BENCH
from newsprism.eval.timeline import DEFAULT_SUBDIR, TimelineEval, date_agrees, gold_date, score

TRIAL = BENCH / DEFAULT_SUBDIR
needs_bench = pytest.mark.skipif(not TRIAL.is_dir(), reason=f"{TRIAL} not present")

FLOORS = {
    "found_share": 0.82,
    "dating_recall": 0.65,
    "dating_precision": 0.73,
    "merge_precision": 0.15,
}


@pytest.fixture(scope="module")
def result() -> TimelineEval:
    return score(TRIAL)


@needs_bench
def test_trial_data_is_read_whole(result: TimelineEval) -> None:
    assert (result.documents, result.timelines) == (30, 6)
    assert result.dated_mentions == 155
    assert result.gold_pairs == 25
    # the one gold mention naming a document the release does not hold (9590 for 9509?)
    assert result.unmapped == [("9590", 10, "access")]


@needs_bench
@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_timeline_floors(result: TimelineEval, metric: str) -> None:
    assert getattr(result, metric) >= FLOORS[metric], (metric, getattr(result, metric))


@needs_bench
def test_date_line_baseline(result: TimelineEval) -> None:
    """Every sentence dated by its article's date line, on the same gold mentions; the trial's
    30 articles all carry different dates, so the baseline merges nothing across them."""
    b = result.baseline
    assert 0 < b.correct <= result.dated_mentions - len(result.unmapped)
    assert 0 < b.correct_members <= b.scored_members
    assert (b.recovered_pairs, b.system_pairs) == (0, 0)
    rows = {name.split(" (")[0]: baseline for name, _, _, baseline in result.rows()}
    assert rows["dating recall"] == b.correct / result.dated_mentions
    assert rows["dated gold mentions found"] is None  # coverage: no baseline


@needs_bench
def test_some_cross_document_event_is_merged(result: TimelineEval) -> None:
    assert result.recovered_pairs >= 1
    assert result.pairs_split_by_story <= result.gold_pairs


def test_date_agrees_at_gold_granularity() -> None:
    assert date_agrees("2010-06-07", "2010-06-07")
    assert date_agrees("2010-06-07", "2010-06-07T14:00")
    assert date_agrees("2010-06", "2010-06-07")
    assert date_agrees("2010", "2010-W23")
    assert not date_agrees("2010-06-07", "2010-06")
    assert not date_agrees("2010-06", "2010-07-01")
    assert not date_agrees("201", "2010")
    assert not date_agrees("2010-04-17", "XXXX-04-17")
    assert date_agrees("2010-06", "2010-06-01/2010-06-10")
    assert not date_agrees("2010-06", "2010-06-28/2010-07-02")


def test_gold_date_keeps_the_known_part() -> None:
    assert gold_date("2010-06-07") == "2010-06-07"
    assert gold_date("2010-06-XX") == "2010-06"
    assert gold_date("2010-XX-XX") == "2010"
    assert gold_date("XXXX-XX-XX") == ""
    assert gold_date("XXX-XX-XX") == ""  # a typo in the trial gold, undated all the same


@pytest.mark.parametrize("make", ["empty", "missing", "no-timelines", "not-naf"])
def test_eval_timeline_bad_data(tmp_path: Path, make: str) -> None:
    folder = tmp_path / "release"
    if make != "missing":
        folder.mkdir()
    if make in ("no-timelines", "not-naf"):
        (folder / "trial-corpus").mkdir()
        (folder / "trial-corpus" / "1.xml").write_text("<Document>", encoding="utf-8")
    if make == "not-naf":
        (folder / "trial-timelines").mkdir()
        (folder / "trial-timelines" / "x.txt").write_text("x\n1\t2010\t1-0-a\n")
    result = CliRunner().invoke(app, ["eval", "timeline", "--data", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(folder) in result.stderr
