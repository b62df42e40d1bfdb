"""Wall time of the read commands (`show`, `stories`, `entities`, `compare`) on grown stores.

The goal (issue): each read command answers in <= 0.3 s on a 1k-article store and <= 1 s on
a 10k one, timed as a user runs it: the installed CLI as a subprocess with `--db`, start-up
included, output to a pipe (not a terminal). Each command runs once to warm the page cache,
then `--runs` times (once, if the warm-up took over SLOW_SECONDS); the best and median wall
seconds are printed with the median CPU seconds (user + system) of the process, steadier than
wall time on a shared machine, and the median wall time is held to the goal. `python -c pass`
and `newsprism --help` are timed too: the interpreter and the CLI's imports are a floor every
command pays. To time another source tree (a commit exported with `git archive`), run with
`PYTHONPATH=THAT/src`: the CLI subprocesses inherit it. Compile that tree first (`python -m
compileall THAT/src`): with PYTHONDONTWRITEBYTECODE set (as some containers do), Python compiles
every module from source in every run, a start-up an installed newsprism never pays.

How the stores are made. Analysing 10k articles takes the better part of an hour, so a base
store of `--base` articles (corpus.py: real paragraphs, boilerplate, a share of copies) is
analysed once by the real `newsprism analyze` and cached under `--cache`, keyed by its size,
seed and schema version (a base cached at an older schema is migrated by `newsprism migrate`
instead of analysed again, and the sizes regrown from it). Each size is then grown from it at
the SQLite level: copy k of the base gets new article ids and copies every row keyed by an
article (articles and through their trigger the FTS index; lsh_bands, repeated_lines, files,
article_stages, sentences, mentions, quotes, claims with new ids, time_exprs, events, labels,
story_articles, story_keys, claim_group_members), with copies pointing to their canonical
article of the same copy. So that the grown store looks like a real one rather than the base
repeated:

* entities mentioned by >= SHARED_MIN base articles (the United States, Trump) stay shared
  by every copy, and their mention counts grow; rarer ones get a new id per copy (name and
  key suffixed with the copy number), so the long tail grows with the corpus, as it does;
* stories: the base's stories (most are single articles: the generated articles mix random
  paragraphs) are cloned as units (a story's articles with its claim groups, members and
  timeline events, re-keyed) and packed in shuffled order into stories whose sizes follow
  STORY_SIZES (1 to 60 articles, mean ~9): many small stories, some of tens of articles.

Sentence vectors are keyed by text, so copies share the base's cache. The sizes grown are
cached beside the base (GROW_VERSION in the key); `--rebuild` makes everything afresh.

    python benchmarks/read.py [--sizes 1000 10000] [--base 300] [--runs 5] [--cache DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest import HERE, _check, newsprism_command, run_cli
from newsprism.store.api import Store
from newsprism.store.migrations import SCHEMA_VERSION, stored_version

GROW_VERSION = 1
"""Part of a grown store's cache key: bump when the way stores are grown changes."""
SHARED_MIN = 5
"""An entity mentioned by this many base articles is shared by every copy."""
STORY_SIZES = ((0.40, 1, 2), (0.35, 3, 9), (0.20, 10, 29), (0.05, 30, 60))
"""(share, smallest, largest) of the grown stories' sizes in articles."""
GOALS = {1_000: 0.3, 10_000: 1.0}
"""Seconds a read command may take on a store of this many articles (the issue's goal)."""
SLOW_SECONDS = 5.0
"""A command whose warm-up run takes longer than this is timed once more, not ``--runs`` times."""
ARTICLE_ID = re.compile(r"\b[0-9a-f]{20}\b")

ARTICLE_TABLES = (
    "lsh_bands", "repeated_lines", "article_stages", "sentences", "mentions", "quotes",
    "claims", "time_exprs", "events", "labels", "story_keys",
)  # fmt: skip
"""Tables whose rows belong to one article (``article_id``), cloned by SQL."""


