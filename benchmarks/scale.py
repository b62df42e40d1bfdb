"""Scale: local processes vs a Dask LocalCluster, SQLite vs PostgreSQL, 1k to 100k articles.

Each configuration runs the real ``newsprism analyze`` CLI as a subprocess on the same
generated corpus (benchmarks/corpus.py: real paragraphs from examples/ and ../shared/bench,
real boilerplate, 5% exact and near copies) into a fresh store, and reports

* articles/s (inputs / wall seconds of the whole command, start-up included);
* peak RSS and PSS summed over the CLI's process tree (its worker processes, or the Dask
  scheduler, nannies and workers of ``--dask local``), plus the PostgreSQL server's processes
  for the PostgreSQL store, sampled every 50 ms (see benchmarks/ingest.py);
* store size (SQLite: file + WAL; PostgreSQL: ``pg_database_size``);
* CPU seconds of the CLI's process tree (on a shared machine wall time also measures the
  neighbours; CPU time less so);
* the growth exponent b of total time, t ~ N^b, a least-squares fit of log t on log N over
  the sizes measured, and from it the time for 1,000,000 articles: a PROJECTION, not a
  measurement.

``--stages ingest`` runs ``analyze --only-ingest`` (read, clean, dedup, store); ``--stages
full`` runs every stage (ingest, the language stages, entity canonicalisation). Each figure
says which. PostgreSQL runs use a throwaway server (tests/scale/pgserver.py: initdb in a
temporary folder, unix socket only, fsync off as in the tests) unless ``--pg URL`` names one.

    python benchmarks/scale.py [--sizes 1000 10000] [--stages ingest|full]
                               [--configs local-sqlite dask-sqlite local-pg dask-pg]
                               [--workers 2] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "scale"))

import ingest  # noqa: E402 - the CLI runner and /proc sampling of benchmarks/ingest.py

CONFIGS = ("local-sqlite", "dask-sqlite", "local-pg", "dask-pg")
PROJECT_TO = 1_000_000


@dataclass
class Row:
    config: str
    stages: str
    articles: int
    seconds: float
    per_second: float
    peak_rss_mb: float
    peak_pss_mb: float
    processes: int
    store_mb: float
    stored: int
    cpu_seconds: float = 0.0
    """User + system CPU of the CLI and its descendants (not the database server), read from
    /proc at each sample (the last 50 ms of a process can be missed): on a shared machine a
    steadier measure of work than wall time."""


@contextmanager
def pg_server(url: str | None) -> Iterator[str | None]:
    """The server URL to create benchmark databases on: ``url``, or a throwaway server."""
    if url is not None:
        yield url
        return
    import pgserver

    if pgserver.binaries() is None:
        yield None
        return
    with pgserver.server() as started:
        yield started


def _postmaster(server: str) -> int | None:
    """The pid of the server whose socket folder ``server`` names (for memory sampling)."""
    from urllib.parse import parse_qs, urlsplit

    host = parse_qs(urlsplit(server).query).get("host", [""])[0]
    pidfile = Path(host).parent / "data" / "postmaster.pid"
    try:
        return int(pidfile.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _admin(server: str, sql: str) -> list[tuple[object, ...]]:
    import pgserver
    import psycopg

    with psycopg.connect(pgserver.database_url(server, "postgres"), autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


TICKS = os.sysconf("SC_CLK_TCK")


def _tree_cpu(root: int, seen: dict[int, int]) -> None:
    """Record the CPU ticks used so far by ``root`` and each descendant into ``seen``.

    Read per process, because workers forked by a forkserver are reaped by it, never by the
    CLI, so the CLI's own rusage of its children misses them."""
    children = ingest._children_map()
    pids = [root]
    for pid in pids:
        pids.extend(children.get(pid, ()))
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        seen[pid] = max(seen.get(pid, 0), int(fields[11]) + int(fields[12]))


def measure(
    args: list[str], logs: Path, extra_root: int | None
) -> tuple[float, int, int, int, float]:
    """(seconds, peak RSS kB, peak PSS kB, processes, CPU seconds) of ``newsprism ARGS``,
    sampling the CLI's process tree plus ``extra_root``'s (the database server) every 50 ms."""
    peak_rss = peak_pss = processes = 0
    ticks: dict[int, int] = {}
    out_path, err_path = logs / "stdout.txt", logs / "stderr.txt"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen([*ingest.newsprism_command(), *args], stdout=out, stderr=err)
        while proc.poll() is None:
            samples = [ingest.sample_tree(proc.pid)]
            if extra_root is not None:
                samples.append(ingest.sample_tree(extra_root))
            rss = sum(s.rss for s in samples)
            if rss > peak_rss:
                peak_rss, processes = rss, sum(s.processes for s in samples)
            peak_pss = max(peak_pss, sum(s.pss for s in samples))
            _tree_cpu(proc.pid, ticks)
            time.sleep(ingest.POLL_SECONDS)
        seconds = time.perf_counter() - started
    cpu = sum(ticks.values()) / TICKS
    if proc.returncode != 0:
        sys.stderr.write(out_path.read_text() + err_path.read_text()[-4000:])
        raise SystemExit(f"newsprism {' '.join(args)} failed ({proc.returncode})")
    return seconds, peak_rss, peak_pss, processes, cpu


