"""Stories, claim groups, the merged timeline and the comparison, end to end on the examples."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.records import STATUSES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()


@pytest.fixture(scope="module")
def db(analysed_examples: tuple[str, str]) -> str:
    path, printed = analysed_examples
    assert "5 new article(s) filed under stories" in printed
    return path


def run_json(db: str, *args: str) -> Any:
    result = runner.invoke(app, [*args, "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def source_name(db: str, article_id: str) -> str:
    shown = runner.invoke(app, ["show", article_id, "--db", db])
    source = next(line for line in shown.stdout.splitlines() if line.startswith("source:"))
    return Path(source.split(": ", 1)[1]).name


def seed_numbers(story: dict[str, Any], db: str) -> set[str]:
    return {source_name(db, article["id"])[:3] for article in story["articles"]}


def story_of(db: str, number: str) -> dict[str, Any]:
    for story in run_json(db, "stories"):
        if number in seed_numbers(story, db):
            return dict(story)
    raise AssertionError(f"no story holds {number}")


def test_coup_case_is_one_story_and_the_concert_attack_stands_alone(db: str) -> None:
    stories = run_json(db, "stories")
    assert sum(len(s["articles"]) for s in stories) == 5
    coup = story_of(db, "000")
    assert {"000", "001"} <= seed_numbers(coup, db)
    assert seed_numbers(story_of(db, "004"), db) == {"004"}
    assert "undated" in coup["label"] and "Zenkovich" in coup["label"]


def test_claims_sharing_only_a_name_are_not_one_group(db: str) -> None:
    """The issue's false corroborations: a shared person or place is not a shared claim."""
    story = story_of(db, "002")
    comparison = run_json(db, "compare", story["id"])

    def group_of(fragment: str) -> str:
        found = [g["id"] for g in comparison["claim_groups"]
                 if any(fragment in m["text"] for m in g["members"])]  # fmt: skip
        assert len(found) == 1, fragment
        return found[0]

    assert group_of("Khrenin warned") != group_of("Khrenin will visit Russia")
    assert group_of("Washington's plot is all about") != group_of("Mishustin has arrived in")
    for g in comparison["claim_groups"]:
        assert g["status"] in STATUSES
        if g["status"] != "single_source":
            assert len({m["outlet"] for m in g["members"]}) >= 2
            assert any("p=" in r or "numbers" in r or "denial" in r or "negates" in r
                       for r in g["reasons"]), g  # fmt: skip


@pytest.mark.xfail(
    strict=True,
    reason="known defect (issue 14): the cross-encoder links RFE/RL's Lavrov quote with Global"
    " Research's own-voice sentence on the 1999 union treaty (entails ~0.29 both ways, over"
    " the 0.20 cut-off chosen on ECB+ dev); strict, so a fix shows as XPASS",
)
def test_the_lavrov_quote_is_single_source(db: str) -> None:
    story = story_of(db, "003")
    comparison = run_json(db, "compare", story["id"])
    lavrov = [
        g
        for g in comparison["claim_groups"]
        if any("This underlines our mutual disposition" in m["text"] for m in g["members"])
    ]
    assert len(lavrov) == 1 and lavrov[0]["status"] == "single_source"
    assert lavrov[0]["members"][0]["attributed_to"] == "Sergei Lavrov"


def test_timeline_has_the_arrest_announcement_and_the_sochi_meeting(db: str) -> None:
    events = run_json(db, "timeline")
    arrest = [e for e in events if e["date"] == "XXXX-04-17"]
    assert arrest and "announced the arrest" in arrest[0]["text"]
    sochi = [e for e in events if e["date"] == "2020-09-14" and "Sochi" in e["text"]]
    assert sochi and sochi[0]["outlets"] == ["Global Research"]
    assert {"Vladimir Putin", "Alexander Lukashenko"} <= set(sochi[0]["participants"])
    election = [e for e in events if e["date"] == "2020-08-09"]
    assert len(election) == 1  # two outlets' tellings merged into one event
    assert election[0]["outlets"] == ["Global Research", "GlobalSecurity.org"]
    assert len(election[0]["reports"]) == 2
    known = [e["date"] for e in events if not e["date"].startswith("X")]
    assert known == sorted(known)
    assert events[-1]["date"].startswith("XXXX-")  # unknown years come last


