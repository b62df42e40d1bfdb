"""Framing end to end on the examples: analyze stores labels with valid evidence, the CLI
shows them, and the shipped heads make sense on texts where the answer is plain."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.framing import frame_text
from newsprism.framing.frame import stage_version
from newsprism.framing.heads import HEADS, MODEL_SETS, MODELS_DIR, ROLE_GROUPS, load, manifest
from newsprism.framing.text import paragraphs, sentences
from newsprism.store.api import Store
from newsprism.store.framing import list_labels

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()
SCHEMES = {
    "technique",
    "frame",
    "genre",
    "role",
    "role_fine",
    "narrative",
    "narrative_fine",
    "topic",
}
ROLE_FINE = {r for group in ROLE_GROUPS.values() for r in group}


@pytest.fixture(scope="module")
def db(analysed_examples: tuple[str, str]) -> str:
    path, printed = analysed_examples
    assert "framed 5 article(s)" in printed
    return path


@pytest.fixture(scope="module")
def labels(db: str) -> list[dict[str, Any]]:
    with Store(db, readonly=True) as store:
        return list_labels(store)


@pytest.fixture(scope="module")
def by_number(db: str) -> dict[str, str]:
    with Store(db, readonly=True) as store:
        return {Path(s.article.source).name[:3]: s.article.id for s in store.articles(True)}


def test_every_article_framed_with_the_stage_version(db: str) -> None:
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT version FROM article_stages WHERE stage='framing'").fetchall()
    assert rows == [(stage_version(),)] * 5


def test_rerun_frames_nothing_again(db: str) -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLES), "--db", db])
    assert result.exit_code == 0
    assert "framed 0 article(s)" in result.stdout


def test_labels_have_valid_evidence_and_probabilities(
    db: str, labels: list[dict[str, Any]]
) -> None:
    with Store(db, readonly=True) as store:
        texts = {s.article.id: s.article.original_text for s in store.articles(True)}
    assert {x["scheme"] for x in labels} >= {"technique", "genre", "role", "role_fine"}
    assert {x["scheme"] for x in labels} <= SCHEMES
    for x in labels:
        text = texts[x["article_id"]]
        assert 0 <= x["start"] < x["end"] <= len(text), x
        assert text[x["start"] : x["end"]].strip(), x
        assert 0.0 <= x["score"] <= 1.0
        assert x["model"].endswith(f"@{manifest()['version']}")


def test_one_genre_per_article(labels: list[dict[str, Any]]) -> None:
    genres = [x for x in labels if x["scheme"] == "genre"]
    assert len(genres) == 5
    assert {x["label"] for x in genres} <= {"opinion", "reporting", "satire"}


def test_roles_point_at_existing_entities(db: str, labels: list[dict[str, Any]]) -> None:
    roles = [x for x in labels if x["scheme"] in ("role", "role_fine")]
    assert roles
    with sqlite3.connect(db) as con:
        known = {r[0] for r in con.execute("SELECT id FROM entities")}
    for x in roles:
        assert x["kind"] == "entity"
        assert x["entity_id"] in known and x["entity_name"]
    for x in roles:
        if x["scheme"] == "role":
            fine = [
                y
                for y in roles
                if y["scheme"] == "role_fine"
                and y["entity_id"] == x["entity_id"]
                and y["article_id"] == x["article_id"]
            ]
            assert fine and all(y["label"] in ROLE_GROUPS[x["label"]] for y in fine)


def test_lukashenko_gets_a_role_in_every_article(labels: list[dict[str, Any]]) -> None:
    articles = {x["article_id"] for x in labels if x["scheme"] == "role"
                and x["entity_name"] == "Alexander Lukashenko"}  # fmt: skip
    assert len(articles) == 5


def test_global_research_piece_uses_techniques(
    db: str, labels: list[dict[str, Any]], by_number: dict[str, str]
) -> None:
    """002 (Global Research, 'US-Orchestrated Coup Plot') is a polemic: techniques are found in
    several of its paragraphs, each with a sentence of its own body as evidence."""
    with Store(db, readonly=True) as store:
        found = store.article(by_number["002"])
        assert found is not None
        article = found.article
    body = [(s, e) for s, e in article.clean_spans]
    techniques = [
        x for x in labels if x["article_id"] == by_number["002"] and x["scheme"] == "technique"
    ]
    assert len({(x["start"], x["end"]) for x in techniques}) >= 3
    for x in techniques:
        assert any(s <= x["start"] and x["end"] <= e for s, e in body), x
        assert x["kind"] in ("span", "paragraph")


def test_framing_command_json_and_filter(db: str, by_number: dict[str, str]) -> None:
    result = runner.invoke(
        app, ["framing", by_number["002"][:8], "--db", db, "--format", "json",
              "--scheme", "technique"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and {r["scheme"] for r in rows} == {"technique"}
    assert {r["article_id"] for r in rows} == {by_number["002"]}
    assert all(r["evidence"] for r in rows)


def test_framing_command_table(db: str) -> None:
    result = runner.invoke(app, ["framing", "--db", db, "--scheme", "genre"])
    assert result.exit_code == 0
    assert "genre" in result.stdout and "Global Research" in result.stdout


def test_framing_command_unknown_target(db: str) -> None:
    result = runner.invoke(app, ["framing", "zzzz", "--db", db])
    assert result.exit_code == 2
    assert "no article or story 'zzzz'" in result.stderr


def test_user_taxonomy_zero_shot(db: str, tmp_path: Path, by_number: dict[str, str]) -> None:
    taxonomy = tmp_path / "t.yaml"
    taxonomy.write_text(
        "narratives:\n"
        "  'Belarus: Foreign powers plot a coup':\n"
        "    description: 'The United States and its agents plan a coup to topple Lukashenko'\n"
        "    subnarratives: ['Belarus: Foreign powers plot a coup: Russia foiled the plot']\n"
        "  'Sport: Football transfers': ['Sport: Football transfers: Record fees']\n"
    )
    result = runner.invoke(
        app, ["framing", by_number["001"][:8], "--db", db, "--format", "json", "--scheme",
              "narrative", "--taxonomy", str(taxonomy)],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    names = {r["label"] for r in json.loads(result.stdout)}
    assert "Belarus: Foreign powers plot a coup" in names
    assert "Sport: Football transfers" not in names


def test_bad_taxonomy_file(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    result = runner.invoke(app, ["framing", "--db", db, "--taxonomy", str(bad)])
    assert result.exit_code == 2
    assert "expected a table" in result.stderr


def test_frame_text_without_a_store() -> None:
    text = (
        "Shameful traitors!\n\nThe corrupt regime and its puppet media are lying to you again."
        " These thugs will destroy our great nation unless we stop them now!\n\n"
        "Wake up, patriots: it is now or never."
    )
    found = frame_text("x", text)
    techniques = [x for x in found if x.scheme == "technique"]
    assert techniques, found
    assert {x.label for x in techniques} & {
        "Loaded_Language",
        "Name_Calling-Labeling",
        "Appeal_to_Fear-Prejudice",
        "Flag_Waving",
        "Slogans",
    }
    assert all(text[x.start : x.end].strip() for x in found)


@pytest.mark.parametrize("language", sorted(MODEL_SETS))
def test_heads_load_and_are_small(language: str) -> None:
    for name in HEADS:
        head = load(name, language)
        assert head.W.shape == (head.mean.shape[0], len(head.labels))
        assert np.isfinite(head.W).all()
        assert head.calib_a is not None and np.isfinite(head.calib_a).all()
    size = sum(p.stat().st_size for p in MODELS_DIR.rglob("*") if p.is_file())
    assert size < 8_000_000


def test_text_split_offsets() -> None:
    text = 'Title here\n\nFirst one. Second one! "Third?" Fourth.\n  \nLast line'
    paras = paragraphs(text)
    assert [text[s:e] for s, e in paras] == [
        "Title here",
        'First one. Second one! "Third?" Fourth.',
        "Last line",
    ]
    assert [text[s:e] for s, e in sentences(text, *paras[1])] == [
        "First one.",
        "Second one!",
        '"Third?"',
        "Fourth.",
    ]


def test_an_article_without_article_level_labels_still_frames() -> None:
    """Label vectors are cached per name; an empty list of names must give an empty matrix
    (a 300-article run failed 44 articles with "need at least one array to stack")."""
    from newsprism.framing.frame import _label_vectors

    assert _label_vectors(()).shape[0] == 0
    pair = _label_vectors(("Loaded_Language", "Doubt"))
    assert pair.shape[0] == 2 and (_label_vectors(("Doubt",))[0] == pair[1]).all()
