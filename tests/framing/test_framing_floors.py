"""Quality is a test: each framing head stays at or above its pinned floor on the held-out
cut of the bench (articles the shipped heads were neither trained nor tuned on)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.eval import BENCH
from newsprism.eval.framing import (
    T3_FOLDERS,
    T3_SUBDIR,
    T10_FOLDERS,
    T10_SUBDIR,
    held_out,
    load_t3,
    load_t10,
    samples_f1,
    score,
)

ALL_FLOORS = json.loads((Path(__file__).parents[1] / "eval" / "floors.json").read_text())
FLOORS = ALL_FLOORS["framing"]
T3 = BENCH / T3_SUBDIR
T10 = BENCH / T10_SUBDIR
needs_t3 = pytest.mark.skipif(not T3.is_dir(), reason=f"{T3} not present")
needs_t10 = pytest.mark.skipif(not T10.is_dir(), reason=f"{T10} not present")


@needs_t3
@pytest.mark.parametrize("task", ["techniques", "frames", "genre"])
def test_semeval2023_floors(task: str) -> None:
    result = score(task)
    assert result.items > 0
    for metric, floor in FLOORS[task].items():
        assert result.metrics[metric] >= floor, (task, metric, result.metrics)


@needs_t10
@pytest.mark.parametrize("task", ["roles", "narratives", "topics"])
def test_semeval2025_floors(task: str) -> None:
    result = score(task)
    assert result.items > 0
    for metric, floor in FLOORS[task].items():
        assert result.metrics[metric] >= floor, (task, metric, result.metrics)


@pytest.mark.parametrize("task", ["techniques", "frames", "genre", "roles", "narratives", "topics"])
def test_russian_floors(task: str) -> None:
    folder = (
        BENCH / (T3_FOLDERS if task in ("techniques", "frames", "genre") else T10_FOLDERS)["ru"]
    )
    if not folder.is_dir():
        pytest.skip(f"{folder} not present")
    result = score(task, language="ru")
    assert result.items > 0
    for metric, floor in ALL_FLOORS["framing_ru"][task].items():
        assert result.metrics[metric] >= floor, (task, metric, result.metrics)
        assert result.metrics[metric] > result.baseline[metric], (task, metric, result.baseline)


@needs_t3
def test_held_out_cut_is_fixed_and_disjoint_from_training() -> None:
    ids = [a.id for a in load_t3(T3)]
    cut = held_out(ids)
    assert cut == held_out(reversed(ids))  # the order of reading does not matter
    assert len(cut) == round(0.2 * len(ids))
    manifest = json.loads(
        (Path(__file__).parents[2] / "src/newsprism/data/framing/en/MANIFEST.json").read_text()
    )
    assert manifest["trained_on"][T3_SUBDIR].startswith(f"{len(ids) - len(cut)} of {len(ids)}")


def _mini_t3(folder: Path, ids: list[str]) -> None:
    (folder / "train-articles-subtask-3").mkdir(parents=True)
    for i in ids:
        name = f"article{i}.txt"
        shutil.copy(T3 / "train-articles-subtask-3" / name, folder / "train-articles-subtask-3")
    for n in (1, 2, 3):
        lines = (T3 / f"train-labels-subtask-{n}.txt").read_text().splitlines()
        kept = [x for x in lines if x.split("\t")[0] in ids]
        (folder / f"train-labels-subtask-{n}.txt").write_text("\n".join(kept) + "\n")


@needs_t3
def test_eval_command_with_data_folder(tmp_path: Path) -> None:
    ids = sorted(held_out(a.id for a in load_t3(T3)))[:4]
    _mini_t3(tmp_path, ids)
    result = CliRunner().invoke(app, ["eval", "techniques", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "micro_f1" in result.stdout and "0.380" in result.stdout
    assert f"all of {tmp_path}" in " ".join(result.stdout.split())


@needs_t10
def test_t10_reader_offsets_match_names() -> None:
    docs = load_t10(T10)
    entities = [(d, x) for d in docs for x in d.entities]
    assert len(entities) == 435
    assert all(d.text[x.start : x.end] == x.name for d, x in entities)


def test_eval_bad_folder(tmp_path: Path) -> None:
    for task in ("techniques", "roles"):
        result = CliRunner().invoke(app, ["eval", task, "--data", str(tmp_path)])
        assert result.exit_code == 2
        assert "release layout" in result.stderr


def test_samples_f1() -> None:
    assert samples_f1([["a", "b"], ["Other"]], [["a"], ["Other"]]) == pytest.approx(
        (2 / 3 + 1.0) / 2
    )
