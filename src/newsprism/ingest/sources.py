"""Find the inputs named on the command line: files, folders (recursed), URLs and stdin.

Walking a real folder meets broken symlinks, unreadable folders and symlink loops; each
becomes one IngestError and the walk goes on.
"""

from __future__ import annotations

import os
import re
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
"""File suffix -> reader. Any other file gets a line: an error when named, a warning when found
in a folder."""


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


_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_URL_SCHEMES = frozenset(
    {
        "http", "https", "file", "ftp", "ftps", "sftp", "scp", "ssh", "telnet", "data",
        "javascript", "vbscript", "gopher", "ws", "wss", "mailto", "tel", "ldap", "ldaps",
        "dict", "smb", "tftp", "jar", "blob", "about",
    }
)  # fmt: skip
"""Schemes that make ``scheme:anything`` a URL; any other needs ``scheme://`` to count."""


def is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def url_scheme(name: str) -> str | None:
    """The scheme of a name written as a URL (``file:///etc/passwd``, ``data:,x``), or None.

    Paths may contain ':' too, so only a known URL scheme or ``scheme://`` counts, never a
    Windows drive letter (``C:/news``); callers let a path that exists win over this.
    """
    match = _SCHEME.match(name)
    if match is None or len(match[1]) == 1:
        return None
    scheme = match[1].lower()
    if scheme in _URL_SCHEMES or name[match.end() :].startswith("//"):
        return scheme
    return None


def find_inputs(names: list[str]) -> Iterator[Input | IngestError]:
    """Expand command-line names into inputs, in a stable (sorted) order.

    A URL of another scheme (file:, ftp:, data:, ...) is one error rather than a path that
    does not exist ("file:/etc/passwd: no such file or folder" would send the user looking).
    """
    for name in names:
        scheme = url_scheme(name)
        if name == "-":
            yield Input("-", "stdin")
        elif is_url(name):
            yield Input(name, "url")
        elif scheme is None or os.path.lexists(name):
            yield from _walk(Path(name), explicit=True, seen=set())
        elif scheme in ("http", "https"):  # e.g. http:/host; the fetcher says what is wrong
            yield Input(name, "url")
        else:
            yield IngestError(name, "only http(s) URLs can be fetched")


def _walk(path: Path, explicit: bool, seen: set[tuple[int, int]]) -> Iterator[Input | IngestError]:
    """Inputs under ``path``. A file named on the command line that cannot be read is an
    error; one met inside a folder (a README, a .pdf, a pipe) is skipped with a warning line,
    so the user sees it and a folder of articles with a few such files still exits 0."""
    level = "error" if explicit else "warning"
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
        # never opened: reading a pipe blocks until someone writes to it
        reason = f"not a regular file ({_file_kind(info.st_mode)}); skipped"
        yield IngestError(shown, reason, level=level)
        return
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        reason = (
            f"unsupported file type {path.suffix or '(no suffix)'!r}; "
            f"{'skipped; ' if not explicit else ''}supported: {', '.join(sorted(SUFFIXES))}"
        )
        yield IngestError(shown, reason, level=level)
        return
    fingerprint = f"{info.st_size}:{info.st_mtime_ns}"
    yield Input(shown, "file", fmt, fingerprint, info.st_size)


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file or folder"
