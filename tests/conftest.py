"""Shared fixtures: the example corpus analysed once into a real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism.config import default_config
from newsprism.ingest.options import ReadOptions
from newsprism.pipeline import analyze
from newsprism.store.api import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    db = tmp_path_factory.mktemp("examples") / "examples.db"
    with Store(db) as store:
        summary = analyze([str(EXAMPLES)], store, ReadOptions(), default_config(), workers=1)
        assert summary.ok, summary.errors
        yield store


@pytest.fixture(scope="session")
def analysed_examples(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The examples through every stage by `newsprism analyze`, once per test session: the
    store's path and what the command printed. Tests read it; a rerun must change nothing."""
    from typer.testing import CliRunner

    from newsprism.cli import app

    path = str(tmp_path_factory.mktemp("analysed") / "examples.db")
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLES), "--db", path])
    assert result.exit_code == 0, result.stderr
    return path, result.stdout


@pytest.fixture
def seed(examples_store: Store) -> dict[str, object]:
    """Stored articles keyed by their example file's number ("000" ... "004")."""
    return {
        Path(s.article.source).name[:3]: s for s in examples_store.articles(include_copies=True)
    }
