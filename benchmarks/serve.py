"""Requests/s and latency of the real ``newsprism serve`` at 1, 20 and 100 concurrent clients.

The store holds 1,000 generated articles (benchmarks/corpus.py), stored by ``newsprism
analyze --only-ingest`` (seconds; the language stages run at ~8 articles/s on 2 cores, so
``--full`` runs the whole analyze for entity, story and label pages, in minutes), or is the
one given with ``--db``. The server is the CLI in a subprocess, as a user starts it
(uvicorn on 127.0.0.1); the clients are threads here, each request on a new connection, over
a fixed mix of pages, JSON API routes, searches and one 404. Errors are counted by kind:
5xx answers, dropped connections (reset, closed without an answer, timed out), and any other
status than the route gives alone. The goal is 0 errors and p99 < 500 ms at 20 clients; the
store file's sha256 must not change. Client and server share the machine's cores, so the
figures at 100 clients include the client's own scheduling.

    python benchmarks/serve.py [--db FILE] [--n 1000] [--full] [--requests 1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ingest import HERE, _check, newsprism_command, run_cli

LEVELS = (1, 20, 100)
TIMEOUT = 30.0
"""Seconds one request may take before it counts as dropped."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(port: int, path: str) -> tuple[int, bytes]:
    """One request on a new connection: (status, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def build_store(work: Path, n: int, full: bool) -> Path:
    """Generate ``n`` articles and store them with the CLI; the store's path."""
    corpus, db = work / "corpus", work / "serve.db"
    subprocess.run(
        [sys.executable, str(HERE / "corpus.py"), str(corpus), str(n)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    args = ["analyze", str(corpus), "--db", str(db)]
    started = time.perf_counter()
    _check(run_cli(args if full else [*args, "--only-ingest"], work), "analyze")
    print(f"built the store in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return db


def describe(db: Path) -> str:
    """What the store holds, read without writing."""
    with sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True) as con:
        counts = [
            con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("articles", "entities", "stories", "labels")
        ]
    con.close()
    return "{} articles, {} entities, {} stories, {} labels".format(*counts)


@dataclass
class Level:
    """What one concurrency level measured."""

    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    by_route: dict[str, list[float]] = field(default_factory=dict)

    def quantile(self, q: float) -> float:
        return _quantile(self.latencies, q)

    def slowest(self, n: int) -> list[tuple[float, str]]:
        """The ``n`` routes of the highest median latency (ms), slowest first."""
        medians = [(_quantile(times, 0.5), path) for path, times in self.by_route.items()]
        return sorted(medians, reverse=True)[:n]


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def routes(port: int) -> list[tuple[str, int]]:
    """(path, status it answers alone): pages, /api/*, search, static and one 404."""
    articles = json.loads(get(port, "/api/articles?limit=500")[1])["items"]
    entities = json.loads(get(port, "/api/entities?limit=20")[1])["items"]
    stories = json.loads(get(port, "/api/stories?limit=5")[1])["items"]
    mix = [
        ("/", 200), ("/entities", 200), ("/search?q=police", 200),
        ("/api/articles?offset=100&limit=50", 200), ("/api/entities", 200),
        ("/api/stories", 200), ("/api/search?q=government", 200),
        ("/api/search?q=%22prime%20minister%22", 200), ("/api/articles/nope", 404),
        ("/static/newsprism.css", 200),
    ]  # fmt: skip
    for a in articles[::100]:
        mix += [(f"/article/{a['id']}", 200), (f"/api/articles/{a['id']}", 200)]
    for e in entities[:3]:
        mix += [(f"/entity/{quote(e['id'])}", 200), (f"/api/entities/{quote(e['id'])}", 200)]
    for s in stories[:2]:
        mix += [(f"/story/{s['id']}", 200), (f"/api/stories/{s['id']}", 200)]
    return mix


def run_level(port: int, mix: list[tuple[str, int]], clients: int, requests: int) -> Level:
    """``requests`` requests over ``mix`` from ``clients`` threads."""
    level = Level(clients)
    lock = threading.Lock()
    todo = iter(range(requests))

    def client() -> None:
        while True:
            with lock:
                i = next(todo, None)
            if i is None:
                return
            path, expected = mix[i % len(mix)]
            started = time.perf_counter()
            try:
                status, _ = get(port, path)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    level.errors[f"dropped ({type(exc).__name__})"] += 1
                continue
            took = time.perf_counter() - started
            with lock:
                level.latencies.append(took)
                level.by_route.setdefault(path, []).append(took)
                if status >= 500:
                    level.errors["5xx"] += 1
                elif status != expected:
                    level.errors[f"unexpected {status}"] += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for _ in range(clients):
            pool.submit(client)
    level.seconds = time.perf_counter() - started
    return level


def bench(db: Path, built: str, requests: int, work: Path, workers: int = 1) -> int:
    """Serve ``db``, load it at each level, print the table; 1 if anything failed."""
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    port, log = free_port(), work / "serve-stderr.txt"
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [*newsprism_command(), "serve", "--db", str(db), "--port", str(port),
             *(["--workers", str(workers)] if workers > 1 else [])],
            stderr=stderr,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, "/api/articles?limit=1")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("serve did not start:\n" + log.read_text())
            time.sleep(0.2)
        mix = routes(port)
        run_level(port, mix, 4, 2 * len(mix))  # warm up: templates, page cache
        levels = [run_level(port, mix, clients, requests) for clients in LEVELS]
    finally:
        server.terminate()
        server.wait(timeout=30)
    unchanged = hashlib.sha256(db.read_bytes()).hexdigest() == before
    tracebacks = log.read_text().count("Traceback")
    print(f"store             {db} ({describe(db)}; {built})")
    print(f"routes            {len(mix)} (pages, /api/*, search, static, one 404), each request")
    print("                  on a new connection")
    print(f"cores             {os.cpu_count()} (shared by the server and the client threads)")
    print()
    print(f"{'clients':>7}  {'requests':>8}  {'req/s':>7}  {'p50 ms':>7}  {'p99 ms':>7}  errors")
    for level in levels:
        answered = len(level.latencies)
        errors = ", ".join(f"{n} {kind}" for kind, n in sorted(level.errors.items())) or "0"
        print(
            f"{level.clients:>7}  {answered:>8}  {answered / level.seconds:>7.0f}  "
            f"{level.quantile(0.50):>7.1f}  {level.quantile(0.99):>7.1f}  {errors}"
        )
    print()
    print("slowest routes alone (median ms at 1 client):")
    for ms, path in levels[0].slowest(5):
        print(f"  {ms:7.1f}  {path}")
    print()
    print(f"store sha256 unchanged: {'yes' if unchanged else 'NO'}")
    print(f"server tracebacks: {tracebacks}")
    failed = not unchanged or tracebacks or any(level.errors for level in levels)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="serve this store instead of building one")
    parser.add_argument("--n", type=int, default=1000, help="articles to generate")
    parser.add_argument("--full", action="store_true", help="run the whole analyze, not ingest")
    parser.add_argument("--requests", type=int, default=1000, help="requests per level")
    parser.add_argument("--keep", type=Path, help="work here (must be empty) and keep the store")
    parser.add_argument("--server-workers", type=int, default=1, help="serve --workers N")
    args = parser.parse_args(argv)
    if args.keep is not None:
        if args.keep.exists() and any(args.keep.iterdir()):
            parser.error(f"--keep {args.keep}: folder is not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="newsprism-serve-"))
    try:
        if args.db is not None:
            if not args.db.is_file():
                parser.error(f"--db {args.db}: no such file")
            return bench(args.db, "given with --db", args.requests, work, args.server_workers)
        db = build_store(work, args.n, args.full)
        how = "`newsprism analyze`" if args.full else "`newsprism analyze --only-ingest`"
        return bench(db, f"generated, stored by {how}", args.requests, work, args.server_workers)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
