"""Choose the multilingual encoder's story threshold (``StoryParams.use_threshold``) on the dev
half of the Russian story gold (src/newsprism/eval/stories_ru.py), and print the held-out
half's figures beside it for the record (never used to choose).

    .venv/bin/python scripts/choose_story_thresholds.py [--work DIR]

The gold's 156 documents are analysed once into WORK/stories_ru.db (kept, so a rerun only
re-files stories); then, for each candidate threshold, the stories are cleared and filed
again. The rule: the highest dev B³ F1.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import delete  # noqa: E402

from newsprism.config import load_config  # noqa: E402
from newsprism.eval import BENCH  # noqa: E402
from newsprism.eval.stories_ru import gold_folder, scored  # noqa: E402
from newsprism.ingest.options import ReadOptions  # noqa: E402
from newsprism.pipeline import analyze, understand_corpus  # noqa: E402
from newsprism.store import tables  # noqa: E402
from newsprism.store.api import Store  # noqa: E402
from newsprism.store.scoring import story_assignments  # noqa: E402
from newsprism.stories.cluster import StoryParams  # noqa: E402
from newsprism.stories.run import build_stories  # noqa: E402

CANDIDATES = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsprism-story-thresholds"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    with gold_folder(BENCH) as (folder, labels, half):
        store = Store(args.work / "stories_ru.db")
        config = load_config(None, folder)
        analyze([str(folder)], store, ReadOptions(), config)
        understand_corpus(store, config)
        best: tuple[float, float] | None = None
        for threshold in CANDIDATES:
            with store.transaction():
                for table in (tables.story_keys, tables.story_articles, tables.stories):
                    store.conn.execute(delete(table))
            build_stories(store, dataclasses.replace(StoryParams(), use_threshold=threshold))
            result = scored(story_assignments(store), labels, half)
            dev, test = result.parts["dev"], result.parts["test"]
            print(
                f"use_threshold {threshold:.2f}: dev P {dev.precision:.3f} R {dev.recall:.3f}"
                f" F1 {dev.f1:.3f} | test P {test.precision:.3f} R {test.recall:.3f}"
                f" F1 {test.f1:.3f} | stories {result.stories}",
                flush=True,
            )
            if best is None or dev.f1 > best[1]:
                best = (threshold, dev.f1)
        store.close()
    assert best is not None
    print(f"chosen (highest dev F1): {best[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
