"""The SQLite store: migrations, idempotent reruns, updates, duplicate linking, FTS, and
read-only opens that write nothing."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError, OperationalError
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.config import default_config
from newsprism.errors import StoreError
from newsprism.ingest.options import ReadOptions
from newsprism.pipeline import Summary, analyze
from newsprism.store import tables
from newsprism.store.api import Store
from newsprism.store.migrations import MIGRATIONS, SCHEMA_VERSION
from newsprism.store.stories import stale_stories
from newsprism.stories.run import STAGE as STORIES_STAGE
from store_files import foreign_sqlite, older_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
RFE = (EXAMPLES / "003_deee31e75b74293e.txt").read_text()


def run(store: Store, *paths: Path) -> Summary:
    return analyze([str(p) for p in paths], store, ReadOptions(), default_config(), workers=1)


def test_schema_version_wal_and_fts(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        rows = store.conn.exec_driver_sql("SELECT version, name FROM schema_version").fetchall()
        names = [(i, name) for i, (name, _) in enumerate(MIGRATIONS, start=1)]
        assert [tuple(r) for r in rows] == names
        assert names[:3] == [(1, "0001_initial_schema"), (2, "0002_understanding"),
                             (3, "0003_stories")]  # fmt: skip
        assert len(MIGRATIONS) == SCHEMA_VERSION
        assert store.conn.exec_driver_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.exec_driver_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    with Store(tmp_path / "s.db") as store:  # reopening applies nothing twice
        count = store.conn.exec_driver_sql("SELECT COUNT(*) FROM schema_version").fetchone()[0]
        assert count == SCHEMA_VERSION


SQLITE_TYPES = {"INTEGER": "INTEGER", "BIGINT": "INTEGER", "TEXT": "TEXT", "BLOB": "BLOB",
                "DOUBLE": "REAL", "FLOAT": "REAL"}  # fmt: skip


@pytest.mark.parametrize("start", ["new", "older"])
def test_the_migrations_make_exactly_the_defined_tables(tmp_path: Path, start: str) -> None:
    """Statements are built on store/tables.py and SQLite stores are made by the migrations:
    a new store and an upgraded one must hold those tables, column for column (name, type,
    NOT NULL, key), or a statement would name what is not there, or PostgreSQL (made from
    the definitions) would differ."""
    db = tmp_path / "s.db"
    if start == "older":
        older_store(db)
    Store(db).close()
    with sqlite3.connect(db) as con:
        for table in tables.metadata.sorted_tables:
            info = con.execute(f"PRAGMA table_info({table.name})").fetchall()
            # a key column's NOT NULL is SQLite's choice (TEXT PRIMARY KEY allows NULL)
            stored = [
                (name, kind, None if pk else bool(notnull), pk > 0)
                for _, name, kind, notnull, _, pk in info
            ]
            wanted = [
                (c.name, SQLITE_TYPES[c.type.compile(sqlite.dialect()).split("(")[0]],
                 None if c.primary_key else not c.nullable, c.primary_key)
                for c in table.columns
            ]  # fmt: skip
            assert stored == wanted, table.name
    con.close()


def test_newer_store_is_refused(tmp_path: Path) -> None:
    Store(tmp_path / "s.db").close()
    with sqlite3.connect(tmp_path / "s.db") as con:
        con.execute("INSERT INTO schema_version VALUES (99, 'future', 'x')")
    with pytest.raises(StoreError, match="newer than this newsprism knows"):
        Store(tmp_path / "s.db")


def test_rerun_adds_nothing_and_changed_file_updates(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for f in EXAMPLES.glob("*.txt"):
        (folder / f.name).write_bytes(f.read_bytes())
    with Store(tmp_path / "s.db") as store:
        first = run(store, folder)
        assert first.result.stored == 5
        again = run(store, folder)
        assert (again.result.stored, again.skipped) == (0, 5)
        target = folder / "000_982a2f7b4acfb1ad.txt"
        target.write_text(
            target.read_text() + "\n\nA new closing paragraph was added by the editors today.\n"
        )
        changed = run(store, folder)
        assert (changed.result.stored, changed.result.updated, changed.skipped) == (0, 1, 4)
        assert store.count()["articles"] == 5
        (hit,) = store.search('"new closing paragraph"')
        assert hit.title == "Belarus asks U.S. for help in coup case"
        # touching a file without changing it re-reads it but stores nothing new
        os.utime(target, None)
        touched = run(store, folder)
        assert (touched.result.stored, touched.result.updated, touched.result.unchanged) == (
            0,
            0,
            1,
        )


def test_same_file_by_another_path_is_the_same_source(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        run(store, EXAMPLES)
        cwd = os.getcwd()
        try:
            os.chdir(EXAMPLES)
            again = analyze(["."], store, ReadOptions(), default_config(), workers=1)
        finally:
            os.chdir(cwd)
        assert again.result.stored == 0
        assert store.count()["articles"] == 5


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_exact_and_near_copies_are_linked_not_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    # the same RFE/RL story: its original, a verbatim republication, a lightly edited one
    _write(folder, "a_original.txt", RFE)
    body_only = RFE.replace("Join the GlobalSecurity.org mailing list", "")
    _write(folder, "b_exact.txt", body_only)  # same clean text, different furniture
    edited = RFE.replace(
        "Sixteen of them will remain in custody", "Sixteen of those will stay in custody"
    )
    _write(folder, "c_near.txt", edited)
    _write(folder, "d_other.txt", (EXAMPLES / "004_3bfc8f5e2bd740ae.txt").read_text())
    with Store(tmp_path / "s.db") as store:
        summary = run(store, folder)
        assert summary.result.copies == 2
        assert store.count() == {"articles": 4, "copies": 2, "errors": 0}
        canon = [s for s in store.articles() if s.article.title.startswith("Russian PM")]
        assert len(canon) == 1
        copies = {Path(c.source).name: (c.kind, c.similarity) for c in canon[0].copies}
        assert Path(canon[0].article.source).name == "a_original.txt"
        assert copies["b_exact.txt"] == ("exact", 1.0)
        kind, similarity = copies["c_near.txt"]
        assert kind == "near"
        assert similarity is not None and 0.8 <= similarity < 1.0


def test_earlier_publication_becomes_canonical(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    later = RFE.replace("September 03, 2020", "September 05, 2020")
    _write(folder, "a_later.txt", later)
    with Store(tmp_path / "s.db") as store:
        run(store, folder)
        _write(folder, "b_earlier.txt", RFE)
        run(store, folder)
        (canon,) = list(store.articles())
        assert Path(canon.article.source).name == "b_earlier.txt"
        assert [Path(c.source).name for c in canon.copies] == ["a_later.txt"]


def test_deleting_a_canonical_regroups_its_copies(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    original = _write(folder, "a.txt", RFE)
    _write(folder, "b.txt", RFE + "\n")
    _write(folder, "c.txt", RFE + "\n\n")
    with Store(tmp_path / "s.db") as store:
        run(store, folder)
        assert store.count()["copies"] == 2
        original.write_text(
            (EXAMPLES / "004_3bfc8f5e2bd740ae.txt").read_text()
        )  # a is now another story
        run(store, folder)
        groups = {
            Path(s.article.source).name: [Path(c.source).name for c in s.copies]
            for s in store.articles()
        }
        assert groups == {"a.txt": [], "b.txt": ["c.txt"]}


def test_line_repeated_across_one_outlets_articles_is_removed(tmp_path: Path) -> None:
    """A slogan no vocabulary knows, carried by three articles of one site, is furniture."""
    site = tmp_path / "harbour-gazette"
    site.mkdir()
    other = tmp_path / "other-site"
    other.mkdir()
    stories = [
        ("Ferry fares rise", "The ferry operator raised fares by a tenth on Monday, citing fuel."),
        (
            "Bridge vote delayed",
            "Councillors postponed the bridge vote after a long debate on cost.",
        ),
        (
            "Lighthouse reopens",
            "The old lighthouse reopened to visitors after two years of repairs.",
        ),
    ]
    for i, (title, body) in enumerate(stories):
        text = (
            f"{title}\n\n{body} Officials said more details would follow.\n\nVoices of the Quay\n"
        )
        _write(site, f"{i}.txt", text)
    _write(
        other,
        "x.txt",
        "Market day\n\nTraders set up their stalls early in the square today, the market office"
        " said.\n\nVoices of the Quay\n",
    )
    with Store(tmp_path / "s.db") as store:
        run(store, site)
        for stored in store.articles():
            assert "Voices of the Quay" not in stored.article.clean_text
            assert "repeated" in {why for _, _, why in stored.article.boilerplate}
            assert stored.article.title in stored.article.clean_text
        (hit,) = [s for s in store.search("lighthouse")]
        assert hit.title == "Lighthouse reopens"
        assert store.search('"Voices of the Quay"') == []
        run(store, other)  # another site's single use of the line stays
        (market,) = [s for s in store.articles() if s.article.title == "Market day"]
        assert "Voices of the Quay" in market.article.clean_text


# -- read-only opens ---------------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_readonly_open_of_a_foreign_file_changes_nothing(tmp_path: Path) -> None:
    db = foreign_sqlite(tmp_path / "other.db")
    before = _digest(db)
    with pytest.raises(StoreError) as refused:
        Store(db, readonly=True)
    assert str(refused.value) == (
        f"{db}: not a newsprism store (no schema_version table); "
        "pass a store written by `newsprism analyze`"
    )
    assert _digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]  # no -wal, no -shm
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        tables = con.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    assert tables == [("notes",)]


def test_readonly_open_of_an_older_store_names_the_command_that_migrates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = older_store(tmp_path / "old.db")
    before = _digest(db)
    with pytest.raises(StoreError) as refused:
        Store(db, readonly=True)
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(
        f"{db}: store has schema version {SCHEMA_VERSION - 1}, older than this newsprism "
        f"({SCHEMA_VERSION}); migrate it with `newsprism migrate --db {db}`"
    )
    assert _digest(db) == before
    # the command the message names works as written, and migrates the store
    command = re.search(r"`newsprism (.+?)`", message)
    assert command is not None
    result = CliRunner().invoke(app, shlex.split(command.group(1)))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{db}: migrated from version {SCHEMA_VERSION - 1} to version {SCHEMA_VERSION}\n"
    )
    with Store(db, readonly=True) as store:
        query = "SELECT MAX(version) FROM schema_version"
        version = store.conn.exec_driver_sql(query).scalar()
        assert (version, store.count()["articles"]) == (SCHEMA_VERSION, 0)


def test_readonly_open_of_a_newer_store_is_refused(tmp_path: Path) -> None:
    Store(tmp_path / "s.db").close()
    with sqlite3.connect(tmp_path / "s.db") as con:
        con.execute("INSERT INTO schema_version VALUES (99, 'future', 'x')")
    con.close()
    with pytest.raises(StoreError, match="newer than this newsprism knows"):
        Store(tmp_path / "s.db", readonly=True)


def test_readonly_store_cannot_write_and_may_change_threads(tmp_path: Path) -> None:
    """The web app opens a request's store in one threadpool thread and uses it in another."""
    db = tmp_path / "s.db"
    with Store(db) as store:
        run(store, EXAMPLES / "003_deee31e75b74293e.txt")
    before = _digest(db)
    with ThreadPoolExecutor(1) as pool:
        store = pool.submit(Store, db, True).result()
    with pytest.raises(OperationalError, match="readonly"):
        store.conn.exec_driver_sql("CREATE TABLE mine(x)")  # refused by mode=ro, no make_readonly
    assert store.count()["articles"] == 1
    assert store.conn.exec_driver_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    with ThreadPoolExecutor(1) as pool:
        pool.submit(store.close).result()
    assert _digest(db) == before


