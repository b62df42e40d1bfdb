"""Progress lines in a log: one per stage when it ends, one every few seconds while it runs."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from newsprism.progress import LogProgress

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_a_long_stage_writes_a_line_every_few_seconds_and_one_at_the_end() -> None:
    now = [0.0]
    stream = io.StringIO()
    progress = LogProgress(stream, clock=lambda: now[0], every=5.0)
    for done in range(0, 101):
        now[0] = done * 0.5  # 2 articles/s
        progress("understanding", done, 100)
    progress("understanding", 100, 100)  # a repeated end says nothing more
    lines = stream.getvalue().splitlines()
    assert lines[0] == "analyze: understanding 10/100 (10%), 2.0 articles/s, eta 45s"
    assert len(lines) == 10  # every 5 s of a 50 s stage, the last one the end
    assert lines[-1] == "analyze: understanding done: 100 in 50s, 2.0/s"


def test_analyze_logs_each_stage_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "newsprism", "analyze", str(EXAMPLES), "--db"]
    logged = subprocess.run(
        [*command, str(tmp_path / "a.db")], capture_output=True, text=True, check=False
    )
    assert logged.returncode == 0, logged.stderr
    stages = [line.split()[1] for line in logged.stderr.splitlines() if "done:" in line]
    assert stages == ["reading", "understanding", "stories", "framing"]
    quiet = subprocess.run(
        [*command, str(tmp_path / "q.db"), "--quiet"], capture_output=True, text=True, check=False
    )
    assert quiet.returncode == 0
    assert not [line for line in quiet.stderr.splitlines() if line.startswith("analyze:")]
