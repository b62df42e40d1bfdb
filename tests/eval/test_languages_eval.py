"""Floors of the language evaluations: identification, and Russian NER on factRuEval."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.eval import BENCH

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())
FACTRU = BENCH / "factruEval-2016" / "devset"


@pytest.mark.skipif(not FACTRU.is_dir(), reason=f"{FACTRU} not present")
def test_russian_ner_floor() -> None:
    result = CliRunner().invoke(app, ["eval", "ner", "--lang", "ru", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    floor = FLOORS["ner_ru"]
    assert found["PER F1"] >= floor["per_f1"]
    assert found["ORG F1"] >= floor["org_f1"]
    assert found["LOC F1"] >= floor["loc_f1"]
    assert found["PER+ORG+LOC F1"] >= floor["f1"]


def test_ner_refuses_a_language_without_gold() -> None:
    result = CliRunner().invoke(app, ["eval", "ner", "--lang", "xx"])
    assert result.exit_code == 2
    assert "no NER evaluation for 'xx'" in result.stderr


@pytest.mark.skipif(not FACTRU.is_dir(), reason="the bench is not present")
def test_language_identification_floor() -> None:
    from newsprism.eval.language import score

    result = score(BENCH)
    floor = FLOORS["language"]
    assert set(result.by_language) >= {"en", "ru", "uk", "bg"}
    assert result.accuracy >= floor["accuracy"]
    right, items = result.by_kind["article"]
    assert right / items >= floor["article_accuracy"]
    assert result.accuracy > result.majority


NER_UK = BENCH / "ner-uk"


@pytest.mark.skipif(not NER_UK.is_dir(), reason=f"{NER_UK} not present")
def test_ukrainian_ner_floor() -> None:
    result = CliRunner().invoke(app, ["eval", "ner", "--lang", "uk", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["overall f1"] >= FLOORS["ner_uk"]["f1"]
    assert found["PER f1"] >= FLOORS["ner_uk"]["per_f1"]


@pytest.mark.skipif(not FACTRU.is_dir(), reason=f"{FACTRU} not present")
def test_russian_quotes_floor() -> None:
    result = CliRunner().invoke(app, ["eval", "quotes", "--lang", "ru", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    floor = FLOORS["quotes_ru"]
    assert found["dev speaker accuracy"] >= floor["speaker_accuracy"]
    assert found["dev quotes found"] >= floor["found"]
    assert found["dev quote precision"] >= floor["precision"]
    assert found["test speaker accuracy"] >= floor["test_speaker_accuracy"]


NER_UK_NEWS = BENCH / "ner-uk" / "data" / "ng"


@pytest.mark.skipif(not NER_UK_NEWS.is_dir(), reason=f"{NER_UK_NEWS} not present")
def test_ukrainian_quotes_are_measured() -> None:
    result = CliRunner().invoke(app, ["eval", "quotes", "--lang", "uk", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    floor = FLOORS["quotes_uk"]
    assert found["quotes found"] >= floor["found"]
    assert found["quote precision"] >= floor["precision"]
    # the figures the compare and report caveats quote are these
    from newsprism.quote_trust import measured

    shown = measured()["uk"]
    assert shown["speaker_accuracy"] == round(found["speaker accuracy"], 3)
    assert shown["found"] == round(found["quotes found"], 3)


SEMEVAL_RU = BENCH / "semeval2025-t10-multilingual" / "RU"


@pytest.mark.skipif(not SEMEVAL_RU.is_dir(), reason=f"{SEMEVAL_RU} not present")
def test_russian_stories_floor() -> None:
    result = CliRunner().invoke(app, ["eval", "stories", "--lang", "ru", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    floor = FLOORS["stories_ru"]
    assert found["dev B3 F1"] >= floor["dev_f1"]
    assert found["test B3 F1"] >= floor["test_f1"]
