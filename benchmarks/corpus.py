"""Realistic synthetic news articles for benchmarks and tests.

Real articles are too few (and research-licensed, so never copied into the repo) to measure
throughput at scale, and hand-made lorem ipsum exercises none of the cleaning or dedup logic.
So articles here are stitched from *real* paragraphs read at run time from ``examples/`` and,
when present, ``../shared/bench/semeval2023-t3-en`` beside the repo, wrapped in the boilerplate
real pages carry (bylines, datelines, newsletter and copyright tails), with a share of exact
and near duplicates as in wire-copy-heavy corpora. Output is deterministic for a given seed.

    python benchmarks/corpus.py OUT_DIR N [--seed S] [--dup-rate R]
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared" / "bench" / "semeval2023-t3-en" / "train-articles-subtask-1"
PER_FOLDER = 500
"""Files per subfolder: real dumps are rarely one flat folder of 10,000 files."""

MAX_PARAGRAPH_WORDS = 250
"""A few source lines are whole articles pasted as one line; they are not paragraphs."""

FIRST_NAMES = (
    "Anna", "David", "Maria", "James", "Olga", "Ahmed", "Lucia", "Peter", "Chen", "Sarah",
    "Tomas", "Fatima", "John", "Elena", "Kwame", "Laura", "Ivan", "Priya", "Michael", "Sofia",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Petrova", "Garcia", "Okafor", "Müller", "Rossi", "Nguyen", "Kowalski", "Haddad",
    "Johnson", "Ivanov", "Tanaka", "Brown", "Silva", "Novak", "Cohen", "Walker", "Larsen",
)  # fmt: skip
OUTLETS = (
    "The Daily Ledger", "Northern Courier", "Global Wire Service", "The Evening Standard Post",
    "Metro Observer", "Independent Review", "City Chronicle", "World Affairs Today",
)  # fmt: skip
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Draft:
    """One article before it is written: kept so duplicates can copy an earlier one."""

    title: str
    head: tuple[str, ...]
    body: tuple[str, ...]
    tail: tuple[str, ...]

    def text(self) -> str:
        return "\n\n".join((self.title, *self.head, *self.body, *self.tail)) + "\n"


def source_files() -> list[Path]:
    """Real articles to sample from: the repo's examples plus the shared set when present."""
    files = sorted(EXAMPLES.glob("*.txt"))
    if SHARED.is_dir():
        files += sorted(SHARED.glob("*.txt"))
    return files


def load_pool(files: list[Path]) -> tuple[list[str], list[str]]:
    """(titles, paragraphs) of the real articles, in file order so sampling is reproducible."""
    titles: list[str] = []
    paragraphs: list[str] = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        title, _, body = text.strip().partition("\n")
        if title.strip():
            titles.append(" ".join(title.split()))
        # one line is one paragraph: some sources separate paragraphs by blank lines, some not
        for line in body.split("\n"):
            if 3 <= len(line.split()) <= MAX_PARAGRAPH_WORDS:
                paragraphs.append(line.strip())
    if not titles or not paragraphs:
        raise SystemExit(f"no usable articles found in {EXAMPLES}")
    return titles, paragraphs


def _head(rng: random.Random) -> tuple[str, ...]:
    lines = []
    if rng.random() < 0.6:
        lines.append(f"By {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}")
    if rng.random() < 0.5:
        lines.append(f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2023)}")
    return tuple(lines)


def _tail(rng: random.Random) -> tuple[str, ...]:
    lines = []
    if rng.random() < 0.4:
        lines.append("Subscribe to our newsletter")
    if rng.random() < 0.15:
        lines.append("Share this article on social media")
    if rng.random() < 0.5:
        year = rng.randint(2015, 2023)
        lines.append(f"Copyright © {year} {rng.choice(OUTLETS)}. All rights reserved.")
    return tuple(lines)


def _duplicate(rng: random.Random, earlier: Draft, paragraphs: list[str]) -> Draft:
    """An exact copy, a copy with a different boilerplate tail, or one paragraph changed."""
    kind = rng.random()
    if kind < 0.3:
        return earlier
    if kind < 0.6:
        tail = _tail(rng)
        while tail == earlier.tail:
            tail = _tail(rng)
        return replace(earlier, tail=tail)
    body = list(earlier.body)
    body[rng.randrange(len(body))] = rng.choice(paragraphs)
    return replace(earlier, body=tuple(body))


def generate(out_dir: Path, n: int, seed: int = 0, dup_rate: float = 0.05) -> list[Path]:
    """Write ``n`` articles under ``out_dir`` (subfolders of PER_FOLDER); return their paths."""
    rng = random.Random(seed)
    titles, paragraphs = load_pool(source_files())
    drafts: list[Draft] = []
    paths: list[Path] = []
    for i in range(n):
        if drafts and rng.random() < dup_rate:
            draft = _duplicate(rng, rng.choice(drafts), paragraphs)
        else:
            body = tuple(rng.choices(paragraphs, k=rng.randint(5, 25)))
            title = f"{rng.choice(titles)} ({i + 1})"
            draft = Draft(title, _head(rng), body, _tail(rng))
        drafts.append(draft)
        folder = out_dir / f"{i // PER_FOLDER:04d}"
        if i % PER_FOLDER == 0:
            folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"article-{i:06d}.txt"
        path.write_text(draft.text(), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dup-rate", type=float, default=0.05)
    args = parser.parse_args(argv)
    if args.n < 0 or not 0.0 <= args.dup_rate <= 1.0:
        parser.error("N must be >= 0 and --dup-rate between 0 and 1")
    paths = generate(args.out_dir, args.n, args.seed, args.dup_rate)
    print(f"wrote {len(paths)} articles under {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
