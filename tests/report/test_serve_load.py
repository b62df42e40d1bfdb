"""`newsprism serve` under concurrent load: the real CLI (uvicorn) on 127.0.0.1, many clients.

FastAPI runs a request's store dependency and its endpoint in different threadpool threads;
a connection bound to one thread answered 500 (and hung or dropped connections) as soon as
two requests overlapped, and even now and then one at a time. Every request here must get
the status its route gives alone, and the store file must not change by a byte.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
from viewing import free_port

REQUESTS = 500
CLIENTS = 20
DEADLINE = 25.0
"""Seconds for all requests; a hung server fails the test instead of stalling it."""
REQUEST_TIMEOUT = 10.0


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def get(port: int, path: str, timeout: float = REQUEST_TIMEOUT) -> tuple[int, bytes]:
    """One request on a new connection: (status, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def served(
    examples_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[int, Path]]:
    """`newsprism serve` over the examples store, as a user starts it, and its log file (a
    file, not a pipe: a full pipe would stall the server); stopped afterwards."""
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "stderr.txt"
    command = [sys.executable, "-m", "newsprism", "serve", "--db", str(examples_db)]
    with log.open("w") as stderr:
        server = subprocess.Popen([*command, "--port", str(port)], stderr=stderr)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, "/api/articles", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(0.2)
        yield port, log
        assert server.poll() is None, "the server died: " + log.read_text()
    finally:
        if server.poll() is None:
            server.terminate()
        server.wait(timeout=20)


def _routes(port: int) -> list[tuple[str, int]]:
    """(path, expected status) over pages, the JSON API, search, static files and errors."""
    articles = json.loads(get(port, "/api/articles")[1])["items"]
    entities = json.loads(get(port, "/api/entities?limit=5")[1])["items"]
    stories = json.loads(get(port, "/api/stories")[1])["items"]
    article, entity = articles[0]["id"], entities[0]["id"]
    routes = [
        ("/", 200), ("/entities", 200), ("/entities?offset=10&limit=10", 200),
        (f"/article/{article}", 200), (f"/entity/{quote(entity)}", 200),
        ("/search?q=coup", 200), ("/search?q=%22unbalanced", 400),
        ("/api/articles?limit=2", 200), (f"/api/articles/{article[:8]}", 200),
        ("/api/entities?limit=100", 200), (f"/api/entities/{quote(entity)}", 200),
        ("/api/stories", 200), ("/api/search?q=Lukashenko", 200),
        ("/api/search?q=%22coup%20plot%22", 200),
        ("/api/articles?offset=100000000000000000000000", 400), ("/api/articles/nope", 404),
        ("/static/newsprism.css", 200), ("/openapi.json", 200), ("/docs", 200),
    ]  # fmt: skip
    for story in stories[:2]:
        routes += [(f"/story/{story['id']}", 200), (f"/api/stories/{story['id']}", 200)]
    return routes


def test_concurrent_clients_get_no_5xx_and_the_store_is_unchanged(
    served: tuple[int, Path], examples_db: Path
) -> None:
    port, log = served
    before = _digest(examples_db)
    routes = _routes(port)
    lock = threading.Lock()
    results: Counter[str] = Counter()
    wrong: list[tuple[str, int, int]] = []
    next_request = iter(range(REQUESTS))
    stop_at = time.monotonic() + DEADLINE

    def client() -> None:
        while time.monotonic() < stop_at:
            with lock:
                i = next(next_request, None)
            if i is None:
                return
            path, expected = routes[i % len(routes)]
            try:
                status, _ = get(port, path)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    results[f"dropped ({type(exc).__name__})"] += 1
                continue
            with lock:
                results[str(status)] += 1
                if status != expected:
                    wrong.append((path, expected, status))

    started = time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        for _ in range(CLIENTS):
            pool.submit(client)
    seconds = time.monotonic() - started
    answered = sum(n for key, n in results.items() if key.isdigit())
    assert sum(n for key, n in results.items() if key.isdigit() and int(key) >= 500) == 0, results
    assert not [key for key in results if key.startswith("dropped")], results
    assert answered == REQUESTS, f"{answered} of {REQUESTS} answered in {seconds:.1f}s: {results}"
    assert wrong == [], wrong[:10]
    assert "Traceback" not in log.read_text()
    assert _digest(examples_db) == before


def test_one_client_at_a_time_never_gets_a_5xx(served: tuple[int, Path], examples_db: Path) -> None:
    """Even sequential requests failed now and then (the threadpool picked another thread)."""
    port, log = served
    before = _digest(examples_db)
    routes = _routes(port)
    statuses = [(path, expected, get(port, path)[0]) for path, expected in routes * 5]
    assert [(p, e, s) for p, e, s in statuses if s != e] == []
    assert "Traceback" not in log.read_text()
    assert _digest(examples_db) == before


def test_serve_with_two_worker_processes_answers(examples_db: Path, tmp_path: Path) -> None:
    """`serve --workers 2`: each process opens the store read-only; pages answer, nothing writes."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = hashlib.sha256(examples_db.read_bytes()).hexdigest()
    server = subprocess.Popen(
        [sys.executable, "-m", "newsprism", "serve", "--db", str(examples_db), "--port",
         str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        status = 0
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/articles") as reply:
                    status = reply.status
                break
            except OSError:
                time.sleep(0.3)
        assert status == 200
        for path in ("/", "/entities", "/api/stories", "/search?q=Minsk"):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as reply:
                assert reply.status == 200, path
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert hashlib.sha256(examples_db.read_bytes()).hexdigest() == before
