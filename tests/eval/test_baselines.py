"""Every eval row carries a trivial baseline, scored on the same items by the same metric code,
and the table flags a figure that does not beat it (a label below its baseline is no finding)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.eval import BENCH
from newsprism.eval.claims import ClaimsEval, PairResult
from newsprism.eval.commands import NOT_ABOVE, _cells
from newsprism.eval.framing import T3_SUBDIR, held_out, load_t3, most_frequent
from newsprism.eval.ner import fit_lexicon, lexicon_spans, train_file
from newsprism.eval.quotes import compare, cue_rule, read_gold, sentence_spans
from newsprism.eval.reports import Report, beats_baseline
from newsprism.eval.stories import ALONE, ONE_STORY, trivial
from newsprism.eval.timeline import publication_date

T3 = BENCH / T3_SUBDIR
TRIAL = BENCH / "semeval2015-t4-timeline" / "trial-corpus"


def test_a_figure_not_above_its_baseline_is_flagged() -> None:
    report = Report("x", "title", [
        ("better", 0.7, 0.9, 0.5),
        ("equal", 0.5, None, 0.5),
        ("worse", 0.4, None, 0.6),
        ("no baseline", 0.4, None, None),
    ])  # fmt: skip
    assert [beats_baseline(r) for r in report.rows] == [True, False, False, None]
    cells = _cells(report)
    assert cells[0] == ("x", "better", "0.700", "0.900", "0.500", "")
    assert [c[5] for c in cells] == ["", NOT_ABOVE, NOT_ABOVE, ""]
    assert cells[3][4] == ""
    # json stays metric -> ours
    assert report.metrics() == {"better": 0.7, "equal": 0.5, "worse": 0.4, "no baseline": 0.4}


def test_most_frequent_label_breaks_ties_by_name() -> None:
    assert most_frequent(["b", "a", "b", "a", "c"]) == "a"
    assert most_frequent([]) is None


def test_conll_lexicon_baseline(tmp_path: Path) -> None:
    (tmp_path / "train.txt").write_text(
        "-DOCSTART- -X- -X- O\n\n"
        "New NNP B-NP B-LOC\nYork NNP I-NP I-LOC\nTimes NNP I-NP B-ORG\n\n"
        "New NNP B-NP B-ORG\nYork NNP I-NP I-ORG\nTimes NNP I-NP I-ORG\n\n"
        "York NNP B-NP B-LOC\n\nYork NNP B-NP B-PER\n\nYork NNP B-NP B-LOC\n"
    )
    lexicon = fit_lexicon(tmp_path / "train.txt")
    assert lexicon[("New", "York")] == "LOC"
    assert lexicon[("York",)] == "LOC"  # most frequent class: LOC twice, PER once
    # the longest match wins, left to right; unseen words are O
    assert lexicon_spans(["in", "New", "York", "Times", "York"], lexicon) == {
        (1, 4, "ORG"),
        (4, 5, "LOC"),
    }
    (tmp_path / "valid.txt").write_text("")
    assert train_file(tmp_path / "valid.txt") == tmp_path / "train.txt"
    assert train_file(tmp_path / "train.txt") is None  # never fitted on the scored file


TEXT = 'Fiorina said the race was close.\n\n"We will win," she said. "Count on it."\n'
ANN = """T1\tSource 0 7\tFiorina
T2\tCue 8 12\tsaid
T3\tContent 13 31\tthe race was close
E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3
T4\tSource 49 52\tshe
T5\tCue 53 57\tsaid
T6\tContent 34 48;59 73\t"We will win," "Count on it."
E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6
"""


def test_most_frequent_cue_rule() -> None:
    assert [TEXT[s:e] for s, e in sentence_spans(TEXT)] == [
        "Fiorina said the race was close.",
        '"We will win," she said.',
        '"Count on it."',
    ]
    found = cue_rule(TEXT, "said")
    assert [(a.source, a.cue, a.content) for a in found] == [
        ((0, 7), (8, 12), (13, 31)),  # the rest of the sentence after the cue
        ((49, 52), (53, 57), (34, 48)),  # nothing after it: the part before the source
    ]
    scores = compare(found, read_gold(ANN))
    assert scores["source_exact"].f1 == 1.0
    assert scores["content_exact"].recall == 0.5  # the second content goes on after "said."
    assert cue_rule(TEXT, "") == []


def test_stories_baseline_is_the_better_trivial_clustering() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}
    name, b = trivial(gold)
    assert name == ALONE and (b.precision, round(b.recall, 3), round(b.f1, 3)) == (1.0, 0.667, 0.8)
    name, b = trivial({"a": "x", "b": "x", "c": "x", "d": "y"})
    assert name == ONE_STORY and b.recall == 1.0


def test_claims_baseline_answers_the_majority_relation() -> None:
    def pair(gold: str, predicted: str) -> PairResult:
        return PairResult(("000", "a"), ("001", "b"), gold, predicted)

    result = ClaimsEval([pair("corroborated", "corroborated"), pair("corroborated", "different"),
                         pair("contradicted", "contradicted")])  # fmt: skip
    base = result.baseline()
    assert result.majority() == "corroborated"
    assert base.recall("corroborated") == 1.0
    assert base.precision("corroborated") == 2 / 3
    assert base.precision("contradicted") is None  # never answered: no precision, as for ours
    assert base.recall("contradicted") == 0.0
    assert result.pairs[1].predicted == "different"  # the scored pairs are left as they were


@pytest.mark.skipif(not TRIAL.is_dir(), reason=f"{TRIAL} not present")
def test_timeline_baseline_reads_the_date_line() -> None:
    path = next(TRIAL.glob("16844*.xml"))
    assert publication_date(path) == "2010-06-08"


@pytest.mark.skipif(not T3.is_dir(), reason=f"{T3} not present")
def test_eval_genre_prints_the_majority_baseline(tmp_path: Path) -> None:
    """--data with no train part: the majority answer is counted on the scored folder, and the
    title says so; four real held-out articles."""
    ids = sorted(held_out(a.id for a in load_t3(T3)))[:4]
    (tmp_path / "train-articles-subtask-3").mkdir()
    for i in ids:
        source = T3 / "train-articles-subtask-3" / f"article{i}.txt"
        (tmp_path / "train-articles-subtask-3" / source.name).write_bytes(source.read_bytes())
    lines = (T3 / "train-labels-subtask-1.txt").read_text().splitlines()
    kept = [x for x in lines if x.split("\t")[0] in ids]
    (tmp_path / "train-labels-subtask-1.txt").write_text("\n".join(kept) + "\n")
    genres = [x.split("\t")[1] for x in kept]
    majority = most_frequent(genres)
    result = CliRunner().invoke(app, ["eval", "genre", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    title = " ".join(result.stdout.split())
    assert f"majority baseline: {majority!r} on every item" in title
    assert "the scored folder itself" in title
    header = next(line for line in result.stdout.splitlines() if "metric" in line)
    assert [c.strip() for c in header.split("┃")[1:-1]] == [
        "metric", "ours", "anchor", "baseline", ""
    ]  # fmt: skip
    row = next(line for line in result.stdout.splitlines() if "accuracy" in line)
    _, ours, _, baseline, flag = (c.strip() for c in row.split("│")[1:-1])
    assert baseline == f"{sum(g == majority for g in genres) / len(genres):.3f}"
    assert flag == ("" if float(ours) > float(baseline) else "≤ baseline")


def test_eval_all_prints_baseline_and_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprism.errors import UsageError
    from newsprism.eval import commands

    def fake(data: Path | None, say: object) -> Report:
        return Report("fake", "t", [("acc", 0.6, 0.9, 0.7), ("f1", 0.8, None, 0.5)])

    def missing(data: Path | None, say: object) -> Report:
        raise UsageError("no data here")

    monkeypatch.setattr(commands, "REPORTS", {"fake": fake, "missing": missing})
    result = CliRunner().invoke(app, ["eval", "all"])
    assert result.exit_code == 0, result.stderr
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in result.stdout.splitlines()]
    assert ["fake", "acc", "0.600", "0.900", "0.700", NOT_ABOVE] in rows
    assert ["fake", "f1", "0.800", "", "0.500", ""] in rows
    assert any(r[:2] == ["missing", "not run: no data here"] for r in rows)
    found = CliRunner().invoke(app, ["eval", "all", "--format", "json"])
    assert found.stdout.strip().startswith("{") and '"acc": 0.6' in found.stdout
