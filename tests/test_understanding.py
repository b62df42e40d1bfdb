"""The understanding stage end to end on the examples, through the CLI and the real model."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.pipeline import STAGES
from newsprism.pipeline import UNDERSTOOD as STAGE

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()


@pytest.fixture(scope="module")
def db(analysed_examples: tuple[str, str]) -> str:
    path, printed = analysed_examples
    assert "understood 5 article(s)" in printed
    return path


def listing(db: str, *args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, [*args, "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_every_article_has_the_stage_version(db: str) -> None:
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT version FROM article_stages WHERE stage='understand'").fetchall()
        assert rows == [(STAGE,)] * 5
        assert con.execute("SELECT COUNT(*) FROM sentences").fetchone()[0] > 100
        unset = con.execute("SELECT COUNT(*) FROM mentions WHERE entity_id IS NULL").fetchone()
        assert unset == (0,)


def test_rerun_understands_nothing_again(db: str) -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLES), "--db", db])
    assert result.exit_code == 0
    assert "understood 0 article(s)" in result.stdout


def test_entities_across_outlets(db: str) -> None:
    entities = {e["name"]: e for e in listing(db, "entities")}
    lukashenko = entities["Alexander Lukashenko"]
    assert len(lukashenko["articles"]) == 5  # every outlet, whatever its spelling
    assert {"Lukashenka", "Alyaksandr Lukashenka", "the Belarusian leader"} <= set(
        lukashenko["aliases"]
    )
    assert "Yarosh Sputnik Belarus" not in json.dumps(list(entities.values()))


def test_quotes_by_speaker(db: str) -> None:
    lavrov = listing(db, "quotes", "--speaker", "Lavrov")
    assert any(q["content"].startswith('"This underlines our mutual disposition') for q in lavrov)
    assert all(q["speaker"] == "Sergei Lavrov" for q in lavrov)
    putin = listing(db, "quotes", "--speaker", "putin")
    assert any("Unfriendly actions toward Russia do not cease" in q["content"] for q in putin)


def test_claims_voice_and_hedges(db: str) -> None:
    claims = listing(db, "claims")
    rigged = [c for c in claims if "widely viewed as rigged" in c["text"]]
    assert len(rigged) == 1
    assert rigged[0]["voice"] == "author"
    assert "widely viewed as" in rigged[0]["hedges"]
    handily = [c for c in claims if "handily won" in c["text"]]
    assert len(handily) == 1 and handily[0]["outlet"] == "Global Research"
    assert {"author", "attributed"} <= {c["voice"] for c in claims}


def test_timeline_in_date_order(db: str) -> None:
    events = listing(db, "timeline")
    dates = [e["date"] for e in events if e["date"][:1].isdigit()]
    assert dates == sorted(dates)
    election = [e for e in events if e["date"] == "2020-08-09"]
    assert election[0]["outlets"] == ["Global Research", "GlobalSecurity.org"]
    lavrov_day = [e for e in events if e["date"] == "2020-09-02" and "Lavrov" in e["text"]]
    assert lavrov_day and "Sergei Lavrov" in lavrov_day[0]["participants"]


def test_table_format_and_bad_format(db: str) -> None:
    result = runner.invoke(app, ["entities", "--db", db, "--limit", "3"])
    assert result.exit_code == 0
    assert "Alexander Lukashenko" in result.stdout
    result = runner.invoke(app, ["claims", "--db", db, "--format", "xml"])
    assert result.exit_code == 2
    assert result.stderr == "error: unknown format 'xml'; choose table or json\n"


def test_missing_or_stale_stage_rows_are_redone(tmp_path: Path) -> None:
    """A run killed during understanding left some articles without their stages: only those
    (and those made by an older stage version) are understood again."""
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["analyze", str(EXAMPLES), "--db", db]).exit_code == 0
    with sqlite3.connect(db) as con:
        first, second = (
            r[0]
            for r in con.execute(
                "SELECT article_id FROM article_stages WHERE stage='understand' LIMIT 2"
            )
        )
        con.execute("DELETE FROM article_stages WHERE article_id=?", (first,))
        con.execute(
            "UPDATE article_stages SET version='parse.v0' WHERE stage='parse' AND article_id=?",
            (second,),
        )
        quotes_before = con.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
    result = runner.invoke(app, ["analyze", str(EXAMPLES), "--db", db])
    assert "understood 2 article(s)" in result.stdout
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM quotes").fetchone()[0] == quotes_before
        versions = con.execute(
            "SELECT DISTINCT version FROM article_stages WHERE stage='understand'"
        ).fetchall()
        assert versions == [(STAGE,)]


def test_bumping_one_stage_reruns_it_and_its_dependants_only(tmp_path: Path) -> None:
    """quotes.vN -> v0 on one article: its quotes and claims (which read quotes) are made
    again; its sentences, mentions, times and events rows and every other article's stay."""
    db = str(tmp_path / "b.db")
    quotes_tag = next(s.tag for s in STAGES if s.name == "quotes")
    claims_tag = next(s.tag for s in STAGES if s.name == "claims")
    assert runner.invoke(app, ["analyze", str(EXAMPLES), "--db", db]).exit_code == 0
    tables = ("sentences", "mentions", "quotes", "claims", "time_exprs", "events")
    with sqlite3.connect(db) as con:
        article = con.execute(
            "SELECT article_id FROM quotes GROUP BY article_id ORDER BY COUNT(*) DESC LIMIT 1"
        ).fetchone()[0]
        counts = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
        for table in tables:  # a row the stage writes again loses the mark
            con.execute(f"UPDATE {table} SET stage = 'marked'")
        con.execute(
            "UPDATE article_stages SET version='quotes.v0' WHERE stage='quotes' AND article_id=?",
            (article,),
        )
    result = runner.invoke(app, ["analyze", str(EXAMPLES), "--db", db])
    assert "understood 1 article(s)" in result.stdout, result.stdout
    with sqlite3.connect(db) as con:
        for table in tables:
            assert con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == counts[table]
            made = dict(
                con.execute(
                    f"SELECT article_id = ?, group_concat(DISTINCT stage) FROM {table}"
                    " GROUP BY article_id = ?",
                    (article, article),
                ).fetchall()
            )
            assert made[0] == "marked", table
            redone = {"quotes": quotes_tag, "claims": claims_tag}.get(table, "marked")
            assert made[1] == redone, table


def test_a_giant_paragraph_is_parsed_in_pieces(tmp_path: Path) -> None:
    """A pasted transcript with no blank lines must not exhaust the parser or stop the run."""
    folder = tmp_path / "in"
    folder.mkdir()
    sentence = "Officials in Minsk said the talks with Moscow would continue next week. "
    (folder / "giant.txt").write_text("Transcript of the briefing\n\n" + sentence * 1000 + "\n")
    db = str(tmp_path / "g.db")
    result = runner.invoke(app, ["analyze", str(folder), "--db", db, "--workers", "1"])
    assert result.exit_code == 0, result.stderr
    assert "understood 1 article(s)" in result.stdout
    with sqlite3.connect(db) as con:
        (count,) = con.execute("SELECT COUNT(*) FROM sentences").fetchone()
        assert count >= 1000
        (last,) = con.execute('SELECT MAX("end") FROM sentences').fetchone()
        (length,) = con.execute("SELECT LENGTH(original_text) FROM articles").fetchone()
        assert last >= length - 2
