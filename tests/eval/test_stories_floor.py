"""Story clustering and claim matching stay at or above their pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.eval import BENCH
from newsprism.eval.claims import evaluate as evaluate_claims
from newsprism.eval.stories import evaluate as evaluate_stories
from newsprism.eval.stories import seed_grouping

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())
TRIAL = BENCH / "semeval2015-t4-timeline" / "trial-corpus"
ECB = BENCH / "ecbplus"
SICK = BENCH / "nli" / "sick" / "SICK.txt"
FNC = BENCH / "nli" / "fnc-1-news-stance"


@pytest.mark.skipif(not TRIAL.is_dir(), reason=f"{TRIAL} not present")
def test_story_clustering_floor() -> None:
    floor = FLOORS["stories"]
    result = evaluate_stories(per_story=floor["per_story"])
    assert result.overall.precision >= floor["precision"]
    assert result.parts["seeds"].recall >= floor["seeds_recall"]
    events = result.parts["apple-events"]  # all 22 annotated Apple articles are in the sample
    assert events.items == 22
    assert events.precision >= floor["apple_events_precision"]
    assert events.recall >= floor["apple_events_recall"]
    groups = seed_grouping(result)
    assert {"004"} in groups  # the 2024 attack stands alone
    assert any({"000", "001"} <= g for g in groups)


def test_claim_matching_floor_on_the_seed_pairs() -> None:
    floor = FLOORS["claims"]
    result = evaluate_claims()
    assert not result.missing
    assert (result.precision("corroborated") or 0) >= floor["corroborated_precision"]
    assert (result.recall("corroborated") or 0) >= floor["corroborated_recall"]
    assert (result.accuracy() or 0) >= floor["relation_accuracy"]


def _eval_json(stage: str, data: Path) -> dict[str, float]:
    """`newsprism eval STAGE --data DATA --format json`, as a user runs it."""
    result = CliRunner().invoke(app, ["eval", stage, "--data", str(data), "--format", "json"])
    assert result.exit_code == 0, result.output
    found: dict[str, float] = json.loads(result.stdout)
    return found


@pytest.mark.skipif(not ECB.is_dir(), reason=f"{ECB} not present")
def test_claims_across_articles_floor_on_ecb_dev() -> None:
    """`eval claims` on the ECB+ dev topics, as a user runs it (JSON keys as documented)."""
    floor = FLOORS["claims_ecb"]
    found = _eval_json("claims", ECB)
    for key in ("corroborated_precision", "pair_precision", "pair_recall"):
        assert found[key] >= floor[key], key


@pytest.mark.skipif(not SICK.is_file(), reason=f"{SICK} not present")
def test_nli_floor_on_sick_trial() -> None:
    floor = FLOORS["nli"]
    found = _eval_json("nli", SICK)
    assert found["accuracy"] >= floor["sick_trial_accuracy"]
    assert {"f1_entails", "f1_contradicts", "f1_neither"} <= found.keys()


@pytest.mark.skipif(not FNC.is_dir(), reason=f"{FNC} not present")
def test_nli_floor_on_the_fnc_held_out_bodies() -> None:
    assert _eval_json("nli", FNC)["accuracy"] >= FLOORS["nli"]["fnc_held_out_accuracy"]


def test_eval_nli_names_a_file_of_the_wrong_layout(tmp_path: Path) -> None:
    bad = tmp_path / "SICK.txt"
    bad.write_text("a\tb\n1\t2\n")
    result = CliRunner().invoke(app, ["eval", "nli", "--data", str(bad)])
    assert result.exit_code == 2
    assert "not SICK's layout" in result.stderr


def test_eval_stories_data_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "stories", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "no story subfolders" in result.stderr


def test_eval_claims_bad_gold(tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text("{not json")
    result = CliRunner().invoke(app, ["eval", "claims", "--gold", str(gold)])
    assert result.exit_code == 2
    assert "not JSON" in result.stderr


def test_eval_stories_scores_a_folder(tmp_path: Path) -> None:
    """--data: one subfolder per story; the examples' two coup-plot articles as one story."""
    examples = Path(__file__).resolve().parents[2] / "examples"
    for story, numbers in {"coup": ("000", "001"), "attack": ("004",)}.items():
        (tmp_path / story).mkdir()
        for number in numbers:
            source = next(examples.glob(f"{number}_*.txt"))
            (tmp_path / story / source.name).write_bytes(source.read_bytes())
    result = CliRunner().invoke(app, ["eval", "stories", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "3 articles in 2 predicted stories" in result.stdout
    assert "all B3 F1" in result.stdout
    # baseline: each article alone (B3 F1 0.800) beats all in one story (0.714)
    assert "all: each article alone" in " ".join(result.stdout.split())
    row = next(line for line in result.stdout.splitlines() if "all B3 F1" in line)
    assert [c.strip() for c in row.split("│")[1:-1]][3] == "0.800"
