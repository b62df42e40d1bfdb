"""The web app through FastAPI's test client: pages, JSON API, pagination, bad parameters."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, get_args, get_origin, get_type_hints

import pytest
from annotated_types import Le
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError
from test_report import check_harmless
from typer.testing import CliRunner
from viewing import free_port

from newsprism.cli import app
from newsprism.report.render import WEB_CSP
from newsprism.store import migrations
from newsprism.store.api import Store
from newsprism.store.views import make_readonly
from newsprism.web.app import MAX_OFFSET, create_app
from store_files import foreign_sqlite, older_store


@pytest.fixture(scope="module")
def client(examples_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(examples_db)) as test_client:
        yield test_client


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_articles_are_paginated(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 2}).json()
    assert (first["total"], first["offset"], first["limit"]) == (5, 0, 2)
    assert [a["title"] for a in first["items"]] == [
        "Belarus asks U.S. for help in coup case",
        "Belarus coup plot foiled in Moscow",
    ]
    last = client.get("/api/articles", params={"offset": 4, "limit": 2}).json()
    assert [a["outlet"] for a in last["items"]] == ["The Moscow Times"]
    assert client.get("/api/articles", params={"offset": 9}).json()["items"] == []


def test_one_article_with_its_spans(client: TestClient) -> None:
    listed = client.get("/api/articles").json()["items"]
    reprint = next(a for a in listed if a["outlet"] == "GlobalSecurity.org")
    article = client.get(f"/api/articles/{reprint['id'][:8]}").json()  # a prefix works
    assert article["id"] == reprint["id"]
    assert article["original_outlet"] == "RFE/RL"
    text = article["original_text"]
    assert any(text[m["start"] : m["end"]] == "Mishustin" for m in article["mentions"])
    assert article["quotes"] and article["claims"] and article["times"]
    assert "raw" not in article and "minhash" not in article


def test_search(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": '"coup plot"'}).json()
    assert found["query"] == '"coup plot"'
    assert {h["title"] for h in found["items"]} >= {
        "Belarus coup plot foiled in Moscow",
        "The US-Orchestrated Coup Plot in Belarus",
    }
    assert client.get("/api/search", params={"q": "zzyzzx"}).json()["items"] == []


def test_entities_and_one_entity(client: TestClient) -> None:
    page = client.get("/api/entities", params={"limit": 3}).json()
    assert page["total"] > 50 and len(page["items"]) == 3
    mentions = [e["mentions"] for e in page["items"]]
    assert mentions == sorted(mentions, reverse=True)
    everyone = client.get("/api/entities", params={"limit": 500}).json()["items"]
    lukashenko = next(e for e in everyone if e["name"] == "Alexander Lukashenko")
    detail = client.get(f"/api/entities/{lukashenko['id']}").json()
    assert len(detail["per_outlet"]) == 5
    assert "Lukashenka" in detail["aliases"]
    assert all(q["speaker_entity_id"] == lukashenko["id"] for q in detail["quotes_by"])


def test_stories(client: TestClient, examples_db: Path) -> None:
    listed = client.get("/api/stories").json()
    with Store(examples_db, readonly=True) as store:
        has_stories = store.conn.exec_driver_sql("SELECT COUNT(*) FROM stories").scalar()
    if not has_stories:
        assert listed["items"] == []
        pytest.skip("the stories stage did not run here")
    story = listed["items"][0]
    compared = client.get(f"/api/stories/{story['id']}").json()
    assert compared["story"]["id"] == story["id"]
    assert len(compared["columns"]) == len(story["articles"])
    page = client.get(f"/story/{story['id']}")
    assert page.status_code == 200 and story["label"] in page.text


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("/api/articles", {"limit": 0}, "limit: Input should be greater than or equal to 1"),
        ("/api/articles", {"limit": 501}, "limit: Input should be less than or equal to 500"),
        ("/api/articles", {"limit": "ten"}, "limit: Input should be a valid integer"),
        ("/api/entities", {"offset": -1}, "offset: Input should be greater than or equal to 0"),
        ("/api/stories", {"offset": "x"}, "offset: Input should be a valid integer"),
        ("/api/search", {}, "q: Field required"),
        ("/api/search", {"q": ""}, "q: String should have at least 1 character"),
        ("/api/search", {"q": "x" * 501}, "q: String should have at most 500 characters"),
        ("/api/search", {"q": '"unbalanced'}, "cannot search for '\"unbalanced'"),
        ("/api/search", {"q": "AND OR"}, "quote phrases"),
        ("/api/search", {"q": "NEAR("}, "quote phrases"),
        ("/api/search", {"q": "coup", "limit": 10**30}, "limit: Input should be"),
    ],
)
def test_bad_parameters_answer_400_with_a_message(
    client: TestClient, path: str, params: dict[str, object], message: str
) -> None:
    response = client.get(path, params=params)  # type: ignore[arg-type]
    assert response.status_code == 400, response.text
    assert message in response.json()["detail"]


TOO_LARGE = f"offset: Input should be less than or equal to {MAX_OFFSET}"


@pytest.mark.parametrize("path", ["/api/articles", "/api/entities", "/api/stories", "/entities"])
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("100000000000000000000000", TOO_LARGE),
        (str(2**63), TOO_LARGE),
        (str(2**64), TOO_LARGE),
        (str(MAX_OFFSET + 1), TOO_LARGE),
        ("9" * 5000, "offset: Unable to parse input string as an integer"),
        (str(-(2**63) - 1), "offset: Input should be greater than or equal to 0"),
    ],
)
def test_integers_out_of_range_answer_400_not_500(
    client: TestClient, path: str, value: str, message: str
) -> None:
    """SQLite integers are 64-bit: a larger OFFSET raised OverflowError (a 500)."""
    response = client.get(path, params={"offset": value})
    assert response.status_code == 400, response.text
    assert message in (response.json()["detail"] if path.startswith("/api/") else response.text)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/articles", {"limit": 2**63}),
        ("/api/entities", {"limit": 2**64}),
        ("/api/stories", {"limit": -(2**63)}),
        ("/api/search", {"q": "coup", "limit": 2**63}),
        ("/entities", {"limit": 2**63}),
        ("/search", {"q": "coup", "limit": 2**63}),
        ("/search", {"q": "coup", "limit": -(2**64)}),
    ],
)
def test_every_limit_is_bounded(client: TestClient, path: str, params: dict[str, object]) -> None:
    response = client.get(path, params=params)  # type: ignore[arg-type]
    assert response.status_code == 400, response.text
    assert "limit: Input should be" in response.text


def test_every_integer_parameter_has_an_upper_bound(client: TestClient) -> None:
    """A new route cannot forget the bound: each int parameter of each endpoint, pages
    included, is declared with a maximum SQLite can hold."""
    seen = set()
    for route in client.app.routes:  # type: ignore[attr-defined]
        if not isinstance(route, APIRoute):
            continue
        hints = get_type_hints(route.endpoint, include_extras=True)
        for name, hint in hints.items():
            base, *extras = get_args(hint) if get_origin(hint) is Annotated else (hint,)
            if base is not int:
                continue
            bounds = [c.le for e in extras for c in getattr(e, "metadata", []) if isinstance(c, Le)]
            assert bounds and bounds[0] <= 2**62, (route.path, name)
            seen.add((route.path, name))
    assert seen == {
        ("/entities", "offset"), ("/entities", "limit"), ("/search", "limit"),
        ("/api/articles", "offset"), ("/api/articles", "limit"), ("/api/stories", "offset"),
        ("/api/stories", "limit"), ("/api/entities", "offset"), ("/api/entities", "limit"),
        ("/api/search", "limit"),
    }  # fmt: skip


@pytest.mark.parametrize(
    "path",
    ["/api/articles/nope", "/api/entities/E%00", "/api/stories/zz", "/api/stories/%22%3E"],
)
def test_unknown_ids_answer_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("no ")


@pytest.mark.parametrize(
    "path",
    [
        "/api/search?q=a%00b",
        "/api/search?q=%F0%9F%98%80",
        "/api/search?q=*",
        "/api/articles/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/api/articles/%25",
        "/story/%00",
        "/entity/..%2F..",
        "/static/..%2F..%2Fpyproject.toml",
        "/search?q=%22&limit=-1",
    ],
)
def test_odd_requests_never_fail_with_500(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (200, 400, 404), (path, response.text)
    assert "pyproject" not in response.text or response.status_code != 200


def test_pages_carry_the_policy_and_escape(client: TestClient) -> None:
    for path in ("/", "/entities", "/search?q=coup", "/search?q=%22bad", "/article/nope"):
        response = client.get(path)
        assert response.headers["content-security-policy"] == WEB_CSP, path
        assert response.headers["x-content-type-options"] == "nosniff"
        check_harmless(response.text, static=False)
    assert client.get("/article/nope").status_code == 404
    bad = client.get("/search", params={"q": '"<img src=x>'})
    assert bad.status_code == 400 and "<img" not in bad.text and "&lt;img src=x&gt;" in bad.text
    hits = client.get("/search", params={"q": "Mishustin"})
    assert "Russian PM In Minsk As Belarus Looks To Ally For Help" in hits.text
    assert client.get("/entities", params={"limit": 0}).status_code == 400


def test_entities_page_is_paginated(client: TestClient) -> None:
    page = client.get("/entities", params={"offset": 10, "limit": 10}).text
    assert "11–20 of" in page
    assert 'href="/entities?offset=0&amp;limit=10"' in page
    assert 'href="/entities?offset=20&amp;limit=10"' in page


def test_docs_are_served_without_a_cdn(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower() and "/docs-static/swagger-ui-bundle.js" in docs.text
    assert client.get("/docs-static/swagger-ui-bundle.js").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/articles", "/api/stories", "/api/entities", "/api/search"} <= set(paths)


def test_the_store_is_never_written(examples_db: Path, tmp_path: Path) -> None:
    before = _digest(examples_db)
    with TestClient(create_app(examples_db)) as fresh:
        for path in ("/", "/entities", "/api/articles", "/api/entities", "/api/stories",
                     "/api/search?q=coup"):  # fmt: skip
            assert fresh.get(path).status_code == 200
    assert _digest(examples_db) == before
    with Store(examples_db, readonly=True) as store:
        make_readonly(store)
        with pytest.raises(OperationalError, match="readonly"):
            store.conn.exec_driver_sql("DELETE FROM errors")


def test_serve_command_answers_on_localhost(examples_db: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "newsprism", "serve", "--db", str(examples_db)]
    server = subprocess.Popen([*command, "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/articles") as response:
                    assert json.load(response)["total"] == 5
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=20)
    assert f"serving {examples_db} read-only at http://127.0.0.1:{port}/" in stderr


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no such store" in result.stderr


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            foreign_sqlite,
            "not a newsprism store (no schema_version table); pass a store written by",
        ),
        (
            older_store,
            f"older than this newsprism ({migrations.SCHEMA_VERSION}); migrate it with"
            " `newsprism migrate --db",
        ),
    ],
)
def test_serve_refuses_a_file_it_cannot_read_without_touching_it(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    db = make(tmp_path / "x.db")
    before, names = _digest(db), sorted(p.name for p in tmp_path.iterdir())
    # the real command, with a timeout: it used to migrate the file and go on serving it
    command = [sys.executable, "-m", "newsprism", "serve", "--db", str(db)]
    result = subprocess.run(
        [*command, "--port", str(free_port())], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {db}: ") and message in line
    assert _digest(db) == before
    # a reader of a WAL store may leave SQLite's -shm (and an empty -wal) beside it; nothing else
    after = sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith("-shm"))
    assert after in (names, sorted([*names, "x.db-wal"]))
    assert not (tmp_path / "x.db-wal").exists() or (tmp_path / "x.db-wal").stat().st_size == 0
