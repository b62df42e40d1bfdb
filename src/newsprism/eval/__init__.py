"""One scorer per stage, each reading a public dataset in its own format."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from newsprism.errors import UsageError

if TYPE_CHECKING:
    from newsprism.store.api import Store

BENCH = Path(__file__).resolve().parents[3].parent / "shared" / "bench"
"""Where ../shared/bench/ sits beside a source checkout; pass --data elsewhere."""


def gold_text(path: Path | None, shipped: str, what: str) -> str:
    """A hand-made gold's text: the file shipped in ``newsprism/data`` (``shipped``), or
    ``path`` when given; an unreadable ``path`` is the user's to fix, named in one line."""
    if path is None:
        from importlib import resources

        return resources.files("newsprism.data").joinpath(shipped).read_text(encoding="utf-8")
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the {what} gold ({exc.strerror})") from None


def f1_score(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall; 0 when both are 0."""
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


@contextmanager
def analysed_store(
    paths: Sequence[Path],
    config_dir: Path,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> Iterator[Store]:
    """A temporary store holding ``paths`` after ingest, understanding and the story stages,
    as ``newsprism analyze`` leaves them; the corpus-level evaluations read their answers
    from it. ``workers=1`` saves loading spaCy per process for a few dozen articles."""
    from newsprism.config import load_config
    from newsprism.ingest.options import ReadOptions
    from newsprism.pipeline import analyze, understand_corpus
    from newsprism.store.api import Store
    from newsprism.stories.run import build_stories

    def say(step: str) -> None:
        if progress:
            progress(step)

    with tempfile.TemporaryDirectory(prefix="newsprism-eval-") as tmp:
        store = Store(Path(tmp) / "eval.db")
        try:
            config = load_config(None, config_dir)
            say("reading")
            analyze([str(p) for p in paths], store, ReadOptions(), config, workers=workers)
            say("understanding")
            understand_corpus(store, config, workers=workers)
            say("stories")
            build_stories(store)
            yield store
        finally:
            store.close()
