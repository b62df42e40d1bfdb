"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, listen on a
unix socket only, and remove everything afterwards. PostgreSQL refuses to run as root, so as
root the server runs as the ``postgres`` user that the Debian package creates."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

SEARCH = ["/usr/lib/postgresql/*/bin"]


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, newest version first; None if not installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
    for folder in reversed(found):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _as(user: str | None, command: list[str]) -> list[str]:
    return ["runuser", "-u", user, "--", *command] if user else command


@contextmanager
def server() -> Iterator[str]:
    """Start a server; yield a URL (without a database name) that reaches it."""
    folder = binaries()
    if folder is None:
        raise FileNotFoundError("PostgreSQL binaries (initdb, pg_ctl) not found")
    user = None
    if os.geteuid() == 0:
        user = "postgres"
        pwd.getpwnam(user)  # KeyError: no such user, reported by the caller
    base = Path(tempfile.mkdtemp(prefix="newsprism-pg-"))
    data, sockets = base / "data", base / "sock"
    sockets.mkdir()
    if user:
        entry = pwd.getpwnam(user)
        for path in (base, sockets):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    owner = user or pwd.getpwuid(os.geteuid()).pw_name
    try:
        subprocess.run(
            _as(user, [str(folder / "initdb"), "-D", str(data), "-U", owner, "--auth=trust",
                       "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]),
            check=True, capture_output=True,
        )  # fmt: skip
        options = f"-k {sockets} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        subprocess.run(
            _as(user, [str(folder / "pg_ctl"), "-D", str(data), "-l", str(base / "log"),
                       "-o", options, "-w", "-t", "60", "start"]),
            check=True, capture_output=True,
        )  # fmt: skip
        try:
            yield f"postgresql://{quote(owner)}@/?host={quote(str(sockets), safe='')}"
        finally:
            subprocess.run(
                _as(user, [str(folder / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                           "stop"]),
                capture_output=True,
            )  # fmt: skip
            time.sleep(0.1)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def database_url(server_url: str, name: str) -> str:
    """The URL of database ``name`` on the server."""
    head, _, query = server_url.partition("?")
    return f"{head.rstrip('/')}/{name}?{query}"
