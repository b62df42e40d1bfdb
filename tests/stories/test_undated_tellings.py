"""An undated article takes its story's news day on the timeline (issue 14), when the
story's dated tellings agree on it and the article's own dates do not name other days."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from newsprism.cli import app

runner = CliRunner()
# three tellings of one made-up event, written for this test
TELLINGS = [
    {"title": "Factory fire forces evacuation in Springfield", "outlet": "Daily A",
     "date": "2023-05-09",
     "text": "A large fire broke out at a chemical factory in Springfield on Monday, forcing "
             "hundreds of residents to leave their homes. Firefighters said the blaze was under "
             "control by the evening. Mayor John Carter said no one was hurt."},
    {"title": "Chemical factory blaze in Springfield", "outlet": "Daily B", "date": "2023-05-09",
     "text": "Hundreds of residents were evacuated on Monday after a fire at a chemical factory "
             "in Springfield. Firefighters brought the blaze under control by the evening, Mayor "
             "John Carter said, adding that no one was injured."},
    {"title": "Springfield chemical factory fire: residents evacuated", "outlet": "Weekly C",
     "text": "A fire at a chemical factory in Springfield forced hundreds of residents out of "
             "their homes. Firefighters got the blaze under control by the evening. Mayor John "
             "Carter said nobody was hurt in the fire."},
]  # fmt: skip


def _analysed(tmp_path: Path, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    source = tmp_path / "tellings.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["analyze", str(source), "--db", db])
    assert result.exit_code == 0, result.stderr
    found = runner.invoke(app, ["timeline", "--db", db, "--format", "json"])
    assert found.exit_code == 0, found.stderr
    events: list[dict[str, Any]] = json.loads(found.stdout)
    return events


def test_an_undated_telling_is_cited_on_the_story_news_day(tmp_path: Path) -> None:
    events = _analysed(tmp_path, TELLINGS)
    monday = [e for e in events if e["date"] == "2023-05-08"]
    assert any("Weekly C" in e["outlets"] for e in monday)
    assert all(e["date"] == "2023-05-08" for e in events if "Weekly C" in e["outlets"])


def test_one_dated_telling_dates_no_other(tmp_path: Path) -> None:
    """A story is a storyline: a single dated article may tell another of its moments."""
    events = _analysed(tmp_path, [TELLINGS[0], TELLINGS[2]])
    assert not any("Weekly C" in e["outlets"] for e in events)
