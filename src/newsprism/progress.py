"""Progress of `analyze`, stage by stage: a bar on a terminal, lines in a log.

On a terminal each stage shows done/total, rate and time left; when stderr is a file or a
pipe (a log, CI, nohup) each stage writes a line when it starts, one every few seconds while
it runs, and one when it ends, so an eighteen-minute run is never silent.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

LABELS = {"ingest": "reading", "understanding": "understanding", "stories": "stories",
          "framing": "framing"}  # fmt: skip
UNITS = {"ingest": "inputs"}
LOG_EVERY = 5.0
"""Seconds between log lines of a running stage."""


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f}/s" if speed else "", style="progress.data.speed")


class TerminalProgress:
    """One bar per stage, with done/total, rate and time left (transient)."""

    def __init__(self, console: Console) -> None:
        self._bar = Progress(
            "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
            _Rate(), TimeElapsedColumn(), "eta", TimeRemainingColumn(), console=console,
            transient=True,
        )  # fmt: skip
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage not in self._tasks:
            self._tasks[stage] = self._bar.add_task(LABELS.get(stage, stage), total=total)
        self._bar.update(self._tasks[stage], completed=done, total=total)

    def __enter__(self) -> TerminalProgress:
        self._bar.__enter__()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._bar.__exit__(kind, exc, tb)


class LogProgress:
    """Plain lines: "analyze: understanding 120/307 (39%), 3.2 articles/s, eta 58s"."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic,
                 every: float = LOG_EVERY) -> None:  # fmt: skip
        self._stream = stream
        self._clock = clock
        self._every = every
        self._started: dict[str, float] = {}
        self._last: dict[str, float] = {}
        self._ended: set[str] = set()

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = self._clock()
        if stage not in self._started:
            self._started[stage] = self._last[stage] = now
        if stage in self._ended:
            return
        if total is not None and done >= total:
            self._ended.add(stage)
            seconds = now - self._started[stage]
            rate = f", {done / seconds:.1f}/s" if seconds > 0 and done else ""
            self._write(stage, f"done: {done} in {_duration(seconds)}{rate}")
        elif now - self._last[stage] >= self._every:
            self._last[stage] = now
            self._write(stage, self._status(stage, done, total, now))

    def _status(self, stage: str, done: int, total: int | None, now: float) -> str:
        seconds = now - self._started[stage]
        rate = done / seconds if seconds > 0 else 0.0
        unit = UNITS.get(stage, "articles")
        if total is None:
            return f"{done} so far, {rate:.1f} {unit}/s"
        share = f"{100 * done / total:.0f}%" if total else "100%"
        eta = f", eta {_duration((total - done) / rate)}" if rate > 0 else ""
        return f"{done}/{total} ({share}), {rate:.1f} {unit}/s{eta}"

    def _write(self, stage: str, text: str) -> None:
        self._stream.write(f"analyze: {LABELS.get(stage, stage)} {text}\n")
        self._stream.flush()