def run_config(
    config: str, corpus: Path, n: int, stages: str, workers: int, work: Path, server: str | None
) -> Row | None:
    where, store = config.split("-")
    logs = work / f"logs-{config}-{n}"
    logs.mkdir(parents=True, exist_ok=True)
    extra = None
    if store == "sqlite":
        db = str(work / f"{config}-{n}.db")
    else:
        if server is None:
            print(f"skipping {config}: no PostgreSQL server", file=sys.stderr)
            return None
        import pgserver

        name = f"bench_{uuid.uuid4().hex[:10]}"
        _admin(server, f"CREATE DATABASE {name}")
        db = pgserver.database_url(server, name)
        extra = _postmaster(server)
    args = ["analyze", str(corpus), "--db", db, "--workers", str(workers)]
    if where == "dask":
        args += ["--dask", "local"]
    if stages == "ingest":
        args.append("--only-ingest")
    seconds, rss, pss, processes, cpu = measure(args, logs, extra)
    if store == "sqlite":
        size = ingest.store_bytes(Path(db))
        stored = ingest.stored_articles(Path(db))
        Path(db).unlink()
        for suffix in ("-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    else:
        import psycopg

        with psycopg.connect(db) as conn:
            size = int(conn.execute("SELECT pg_database_size(current_database())").fetchone()[0])
            stored = int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        _admin(server or "", f"DROP DATABASE {db.split('/')[-1].split('?')[0]} WITH (FORCE)")
    return Row(
        config, stages, n, round(seconds, 2), round(n / seconds, 1), round(rss * 1024 / 1e6, 1),
        round(pss * 1024 / 1e6, 1), processes, round(size / 1e6, 1), stored, round(cpu, 1),
    )  # fmt: skip


def exponent(rows: list[Row]) -> float | None:
    """b of t ~ N^b: the least-squares slope of log t on log N."""
    points = [(math.log(r.articles), math.log(r.seconds)) for r in rows]
    if len({x for x, _ in points}) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    return sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)


def growth(rows: list[Row]) -> tuple[float, float, float] | None:
    """(b over all sizes, b between the two largest, projected seconds at PROJECT_TO).

    Start-up costs flatten the curve at small N, so the projection extends the largest
    measurement with the larger of the two exponents (the more pessimistic, never below 1).
    """
    b_all = exponent(rows)
    if b_all is None:
        return None
    by_size = sorted(rows, key=lambda r: r.articles)
    b_top = exponent(by_size[-2:]) or b_all
    largest = by_size[-1]
    b = max(b_all, b_top, 1.0)
    return b_all, b_top, largest.seconds * (PROJECT_TO / largest.articles) ** b


def table(rows: list[Row]) -> str:
    head = ("config", "stages", "articles", "seconds", "articles/s", "peak RSS MB",
            "peak PSS MB", "procs", "store MB", "stored", "CPU s")  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        values = asdict(r).values()
        lines.append("| " + " | ".join(str(v) for v in values) + " |")
    fits = []
    for config in dict.fromkeys(r.config for r in rows):
        for stages in dict.fromkeys(r.stages for r in rows):
            mine = [r for r in rows if r.config == config and r.stages == stages]
            fit = growth(mine)
            if fit is not None:
                b_all, b_top, projected = fit
                sizes = ", ".join(f"{r.articles:,}" for r in mine)
                on_cpu = [replace(r, seconds=r.cpu_seconds) for r in mine if r.cpu_seconds > 0]
                b_cpu = exponent(on_cpu) if len(on_cpu) == len(mine) else None
                fits.append(
                    f"| {config} | {stages} | {sizes} | {b_all:.3f} | {b_top:.3f} |"
                    f" {'-' if b_cpu is None else f'{b_cpu:.3f}'} |"
                    f" {projected / 3600:.2f} h ({PROJECT_TO / projected:.0f} articles/s) |"
                )
    if fits:
        lines += [
            "",
            "| config | stages | sizes | growth exponent b (t ~ N^b), all sizes |"
            " b, two largest | b of CPU time | 1M articles, PROJECTED (b >= 1) |",
            "|---|---|---|---|---|---|---|",
            *fits,
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--stages", choices=("ingest", "full"), default="ingest")
    parser.add_argument("--configs", nargs="+", choices=CONFIGS, default=list(CONFIGS))
    parser.add_argument("--workers", type=int, default=2, help="local processes / Dask workers")
    parser.add_argument("--pg", help="PostgreSQL server URL (default: start a throwaway one)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the rows here (appended)")
    parser.add_argument("--table", type=Path, help="only print the table of a --json file")
    args = parser.parse_args(argv)
    if args.table is not None:
        lines = args.table.read_text().splitlines()
        print(table([Row(**json.loads(line)) for line in lines if line.strip()]))
        return 0
    work = Path(tempfile.mkdtemp(prefix="newsprism-scale-"))
    rows: list[Row] = []
    try:
        with pg_server(args.pg) as server:
            for n in sorted(args.sizes):
                corpus = work / f"corpus-{n}"
                subprocess.run(
                    [sys.executable, str(HERE / "corpus.py"), str(corpus), str(n),
                     "--seed", str(args.seed)],
                    check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
                for config in args.configs:
                    row = run_config(config, corpus, n, args.stages, args.workers, work, server)
                    if row is None:
                        continue
                    rows.append(row)
                    print(json.dumps(asdict(row)), file=sys.stderr, flush=True)
                    if args.json:
                        with args.json.open("a") as handle:
                            handle.write(json.dumps(asdict(row)) + "\n")
                shutil.rmtree(corpus)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"cores: {os.cpu_count()}, workers: {args.workers}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
