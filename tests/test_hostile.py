"""A hostile pile completes: every good article stored, a line for every bad input, no crash,
no hang, and a rerun doubles nothing. Each bug this once hit has its own test below."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostile_corpus import ARTICLE, ERROR, Expected, generate, unlock
from newsprism.config import default_config
from newsprism.ingest.options import ReadOptions
from newsprism.pipeline import analyze
from newsprism.records import IngestError
from newsprism.store.api import Store

NEWSPRISM = [sys.executable, "-m", "newsprism"]


def _run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NEWSPRISM, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def _named(manifest: list[Expected], lines: list[str]) -> dict[Path, bool]:
    """Which inputs an error or warning line names (by the path as printed)."""
    text = "\n".join(lines)
    return {e.path: IngestError(str(e.path), "").line()[:-2] in text for e in manifest}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Expected], Path]:
    folder = tmp_path_factory.mktemp("hostile") / "pile"
    manifest = generate(folder, 300, good_share=0.1, seed=11, big=30_000)
    yield manifest, folder
    unlock(folder)


@pytest.mark.slow
def test_a_hostile_pile_completes_with_default_workers(
    hostile: tuple[list[Expected], Path], tmp_path: Path
) -> None:
    """The whole analyze, default workers: exit 1, every good article stored, every bad input
    named, and a second run stores nothing twice."""
    manifest, folder = hostile
    db = tmp_path / "pile.db"
    first = _run("analyze", str(folder), "--db", str(db))
    assert first.returncode == 1, first.stderr[-3000:]
    assert "Traceback" not in first.stderr, first.stderr[-3000:]
    lines = first.stderr.splitlines()
    named = _named(manifest, lines)
    with Store(db, readonly=True) as store:
        stored = {Path(s.article.source.split("#")[0]) for s in store.articles(True)}
        count = store.count()["articles"]
    for item in manifest:
        resolved = item.path.resolve() if item.path.exists() else item.path
        if item.outcome == ARTICLE:
            assert resolved in stored, f"{item.kind}: {item.path.name} not stored"
        elif item.outcome == ERROR:
            assert named[item.path], f"{item.kind}: {item.path.name} has no error line"
        else:
            assert resolved in stored or named[item.path], f"{item.kind}: {item.path.name} lost"
    second = _run("analyze", str(folder), "--db", str(db))
    assert second.returncode == 1, second.stderr[-3000:]
    assert "Traceback" not in second.stderr
    with Store(db, readonly=True) as store:
        assert store.count()["articles"] == count


def test_six_csvs_of_one_repeated_cell_store_and_resume(tmp_path: Path) -> None:
    """A line that is all of its article became furniture on the third copy and was inserted
    as furniture again on the sixth: the batch died and every rerun died there too."""
    folder = tmp_path / "rp"
    folder.mkdir()
    for i in range(1, 7):
        (folder / f"r{i}.csv").write_text(f'title,text\n"T {i}","{"x" * 2000}"\n')
    db = tmp_path / "rp.db"
    for _ in range(2):
        result = _run("analyze", str(folder), "--only-ingest", "--db", str(db))
        assert result.returncode == 0, result.stderr[-3000:]
    with Store(db, readonly=True) as store:
        assert store.count()["articles"] == 6


def test_a_store_failure_costs_its_input_not_the_batch(tmp_path: Path) -> None:
    """Whatever the store refuses for one article fails that input with its reason; the other
    inputs of the batch are stored and the run ends normally."""
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(f"Title {i}\n\nBody number {i} of the test text.\n")
    db = tmp_path / "s.db"
    with Store(db) as store:
        # a trigger of the user's own that rejects one title stands for any refusal
        store.conn.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.title = 'Title 1'"
            " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
        summary = analyze([str(tmp_path)], store, ReadOptions(), default_config(), workers=1)
        assert [e.reason for e in summary.errors] == [
            "could not be stored: IntegrityError: refused by the test"
        ]
        assert summary.errors[0].path.endswith("a1.txt")
        assert summary.result.stored == 2


def test_a_worker_that_dies_costs_only_its_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader that kills its process (a C library's segfault) or hangs fails its input
    with the reason; the others are read."""
    from newsprism import workers

    items = list(range(40))
    work = workers.Work(_die_on_13_hang_on_17, _failed, 2.0, ())
    started = time.perf_counter()
    results = dict(workers.parallel(work, items, ReadOptions(), default_config(), 2))
    assert time.perf_counter() - started < 30
    assert results[13].startswith("failed: its worker process died (killed by SIGSEGV")
    assert results[17] == "failed: took over 2 s; stopped"
    assert [results[i] for i in items if i not in (13, 17)] == [
        f"ok {i}" for i in items if i not in (13, 17)
    ]


def _die_on_13_hang_on_17(item: int) -> str:
    if item == 13:
        os.kill(os.getpid(), signal.SIGSEGV)
    if item == 17:
        time.sleep(60)
    return f"ok {item}"


def _failed(item: int, why: str) -> str:
    return f"failed: {why}"