def test_compare_shows_each_outlets_wording(db: str) -> None:
    story = story_of(db, "002")
    comparison = run_json(db, "compare", story["id"][:6])
    outlets = [c["outlet"] for c in comparison["columns"]]
    assert sorted(outlets) == ["Global Research", "GlobalSecurity.org"]
    luka = next(w for w in comparison["wording"] if w["name"] == "Alexander Lukashenko")
    assert "Lukashenka" in luka["by_outlet"]["GlobalSecurity.org"]
    assert "Lukashenko" in luka["by_outlet"]["Global Research"]
    rferl = next(c for c in comparison["columns"] if c["outlet"] == "GlobalSecurity.org")
    assert "Sergei Lavrov" in [s["name"] for s in rferl["sources_quoted"]]
    assert rferl["original_outlet"] == "RFE/RL"
    assert "authorities" in rferl["designations"]["government"]
    md = runner.invoke(app, ["compare", story["id"], "--db", db, "--format", "md"])
    assert md.exit_code == 0 and md.stdout.startswith("# ")
    assert "| headline | " in md.stdout and "## Claims" in md.stdout
    table = runner.invoke(app, ["compare", story["id"], "--db", db])
    assert table.exit_code == 0 and "corroborated" in table.stdout


def test_compare_errors(db: str) -> None:
    result = runner.invoke(app, ["compare", "nope", "--db", db])
    assert result.exit_code == 2
    assert "no story 'nope'" in result.stderr
    result = runner.invoke(app, ["compare", "s", "--db", db, "--format", "xml"])
    assert result.exit_code == 2 and "choose table, json or md" in result.stderr


def test_stories_are_incremental(tmp_path: Path) -> None:
    """Adding articles files them under existing stories without redoing the old ones."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for source in sorted(EXAMPLES.glob("*.txt")):
        target = first if source.name[:3] in ("000", "003", "004") else second
        shutil.copy(source, target / source.name)
    db = str(tmp_path / "inc.db")
    assert runner.invoke(app, ["analyze", str(first), "--db", db]).exit_code == 0
    before = {s["id"]: s for s in run_json(db, "stories")}
    assert len(before) == 3
    result = runner.invoke(app, ["analyze", str(first), str(second), "--db", db])
    assert result.exit_code == 0, result.stderr
    assert "2 new article(s) filed under stories (0 new" in result.stdout
    after = {s["id"]: s for s in run_json(db, "stories")}
    assert set(after) == set(before)  # 001 joined 000's story, 002 joined 003's
    assert sorted(len(s["articles"]) for s in after.values()) == [1, 2, 2]


def test_omissions_in_a_three_article_story(tmp_path: Path) -> None:
    """A shortened retelling of 003 that drops the Sochi-meeting paragraph omits the claim
    group that 002 and 003 both carry."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in ("002", "003"):
        source = next(EXAMPLES.glob(f"{number}_*.txt"))
        shutil.copy(source, folder / source.name)
    original = next(EXAMPLES.glob("003_*.txt")).read_text(encoding="utf-8")
    kept = [p for p in original.split("\n\n") if "meeting between Lukashenka" not in p]
    (folder / "retold.txt").write_text("\n\n".join(kept[:12]), encoding="utf-8")
    db = str(tmp_path / "o.db")
    assert runner.invoke(app, ["analyze", str(folder), "--db", db]).exit_code == 0
    story = story_of(db, "002")
    assert len(story["articles"]) == 3
    comparison = run_json(db, "compare", story["id"])
    retold = next(
        c for c in comparison["columns"] if source_name(db, c["article_id"]) == "retold.txt"
    )
    omitted = [o["text"] for o in retold["omitted"] if o["kind"] == "claim"]
    assert any("Sochi" in text or "meeting between" in text for text in omitted), retold