def _entity(column: str) -> str:
    """SQL for ``column``'s entity id in the copy being made (shared ones are kept)."""
    return f"COALESCE((SELECT new FROM map_e WHERE old = {column}), {column})"


SUBSTITUTIONS: dict[str, dict[str, str]] = {
    "mentions": {"id": "NULL", "entity_id": _entity("t.entity_id")},
    "quotes": {"id": "NULL", "speaker_entity_id": _entity("t.speaker_entity_id")},
    "claims": {
        "id": "t.id + :claim_offset",
        "attributed_entity_id": _entity("t.attributed_entity_id"),
    },
    "time_exprs": {"id": "NULL"},
    "events": {"id": "NULL"},
    "labels": {"id": "NULL", "entity_id": _entity("t.entity_id")},
    "story_keys": {
        "key": "CASE WHEN t.key LIKE 'e:%' THEN 'e:' || "
        + _entity("substr(t.key, 3)")
        + " ELSE t.key END"
    },
}
"""Columns of the article tables that change in a copy (the rest are copied as they are)."""


# -- the base store -----------------------------------------------------------------------


def base_store(cache: Path, n: int, seed: int, rebuild: bool) -> Path:
    """The analysed store of ``n`` generated articles, made by `newsprism analyze` once."""
    db = cache / f"base-{n}-seed{seed}-schema{SCHEMA_VERSION}.db"
    if db.exists() and not rebuild and _version(db) == SCHEMA_VERSION:
        return db
    if not rebuild and _migrate_older(cache, n, seed, db):
        return db
    work = Path(tempfile.mkdtemp(prefix="newsprism-read-base-"))
    try:
        corpus, fresh = work / "corpus", work / "base.db"
        subprocess.run(
            [sys.executable, str(HERE / "corpus.py"), str(corpus), str(n), "--seed", str(seed)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        print(f"analysing {n} articles into the base store (a few minutes)...", file=sys.stderr)
        measured = run_cli(["analyze", str(corpus), "--db", str(fresh)], work)
        _check(measured, "analyze")
        _compact(fresh, db)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return db


def _migrate_older(cache: Path, n: int, seed: int, db: Path) -> bool:
    """Make ``db`` from a cached base of an older schema, by the real migrations (`newsprism
    migrate`), rather than analysing again: the reads timed here do not depend on which
    version analysed the base, only on the schema. False when there is no older base."""
    older = [
        p
        for p in cache.glob(f"base-{n}-seed{seed}-schema*.db")
        if (v := _version(p)) is not None and v < SCHEMA_VERSION
    ]
    if not older:
        return False
    source = max(older, key=lambda p: _version(p) or 0)
    work = Path(tempfile.mkdtemp(prefix="newsprism-read-migrate-"))
    try:
        copy = work / "base.db"
        _compact(source, copy)
        _check(run_cli(["migrate", "--db", str(copy)], work), "migrate")
        _compact(copy, db)  # the WAL the migration wrote, folded in
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"migrated {source.name} to {db.name}", file=sys.stderr)
    return True


def _version(db: Path) -> int | None:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return stored_version(conn)
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def _compact(source: Path, target: Path) -> None:
    """Copy the store at ``source`` to ``target`` as one file (WAL folded in), atomically."""
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source)
    try:
        src.execute("VACUUM INTO ?", (str(partial),))
    finally:
        src.close()
    partial.replace(target)


# -- growing it -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One base story in copy ``copy`` of the base: what is cloned together."""

    copy: int
    story_id: str
    article_ids: tuple[str, ...]


def _story_size(rng: random.Random) -> int:
    pick = rng.random()
    for share, low, high in STORY_SIZES:
        if pick < share:
            return rng.randint(low, high)
        pick -= share
    return STORY_SIZES[-1][2]


def _clone_id(old: str, copy: int, length: int, prefix: str = "") -> str:
    """The id of ``old`` in copy ``copy`` (copy 0 is the base itself)."""
    if copy == 0:
        return old
    digest = hashlib.sha1(f"{old}:{copy}".encode()).hexdigest()
    return prefix + digest[: length - len(prefix)]


