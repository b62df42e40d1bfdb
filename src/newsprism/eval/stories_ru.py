"""Russian stories on a hand-grouped gold of the bench's Russian news.

``data/eval/stories_ru.json`` holds 36 stories (90 documents, each story 2–5 tellings of one
event: an appointment, a resignation, an attack, a ruling) and 66 documents that belong to
none, some of them sharing a person or office with a story (who grouped them and by what
rule: its "about"); it names the bench's files, which are read from ../shared/bench. All
156 documents are analysed together as `analyze` would (Russian, through natasha and the
multilingual encoder) and the stories scored by B³.

The gold is split in two by story (and singleton) order: the even-numbered half is dev (the
threshold of the multilingual encoder, ``StoryParams.use_threshold``, was chosen on it by
``scripts/choose_story_thresholds.py``), the odd half held out; both are analysed together,
so each half is scored on the same clustering. Anchor: none (no public Russian story gold).
Baseline: the better of all in one story and each article alone, on the same items.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from newsprism.errors import UsageError
from newsprism.eval.stories import BCubed, bcubed, trivial

GOLD = "eval/stories_ru.json"


@dataclass
class RuStoriesScore:
    parts: dict[str, BCubed]
    baselines: dict[str, tuple[str, BCubed]]
    articles: int
    stories: int


def gold() -> dict[str, Any]:
    found: dict[str, Any] = json.loads(
        resources.files("newsprism.data").joinpath(GOLD).read_text(encoding="utf-8")
    )
    return found


def gold_labels(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Document path -> its gold story, and -> its half ("dev" or "test")."""
    labels: dict[str, str] = {}
    half: dict[str, str] = {}
    for n, story in enumerate(data["stories"]):
        for path in story["documents"]:
            labels[path], half[path] = story["id"], "dev" if n % 2 == 0 else "test"
    for n, path in enumerate(data["singletons"]):
        labels[path], half[path] = f"alone:{path}", "dev" if n % 2 == 0 else "test"
    return labels, half


@contextmanager
def gold_folder(bench: Path) -> Iterator[tuple[Path, dict[str, str], dict[str, str]]]:
    """The gold's documents copied into a temporary folder (file name -> bench path)."""
    labels, half = gold_labels(gold())
    with tempfile.TemporaryDirectory(prefix="newsprism-stories-ru-") as tmp:
        folder = Path(tmp)
        for path in labels:
            source = bench / path
            if not source.is_file():
                raise UsageError(f"{source} not found: the Russian story gold reads the bench")
            shutil.copy(source, folder / path.replace("/", "__"))
        yield folder, labels, half


def scored(
    assignments: list[tuple[str, str, str]], labels: dict[str, str], half: dict[str, str]
) -> RuStoriesScore:
    """B³ of the stored story assignments (source, story id, label) per half and overall."""
    predicted: dict[str, str] = {}
    for source, story_id, _ in assignments:
        predicted[Path(source).name.replace("__", "/")] = story_id
    parts: dict[str, BCubed] = {}
    baselines: dict[str, tuple[str, BCubed]] = {}
    for name in ("all", "dev", "test"):
        keep = {p: g for p, g in labels.items() if p in predicted and name in ("all", half[p])}
        parts[name] = bcubed(keep, {p: predicted[p] for p in keep})
        baselines[name] = trivial(keep)
    return RuStoriesScore(parts, baselines, len(predicted), len(set(predicted.values())))


def score(bench: Path, say: Callable[[str], None] | None = None) -> RuStoriesScore:
    from newsprism.eval import analysed_store
    from newsprism.store.scoring import story_assignments

    with (
        gold_folder(bench) as (folder, labels, half),
        analysed_store([folder], folder, say) as store,
    ):
        return scored(story_assignments(store), labels, half)
