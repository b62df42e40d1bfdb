"""Every stage's evaluation as one kind of record: metric rows beside their anchors.

`newsprism eval STAGE` prints a Report as a table or, with ``--format json``, as metric ->
value; `newsprism eval all` runs each with its default data and prints one table.

Each row carries a trivial baseline scored on the same items by the same metric code (the
majority answer for the framing tasks; each report's title says what it is), fitted on the
training part where the dataset has one, never on the part being scored. A row whose figure
does not beat its baseline is flagged: it is not a finding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsprism.eval.claims import ClaimsEval

Row = tuple[str, float, float | None, float | None]
"""(metric, ours, published anchor or None, baseline or None where none makes sense)."""


def beats_baseline(row: Row) -> bool | None:
    """Whether ours is above the baseline, read as higher-is-better (a row where higher is
    not better carries no baseline, or its title says how to read it); None when the row
    has no baseline."""
    _, ours, _, baseline = row
    return None if baseline is None else ours > baseline + 1e-9  # not float noise


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
        return {name: round(ours, 4) for name, ours, _, _ in self.rows}


Say = Callable[[str], None]


def boilerplate(data: Path | None, say: Say) -> Report:
    from newsprism.config import load_config
    from newsprism.eval import BENCH
    from newsprism.eval.boilerplate import DEFAULT_SUBDIR, score

    result = score(data or BENCH / DEFAULT_SUBDIR, load_config(workdir=Path.cwd()))
    # the trivial remover keeps everything: all body kept (recall 1), no word removed; body
    # recall cannot beat it, only come close: the figure says what the removal costs
    return Report(
        "boilerplate",
        f"boilerplate removal on {result.articles} articles, {result.spans} gold spans"
        " (SemEval-2023 T3 technique spans as body gold; anchor: none published;"
        " baseline: keep everything)",
        [
            ("body recall", result.body_recall, None, 1.0),
            ("words removed", result.removed_share, None, 0.0),
        ],
        [f"lost {name} {technique}: {text[:80]!r}" for name, technique, text in result.lost],
    )


def ner(data: Path | None, say: Say) -> Report:
    from newsprism.eval import BENCH
    from newsprism.eval.ner import ANCHOR, BASELINE_TEST_F1, DEFAULT_SUBDIR, Counts, score

    result = score(data or BENCH / DEFAULT_SUBDIR)
    base = result.baseline
    rows: list[Row] = []
    for kind, counts in [*result.by_type.items(), ("PER+ORG+LOC", result.overall)]:
        anchor = ANCHOR["f1"] if kind == "PER+ORG+LOC" else None
        b: Counts | None = None
        if base is not None:
            b = base.overall if kind == "PER+ORG+LOC" else base.by_type.get(kind, Counts())
        rows += [
            (f"{kind} precision", counts.precision, None, b.precision if b else None),
            (f"{kind} recall", counts.recall, None, b.recall if b else None),
            (f"{kind} F1", counts.f1, anchor, b.f1 if b else None),
        ]
    if base is not None:
        what = f"CoNLL baseline, train-set lexicon, longest match ({result.baseline_source})"
        all_types = result.baseline_all_types
        notes = [
            f"baseline over all four types (MISC too): P {all_types.precision:.4f} R"
            f" {all_types.recall:.4f} F1 {all_types.f1:.4f}; published for it: 71.18 on"
            f" English dev, {BASELINE_TEST_F1 * 100:.2f} on test (Tjong Kim Sang & De Meulder"
            " 2003)"
        ]
    else:
        what, notes = "none: no train.txt beside the scored file to fit it on", []
    return Report(
        "ner",
        f"NER on CoNLL-2003 ({result.sentences} sentences, exact spans; anchor: SOTA F1,"
        f" 4 types; baseline: {what})",
        rows,
        notes,
    )


def ner_ru(data: Path | None, say: Say) -> Report:
    from newsprism.eval import BENCH
    from newsprism.eval.ner_ru import ANCHOR, DEFAULT_SUBDIR, score

    result = score(data or BENCH / DEFAULT_SUBDIR, say=say)
    rows: list[Row] = []
    for kind, counts in [*result.by_type.items(), ("PER+ORG+LOC", result.overall)]:
        base = result.baseline.get(kind) if kind != "PER+ORG+LOC" else result.baseline_overall
        rows += [
            (f"{kind} precision", counts.precision, None, base.precision if base else None),
            (f"{kind} recall", counts.recall, None, base.recall if base else None),
            (f"{kind} F1", counts.f1, ANCHOR.get(kind), base.f1 if base else None),
        ]
    return Report(
        "ner-ru",
        f"Russian NER (natasha 1.6.0) on factRuEval-2016, {result.documents} documents, exact"
        " name spans (anchor: slovnet on the factRuEval test set; baseline: lexicon of gold"
        " names from the other half of the documents, longest match)",
        rows,
    )


def ner_uk(data: Path | None, say: Say) -> Report:
    from newsprism.eval import BENCH
    from newsprism.eval.ner_uk import score

    folder = data or BENCH / "ner-uk"
    result = score(folder)
    base = {k: v for k, v in result.get("baseline", {}).items()}
    rows: list[Row] = []
    for kind in ("PER", "ORG", "LOC", "overall"):
        counts = result[kind]
        rows += [
            (f"{kind} {m}", counts[m], None, base.get(f"{kind}.{m}"))
            for m in ("precision", "recall", "f1")
        ]
    return Report(
        "ner-uk",
        f"Ukrainian NER (trained here on ner-uk, non-commercial) on the held-out cut of the"
        f" bench's ner-uk DEV part, {int(result['overall'].get('documents', 0))} documents, exact"
        " spans (anchor: none found; baseline: lexicon of the training cut's names, longest"
        " match)",
        rows,
    )


def quotes_ru(data: Path | None, say: Say) -> Report:
    from newsprism.eval import BENCH
    from newsprism.eval.quotes_ru import GOLD, HELD_OUT, score

    dev = score(data or BENCH, say, GOLD)
    test = score(data or BENCH, say, HELD_OUT)
    rows: list[Row] = []
    for name, part in (("dev", dev), ("test", test)):
        rows += [
            (f"{name} speaker accuracy", part.speaker_accuracy, 0.85, part.baseline_accuracy),
            (f"{name} quotes found", part.found_share, None, None),
            (f"{name} quote precision", part.precision, None, None),
        ]
    return Report(
        "quotes-ru",
        f"Russian quote speakers on hand-annotated quotes of factRuEval-2016 devset documents:"
        f" dev {dev.quotes} (data/eval/quotes_ru.json, tuned on), test {test.quotes}"
        " (quotes_ru_test.json, held out) (anchor: the issue's goal 0.85; baseline: the last"
        " person named before the quote)",
        rows,
        [f"wrong (dev): {start!r}: {gold} -> {ours}" for start, gold, ours in dev.wrong[:15]],
    )


def quotes_uk(data: Path | None, say: Say) -> Report:
    from newsprism.eval import BENCH
    from newsprism.eval.quotes_ru import UKRAINIAN, gold, score

    found = score(data or BENCH, say, UKRAINIAN, "uk")
    documents = len({q["path"] for q in gold(UKRAINIAN)["quotes"]})
    return Report(
        "quotes-uk",
        f"Ukrainian quote speakers on {found.quotes} hand-annotated quotes of {documents} ner-uk"
        " news documents (data/eval/quotes_uk.json, never tuned on) (anchor: the Russian goal"
        " 0.85; baseline: the last person named before the quote)",
        [
            ("speaker accuracy", found.speaker_accuracy, 0.85, found.baseline_accuracy),
            ("quotes found", found.found_share, None, None),
            ("quote precision", found.precision, None, None),
        ],
        [f"wrong: {start!r}: {gold} -> {ours}" for start, gold, ours in found.wrong[:15]],
    )


def stories_ru(data: Path | None, say: Say) -> Report:
    from newsprism.eval import BENCH
    from newsprism.eval.stories_ru import score

    result = score(data or BENCH, say)
    rows: list[Row] = []
    for part in ("dev", "test", "all"):
        found, (_, base) = result.parts[part], result.baselines[part]
        rows += [
            (f"{part} B3 precision", found.precision, None, base.precision),
            (f"{part} B3 recall", found.recall, None, base.recall),
            (f"{part} B3 F1", found.f1, None, base.f1),
        ]
    return Report(
        "stories-ru",
        f"Russian stories on {result.articles} hand-grouped bench documents"
        " (data/eval/stories_ru.json: 36 stories, 66 alone; dev half chose the threshold, test"
        f" half held out), {result.stories} stories predicted (anchor: none; baseline: the"
        " better of all in one story and each alone, by B3 F1)",
        rows,
    )


def language(data: Path | None, say: Say) -> Report:
    from newsprism.eval import BENCH
    from newsprism.eval.language import score

    result = score(data or BENCH)
    rows: list[Row] = [("accuracy", result.accuracy, None, result.majority)]
    rows += [
        (f"{kind} accuracy", right / items, None, None)
        for kind, (right, items) in result.by_kind.items()
    ]
    rows += [
        (f"{code} accuracy", right / items, None, None)
        for code, (right, items) in sorted(result.by_language.items())
    ]
    notes = [
        f"wrong: {item.language} {item.kind} read as {found}: {item.text[:60]!r}"
        for item, found in result.wrong[:15]
    ]
    notes.append("Belarusian is not scored: the bench holds no Belarusian document.")
    return Report(
        "language",
        f"language identification (py3langid, news languages) on {result.items} snippets of"
        " the bench's documents: whole articles, headlines and 3-6-word cuts (anchor: none"
        " published; baseline: always the commonest language)",
        rows,
        notes,
    )


def stories(data: Path | None, say: Say, per_story: int | None = None) -> Report:
    from newsprism.eval.stories import evaluate, seed_grouping

    result = evaluate(data, per_story, progress=say)
    rows: list[Row] = []
    chosen = []
    for name, b in [("all", result.overall), *sorted(result.parts.items())]:
        what, t = result.baselines[name]
        chosen.append(f"{name}: {what}")
        rows += [(f"{name} B3 precision ({b.items} articles)", b.precision, None, t.precision),
                 (f"{name} B3 recall", b.recall, None, t.recall),
                 (f"{name} B3 F1", b.f1, None, t.f1)]  # fmt: skip
    notes = []
    if result.seeds:
        groups = "  ".join("{" + ", ".join(sorted(g)) + "}" for g in seed_grouping(result))
        notes.append(f"seed grouping: {groups}")
    return Report(
        "stories",
        f"stories: {result.articles} articles in {result.stories} predicted stories (no"
        " published anchor: no public story-clustering gold; baseline: the better B3 F1 of"
        f" all in one story and each article alone, per part: {'; '.join(chosen)})",
        rows,
        notes,
    )


def claims(data: Path | None, say: Say, gold: Path | None = None) -> Report:
    """ECB+ dev topics by default (or a folder laid out like them); the hand-made seed pairs
    when ``gold`` is given or ``data`` is a folder of articles."""
    from newsprism.eval import BENCH
    from newsprism.eval.claims import ECB_DATA, is_ecb

    if gold is None and (data is None or is_ecb(data)):
        return claims_ecb(data or BENCH / ECB_DATA, say)
    return claims_seeds(data, gold)


def claims_ecb(folder: Path, say: Say) -> Report:
    from newsprism.eval import f1_score
    from newsprism.eval.claims import evaluate_ecb

    say(f"claim groups on the ECB+ dev topics of {folder} ...")
    result = evaluate_ecb(folder)
    # one group per topic: every pair linked, so precision is the share of gold pairs
    rate = result.gold / result.pairs if result.pairs else 0.0
    rows: list[Row] = [
        ("corroborated_precision", result.corroborated_precision(), None, rate),
        ("pair_precision", result.pair_precision(), None, rate),
        ("pair_recall", result.pair_recall(), None, 1.0),
        ("pair_f1", result.pair_f1(), None, f1_score(rate, 1.0)),
    ]
    counts = ", ".join(f"{k} {n}" for k, n in sorted(result.statuses.items()))
    return Report(
        "claims",
        f"same event or claim across articles: {result.pairs} cross-document sentence pairs of"
        f" the ECB+ dev topics, {result.gold} telling one event chain (anchor: none comparable;"
        " ECB+ event coreference systems report mention-level CoNLL F1 ~0.80 on test; baseline:"
        " each topic one group, so recall 1 at the gold rate)",
        rows,
        [f"groups: {counts}"],
    )


def claims_checked(data: Path | None, say: Say) -> Report:
    """The hand-checked cross-outlet pairs of the examples and PolNeAR (``data``: the bench)."""
    from newsprism.eval import BENCH
    from newsprism.eval.claims import evaluate_checked

    say("claim groups on the hand-checked pairs (examples, PolNeAR dev and July 2016 train) ...")
    return claims_seeds(None, None, evaluate_checked(data or BENCH), "hand-checked")


def claims_seeds(
    data: Path | None,
    gold: Path | None,
    result: ClaimsEval | None = None,
    made: str = "hand-made seed",
) -> Report:
    from newsprism.eval.claims import EXAMPLES, LABELS, evaluate

    result = result or evaluate(data or EXAMPLES, gold)
    base = result.baseline()
    rows: list[Row] = []
    for label in LABELS:
        precision, recall = result.precision(label), result.recall(label)
        if precision is not None:
            rows.append((f"{label} precision", precision, None, base.precision(label)))
        if recall is not None:
            rows.append((f"{label} recall", recall, None, base.recall(label)))
    rows.append(("relation accuracy", result.accuracy(), None, base.accuracy()))
    notes = [
        f"{'ok ' if p.gold == p.predicted else 'MISS'} gold {p.gold:<12} predicted "
        f"{p.predicted:<12} {p.a[0]} {p.a[1]!r} / {p.b[0]} {p.b[1]!r}"
        for p in result.pairs
    ]
    return Report(
        "claims",
        f"claim groups on {len(result.pairs)} {made} pairs (a sanity check, no anchor;"
        f" baseline: {result.majority() or 'different'!r} for every pair, the majority relation"
        " of these very pairs: the gold has no train part)",
        rows,
        notes,
        [f"gold sentence not found among the claims: {m}" for m in result.missing],
    )


def nli(data: Path | None, say: Say) -> Report:
    """The claim-pair model on SICK TRIAL (default) or FNC-1's held-out bodies."""
    from newsprism.eval import BENCH
    from newsprism.eval.nli import classify, is_fnc, read_pairs, score

    path = data or BENCH / "nli" / "sick" / "SICK.txt"
    found, what = read_pairs(path)
    fnc = is_fnc(path)
    say(f"claim-pair model on {len(found)} pairs of {what} ...")
    # SICK has no "unrelated": the model's unrelated answers its NEUTRAL
    result = score(found, lambda p: classify(p, through_sentences=fnc),
                   None if fnc else {"unrelated": "neither"})  # fmt: skip
    base = result.majority()
    anchor = None if fnc else 0.863
    rows: list[Row] = [("accuracy", result.accuracy(), anchor, base.accuracy())]
    rows += [(f"f1_{label}", result.f1(label), None, base.f1(label)) for label in result.labels()]
    return Report(
        "nli",
        f"entails / contradicts / neither{' / unrelated' if fnc else ''} on {len(found)} pairs"
        f" of {what} (anchor: "
        + ("none comparable, FNC-1 systems report the weighted FNC score"
           if fnc else "InferSent 0.863, Conneau et al. 2017, on SICK-E test")
        + "; baseline: the majority label of these pairs)",
        rows,
    )  # fmt: skip


