"""Quality is a test: each evaluated stage stays at or above its pinned floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.config import default_config
from newsprism.eval import BENCH
from newsprism.eval.boilerplate import DEFAULT_SUBDIR, score

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())
SEMEVAL = BENCH / DEFAULT_SUBDIR
needs_bench = pytest.mark.skipif(not SEMEVAL.is_dir(), reason=f"{SEMEVAL} not present")


@needs_bench
def test_boilerplate_body_recall_floor() -> None:
    result = score(SEMEVAL, default_config())
    floor = FLOORS["boilerplate"]
    assert result.articles == 446
    assert result.body_recall >= floor["body_recall"]
    assert result.removed_share <= floor["max_removed_share"]
    # the removal does remove something on these real pages: furniture exists there
    assert result.words_removed > 0


@needs_bench
def test_eval_command_prints_metric(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "boilerplate", "--data", str(SEMEVAL)])
    assert result.exit_code == 0
    assert "body recall" in result.stdout
    assert "none published" in result.stdout
    assert "baseline: keep everything" in " ".join(result.stdout.split())
    row = next(line for line in result.stdout.splitlines() if "body recall" in line)
    cells = [c.strip() for c in row.split("│")[1:-1]]
    assert cells[3:] == ["1.000", "≤ baseline"]  # keeping everything keeps all the body


def test_eval_bad_data_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "boilerplate", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "expected train-articles-subtask-3/" in result.stderr


CONLL = BENCH / "conll2003" / "valid.txt"


@pytest.mark.skipif(not CONLL.is_file(), reason=f"{CONLL} not present")
def test_ner_floor() -> None:
    from newsprism.eval.ner import score as ner_score

    result = ner_score(CONLL)
    floor = FLOORS["ner"]
    assert result.sentences == 3250
    assert result.overall.f1 >= floor["f1"]
    assert result.by_type["PER"].f1 >= floor["per_f1"]
    assert result.by_type["LOC"].f1 >= floor["loc_f1"]
    # the CoNLL-2003 baseline, fitted on train.txt, gives the paper's English dev figures
    # (Tjong Kim Sang & De Meulder 2003: P 78.33, R 65.23, F1 71.18, all four types)
    assert result.baseline is not None and result.baseline_source.endswith("train.txt")
    all_types = result.baseline_all_types
    assert (round(all_types.precision, 4), round(all_types.recall, 4)) == (0.7833, 0.6523)
    assert round(all_types.f1, 4) == 0.7118
    assert result.baseline.sentences == result.sentences


def test_iob_spans() -> None:
    from newsprism.eval.ner import spans_from_iob

    assert spans_from_iob(["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"]) == {
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "LOC"),
        (5, 6, "ORG"),
    }


@pytest.mark.skipif(not CONLL.is_file(), reason=f"{CONLL} not present")
def test_eval_json_is_metric_to_value() -> None:
    table = CliRunner().invoke(app, ["eval", "ner"])
    found = CliRunner().invoke(app, ["eval", "ner", "--format", "json"])
    assert found.exit_code == 0, found.stderr
    metrics = json.loads(found.stdout)
    assert set(metrics) >= {"PER+ORG+LOC F1", "ORG precision"}
    assert all(isinstance(v, float) for v in metrics.values())
    assert f"{metrics['PER+ORG+LOC F1']:.3f}" in table.stdout
    assert "CoNLL baseline" in table.stdout and "71.18 on English dev" in table.stdout
    assert not any("baseline" in k for k in metrics)  # json stays metric -> ours
    bad = CliRunner().invoke(app, ["eval", "ner", "--format", "xml"])
    assert bad.exit_code == 2
    assert "unknown format 'xml'" in bad.stderr
