"""Quality is a test: entity canonicalisation stays at or above its B-cubed floors on the
hand-grouped CoNLL-2003 valid mentions (src/newsprism/data/eval/entities_conll_valid.json).

Measured 2026-12-02 (canon.py default tables), 597 mentions, 211 gold entities:
  B3 precision 0.9916, recall 0.9221, F1 0.9556
  baseline, exact surface match: P 0.9983, R 0.6920, F1 0.8174
The floors sit just below (tests/eval/floors.json); lowering one needs a reason there.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.eval import BENCH
from newsprism.eval.entities import DEFAULT_SUBDIR, EntitiesEval, b_cubed, load_gold, score

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())["entities"]
CONLL = BENCH / DEFAULT_SUBDIR
needs_bench = pytest.mark.skipif(not CONLL.is_file(), reason=f"{CONLL} not present")


def test_gold_is_large_and_crosses_documents() -> None:
    gold = load_gold()
    assert len(gold) >= 300
    assert {m.type for m in gold} == {"PER", "ORG"}
    documents: dict[str, set[int]] = {}
    for m in gold:
        documents.setdefault(m.entity, set()).add(m.doc)
    assert len({m.doc for m in gold}) >= 30
    assert len(documents["Alexander Lebed"]) == 5  # one person across five stories
    surfaces = Counter(m.entity for m in {(m.entity, m.text): m for m in gold}.values())
    assert sum(n > 1 for n in surfaces.values()) >= 50  # entities named in several ways


def test_b_cubed_by_hand() -> None:
    # gold {a, b, c} {d}; predicted {a, b} {c, d}
    result = b_cubed(["x", "x", "x", "y"], [1, 1, 2, 2])
    assert result.precision == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert result.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert b_cubed(["x", "y"], ["p", "q"]).f1 == 1.0


@pytest.fixture(scope="module")
def result() -> EntitiesEval:
    return score(CONLL)


@needs_bench
def test_entities_floors(result: EntitiesEval) -> None:
    ours = result.score()
    assert len(result.mentions) == 597 and result.gold_entities == 211
    assert ours.precision >= FLOORS["b3_precision"], ours
    assert ours.recall >= FLOORS["b3_recall"], ours
    assert ours.f1 >= FLOORS["b3_f1"], ours
    # the point of canonicalising: it joins variants the surface strings keep apart
    assert ours.recall > result.baseline().recall + 0.15
    assert ours.f1 > result.baseline().f1


@needs_bench
def test_entities_command_table(result: EntitiesEval) -> None:
    run = CliRunner().invoke(app, ["eval", "entities", "--data", str(CONLL)])
    assert run.exit_code == 0, run.output
    text = " ".join(run.stdout.split())
    assert "597 hand-grouped PER/ORG mentions" in text and "211 gold entities" in text
    assert "anchor: none published for this gold" in text
    assert "baseline: exact surface string match" in text
    row = next(line for line in run.stdout.splitlines() if "B3 F1" in line)
    cells = [c.strip() for c in row.split("│")[1:-1]]
    assert cells == ["B3 F1", f"{result.score().f1:.3f}", "", "0.817", ""]
    assert "wrong merge: " in run.stdout and "split: " in run.stdout


@needs_bench
def test_entities_command_json() -> None:
    run = CliRunner().invoke(app, ["eval", "entities", "--format", "json"])
    assert run.exit_code == 0, run.output
    found = json.loads(run.stdout)
    assert found["mentions"] == 597 and found["gold_entities"] == 211
    assert found["anchor"] is None
    assert found["baseline"]["B3 F1"] == 0.8174
    assert set(found) >= {"B3 precision", "B3 recall", "B3 F1", "wrong_merges", "splits"}
    merge = found["wrong_merges"][0]
    assert merge["wrong"] >= 1 and len(merge["gold"]) >= 2
    assert all(len(s["predicted"]) >= 2 for s in found["splits"])


def test_entities_command_refuses_a_missing_file(tmp_path: Path) -> None:
    run = CliRunner().invoke(app, ["eval", "entities", "--data", str(tmp_path / "none.txt")])
    assert run.exit_code == 2
    assert "no CoNLL-2003 file here; pass --data FILE" in run.stderr


def test_entities_command_refuses_another_file(tmp_path: Path) -> None:
    other = tmp_path / "valid.txt"
    other.write_text("-DOCSTART- -X- -X- O\n\nHello NNP B-NP B-PER\n\n", encoding="utf-8")
    run = CliRunner().invoke(app, ["eval", "entities", "--data", str(other)])
    assert run.exit_code == 2
    assert "pass --data the conll2003/valid.txt it was made on" in run.stderr
