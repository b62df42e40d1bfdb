"""The store on a real PostgreSQL server: the same schema and migrations, the same contents
as SQLite for the same inputs, its own full-text search, and a schema made from the table
definitions the statements are built on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import insert, inspect, select
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.config import default_config
from newsprism.errors import StoreError, UsageError
from newsprism.ingest.options import ReadOptions
from newsprism.pipeline import analyze
from newsprism.store import database, postgres, tables
from newsprism.store.api import Store
from newsprism.store.migrations import MIGRATIONS, SCHEMA_VERSION

pytest.importorskip("psycopg")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CORPUS = ROOT / "benchmarks" / "corpus.py"
LISTINGS = ("entities", "quotes", "claims", "timeline", "stories")
QUERIES = ['"coup plot"', "Belarus AND Russia", "Lukashenko OR Mishustin", "Belarus NOT coup",
           "Minsk", "(coup OR plot) AND Moscow", "Lukashenko", "Luka*"]  # fmt: skip


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.slow
def test_examples_give_the_same_store_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    sqlite_db = str(tmp_path / "store.db")
    for db in (sqlite_db, pg_url):
        run("analyze", str(EXAMPLES), "--db", db)
    for command in ("export", *LISTINGS):
        fmt = "jsonl" if command == "export" else "json"
        expected = run(command, "--format", fmt, "--db", sqlite_db)
        assert expected.strip() not in ("", "[]"), command
        assert run(command, "--format", fmt, "--db", pg_url) == expected, command
    assert run("errors", "--db", pg_url) == run("errors", "--db", sqlite_db)
    # the read commands' own statements: the article list, an id prefix (a key range), the
    # entities table, and each story's comparison
    article = json.loads(run("export", "--db", sqlite_db).splitlines()[2])["id"]
    for args in (["show"], ["show", article[:7].upper()], ["entities", "--limit", "5"]):
        assert run(*args, "--db", pg_url) == run(*args, "--db", sqlite_db), args
    for story in json.loads(run("stories", "--format", "json", "--db", sqlite_db)):
        args = ["compare", story["id"], "--format", "json"]
        assert run(*args, "--db", pg_url) == run(*args, "--db", sqlite_db), story["id"]


def test_migrations_are_the_same_list_and_apply_once(pg_url: str) -> None:
    with Store(pg_url) as store:
        rows = store.conn.exec_driver_sql(
            "SELECT version, name FROM schema_version ORDER BY version"
        ).all()
        assert [(r.version, r.name) for r in rows] == [
            (i, name) for i, (name, _) in enumerate(MIGRATIONS, start=1)
        ]
        store.conn.exec_driver_sql(
            "INSERT INTO schema_version(version, name, applied_at) VALUES (%s, 'future', 'now')",
            (SCHEMA_VERSION + 1,),
        )
    with pytest.raises(StoreError, match="newer than this newsprism knows"):
        Store(pg_url)


def test_rerun_skips_unchanged_files(store_at: str) -> None:
    config, options = default_config(), ReadOptions()
    with Store(store_at) as store:
        first = analyze([str(EXAMPLES)], store, options, config, workers=1)
        again = analyze([str(EXAMPLES)], store, options, config, workers=1)
        assert (first.result.stored, again.result.stored, again.skipped) == (5, 0, 5)
        runs = store.conn.exec_driver_sql("SELECT status, stored FROM runs ORDER BY id").all()
        assert [(r.status, r.stored) for r in runs] == [("done", 5), ("done", 0)]


def test_search_finds_what_fts5_finds(tmp_path: Path, pg_url: str) -> None:
    sqlite_db = str(tmp_path / "store.db")
    hits: dict[str, list[set[str]]] = {}
    for db in (sqlite_db, pg_url):
        with Store(db) as store:
            analyze([str(EXAMPLES)], store, ReadOptions(), default_config(), workers=1)
            hits[db] = [{h.id for h in store.search(q)} for q in QUERIES]
            phrase = store.search('"coup plot"')
            assert all("[" in h.snippet and "]" in h.snippet for h in phrase)
            with pytest.raises(UsageError, match="quote phrases"):
                store.search('"unbalanced')
    assert hits[pg_url] == hits[sqlite_db]
    assert all(hits[pg_url]), hits[pg_url]  # every query finds something to compare
    # a prefix finds at least what the whole word finds
    assert hits[pg_url][QUERIES.index("Luka*")] >= hits[pg_url][QUERIES.index("Lukashenko")]


def test_schema_is_the_table_definitions_with_storage_order(pg_url: str) -> None:
    """Every table of store/tables.py, column for column, and a rowid wherever SQLite has
    one; ordering by it keeps insertion order."""
    with Store(pg_url) as store:
        inspector = inspect(store.conn)
        for table in tables.metadata.sorted_tables:
            columns = [c["name"] for c in inspector.get_columns(table.name)]
            wanted = [c.name for c in table.columns]
            assert [c for c in columns if c != "rowid"] == wanted, table.name
            assert ("rowid" in columns) == postgres.has_rowid(table), table.name
        with store.transaction():
            for path in ("b", "a", "c"):
                store.conn.execute(
                    insert(tables.errors).values(path=path, reason="r", stage="s", at="now")
                )
        order = store.conn.execute(
            select(tables.errors.c.path).order_by(database.rowid(tables.errors))
        ).scalars()
        assert list(order)[-3:] == ["b", "a", "c"]


@pytest.mark.slow
def test_dask_run_into_postgresql_matches_local_sqlite(tmp_path: Path, pg_url: str) -> None:
    distributed = pytest.importorskip("distributed")
    corpus = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(CORPUS), str(corpus), "300", "--seed", "2", "--dup-rate", "0.2"],
        check=True, capture_output=True,
    )  # fmt: skip
    sqlite_db = str(tmp_path / "store.db")
    run("analyze", str(corpus), "--db", sqlite_db, "--workers", "2", "--only-ingest")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0",
        silence_logs=40,
    ) as cluster:  # fmt: skip
        args = ["--dask", cluster.scheduler_address, "--only-ingest"]
        run("analyze", str(corpus), "--db", pg_url, *args)
    expected = run("export", "--format", "jsonl", "--db", sqlite_db)
    assert run("export", "--format", "jsonl", "--db", pg_url) == expected
    copies = sum(len(json.loads(line)["copies"]) for line in expected.splitlines())
    assert copies > 20  # the comparison covered dedup, not only plain inserts


def test_parquet_export_holds_the_export_records(tmp_path: Path, store_at: str) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    run("analyze", str(EXAMPLES), "--db", store_at, "--only-ingest")
    out = tmp_path / "articles.parquet"
    result = CliRunner().invoke(app, ["export", "--format", "parquet", "-o", str(out),
                                      "--db", store_at])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote 5 articles to {out}\n"
    expected = [json.loads(line) for line in run("export", "--db", store_at).splitlines()]
    assert pq.read_table(out).to_pylist() == expected


def test_parquet_needs_an_output_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["export", "--format", "parquet", "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 2
    assert result.stderr == "error: --format parquet writes a file; name it with -o FILE\n"


def test_unreachable_postgresql_is_a_clear_error() -> None:
    result = CliRunner().invoke(
        app, ["show", "--db", "postgresql://someone:secret@127.0.0.1:9/none"]
    )
    assert result.exit_code == 2
    assert "postgresql://someone:***@127.0.0.1:9/none: cannot connect to PostgreSQL" in (
        result.stderr
    )
    assert "secret" not in result.stderr


def test_an_older_postgresql_store_takes_the_new_claim_statuses(pg_url: str) -> None:
    """A store made before 0007 had "contested" in its CHECK; upgrading replaces it."""
    with Store(pg_url) as store:
        conn = store.conn
        conn.exec_driver_sql("DELETE FROM schema_version WHERE version >= 7")
        conn.exec_driver_sql(
            "ALTER TABLE claim_groups DROP CONSTRAINT IF EXISTS claim_groups_status"
        )
        for (name,) in conn.exec_driver_sql(
            "SELECT conname FROM pg_constraint"
            " WHERE conrelid = 'claim_groups'::regclass AND contype = 'c'"
        ).all():
            conn.exec_driver_sql(f'ALTER TABLE claim_groups DROP CONSTRAINT "{name}"')
        conn.exec_driver_sql(
            "ALTER TABLE claim_groups ADD CONSTRAINT claim_groups_status_check"
            " CHECK (status IN ('corroborated', 'single_source', 'contested'))"
        )
    with Store(pg_url) as store:
        checks = (
            store.conn.exec_driver_sql(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = 'claim_groups'::regclass AND contype = 'c'"
            )
            .scalars()
            .all()
        )
        assert len(checks) == 1 and "framed_differently" in checks[0]
        assert "contested" not in checks[0]