def plan_units(base: sqlite3.Connection, n: int) -> list[Unit]:
    """Base stories, copy after copy, until they hold ``n`` articles."""
    members: dict[str, list[str]] = {}
    for story_id, article_id in base.execute(
        "SELECT sa.story_id, sa.article_id FROM story_articles sa"
        " JOIN articles a ON a.id = sa.article_id ORDER BY sa.story_id, a.rowid"
    ):
        members.setdefault(story_id, []).append(article_id)
    units: list[Unit] = []
    total = copy = 0
    while total < n:
        for story_id, article_ids in members.items():
            if total >= n:
                break
            units.append(Unit(copy, story_id, tuple(article_ids)))
            total += len(article_ids)
        copy += 1
    return units


def pack_stories(units: Sequence[Unit], seed: int) -> dict[tuple[int, str], str]:
    """(copy, base story) -> grown story id: shuffled units packed to STORY_SIZES."""
    rng = random.Random(seed)
    order = list(units)
    rng.shuffle(order)
    story_of: dict[tuple[int, str], str] = {}
    i = 0
    while i < len(order):
        target, size = _story_size(rng), 0
        first = order[i]
        grown = "s" + hashlib.sha1(f"{first.story_id}:{first.copy}".encode()).hexdigest()[:11]
        while i < len(order) and size < target:
            story_of[(order[i].copy, order[i].story_id)] = grown
            size += len(order[i].article_ids)
            i += 1
    return story_of


