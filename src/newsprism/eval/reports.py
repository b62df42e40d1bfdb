"""Every stage's evaluation as one kind of record: metric rows beside their anchors.

`newsprism eval STAGE` prints a Report as a table or, with ``--format json``, as metric ->
value; `newsprism eval all` runs each with its default data and prints one table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Row = tuple[str, float, float | None]
"""(metric, ours, published anchor or None)."""


@dataclass
class Report:
    stage: str
    title: str
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    """Lines after the table (misses, groupings)."""
    warnings: list[str] = field(default_factory=list)
    """Lines for stderr (gold items not found)."""

    def metrics(self) -> dict[str, float]:
        return {name: round(ours, 4) for name, ours, _ in self.rows}


Say = Callable[[str], None]


def boilerplate(data: Path | None, say: Say) -> Report:
    from newsprism.config import load_config
    from newsprism.eval import BENCH
    from newsprism.eval.boilerplate import DEFAULT_SUBDIR, score

    result = score(data or BENCH / DEFAULT_SUBDIR, load_config(workdir=Path.cwd()))
    return Report(
        "boilerplate",
        f"boilerplate removal on {result.articles} articles, {result.spans} gold spans"
        " (SemEval-2023 T3 technique spans as body gold; anchor: none published)",
        [("body recall", result.body_recall, None), ("words removed", result.removed_share, None)],
        [f"lost {name} {technique}: {text[:80]!r}" for name, technique, text in result.lost],
    )


def ner(data: Path | None, say: Say) -> Report:
    from newsprism.eval import BENCH
    from newsprism.eval.ner import ANCHOR, DEFAULT_SUBDIR, score

    result = score(data or BENCH / DEFAULT_SUBDIR)
    rows: list[Row] = []
    for kind, counts in [*result.by_type.items(), ("PER+ORG+LOC", result.overall)]:
        anchor = ANCHOR["f1"] if kind == "PER+ORG+LOC" else None
        rows += [
            (f"{kind} precision", counts.precision, None),
            (f"{kind} recall", counts.recall, None),
            (f"{kind} F1", counts.f1, anchor),
        ]
    return Report(
        "ner",
        f"NER on CoNLL-2003 ({result.sentences} sentences, exact spans; anchor: SOTA F1, 4 types)",
        rows,
    )


def stories(data: Path | None, say: Say, per_story: int | None = None) -> Report:
    from newsprism.eval.stories import evaluate, seed_grouping

    result = evaluate(data, per_story, progress=say)
    rows: list[Row] = []
    for name, b in [("all", result.overall), *sorted(result.parts.items())]:
        rows += [(f"{name} B3 precision ({b.items} articles)", b.precision, None),
                 (f"{name} B3 recall", b.recall, None), (f"{name} B3 F1", b.f1, None)]  # fmt: skip
    notes = []
    if result.seeds:
        groups = "  ".join("{" + ", ".join(sorted(g)) + "}" for g in seed_grouping(result))
        notes.append(f"seed grouping: {groups}")
    return Report(
        "stories",
        f"stories: {result.articles} articles in {result.stories} predicted stories (no"
        " published anchor: no public story-clustering gold)",
        rows,
        notes,
    )


def claims(data: Path | None, say: Say, gold: Path | None = None) -> Report:
    from newsprism.eval.claims import EXAMPLES, LABELS, evaluate

    result = evaluate(data or EXAMPLES, gold)
    rows: list[Row] = []
    for label in LABELS:
        precision, recall = result.precision(label), result.recall(label)
        if precision is not None:
            rows.append((f"{label} precision", precision, None))
        if recall is not None:
            rows.append((f"{label} recall", recall, None))
    rows.append(("relation accuracy", result.accuracy(), None))
    notes = [
        f"{'ok ' if p.gold == p.predicted else 'MISS'} gold {p.gold:<12} predicted "
        f"{p.predicted:<12} {p.a[0]} {p.a[1]!r} / {p.b[0]} {p.b[1]!r}"
        for p in result.pairs
    ]
    return Report(
        "claims",
        f"claim groups on {len(result.pairs)} hand-made seed pairs (a sanity check, no anchor)",
        rows,
        notes,
        [f"gold sentence not found among the claims: {m}" for m in result.missing],
    )


def time(data: Path | None, say: Say) -> Report:
    from newsprism.eval import BENCH
    from newsprism.eval.time import DEFAULT_SUBDIR, score

    result = score(data or BENCH / DEFAULT_SUBDIR)
    return Report(
        "time",
        "time expressions on TempEval-3 TBAQ (anchor: HeidelTime, TempEval-3 test)",
        list(result.rows()),
    )


def quotes(data: Path | None, say: Say) -> Report:
    from newsprism.eval import BENCH
    from newsprism.eval.quotes import ANCHOR, ANCHOR_SOURCE, DEFAULT_SUBDIR, score

    result = score(data or BENCH / DEFAULT_SUBDIR)
    rows: list[Row] = [
        (name, value, ANCHOR.get(name))
        for name, value in result.metrics().items()
        if name.endswith("_f1") or name in ANCHOR
    ]
    return Report(
        "quotes",
        f"quotes on {result.documents} PolNeAR documents ({result.gold_attributions} gold"
        f" attributions; anchor: {ANCHOR_SOURCE})",
        rows,
    )


def timeline(data: Path | None, say: Say) -> Report:
    from newsprism.eval import BENCH
    from newsprism.eval.timeline import ANCHOR_SOURCE, DEFAULT_SUBDIR, score

    result = score(data or BENCH / DEFAULT_SUBDIR, progress=say)
    return Report(
        "timeline",
        f"timeline on {result.documents} documents, {result.timelines} gold timelines"
        f" ({result.dated_mentions} dated gold mentions; {result.events} system events in"
        f" {result.stories} stories; dev set; anchor: {ANCHOR_SOURCE})",
        list(result.rows()),
        warnings=[
            f"gold mention not in the corpus: {'-'.join(map(str, m))}" for m in result.unmapped
        ],
    )


FRAMING_TITLES = {
    "techniques": "techniques per paragraph",
    "frames": "frames per article",
    "genre": "genre per article",
    "roles": "entity roles per gold mention",
    "narratives": "narratives per document",
}


def framing(task: str) -> Callable[[Path | None, Say], Report]:
    def report(data: Path | None, say: Say) -> Report:
        from newsprism.eval.framing import ANCHOR_SOURCES, score

        result = score(task, data)
        return Report(
            task,
            f"{FRAMING_TITLES[task]}: {result.items} items, {result.note}"
            f" (anchor: {ANCHOR_SOURCES[task]})",
            list(result.rows()),
        )

    return report


REPORTS: dict[str, Callable[[Path | None, Say], Report]] = {
    "boilerplate": boilerplate, "ner": ner, "quotes": quotes, "time": time,
    "stories": stories, "claims": claims, "timeline": timeline,
    **{task: framing(task) for task in FRAMING_TITLES},
}  # fmt: skip
"""Every evaluated stage, in pipeline order, with its default data."""