def test_closing_the_pool_early_does_not_hang() -> None:
    """The writer failing mid-run closed the generator while the feeder thread waited for
    room: the pool's terminate() then waited for that thread forever (the stall at 512)."""
    from newsprism import workers

    work = workers.Work(_slowish, _failed, 30.0, ())
    results = workers.parallel(work, list(range(2000)), ReadOptions(), default_config(), 2)
    started = time.perf_counter()
    for n, _ in enumerate(results):
        if n == 20:
            break
    results.close()
    assert time.perf_counter() - started < 20


def _slowish(item: int) -> str:
    time.sleep(0.01)
    return str(item)


def test_workers_end_soon_after_the_writer_is_killed(tmp_path: Path) -> None:
    """SIGKILL of analyze leaves no worker behind for more than a few seconds, and none
    prints a BrokenPipeError."""
    corpus = tmp_path / "c"
    generate(corpus, 200, good_share=1.0, seed=3)
    process = subprocess.Popen(
        [*NEWSPRISM, "analyze", str(corpus), "--db", str(tmp_path / "k.db"), "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not _children(process.pid):
            time.sleep(0.2)
        time.sleep(3)  # let the workers get going
        assert _children(process.pid), "no worker processes started"
        group = os.getpgid(process.pid)
        process.kill()
        process.wait()
        time.sleep(2.5)
        left = _group_members(group)
        assert not left, f"workers still running 2.5 s after the kill: {left}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
    assert b"BrokenPipeError" not in stderr
    unlock(corpus)


def _processes() -> list[tuple[int, list[str]]]:
    """(pid, the fields of /proc/PID/stat after the command name) of every live process."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                found.append(
                    (int(entry.name), (entry / "stat").read_text().rsplit(")", 1)[1].split())
                )
            except OSError:
                continue
    return found


def _children(pid: int) -> list[int]:
    return [child for child, fields in _processes() if int(fields[1]) == pid]


def _group_members(group: int) -> list[int]:
    """Processes of the group that are not zombies."""
    return [p for p, fields in _processes() if int(fields[3]) == group and fields[0] != "Z"]


def test_every_argument_counts_as_an_input(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("A title\n\nSome body text of the article.\n")
    result = _run(
        "analyze", str(good), str(tmp_path / "missing.txt"), "ftp://example.org/x",
        "--only-ingest", "--db", str(tmp_path / "n.db"),
    )  # fmt: skip
    assert result.returncode == 1
    assert "│      3 │      1 │" in result.stdout, result.stdout


def test_unsupported_files_pipes_and_sockets_inside_folders_get_a_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "letter.docx").write_bytes(b"PK\x03\x04")
    (folder / "paper.pdf").write_bytes(b"%PDF-1.4")
    os.mkfifo(folder / "pipe.txt")
    (folder / "header.csv").write_text("title,text\n")
    (folder / "ok.txt").write_text("A title\n\nSome body text of the article.\n")
    result = _run("analyze", str(folder), "--only-ingest", "--db", str(tmp_path / "u.db"),
                  timeout=60)  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    # found in a folder, they are skipped with a warning; the bad CSV is an error
    assert any(line.startswith(f"{folder}/letter.docx: warning: unsupported file type '.docx'")
               for line in lines), lines  # fmt: skip
    assert any(line.startswith(f"{folder}/paper.pdf: warning: unsupported file type")
               for line in lines)  # fmt: skip
    assert f"{folder}/pipe.txt: warning: not a regular file (a named pipe); skipped" in lines
    assert f"{folder}/header.csv: no data rows, only a header" in lines


def test_a_name_cannot_break_the_error_line(tmp_path: Path) -> None:
    name = tmp_path / "bad\nname\x1b[31m\u202e.docx"
    name.write_bytes(b"x")
    result = _run("analyze", str(tmp_path), "--only-ingest", "--db", str(tmp_path / "x.db"))
    line = next(x for x in result.stderr.splitlines() if "unsupported" in x)
    assert "bad\\x0aname\\x1b[31m\\u202e.docx: warning: unsupported file type" in line


def test_jsonl_errors_are_whole_phrases(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "unterminated\n')
    result = _run("analyze", str(path), "--only-ingest", "--db", str(tmp_path / "j.db"))
    assert (
        f"{path}: malformed JSON on line 1: Unterminated string starting at column 10"
        in result.stderr.splitlines()
    ), result.stderr


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_32_without_bom_are_read_with_a_warning(tmp_path: Path, codec: str) -> None:
    text = "Минск и Вильнюс: a title\n\nThe talks went on for a second day, officials said.\n"
    path = tmp_path / "wide.txt"
    path.write_bytes(text.encode(codec))
    db = tmp_path / "w.db"
    result = _run("analyze", str(path), "--only-ingest", "--db", str(db))
    assert result.returncode == 0, result.stderr
    with Store(db, readonly=True) as store:
        [stored] = list(store.articles())
        assert stored.article.original_text == text
        assert stored.article.encoding == codec
    listing = _run("errors", "--db", str(db)).stdout
    assert f"{path}: warning: no byte-order mark; read as {codec.upper()}" in listing


def test_invalid_utf8_is_stored_with_a_warning_not_silently(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Caf\u00e9 talks\n\nThe \u2018deal\u2019 was signed.\n".encode("cp1252"))
    db = tmp_path / "c.db"
    result = _run("analyze", str(path), "--only-ingest", "--db", str(db))
    assert result.returncode == 0, result.stderr
    warning = f"{path}: warning: not valid UTF-8 (bad byte at offset 3); read as Windows-1252"
    assert any(line.startswith(warning) for line in result.stderr.splitlines()), result.stderr
    assert any(line.startswith(warning) for line in _run("errors", "--db", str(db)).stdout
               .splitlines())  # fmt: skip
    # a warning is not an error: the store counts none
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT level FROM errors").fetchall() == [("warning",)]


@pytest.mark.parametrize("kind", ["html", "xml", "escaped"])
def test_deep_nesting_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    """Markup nested 20,000-50,000 deep is refused by a linear scan with its reason, before
    a parser spends seconds on it (feedparser's sanitizer took 2.1 s on the escaped one)."""
    from newsprism.ingest import read_input
    from newsprism.ingest.sources import Input

    body = b"<p>Officials met in Minsk on Monday to talk about the border.</p>"
    if kind == "html":
        data = b"<html><body>" + b"<div>" * 20_000 + body + b"</div>" * 20_000 + b"</body></html>"
    elif kind == "xml":
        data = b"<?xml version='1.0'?><rss><channel>" + b"<a>" * 50_000 + b"</a>" * 50_000
        data += b"<item><title>T</title><description>Body.</description></item></channel></rss>"
    else:
        data = b"<?xml version='1.0'?><rss><channel><item><title>T</title><description>"
        data += b"&lt;div&gt;" * 50_000 + b"Body" + b"&lt;/div&gt;" * 50_000
        data += b"</description></item></channel></rss>"
    path = tmp_path / ("deep.html" if kind == "html" else "deep.xml")
    path.write_bytes(data)
    started = time.perf_counter()
    results = read_input(
        Input(str(path), "file", "html" if kind == "html" else "feed", "", len(data)),
        ReadOptions(), default_config(),
    )  # fmt: skip
    assert time.perf_counter() - started < 2.0  # the reader's import included
    assert results == [IngestError(
        str(path), "markup nested more than 1,000 levels deep (at least 1,001); not parsed"
    )]  # fmt: skip


def test_real_pages_are_not_too_deep() -> None:
    from newsprism.ingest.nesting import MAX_DEPTH, too_deep

    pages = [*Path(__file__).parent.joinpath("fixtures").rglob("*.*")]
    assert pages
    for page in pages:
        assert too_deep(page.read_bytes(), MAX_DEPTH // 100) is None, page


def test_a_refused_understanding_costs_its_article_not_the_stage(tmp_path: Path) -> None:
    """The store refusing one article's language rows fails that article with the reason;
    the others are written, and the stage goes on to the entities."""
    from newsprism.pipeline import understand_corpus

    for i in range(3):
        (tmp_path / f"u{i}.txt").write_text(
            f"Talks {i} in Vilnius\n\nAnna Petrova met David Okafor in Vilnius on day {i}.\n"
        )
    with Store(tmp_path / "u.db") as store:
        assert analyze([str(tmp_path)], store, ReadOptions(), default_config(), workers=1).ok
        refused = sorted(s.article.id for s in store.articles())[1]
        store.conn.exec_driver_sql(
            f"CREATE TRIGGER refuse BEFORE INSERT ON sentences WHEN NEW.article_id = '{refused}'"
            " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
        summary = understand_corpus(store, default_config(), workers=1)
        assert [(e.path, e.reason) for e in summary.errors] == [
            (
                f"article {refused}",
                "storing its language stages failed: IntegrityError: refused by the test",
            )
        ]
        written = {
            r[0] for r in store.conn.exec_driver_sql("SELECT DISTINCT article_id FROM sentences")
        }
        assert len(written) == 2 and refused not in written


def test_an_entity_bomb_feed_is_refused_at_once(tmp_path: Path) -> None:
    """Nine levels of ten "lol" entities made expat call feedparser 12 million times (6 s)."""
    from hostile_corpus import _entity
    from newsprism.ingest import read_input
    from newsprism.ingest.sources import Input

    data = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(_entity(i).encode() for i in range(1, 10))
        + b"]><rss><channel><item><title>&lol9;</title></item></channel></rss>"
    )
    path = tmp_path / "bomb.xml"
    path.write_bytes(data)
    started = time.perf_counter()
    results = read_input(Input(str(path), "file", "feed", "", len(data)), ReadOptions(),
                         default_config())  # fmt: skip
    assert time.perf_counter() - started < 1.0
    assert results == [IngestError(
        str(path), "feed declares XML entities (<!ENTITY ...>); refused as a possible entity bomb"
    )]  # fmt: skip