def grow(base_path: Path, out: Path, n: int, seed: int) -> dict[str, int]:
    """Write a store of ~``n`` articles at ``out`` cloned from the analysed base store."""
    out.unlink(missing_ok=True)
    Store(out).close()  # the schema, by the real migrations
    db = sqlite3.connect(out, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("ATTACH DATABASE ? AS b", (f"file:{base_path}?mode=ro",))
    base = sqlite3.connect(f"file:{base_path}?mode=ro", uri=True)
    units = plan_units(base, n)
    story_of = pack_stories(units, seed)
    rare = {
        r[0]
        for r in base.execute(
            "SELECT entity_id FROM mentions WHERE entity_id IS NOT NULL"
            " GROUP BY entity_id HAVING COUNT(DISTINCT article_id) < ?",
            (SHARED_MIN,),
        )
    }
    claim_stride = int(base.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM claims").fetchone()[0])
    db.execute("BEGIN")
    for table in ("runs", "furniture", "sentence_vectors", "errors"):
        db.execute(f"INSERT INTO main.{table} SELECT * FROM b.{table}")
    db.execute("INSERT INTO main.entities SELECT * FROM b.entities")
    db.execute("CREATE TEMP TABLE map_a (old TEXT PRIMARY KEY, new TEXT NOT NULL)")
    db.execute("CREATE TEMP TABLE map_e (old TEXT PRIMARY KEY, new TEXT NOT NULL)")
    db.execute("CREATE TEMP TABLE map_g (old TEXT PRIMARY KEY, new TEXT NOT NULL)")
    for copy in sorted({u.copy for u in units}):
        mine = [u for u in units if u.copy == copy]
        _clone_copy(db, base, copy, mine, story_of, rare, claim_stride * copy)
    _finish_stories(db, base, story_of)
    db.execute(
        "UPDATE entities SET mentions = (SELECT COUNT(*) FROM mentions m"
        " WHERE m.entity_id = entities.id)"
    )
    db.execute("COMMIT")
    db.execute("DETACH DATABASE b")
    db.execute("PRAGMA journal_mode=WAL")  # as `analyze` leaves a store
    counts = {
        t: int(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
        for t in ("articles", "stories", "entities", "mentions", "claim_groups", "labels")
    }
    db.close()
    base.close()
    return counts


def _clone_copy(
    db: sqlite3.Connection,
    base: sqlite3.Connection,
    copy: int,
    units: Sequence[Unit],
    story_of: dict[tuple[int, str], str],
    rare: set[str],
    claim_offset: int,
) -> None:
    """Insert copy ``copy`` of the base stories ``units`` into the grown store."""
    article_map = {a: _clone_id(a, copy, 20) for u in units for a in u.article_ids}
    db.execute("DELETE FROM map_a")
    db.execute("DELETE FROM map_e")
    db.execute("DELETE FROM map_g")
    db.executemany("INSERT INTO map_a VALUES (?, ?)", article_map.items())
    mentioned = {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT t.entity_id FROM b.mentions t JOIN map_a ON map_a.old = t.article_id"
            " WHERE t.entity_id IS NOT NULL"
        )
    }
    entity_map = {e: _clone_id(e, copy, 13, "E") for e in sorted(mentioned & rare)}
    if copy:
        db.executemany("INSERT INTO map_e VALUES (?, ?)", entity_map.items())
        db.execute(
            "INSERT INTO main.entities(id, canonical_name, type, aliases, key, mentions, stage)"
            " SELECT m.new, t.canonical_name || ' ' || :copy, t.type, t.aliases,"
            " t.key || ' ' || :copy, 0, t.stage FROM b.entities t JOIN map_e m ON m.old = t.id",
            {"copy": copy},
        )
    suffix = "" if copy == 0 else f"#copy-{copy}"
    canonical = "(SELECT new FROM map_a c WHERE c.old = t.canonical_id)"
    _clone_table(
        db, "articles", "t.id",
        {
            "id": "map_a.new",
            "source": "t.source || :suffix",
            "canonical_id": canonical,
            "copy_kind": f"CASE WHEN {canonical} IS NULL THEN NULL ELSE t.copy_kind END",
            "similarity": f"CASE WHEN {canonical} IS NULL THEN NULL ELSE t.similarity END",
        },
        {"suffix": suffix},
    )  # fmt: skip
    db.execute(
        "INSERT INTO main.files SELECT f.path || :suffix, f.fingerprint, f.records, f.run_id"
        " FROM b.files f WHERE f.path IN (SELECT a.source FROM b.articles a"
        " JOIN map_a ON map_a.old = a.id)",
        {"suffix": suffix},
    )
    for table in ARTICLE_TABLES:
        subs = {"article_id": "map_a.new", **SUBSTITUTIONS.get(table, {})}
        _clone_table(db, table, "t.article_id", subs, {"claim_offset": claim_offset})
    _clone_story_rows(db, base, copy, units, story_of, article_map, entity_map)
    db.execute(
        "INSERT INTO main.claim_group_members SELECT g.new, t.claim_id + :offset, map_a.new,"
        " t.polarity FROM b.claim_group_members t JOIN map_g g ON g.old = t.group_id"
        " JOIN map_a ON map_a.old = t.article_id",
        {"offset": claim_offset},
    )


def _clone_table(
    db: sqlite3.Connection,
    table: str,
    key: str,
    subs: dict[str, str],
    params: dict[str, object],
) -> None:
    """INSERT ... SELECT every row of base ``table`` whose ``key`` is in map_a, with ``subs``."""
    columns = [r[1] for r in db.execute(f"PRAGMA b.table_info({table})")]
    exprs = [subs.get(c, f't."{c}"') for c in columns]
    names = ", ".join(f'"{c}"' for c in columns)
    used = {k: v for k, v in params.items() if f":{k}" in " ".join(exprs)}
    db.execute(
        f"INSERT INTO main.{table}({names}) SELECT {', '.join(exprs)}"
        f" FROM b.{table} t JOIN map_a ON map_a.old = {key}",
        used,
    )


def _remap_ids(text: str, article_map: dict[str, str]) -> str:
    return ARTICLE_ID.sub(lambda m: article_map.get(m.group(0), m.group(0)), text)


def _child_id(old: str, story: str, copy: int) -> str:
    """A claim group's or timeline event's id under its grown story (same length as ever)."""
    return f"{story}-{copy:03x}{old.partition('-')[2][:7]}"


def _clone_story_rows(
    db: sqlite3.Connection,
    base: sqlite3.Connection,
    copy: int,
    units: Sequence[Unit],
    story_of: dict[tuple[int, str], str],
    article_map: dict[str, str],
    entity_map: dict[str, str],
) -> None:
    """story_articles, claim_groups (and map_g for their members) and timeline_events."""
    base.row_factory = sqlite3.Row
    for unit in units:
        story = story_of[(copy, unit.story_id)]
        db.execute(
            "INSERT OR IGNORE INTO stories(id, label, articles, outlets, updated_at, stage)"
            " SELECT ?, label, 0, 0, updated_at, stage FROM b.stories WHERE id = ?",
            (story, unit.story_id),
        )
        for r in base.execute("SELECT * FROM story_articles WHERE story_id = ?", (unit.story_id,)):
            weights = {entity_map.get(k, k): v for k, v in json.loads(r["entities"]).items()}
            db.execute(
                "INSERT INTO main.story_articles VALUES (?,?,?,?,?,?,?,?,?)",
                (article_map[r["article_id"]], story, r["similarity"], r["vector"],
                 json.dumps(weights, sort_keys=True), r["event_dates"], r["date"], r["outlet"],
                 r["stage"]),
            )  # fmt: skip
        for r in base.execute("SELECT * FROM claim_groups WHERE story_id = ?", (unit.story_id,)):
            new = _child_id(r["id"], story, copy)
            db.execute("INSERT INTO map_g VALUES (?, ?)", (r["id"], new))
            db.execute(
                "INSERT INTO main.claim_groups VALUES (?,?,?,?,?,?,?)",
                (new, story, r["status"], r["summary"], _remap_ids(r["outlets"], article_map),
                 r["reasons"], r["stage"]),
            )  # fmt: skip
        for r in base.execute("SELECT * FROM timeline_events WHERE story_id = ?", (unit.story_id,)):
            db.execute(
                "INSERT INTO main.timeline_events VALUES (?,?,?,?,?,?,?,?)",
                (_child_id(r["id"], story, copy), story, r["date"], r["granularity"],
                 r["summary"], r["participants"], _remap_ids(r["reports"], article_map),
                 r["stage"]),
            )  # fmt: skip


def _finish_stories(
    db: sqlite3.Connection, base: sqlite3.Connection, story_of: dict[tuple[int, str], str]
) -> None:
    """Each grown story's size, outlets and dates, from what was filed under it."""
    dates: dict[str, list[str]] = {}
    for (_, old), story in story_of.items():
        for d in base.execute("SELECT first_date, last_date FROM stories WHERE id = ?", (old,)):
            dates.setdefault(story, []).extend(x for x in d if x)
    for story, found in dates.items():
        db.execute(
            "UPDATE stories SET first_date = ?, last_date = ? WHERE id = ?",
            (min(found, default=None), max(found, default=None), story),
        )
    db.execute(
        "UPDATE stories SET"
        " articles = (SELECT COUNT(*) FROM story_articles sa WHERE sa.story_id = stories.id),"
        " outlets = (SELECT COUNT(DISTINCT sa.outlet) FROM story_articles sa"
        " WHERE sa.story_id = stories.id)"
    )


def grown_store(cache: Path, base: Path, n: int, seed: int, rebuild: bool) -> Path:
    """The store of ~``n`` articles grown from ``base``, cached beside it."""
    db = cache / f"grown-{n}-from-{base.stem}-v{GROW_VERSION}.db"
    if db.exists() and not rebuild:
        return db
    partial = db.with_suffix(".partial")
    started = time.perf_counter()
    counts = grow(base, partial, n, seed)
    partial.replace(db)
    for leftover in (Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    print(f"grew {db.name} in {time.perf_counter() - started:.1f} s: "
          + ", ".join(f"{v:,} {k}" for k, v in counts.items()), file=sys.stderr)  # fmt: skip
    return db


# -- timing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timed:
    """Seconds of the timed runs of one command: wall, and CPU (user + system) of the child."""

    wall: list[float]
    cpu: list[float]


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args: Sequence[str], runs: int) -> Timed:
    """Wall and CPU seconds of ``args`` (a full command line), after one warm-up run; a
    command slower than SLOW_SECONDS is timed once (its misses are not a matter of noise)."""
    result = Timed([], [])
    i = 0
    while i <= runs:
        cpu, started = _child_cpu(), time.perf_counter()
        done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        took, used = time.perf_counter() - started, _child_cpu() - cpu
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr!r}")
        if i:
            result.wall.append(took)
            result.cpu.append(used)
        elif took > SLOW_SECONDS:
            runs = 1
        i += 1
    return result


def targets(db: Path) -> tuple[dict[str, list[str]], str]:
    """Command name -> arguments of each read command timed on ``db``; which stories."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        total = int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        (article,) = conn.execute(
            "SELECT id FROM articles WHERE canonical_id IS NULL ORDER BY rowid LIMIT 1 OFFSET ?",
            (total // 2,),
        ).fetchone()
        big, big_n = conn.execute(
            "SELECT id, articles FROM stories ORDER BY articles DESC, id LIMIT 1"
        ).fetchone()
        typical, typical_n = conn.execute(
            "SELECT id, articles FROM stories ORDER BY abs(articles - 5), id LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    commands = {
        "show": ["show"],
        "show ID": ["show", article[:10]],
        "stories": ["stories"],
        "entities": ["entities"],
        "compare (typical)": ["compare", typical],
        "compare (largest)": ["compare", big],
    }
    return commands, f"typical {typical} ({typical_n} articles), largest {big} ({big_n})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--base", type=int, default=300, help="articles to analyse for real")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/newsprism-read-bench"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached stores")
    args = parser.parse_args(argv)
    if args.base < 1 or args.runs < 1 or min(args.sizes) < 1:
        parser.error("--base, --runs and --sizes must be positive")
    args.cache.mkdir(parents=True, exist_ok=True)
    base = base_store(args.cache, args.base, args.seed, args.rebuild)
    stores = {n: grown_store(args.cache, base, n, args.seed, args.rebuild) for n in args.sizes}
    cli = newsprism_command()
    floors = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "newsprism --help": [*cli, "--help"],
    }
    rows: dict[str, dict[int, Timed]] = {name: {} for name in floors}
    notes = []
    before = os.getloadavg()
    for n, db in stores.items():
        for name, command in floors.items():
            rows[name][n] = timed(command, args.runs)
        commands, stories = targets(db)
        notes.append(f"{n:,}: {stories}")
        for name, command in commands.items():
            rows.setdefault(name, {})[n] = timed([*cli, *command, "--db", str(db)], args.runs)
    _print_table(rows, args.sizes)
    print("compared stories: " + "; ".join(notes))
    # wall time on a shared machine is mostly waiting: say how busy it was
    print(f"load average {before[0]:.1f} before, {os.getloadavg()[0]:.1f} after, "
          f"on {os.cpu_count()} cores")  # fmt: skip
    return 0


def _print_table(rows: dict[str, dict[int, Timed]], sizes: Sequence[int]) -> None:
    """command | wall best / median (CPU median) per size | goal | result (on the median)."""
    header = ["command", *(f"{n:,}: wall best / median (cpu) s" for n in sizes), "goal", "result"]
    lines = [header]
    for name, by_size in rows.items():
        floor = name.startswith(("python", "newsprism --help"))
        cells, failed = [name], []
        for n in sizes:
            t = by_size.get(n)
            if t is None:
                cells.append("-")
                continue
            median = statistics.median(t.wall)
            once = " 1 run" if len(t.wall) == 1 else ""
            cells.append(f"{min(t.wall):.2f} / {median:.2f} ({statistics.median(t.cpu):.2f}){once}")
            if not floor and n in GOALS and median > GOALS[n]:
                failed.append(f"FAIL {n:,}")
        cells.append(
            "(floor)" if floor else " / ".join(f"<= {GOALS[n]:g}" for n in sizes if n in GOALS)
        )
        cells.append("" if floor else ", ".join(failed) or "pass")
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())


if __name__ == "__main__":
    sys.exit(main())