READ_IN_CHILD = """
import json, sys
from pathlib import Path
from newsprism.store import tables
from newsprism.store.api import Store
db = Path(sys.argv[1])
try:
    (db.parent / "probe").touch()
    writable = True
except OSError:
    writable = False
with Store(db, readonly=True) as store:
    print(json.dumps({"writable": writable, "articles": store.count()["articles"]}))
"""


def test_readonly_open_in_a_folder_it_cannot_write(tmp_path: Path) -> None:
    """A WAL store closed cleanly (no -wal, no -shm) in a read-only folder still opens."""
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "s.db"
    with Store(db) as store:
        run(store, EXAMPLES / "003_deee31e75b74293e.txt")
    assert sorted(p.name for p in folder.iterdir()) == ["s.db"]
    before = _digest(db)
    command = [sys.executable, "-c", READ_IN_CHILD, str(db)]
    if os.geteuid() == 0:  # root writes anywhere; without capabilities it obeys the modes
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv (util-linux) to drop capabilities")
        command = [setpriv, "--bounding-set=-all", "--inh-caps=-all", "--", *command]
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        child = subprocess.run(command, capture_output=True, text=True, timeout=60)
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
    assert child.returncode == 0, child.stderr
    assert json.loads(child.stdout) == {"writable": False, "articles": 1}
    assert sorted(p.name for p in folder.iterdir()) == ["s.db"]
    assert _digest(db) == before


