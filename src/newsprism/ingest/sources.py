"""Find the inputs named on the command line: files, folders (recursed), URLs and stdin.

Walking a real folder meets broken symlinks, unreadable folders and symlink loops; each
becomes one IngestError and the walk goes on.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsprism.records import IngestError

SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
"""File suffix -> reader. Inside folders, files with other suffixes are skipped silently."""


@dataclass(frozen=True)
class Input:
    """One thing to read: a file path, a URL, or standard input ("-")."""

    name: str
    kind: str
    """"file", "url" or "stdin"."""
    format: str | None = None
    """Reader to use, from the suffix; None lets the content decide (URLs, stdin)."""
    fingerprint: str = ""
    size: int = 0


def is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def find_inputs(names: list[str]) -> Iterator[Input | IngestError]:
    """Expand command-line names into inputs, in a stable (sorted) order."""
    for name in names:
        if name == "-":
            yield Input("-", "stdin")
        elif is_url(name):
            yield Input(name, "url")
        else:
            yield from _walk(Path(name), explicit=True, seen=set())


def _walk(path: Path, explicit: bool, seen: set[tuple[int, int]]) -> Iterator[Input | IngestError]:
    shown = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            yield IngestError(shown, f"broken symbolic link (points to {os.readlink(path)})")
        else:
            yield IngestError(shown, "no such file or folder")
        return
    except PermissionError:
        yield IngestError(shown, "permission denied; check the file's permissions")
        return
    except OSError as exc:
        if exc.errno == 40:  # ELOOP: a symlink that points at itself
            yield IngestError(shown, "symbolic link loop")
        else:
            yield IngestError(shown, f"cannot read ({exc.strerror})")
        return
    if stat.S_ISDIR(info.st_mode):
        key = (info.st_dev, info.st_ino)
        if key in seen:
            yield IngestError(shown, "folder loop: a symbolic link leads back to a parent folder")
            return
        seen = seen | {key}
        try:
            children = sorted(os.scandir(path), key=lambda e: e.name)
        except PermissionError:
            yield IngestError(shown, "permission denied; cannot list this folder")
            return
        except OSError as exc:
            yield IngestError(shown, f"cannot list folder ({exc.strerror})")
            return
        for child in children:
            if child.name.startswith("."):
                continue
            yield from _walk(Path(child.path), explicit=False, seen=seen)
        return
    if not stat.S_ISREG(info.st_mode):
        if explicit:
            yield IngestError(shown, "not a regular file (device, socket or pipe)")
        return
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        if explicit:
            yield IngestError(
                shown,
                f"unsupported file type {path.suffix or '(no suffix)'!r}; "
                f"supported: {', '.join(sorted(SUFFIXES))}",
            )
        return
    fingerprint = f"{info.st_size}:{info.st_mtime_ns}"
    yield Input(shown, "file", fmt, fingerprint, info.st_size)
