"""A folder of hostile inputs of every kind beside good articles, with what each must give.

Real piles hold everything: empty and binary files with a news suffix, every encoding, CSVs
of one repeated cell, deep markup, entity bombs, pipes, sockets, links that go nowhere,
names no terminal can print. ``generate`` writes such a folder and a manifest saying, per
input, whether it must become an article, must be named by an error line, or may do either
(never vanish silently). tests/test_hostile.py runs `analyze` over a few hundred of them;
benchmarks/hostile.py over ten thousand and more.
"""

from __future__ import annotations

import json
import os
import random
import socket
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ARTICLE = "article"
"""The input must end as at least one stored article."""
ERROR = "error"
"""The input must be named by at least one error line."""
EITHER = "either"
"""The input must be stored or named by an error, never skipped silently."""

NAMES = (
    "Anna Petrova", "David Okafor", "Maria Garcia", "James Walker", "Olga Ivanova",
    "Ahmed Haddad", "Lucia Rossi", "Peter Novak", "Chen Wei", "Sarah Cohen", "Tomas Silva",
)  # fmt: skip
PLACES = ("Minsk", "Vilnius", "Warsaw", "Kyiv", "Riga", "Tallinn", "Moscow", "Prague")
VERBS = ("announced", "denied", "confirmed", "criticised", "welcomed", "questioned")
THINGS = (
    "the new budget", "the border agreement", "the election results", "the pipeline deal",
    "the court ruling", "the energy tariffs", "the trade sanctions", "the school reform",
)  # fmt: skip


@dataclass(frozen=True)
class Expected:
    """What one generated input must give."""

    path: Path
    kind: str
    outcome: str
    """ARTICLE, ERROR or EITHER."""


def good_text(rng: random.Random, number: int) -> str:
    """A short, unique news article: a headline and three paragraphs of distinct facts."""
    who, other = rng.sample(NAMES, 2)
    place = rng.choice(PLACES)
    title = f"{who} {rng.choice(VERBS)} {rng.choice(THINGS)} in {place} (report {number})"
    paragraphs = [title]
    for _ in range(3):
        sentences = []
        for _ in range(3):
            amount = rng.randint(2, 9_999)
            sentences.append(
                f"{rng.choice(NAMES)} {rng.choice(VERBS)} {rng.choice(THINGS)} on day "
                f"{rng.randint(1, 28)}, saying {amount} people in {rng.choice(PLACES)} "
                f"were affected, according to {other}."
            )
        paragraphs.append(" ".join(sentences))
    paragraphs.append(f'"We will not accept {rng.choice(THINGS)}," {who} said on case {number}.')
    return "\n\n".join(paragraphs) + "\n"