def time(data: Path | None, say: Say) -> Report:
    from newsprism.eval import BENCH
    from newsprism.eval.time import DEFAULT_SUBDIR, score

    result = score(data or BENCH / DEFAULT_SUBDIR)
    return Report(
        "time",
        "time expressions on TempEval-3 TBAQ (anchor: HeidelTime, TempEval-3 test; baseline,"
        " value rows only: our expressions, every value the document's creation date)",
        list(result.rows()),
    )


def quotes(data: Path | None, say: Say) -> Report:
    from newsprism.eval import BENCH
    from newsprism.eval.quotes import ANCHOR, ANCHOR_SOURCE, DEFAULT_SUBDIR, score

    result = score(data or BENCH / DEFAULT_SUBDIR)
    base = result.baseline_metrics()
    rows: list[Row] = [
        (name, value, ANCHOR.get(name), base.get(name))
        for name, value in result.metrics().items()
        if name.endswith("_f1") or name in ANCHOR
    ]
    if result.baseline is not None:
        what = (
            f"most frequent cue rule: every {result.baseline_cue!r} a cue, the word before it"
            f" the source, the rest of the sentence the content; cue counted on"
            f" {result.baseline_fitted_on}"
        )
    else:
        what = f"none: no gold cue in {result.baseline_fitted_on}"
    return Report(
        "quotes",
        f"quotes on {result.documents} PolNeAR documents ({result.gold_attributions} gold"
        f" attributions; anchor: {ANCHOR_SOURCE}; baseline: {what})",
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
        f" {result.stories} stories; dev set; anchor: {ANCHOR_SOURCE}; baseline: every sentence"
        " an event on its article's date line, one date one event)",
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
    "topics": "topic per document",
}


