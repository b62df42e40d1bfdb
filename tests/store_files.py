"""Store files for the read-only tests: one some other program wrote, one of an older schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsprism.store import migrations
from newsprism.store.api import Store


def foreign_sqlite(path: Path) -> Path:
    """A SQLite file some other program wrote: one table of its own, rollback journal."""
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)")
        con.execute("INSERT INTO notes(body) VALUES ('not news')")
    con.close()
    return path


def older_store(path: Path, fewer: int = 1) -> Path:
    """A store written by a newsprism that knew ``fewer`` migrations fewer."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:-fewer])
        m.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION - fewer)
        Store(path).close()
    return path