def test_claim_statuses_migration_drops_old_groups_and_keeps_stories(tmp_path: Path) -> None:
    """0007 replaces "contested" by the pair model's statuses: the old groups (derived rows)
    go, the story stays and is rebuilt because its stage tag is no longer current."""
    from newsprism.store.migrations import CLAIM_STATUSES_VERSION, SCHEMA_VERSION

    db = older_store(tmp_path / "old.db", fewer=SCHEMA_VERSION - CLAIM_STATUSES_VERSION + 1)
    with sqlite3.connect(db) as con:
        con.execute("INSERT INTO stories VALUES ('s1', 'x', NULL, NULL, 1, 1, 'now', 'stories.v1')")
        con.execute(
            "INSERT INTO claim_groups VALUES"
            " ('g1', 's1', 'contested', 'x', '[]', '[]', 'stories.v1')"
        )
    con.close()
    with Store(db) as store:
        assert store.conn.exec_driver_sql("SELECT COUNT(*) FROM claim_groups").scalar() == 0
        assert store.conn.exec_driver_sql("SELECT id FROM stories").scalars().all() == ["s1"]
        store.conn.exec_driver_sql(
            "INSERT INTO claim_groups (id, story_id, status, summary, outlets, reasons, stage)"
            " VALUES ('g2', 's1', 'framed_differently', 'x', '[]', '[]', 'stories.v2')"
        )
        omitted = store.conn.exec_driver_sql("SELECT omitted_by FROM claim_groups").scalar()
        assert omitted == "[]"
        with pytest.raises(IntegrityError):
            store.conn.exec_driver_sql(
                "INSERT INTO claim_groups (id, story_id, status, summary, outlets, reasons, stage)"
                " VALUES ('g3', 's1', 'contested', 'x', '[]', '[]', 'stories.v2')"
            )
        assert "s1" in stale_stories(store, STORIES_STAGE)


def test_event_dating_migration_marks_stored_events_as_dated_by_their_text(
    tmp_path: Path,
) -> None:
    """0008: events and merged events stored before say how they are dated ("text": every
    event then had a date its sentence states); new rows can say otherwise."""
    db = older_store(tmp_path / "old.db", fewer=2)  # before 0008 (and 0009)
    with sqlite3.connect(db) as con:  # foreign keys are off here: no article row needed
        con.execute("INSERT INTO events VALUES (1, 'a1', 0, 1, '2020-08-09', 'day', 'events.v1')")
    con.close()
    with Store(db) as store:
        rows = store.conn.exec_driver_sql("SELECT date, dated_by FROM events").all()
        assert [tuple(r) for r in rows] == [("2020-08-09", "text")]
        columns = store.conn.exec_driver_sql("PRAGMA table_info(timeline_events)").all()
        assert "dated_by" in {c[1] for c in columns}
