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


def test_claim_matching_floor() -> None:
    floor = FLOORS["claims"]
    result = evaluate_claims()
    assert not result.missing
    assert (result.precision("corroborated") or 0) >= floor["corroborated_precision"]
    assert (result.recall("corroborated") or 0) >= floor["corroborated_recall"]
    assert (result.precision("contested") or 0) >= floor["contested_precision"]
    assert (result.recall("contested") or 0) >= floor["contested_recall"]


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