def _bytes_writer(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


Kind = tuple[str, str, str, Callable[[Path], None]]


def _entity(i: int) -> str:
    """The i-th entity of a billion-laughs bomb: ten of the one before it."""
    inner = "&lol" + (str(i - 1) if i > 1 else "") + ";"
    return f'<!ENTITY lol{i} "{inner * 10}">'


def _hostile_kinds(rng: random.Random, big: int) -> list[Kind]:
    """(kind, file suffix, outcome, writer) for every hostile kind; ``big`` scales the
    large ones (bytes of a huge line, depth of nesting)."""
    story = good_text(rng, rng.randint(10**6, 10**7))
    cyrillic = "Президент заявил, что переговоры в Минске продолжатся на следующей неделе.\n"
    depth = max(big // 25, 1000)
    cell = "x" * 2000
    kinds: list[Kind] = [
        ("empty", ".txt", ERROR, _bytes_writer(b"")),
        ("whitespace", ".txt", ERROR, _bytes_writer(b" \n\t\r\n" * 50)),
        ("binary", ".txt", ERROR, _bytes_writer(rng.randbytes(4096))),
        ("nul-bytes", ".txt", ERROR, _bytes_writer(b"text\x00" * 500)),
        ("elf-binary", ".html", ERROR, _bytes_writer(b"\x7fELF\x02\x01\x01" + b"\x00" * 200)),
        ("invalid-utf8", ".txt", ARTICLE, _bytes_writer(story.encode() + b"\xff\xfe\x81 end\n")),
        (
            "cp1252",
            ".txt",
            ARTICLE,
            _bytes_writer(story.replace("said", "said \u2018so\u2019").encode("cp1252")),
        ),
        ("cp1251", ".txt", ARTICLE, _bytes_writer((cyrillic * 5).encode("cp1251"))),
        ("utf16-le-bom", ".txt", ARTICLE, _bytes_writer(b"\xff\xfe" + story.encode("utf-16-le"))),
        ("utf16-le", ".txt", ARTICLE, _bytes_writer(story.encode("utf-16-le"))),
        ("utf16-be", ".txt", ARTICLE, _bytes_writer(story.encode("utf-16-be"))),
        ("utf32-le", ".txt", ARTICLE, _bytes_writer(story.encode("utf-32-le"))),
        ("utf32-be", ".txt", ARTICLE, _bytes_writer(story.encode("utf-32-be"))),
        ("huge-line", ".txt", EITHER, _bytes_writer(b"word " * (big // 5))),
        ("one-char-repeated", ".txt", EITHER, _bytes_writer(b"x" * big)),
        (
            "control-chars",
            ".txt",
            EITHER,
            _bytes_writer(
                (story + "".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13))).encode()
            ),
        ),
        (
            "bidi-zero-width",
            ".txt",
            EITHER,
            _bytes_writer(("\u202e\u200b\u2066" + story.replace(" ", " \u200b")).encode()),
        ),
        (
            "script-title",
            ".txt",
            ARTICLE,
            _bytes_writer(
                ("<script>alert(1)</script><img src=x onerror=alert(2)>\n\n" + story).encode()
            ),
        ),
        ("csv-header-only", ".csv", ERROR, _bytes_writer(b"title,text\n")),
        (
            "csv-repeated-cell",
            ".csv",
            EITHER,
            _bytes_writer(f'title,text\n"T","{cell}"\n'.encode()),
        ),
        ("csv-no-text-column", ".csv", ERROR, _bytes_writer(b"a,b\n1,2\n3,4\n")),
        (
            "csv-bad-quotes",
            ".csv",
            EITHER,
            _bytes_writer(b'title,text\n"unterminated,' + story.encode()[:500] + b"\n"),
        ),
        (
            "csv-huge-field",
            ".csv",
            EITHER,
            _bytes_writer(b'title,text\n"T","' + b"y " * (big // 2) + b'"\n'),
        ),
        ("csv-ragged", ".tsv", EITHER, _bytes_writer(b"title\ttext\nA\n\tB\tC\tD\n")),
        ("jsonl-malformed", ".jsonl", ERROR, _bytes_writer(b'{"text": "unterminated\n')),
        ("jsonl-not-object", ".jsonl", ERROR, _bytes_writer(b'[1, 2, 3]\n42\n"s"\n')),
        ("jsonl-text-not-string", ".jsonl", ERROR, _bytes_writer(b'{"text": {"a": [1]}}\n')),
        ("jsonl-deep", ".jsonl", ERROR, _bytes_writer(b"[" * depth + b"]" * depth + b"\n")),
        (
            "jsonl-good-and-bad",
            ".jsonl",
            EITHER,
            _bytes_writer((json.dumps({"title": "Fine", "text": story}) + "\n{oops\n").encode()),
        ),
        (
            "html-deep",
            ".html",
            EITHER,
            _bytes_writer(
                b"<html><body>"
                + b"<div>" * depth
                + story.encode()
                + b"</div>" * depth
                + b"</body></html>"
            ),
        ),
        ("html-empty", ".html", ERROR, _bytes_writer(b"<html><head></head><body></body></html>")),
        (
            "html-script-only",
            ".html",
            ERROR,
            _bytes_writer(b"<html><body><script>alert(1)</script></body></html>"),
        ),
        (
            "html-xss",
            ".html",
            ARTICLE,
            _bytes_writer(
                (
                    '<html><head><title>"><script>alert(3)</script></title></head><body><article>'
                    + "".join(f"<p>{p}</p>" for p in story.split("\n\n"))
                    + "<p><img src=x onerror=alert(4)></p></article></body></html>"
                ).encode()
            ),
        ),
        (
            "xml-deep",
            ".xml",
            ERROR,
            _bytes_writer(b"<?xml version='1.0'?>" + b"<a>" * depth + b"</a>" * depth),
        ),
        (
            "xml-billion-laughs",
            ".xml",
            ERROR,
            _bytes_writer(
                b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                + b"".join(_entity(i).encode() for i in range(1, 10))
                + b"]><rss><channel><item><title>&lol9;</title></item></channel></rss>"
            ),
        ),
        (
            "xml-external-entity",
            ".rss",
            EITHER,
            _bytes_writer(
                b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b"<rss><channel><item><title>&x;</title><description>Body of it all here."
                b"</description></item></channel></rss>"
            ),
        ),
        ("xml-not-feed", ".xml", ERROR, _bytes_writer(b"<?xml version='1.0'?><config a='1'/>")),
        ("feed-empty", ".rss", ERROR, _bytes_writer(b"<rss><channel></channel></rss>")),
        ("unknown-docx", ".docx", ERROR, _bytes_writer(b"PK\x03\x04" + rng.randbytes(100))),
        ("unknown-pdf", ".pdf", ERROR, _bytes_writer(b"%PDF-1.4\n" + rng.randbytes(100))),
        ("no-suffix", "", ERROR, _bytes_writer(story.encode())),
    ]
    return kinds


def _special(folder: Path, index: int) -> list[Expected]:
    """Inputs that are not regular files: a pipe, a socket, broken and looping links."""
    made: list[Expected] = []
    fifo = folder / f"pipe-{index}.txt"
    os.mkfifo(fifo)
    made.append(Expected(fifo, "fifo", ERROR))
    sock_path = folder / f"sock-{index}.txt"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(sock_path))
    server.close()  # the socket file stays on disk, as a crashed daemon leaves it
    made.append(Expected(sock_path, "socket", ERROR))
    broken = folder / f"broken-{index}.txt"
    broken.symlink_to(folder / "nowhere" / "gone.txt")
    made.append(Expected(broken, "broken-link", ERROR))
    loop = folder / f"loop-{index}.txt"
    loop.symlink_to(loop)
    made.append(Expected(loop, "link-loop", ERROR))
    return made


def generate(
    folder: Path, count: int, good_share: float = 0.1, seed: int = 0, big: int = 200_000
) -> list[Expected]:
    """Write ``count`` inputs into ``folder`` (subfolders of 500): hostile ones of every kind
    in turn and about ``good_share`` good articles, plus six CSVs of one repeated cell (the
    batch that once crashed the store). Returns what each must give."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    kinds = _hostile_kinds(rng, big)
    made: list[Expected] = []
    goods = max(1, round(count * good_share))
    sub = folder
    for index in range(count):
        if index % 500 == 0:
            sub = folder / f"part{index // 500:03d}"
            sub.mkdir(exist_ok=True)
        if index % max(1, count // goods) == 0 and sum(e.kind == "good" for e in made) < goods:
            path = sub / f"good-{index:06d}.txt"
            path.write_text(good_text(rng, index), encoding="utf-8")
            made.append(Expected(path, "good", ARTICLE))
            continue
        kind, suffix, outcome, write = kinds[index % len(kinds)]
        odd = "" if index % 7 else "\u202e name\twith\x1b[31m odd\x7f "
        path = sub / f"{kind}-{index:06d}{odd}{suffix}"
        write(path)
        made.append(Expected(path, kind, outcome))
        if index % 97 == 0:
            made.extend(_special(sub, index))
    repeated = folder / "repeated"
    repeated.mkdir(exist_ok=True)
    for i in range(1, 7):
        path = repeated / f"r{i}.csv"
        path.write_text(f'title,text\n"T {i}","{"x" * 2000}"\n', encoding="utf-8")
        made.append(Expected(path, "csv-repeated-six", EITHER))
    unreadable = folder / "locked"
    unreadable.mkdir(exist_ok=True)
    (unreadable / "secret.txt").write_text(good_text(rng, 0), encoding="utf-8")
    unreadable.chmod(0)
    if os.access(unreadable, os.R_OK):  # root reads anything: the file is then good
        made.append(Expected(unreadable / "secret.txt", "good", ARTICLE))
    else:
        made.append(Expected(unreadable, "unreadable-folder", ERROR))
    return made


def unlock(folder: Path) -> None:
    """Make the generated folder removable again (the locked subfolder)."""
    locked = folder / "locked"
    if locked.exists():
        locked.chmod(stat.S_IRWXU)
