"""The CLI through its entry point: exit codes, summaries, exact error lines, hostile inputs."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
runner = CliRunner()


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    """Exit code, stdout and stderr without the progress lines (tests/test_progress.py)."""
    result = runner.invoke(app, list(args), input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    err = "".join(
        line for line in result.stderr.splitlines(keepends=True) if not line.startswith("analyze: ")
    )
    return result.exit_code, result.stdout, err


def test_analyze_examples_prints_a_summary(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    code, out, err = run("analyze", str(EXAMPLES), "--db", str(db))
    assert code == 0, err
    # the folder's SOURCES.md is not an article: skipped, and said
    assert err.splitlines()[0].startswith(f"{EXAMPLES}/SOURCES.md: warning: unsupported file type")
    lines = out.splitlines()
    assert lines[0] == f"newsprism analyze → {db}"
    header = [c.strip() for c in lines[2].strip("┃").split("┃")]
    values = [c.strip() for c in lines[4].strip("│").split("│")]
    row = dict(zip(header, values, strict=True))
    assert row["inputs"] == "6"  # SOURCES.md is found (and skipped) too
    assert row["stored"] == "5"
    assert row["errors"] == "0"
    assert row["in store"] == "5"
    # the second run reads nothing new
    code, out, _ = run("analyze", str(EXAMPLES), "--db", str(db))
    values = [c.strip() for c in out.splitlines()[4].strip("│").split("│")]
    row = dict(zip(header, values, strict=True))
    assert code == 0
    assert (row["stored"], row["unchanged"], row["in store"]) == ("0", "5", "5")


def test_python_dash_m_entry_point(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsprism",
            "analyze",
            str(EXAMPLES),
            "--db",
            str(tmp_path / "m.db"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "stored" in proc.stdout


def _hostile_folder(root: Path) -> dict[str, str]:
    """A folder of good and bad inputs; returns bad path -> expected reason."""
    root.mkdir()
    shutil.copy(EXAMPLES / "000_982a2f7b4acfb1ad.txt", root / "good1.txt")
    shutil.copy(EXAMPLES / "004_3bfc8f5e2bd740ae.txt", root / "good2.txt")
    (root / "latin1.txt").write_bytes(
        "Café owners in Zürich said the rally was peaceful.\n\n"
        "Protesters gathered at the café before noon, the organisers said.".encode("cp1252")
    )
    (root / "notes.md").write_text("skipped: not an article format")
    bad = {}
    (root / "empty.txt").write_bytes(b"")
    bad["empty.txt"] = "empty file (no text)"
    (root / "binary.txt").write_bytes(bytes(range(256)) * 64)
    bad["binary.txt"] = "binary data, not text"
    noise = random.Random(0)
    (root / "undecodable.txt").write_bytes(
        b"Headline\n\n" + bytes(noise.randrange(128, 256) for _ in range(300))
    )
    bad["undecodable.txt"] = (
        "not valid UTF-8 (bad byte at offset 10) and no charset detected; "
        "pass --encoding latin-1 or the file's encoding"
    )
    with (root / "huge.txt").open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    bad["huge.txt"] = "file is 60.0 MB, over the 50.0 MB limit; raise --max-bytes to read it"
    (root / "broken-link.txt").symlink_to(root / "missing-target.txt")
    bad["broken-link.txt"] = f"broken symbolic link (points to {root / 'missing-target.txt'})"
    loop = root / "sub"
    loop.mkdir()
    (loop / "back").symlink_to(root)
    bad["sub/back"] = "folder loop: a symbolic link leads back to a parent folder"
    return bad


def test_hostile_folder_one_error_line_per_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    bad = _hostile_folder(folder)
    db = tmp_path / "h.db"
    code, out, err = run("analyze", str(folder), "--db", str(db))
    assert code == 1
    expected = sorted(f"{folder / name}: {reason}" for name, reason in bad.items())
    lines = [line for line in err.splitlines() if line.startswith(str(folder))]
    assert sorted(line for line in lines if ": warning: " not in line) == expected
    # the skipped file and the guessed encoding are said, as warnings
    assert sorted(line.split(": warning: ")[0] for line in lines if ": warning: " in line) == [
        str(folder / "latin1.txt"),
        str(folder / "notes.md"),
    ]
    assert err.splitlines()[-2:] == [
        f"{len(bad)} input(s) could not be read; `newsprism errors` lists them.",
        "2 warning(s); `newsprism errors` lists them.",
    ]
    with sqlite3.connect(db) as con:
        stored = sorted(Path(s).name for (s,) in con.execute("SELECT source FROM articles"))
        (text,) = con.execute(
            "SELECT original_text FROM articles WHERE source LIKE '%latin1.txt'"
        ).fetchone()
    assert stored == ["good1.txt", "good2.txt", "latin1.txt"]
    assert "Café owners in Zürich" in text
    # the store remembers the errors; `errors` lists exactly them, then the warnings
    code, out, _ = run("errors", "--db", str(db))
    assert code == 0
    assert out.splitlines()[: len(expected)] == expected
    assert [line.split(": warning: ")[0] for line in out.splitlines()[len(expected) :]] == [
        str(folder / "latin1.txt"),
        str(folder / "notes.md"),
    ]


def test_errors_clear_once_a_file_is_fixed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    db = str(tmp_path / "e.db")
    assert run("analyze", str(folder), "--db", db)[0] == 1
    (folder / "a.txt").write_text("A headline\n\nA body paragraph that says something new today.\n")
    code, _, err = run("analyze", str(folder), "--db", db)
    assert code == 0, err
    code, out, err = run("errors", "--db", db)
    assert (out, err) == ("", "no errors\n")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop privileges to nobody")
def test_unreadable_file_as_unprivileged_user(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Root reads everything, so the permission error is produced as the user nobody."""
    base = Path("/tmp") / f"newsprism-perm-{os.getpid()}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(mode=0o777)
    base.chmod(0o777)
    try:
        folder = base / "in"
        folder.mkdir()
        folder.chmod(0o777)
        shutil.copy(EXAMPLES / "000_982a2f7b4acfb1ad.txt", folder / "good.txt")
        (folder / "good.txt").chmod(0o644)
        secret = folder / "secret.txt"
        secret.write_text("Title\n\nBody text that nobody may read at all.\n")
        secret.chmod(0o000)
        probe = subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
             sys.executable, "-c", "import newsprism"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        if probe.returncode != 0:
            pytest.skip(f"this checkout is not readable by nobody: {probe.stderr.strip()[-200:]}")
        proc = subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
             sys.executable, "-m", "newsprism", "analyze", str(folder), "--db", str(base / "p.db"),
             "--workers", "1"],
            capture_output=True, text=True, timeout=120, cwd=base,
        )  # fmt: skip
        assert proc.returncode == 1, proc.stderr
        assert f"{secret}: permission denied; check the file's permissions" in proc.stderr
        with sqlite3.connect(base / "p.db") as con:
            assert con.execute("SELECT COUNT(*) FROM articles").fetchone() == (1,)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_stdin_dash(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    text = (EXAMPLES / "003_deee31e75b74293e.txt").read_bytes()
    code, _, err = run("analyze", "-", "--db", db, stdin=text)
    assert code == 0, err
    code, out, _ = run("export", "--format", "json", "--db", db)
    records = json.loads(out)
    assert [r["title"] for r in records] == [
        "Russian PM In Minsk As Belarus Looks To Ally For Help"
    ]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _, err = run("show", "--db", str(tmp_path / "none.db"))
    assert code == 2
    assert (
        err == f"error: {tmp_path / 'none.db'}: no such store; run `newsprism analyze PATH` first\n"
    )
    code, _, err = run("analyze")
    assert code == 2
    not_a_db = tmp_path / "x.db"
    not_a_db.write_text("this is not sqlite")
    code, _, err = run("analyze", str(EXAMPLES), "--db", str(not_a_db))
    assert code == 2
    assert err.startswith(f"error: {not_a_db}: cannot open as a newsprism store")


def test_url_without_fetch_is_an_input_error(tmp_path: Path) -> None:
    code, _, err = run("analyze", "https://example.com/story", "--db", str(tmp_path / "u.db"))
    assert code == 1
    assert "https://example.com/story: URL given but fetching is off; pass --fetch" in err


def test_explicit_unsupported_file(tmp_path: Path) -> None:
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    code, _, err = run("analyze", str(pdf), "--db", str(tmp_path / "p.db"))
    assert code == 1
    assert err.splitlines()[0] == (
        f"{pdf}: unsupported file type '.pdf'; supported: .atom, .csv, .htm, .html, .jsonl, "
        ".ndjson, .rss, .text, .tsv, .txt, .xhtml, .xml"
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "cli.db")
    assert run("analyze", str(EXAMPLES), "--db", path)[0] == 0
    return path


def test_export_jsonl_json_csv_agree(db: str) -> None:
    _, jsonl, _ = run("export", "--format", "jsonl", "--db", db)
    _, js, _ = run("export", "--format", "json", "--db", db)
    _, table, _ = run("export", "--format", "csv", "--db", db)
    from_jsonl = [json.loads(line) for line in jsonl.splitlines()]
    assert from_jsonl == json.loads(js)
    rows = list(csv.DictReader(io.StringIO(table)))
    assert [r["id"] for r in rows] == [r["id"] for r in from_jsonl]
    first = from_jsonl[0]
    assert list(first)[:6] == ["id", "title", "outlet", "author", "published", "url"]
    assert {"text", "copies"} <= set(first)
    by_title = {r["title"]: r for r in from_jsonl}
    rfe = by_title["Russian PM In Minsk As Belarus Looks To Ally For Help"]
    assert rfe["published"] == "2020-09-03"
    assert rfe["outlet"] == "GlobalSecurity.org"
    assert rfe["original_outlet"] == "RFE/RL"
    assert "Join the GlobalSecurity.org mailing list" not in rfe["text"]


def test_export_bad_format(db: str) -> None:
    code, _, err = run("export", "--format", "xml", "--db", db)
    expected = "error: unknown format 'xml'; choose one of json, jsonl, csv, parquet\n"
    assert (code, err) == (2, expected)


def test_search_finds_both_spellings(db: str) -> None:
    code, out, _ = run("search", "Lukashenka", "--db", db)
    assert code == 0
    assert "Russian PM In Minsk" in out
    assert "Concert Gunmen" not in out
    code, out, _ = run("search", "Lukashenko OR Lukashenka", "--db", db)
    assert out.count("\n    ") == 5


def test_search_bad_query(db: str) -> None:
    code, _, err = run("search", '"unbalanced', "--db", db)
    assert code == 2
    assert err.startswith("error: cannot search for '\"unbalanced'")


def test_show_list_and_one(db: str) -> None:
    code, out, _ = run("show", "--db", db)
    assert code == 0
    assert "GlobalSecurity.org" in out
    _, jsonl, _ = run("export", "--db", db)
    first = json.loads(jsonl.splitlines()[3])
    code, out, _ = run("show", first["id"][:8], "--db", db)
    assert code == 0
    assert out.startswith(f"id: {first['id']}\ntitle: {first['title']}\n")
    assert first["text"] in out
    code, _, err = run("show", "nonexistent", "--db", db)
    assert (code, err) == (2, f"error: no article 'nonexistent' in {db}\n")


def test_listings_off_a_terminal_are_plain_columns(db: str) -> None:
    """Rich lays a Table out at ~0.5 ms a row: a pipe gets padded columns under a rule."""
    _, out, _ = run("show", "--db", db)
    header, rule, *rows = out.splitlines()
    assert header.split() == ["id", "published", "outlet", "title", "copies"]
    assert set(rule) == {"-", " "} and len(rule) == len(header)
    assert len(rows) == 5 and all(len(r.split()[0]) == 10 for r in rows)
    assert "GlobalSecurity.org" in out and "┃" not in out


def test_plain_table_pads_by_terminal_cells_and_cuts_like_cell() -> None:
    from newsprism.cli_output import plain_table

    assert plain_table(["a", "name"], [["日本", "x\x07y  z"], ["b", "w" * 200]]) == (
        "a     name\n----  " + "-" * 160 + "\n日本  xy z\nb     " + "w" * 159 + "…\n"
    )


def test_show_prefix_ignores_case(db: str) -> None:
    _, jsonl, _ = run("export", "--db", db)
    article_id = json.loads(jsonl.splitlines()[1])["id"]
    _, lower, _ = run("show", article_id[:8], "--db", db)
    assert lower.startswith(f"id: {article_id}\n")
    assert run("show", article_id[:8].upper(), "--db", db)[1] == lower
    assert run("show", article_id, "--db", db)[1] == lower
    code, _, err = run("show", article_id[:4], "--db", db)  # too short to name it
    assert (code, err) == (2, f"error: no article {article_id[:4]!r} in {db}\n")


def test_entities_table_shows_the_most_mentioned(db: str) -> None:
    everything = json.loads(run("entities", "--format", "json", "--db", db)[1])
    assert len(everything) > 50
    _, out, _ = run("entities", "--db", db)
    lines = out.splitlines()
    assert len(lines) == 2 + 50 + 1
    shown = zip(lines[2:52], everything, strict=False)  # in the order of the JSON listing
    assert all(line.startswith(e["name"]) for line, e in shown)
    assert lines[-1] == f"… {len(everything) - 50:,} more; --limit 0 lists them all"
    assert len(run("entities", "--limit", "0", "--db", db)[1].splitlines()) == 2 + len(everything)
    three = json.loads(run("entities", "--format", "json", "--limit", "3", "--db", db)[1])
    assert three == everything[:3]


def test_article_text_is_not_interpreted_as_markup(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_text(
        "[bold red]Injected[/] <script>alert(1)</script>\n\n"
        "The [link=https://evil.example]council[/link] met on Monday to discuss the budget.\n"
    )
    db = str(tmp_path / "x.db")
    assert run("analyze", str(folder), "--db", db)[0] == 0
    _, out, _ = run("show", "--db", db)
    assert "[bold red]Injected[/]" in out
    _, jsonl, _ = run("export", "--db", db)
    _, out, _ = run("show", json.loads(jsonl)["id"], "--db", db)
    assert "The [link=https://evil.example]council[/link] met" in out


def test_mixed_formats_folder(tmp_path: Path) -> None:
    """HTML pages, RSS and Atom feeds and text files in one run, through the entry point."""
    folder = tmp_path / "mixed"
    shutil.copytree(ROOT / "tests" / "fixtures", folder)
    shutil.copy(EXAMPLES / "001_2eb6745bf853cb5e.txt", folder / "newworker.txt")
    db = str(tmp_path / "mixed.db")
    code, _, err = run("analyze", str(folder), "--db", db, "--workers", "1")
    assert code == 1  # one feed entry holds only an image
    assert "entry has no text" in err
    _, jsonl, _ = run("export", "--db", db)
    records = {r["title"]: r for r in map(json.loads, jsonl.splitlines())}
    assert records["Belarus coup plot foiled in Moscow"]["outlet"] == "New Worker"
    bridge = [r for t, r in records.items() if t.startswith("Council approves £40m harbour bridge")]
    assert bridge and all(r["published"] == "2024-03-12" for r in bridge)
    assert records["Drought pushes reservoir to record low"]["outlet"] == "Valley Daily Post"