def test_a_story_left_unfinished_is_redone(tmp_path: Path) -> None:
    """A run stopped after filing articles but before a story's claims and timeline were made
    leaves an unlabelled story; the next run finishes it."""
    import sqlite3

    db = str(tmp_path / "r.db")
    folder = tmp_path / "a"
    folder.mkdir()
    for number in ("000", "001"):
        source = next(EXAMPLES.glob(f"{number}_*.txt"))
        shutil.copy(source, folder / source.name)
    assert runner.invoke(app, ["analyze", str(folder), "--db", db]).exit_code == 0
    with sqlite3.connect(db) as con:
        con.execute("UPDATE stories SET label = ''")
        con.execute("DELETE FROM claim_groups")
        con.execute("DELETE FROM timeline_events")
    result = runner.invoke(app, ["analyze", str(folder), "--db", db])
    assert result.exit_code == 0
    assert "0 new article(s) filed under stories (0 new, 1 updated)" in result.stdout
    (story,) = run_json(db, "stories")
    assert story["label"].endswith("(undated)") and len(story["label"]) > len(" (undated)")
    assert any(e["date"] == "XXXX-04-17" for e in run_json(db, "timeline"))


def test_a_reprint_counts_once(tmp_path: Path) -> None:
    """An exact copy of 002 joins its original's story, and what the two say together is not
    corroborated: one original source, however many republishers."""
    folder = tmp_path / "articles"
    (folder / "mirror").mkdir(parents=True)
    source = next(EXAMPLES.glob("002_*.txt"))
    shutil.copy(source, folder / source.name)
    shutil.copy(source, folder / "mirror" / "copy.txt")
    db = str(tmp_path / "c.db")
    assert runner.invoke(app, ["analyze", str(folder), "--db", db]).exit_code == 0
    (story,) = run_json(db, "stories")
    assert len(story["articles"]) == 2
    assert sum(1 for a in story["articles"] if a["copy_of"]) == 1
    comparison = run_json(db, "compare", story["id"])
    shared = [g for g in comparison["claim_groups"] if len(g["members"]) > 1]
    assert shared  # the copy's sentences match the original's
    assert all(g["status"] != "corroborated" for g in shared)


def test_a_failing_article_or_story_is_reported_and_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One article that cannot be filed and one story that cannot be analysed each get a
    one-line error; the rest of the batch is stored; the next run files and finishes them."""
    import newsprism.stories.cluster as cluster
    import newsprism.stories.run as run

    folder = tmp_path / "a"
    folder.mkdir()
    for number in ("000", "001", "004"):
        source = next(EXAMPLES.glob(f"{number}_*.txt"))
        shutil.copy(source, folder / source.name)
    db = str(tmp_path / "f.db")
    build_profile, analyse_story = cluster.build_profile, run.analyse_story

    def profile_fails_for_001(store: Any, article: Any, *args: Any) -> Any:
        source = store.conn.exec_driver_sql(
            "SELECT source FROM articles WHERE id=?", (article.article_id,)
        ).scalar_one()
        if Path(source).name.startswith("001"):
            raise ValueError("vectors of the wrong shape")
        return build_profile(store, article, *args)

    def story_fails_for_004(store: Any, story_id: str) -> None:
        ids = store.conn.exec_driver_sql(
            "SELECT a.source FROM story_articles s JOIN articles a ON a.id = s.article_id"
            " WHERE s.story_id=?",
            (story_id,),
        ).all()
        if any(Path(r.source).name.startswith("004") for r in ids):
            raise RuntimeError("claim table unreadable")
        analyse_story(store, story_id)

    monkeypatch.setattr(cluster, "build_profile", profile_fails_for_001)
    monkeypatch.setattr(run, "analyse_story", story_fails_for_004)
    result = runner.invoke(app, ["analyze", str(folder), "--db", db])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "stories failed" in line]
    assert len(lines) == 2, result.stderr
    assert any(line.startswith("article ") and "wrong shape" in line for line in lines)
    assert any(line.startswith("story ") and "unreadable" in line for line in lines)
    assert "2 new article(s) filed under stories (2 new" in result.stdout
    stories = run_json(db, "stories")
    assert sorted(len(s["articles"]) for s in stories) == [1, 1]
    assert [s for s in stories if s["label"]]  # 000's story was finished

    monkeypatch.undo()
    result = runner.invoke(app, ["analyze", str(folder), "--db", db])
    assert result.exit_code == 0, result.stderr
    assert "1 new article(s) filed under stories (0 new" in result.stdout
    stories = run_json(db, "stories")
    assert sorted(len(s["articles"]) for s in stories) == [1, 2]
    assert all(s["label"] for s in stories)
    errors = runner.invoke(app, ["errors", "--db", db])
    assert "stories failed" not in errors.stdout
