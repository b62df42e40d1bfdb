"""Stores built by the real pipeline (examples and a hostile corpus), their reports, the app
served on a free port, and one headless Chromium for the whole session."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from viewing import (
    CHROMIUM_ARGS,
    EXAMPLES,
    HTML,
    HTML_NAME,
    JSONL,
    JSONL_NAME,
    SKIPPED,
    TXT,
    TXT_NAME,
    build_store,
    free_port,
)

from newsprism.cli import app

runner = CliRunner()


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("view") / "examples.db"
    SKIPPED[db] = build_store(db, EXAMPLES)
    return db


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    inputs = folder / "in"
    inputs.mkdir()
    (inputs / TXT_NAME).write_text(TXT, encoding="utf-8")
    (inputs / HTML_NAME).write_text(HTML, encoding="utf-8")
    (inputs / JSONL_NAME).write_text(JSONL, encoding="utf-8")
    db = folder / "hostile.db"
    SKIPPED[db] = build_store(db, inputs)
    return db


def write_report(db: Path, folder: Path) -> Path:
    result = runner.invoke(app, ["report", "--db", str(db), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert f"open {folder / 'index.html'}" in result.stdout
    return folder


@pytest.fixture(scope="session")
def examples_report(examples_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(examples_db, tmp_path_factory.mktemp("report") / "site")


@pytest.fixture(scope="session")
def hostile_report(hostile_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(hostile_db, tmp_path_factory.mktemp("hostile-report") / "site")


def _serve(db: Path) -> Iterator[str]:
    import uvicorn

    from newsprism.web.app import create_app

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def examples_server(examples_db: Path) -> Iterator[str]:
    yield from _serve(examples_db)


@pytest.fixture(scope="session")
def hostile_server(hostile_db: Path) -> Iterator[str]:
    yield from _serve(hostile_db)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the session (Playwright downloads no browser)."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("no chromium on PATH: apt-get install chromium chromium-driver (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # launch() gives every run a fresh temporary user-data-dir
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