def framing(task: str, language: str = "en") -> Callable[[Path | None, Say], Report]:
    def report(data: Path | None, say: Say) -> Report:
        from newsprism.eval.framing import ANCHOR_SOURCES, score

        result = score(task, data, language=language)
        return Report(
            task if language == "en" else f"{task}-{language}",
            f"{FRAMING_TITLES[task]}: {result.items} items, {result.note}"
            f" (anchor: {ANCHOR_SOURCES[task]}; {result.baseline_note})",
            list(result.rows()),
        )

    return report


FRAMING_LANGUAGES = ("en", "ru")
"""Languages with framing gold in the bench that newsprism frames (framing/corpus.py)."""


REPORTS: dict[str, Callable[[Path | None, Say], Report]] = {
    "boilerplate": boilerplate, "language": language, "ner": ner, "ner-ru": ner_ru,
    "ner-uk": ner_uk, "quotes": quotes, "quotes-ru": quotes_ru, "quotes-uk": quotes_uk,
    "time": time,
    "stories": stories, "stories-ru": stories_ru, "claims": claims,
    "claims-checked": claims_checked, "nli": nli,
    "timeline": timeline,
    **{task: framing(task) for task in FRAMING_TITLES},
    **{f"{task}-ru": framing(task, "ru") for task in FRAMING_TITLES},
}  # fmt: skip
"""Every evaluated stage, in pipeline order, with its default data."""
