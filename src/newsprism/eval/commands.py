"""`newsprism eval STAGE [--data PATH] [--format table|json]` and `newsprism eval all`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from newsprism.errors import UsageError
from newsprism.eval.reports import (
    FRAMING_LANGUAGES,
    FRAMING_TITLES,
    REPORTS,
    Report,
    Say,
    beats_baseline,
    framing,
)

eval_app = typer.Typer(
    help="Score a stage on public gold data and print it beside the anchor and a baseline."
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EvalFormat = Annotated[
    str, typer.Option("--format", help="table, or json (metric -> value).", metavar="table|json")
]


def _say(line: str) -> None:
    err.print(line, markup=False)


Cells = tuple[str, str, str, str, str, str]
"""stage, metric, ours, anchor, baseline, flag."""

NOT_ABOVE = "≤ baseline"
"""The flag of a row whose figure does not beat its baseline: not a finding."""


def _table(title: str, rows: list[Cells], stage_column: bool) -> None:
    table = Table(title=title)
    columns = ("stage", "metric", "ours", "anchor", "baseline", "")[0 if stage_column else 1 :]
    for column in columns:
        figure = column in ("ours", "anchor", "baseline")
        # figures and the flag never wrap: on a narrow terminal the metric names do
        table.add_column(column, justify="right" if figure else "left",
                         no_wrap=figure or not column)  # fmt: skip
    for row in rows:
        table.add_row(*(row if stage_column else row[1:]))
    out.print(table)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _cells(report: Report) -> list[Cells]:
    return [
        (report.stage, row[0], _number(row[1]), _number(row[2]), _number(row[3]),
         NOT_ABOVE if beats_baseline(row) is False else "")
        for row in report.rows
    ]  # fmt: skip


def _check(fmt: str) -> None:
    if fmt not in ("table", "json"):
        err.print(f"error: unknown format {fmt!r}; choose table or json", markup=False)
        raise typer.Exit(2)


def _payload(report: Report) -> dict[str, object]:
    """metric -> value, and the details a report keeps for developers (the entities
    evaluation's wrong merges and splits, the speakers evaluation's wrong items)."""
    from newsprism.eval.entities import EntitiesReport
    from newsprism.eval.speakers import SpeakersReport

    payload: dict[str, object] = dict(report.metrics())
    if isinstance(report, EntitiesReport | SpeakersReport):
        payload.update(report.details)
    return payload


def _show(make: Callable[[], Report], fmt: str) -> None:
    _check(fmt)
    try:
        report = make()
    except UsageError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    for line in report.warnings:
        err.print(line, markup=False)
    if fmt == "json":
        out.print(json.dumps(_payload(report), indent=2), markup=False)
        return
    _table(report.title, _cells(report), stage_column=False)
    for line in report.notes:
        out.print(line, markup=False)


DataOption = Annotated[Path | None, typer.Option(help="The gold data [default: shared/bench].")]


@eval_app.command("boilerplate")
def eval_boilerplate(data: DataOption = None, fmt: EvalFormat = "table") -> None:
    """Body recall of boilerplate removal: gold body spans kept in the clean text."""
    _show(lambda: REPORTS["boilerplate"](data, _say), fmt)


LANGUAGE_REPORTS = {"en": "ner", "ru": "ner-ru", "uk": "ner-uk"}


def _require_language(what: str, lang: str, choices: Iterable[str]) -> None:
    """Exit 2 with one line when ``what`` has no evaluation in ``lang``."""
    known = list(choices)
    if lang not in known:
        err.print(f"error: no {what} evaluation for {lang!r}; choose {', '.join(known)}",
                  markup=False)  # fmt: skip
        raise typer.Exit(2)


@eval_app.command("ner")
def eval_ner(
    data: DataOption = None,
    fmt: EvalFormat = "table",
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="en: CoNLL-2003 valid; ru: factRuEval-2016 devset layout; uk: ner-uk brat.",
        ),
    ] = "en",
) -> None:
    """Entity F1 (PER/ORG/LOC) on CoNLL-2003 valid, factRuEval-2016 (ru) or ner-uk (uk)."""
    _require_language("NER", lang, LANGUAGE_REPORTS)
    _show(lambda: REPORTS[LANGUAGE_REPORTS[lang]](data, _say), fmt)


@eval_app.command("language")
def eval_language(data: DataOption = None, fmt: EvalFormat = "table") -> None:
    """Language identification accuracy on snippets cut from the bench's documents."""
    _show(lambda: REPORTS["language"](data, _say), fmt)


def _entities(data: Path | None, say: Say) -> Report:
    from newsprism.eval.entities import report

    return report(data, say)


def _speakers(data: Path | None, say: Say) -> Report:
    from newsprism.eval.speakers import report

    return report(data, say)


_AFTER: dict[str, tuple[str, Callable[[Path | None, Say], Report]]] = {
    "ner": ("entities", _entities),
    "quotes": ("speakers", _speakers),
}


def _stages() -> dict[str, Callable[[Path | None, Say], Report]]:
    """REPORTS with entity canonicalisation after NER, where the pipeline runs it, and speaker
    resolution after quote extraction (read when `eval all` runs, so REPORTS is the source)."""
    return {
        name: make
        for stage, found in REPORTS.items()
        for name, make in [(stage, found), *([_AFTER[stage]] if stage in _AFTER else [])]
    }


@eval_app.command("entities")
def eval_entities(data: DataOption = None, fmt: EvalFormat = "table") -> None:
    """B-cubed precision and recall of entity canonicalisation on hand-grouped CoNLL-2003
    valid mentions."""
    _show(lambda: _entities(data, _say), fmt)


@eval_app.command("stories")
def eval_stories(
    data: Annotated[
        Path | None,
        typer.Option(
            help="Folder with one subfolder of articles per story [default: built from"
            " the seeds and shared/bench]."
        ),
    ] = None,
    per_story: Annotated[
        int | None, typer.Option(help="Sample at most N articles per gold story (seeded).", min=1)
    ] = None,
    fmt: EvalFormat = "table",
    lang: Annotated[
        str, typer.Option("--lang", help="en: seeds + bench; ru: the hand-grouped Russian gold.")
    ] = "en",
) -> None:
    """B-cubed precision, recall and F1 of story clustering (seeds + Apple dev, SemEval-2025
    topics held out; Russian with --lang ru)."""
    from newsprism.eval.reports import stories, stories_ru

    _require_language("story", lang, ("en", "ru"))
    if lang == "ru":
        _show(lambda: stories_ru(data, _say), fmt)
        return
    _show(lambda: stories(data, _say, per_story), fmt)


@eval_app.command("claims")
def eval_claims(
    data: Annotated[
        Path | None,
        typer.Option(
            help="A folder laid out like ECB+ (topic folders, ECBplus_coreference_sentences.csv;"
            " its dev topics are scored), or the articles folder a --gold refers to"
            " [default: shared/bench/ecbplus]."
        ),
    ] = None,
    gold: Annotated[
        Path | None, typer.Option(help="Gold pairs JSON [default: the shipped seed gold].")
    ] = None,
    fmt: EvalFormat = "table",
) -> None:
    """Pair precision and recall of "same event or claim across articles" and corroborated
    precision on the ECB+ dev topics (or, with --gold, the hand-made seed pairs)."""
    from newsprism.eval.reports import claims

    _show(lambda: claims(data, _say, gold), fmt)


@eval_app.command("claims-checked")
def eval_claims_checked(
    data: Annotated[
        Path | None,
        typer.Option(help="The bench folder holding polnear/ [default: shared/bench]."),
    ] = None,
    fmt: EvalFormat = "table",
) -> None:
    """Claim-group statuses against 60 hand-checked cross-outlet pairs of the examples and
    PolNeAR (real news: corroborated precision on text nobody here wrote)."""
    _show(lambda: REPORTS["claims-checked"](data, _say), fmt)


@eval_app.command("nli")
def eval_nli(
    data: Annotated[
        Path | None,
        typer.Option(
            help="SICK.txt (its TRIAL part is scored) or FNC-1's stances/bodies CSV pair or"
            " folder (its held-out bodies) [default: shared/bench/nli/sick/SICK.txt]."
        ),
    ] = None,
    fmt: EvalFormat = "table",
) -> None:
    """Accuracy and per-class F1 of the claim-pair model (entails / contradicts / neither)."""
    _show(lambda: REPORTS["nli"](data, _say), fmt)


@eval_app.command("time")
def eval_time(data: DataOption = None, fmt: EvalFormat = "table") -> None:
    """TIMEX3 extent and value F1 on TempEval-3 (TimeBank dev, AQUAINT held out)."""
    _show(lambda: REPORTS["time"](data, _say), fmt)


@eval_app.command("quotes")
def eval_quotes(
    data: DataOption = None,
    fmt: EvalFormat = "table",
    lang: Annotated[
        str,
        typer.Option(
            "--lang", help="en: PolNeAR; ru, uk: the hand-annotated Russian or Ukrainian quotes."
        ),
    ] = "en",
) -> None:
    """Source, cue and content span F1 on PolNeAR; speaker accuracy on ru and uk quotes."""
    _require_language("quote", lang, ("en", "ru", "uk"))
    _show(lambda: REPORTS["quotes" if lang == "en" else f"quotes-{lang}"](data, _say), fmt)


@eval_app.command("speakers")
def eval_speakers(data: DataOption = None, fmt: EvalFormat = "table") -> None:
    """Share of hand-labelled PolNeAR dev sources whose quote is shown with the right speaker
    (pronouns, titles and surnames resolved)."""
    _show(lambda: _speakers(data, _say), fmt)


@eval_app.command("timeline")
def eval_timeline(data: DataOption = None, fmt: EvalFormat = "table") -> None:
    """Event dating and cross-document merging of the merged timeline on SemEval-2015 Task 4
    trial gold (dev; our measures, not the task's official one)."""
    _show(lambda: REPORTS["timeline"](data, _say), fmt)


def _framing_command(task: str, doc: str) -> None:
    def command(
        data: DataOption = None,
        fmt: EvalFormat = "table",
        lang: Annotated[
            str,
            typer.Option(
                "--lang",
                help="en or ru: the held-out cut of that language's SemEval training folder"
                " (with --data, the language of the folder given).",
            ),
        ] = "en",
    ) -> None:
        _require_language(task, lang, FRAMING_LANGUAGES)
        _show(lambda: framing(task, lang)(data, _say), fmt)

    command.__doc__ = doc
    eval_app.command(task)(command)


for _task, _doc in {
    "techniques": "Persuasion techniques per paragraph: micro-F1 on SemEval-2023 Task 3 subtask 3.",
    "frames": "Article frames: micro-F1 on SemEval-2023 Task 3 subtask 2.",
    "genre": "Genre (opinion, reporting, satire): macro-F1 on SemEval-2023 Task 3 subtask 1.",
    "roles": "Entity roles: main-role accuracy and fine-role exact match on SemEval-2025 Task 10.",
    "narratives": "Narratives and sub-narratives: samples-F1 on SemEval-2025 Task 10 subtask 2.",
    "topics": "Which shipped narrative taxonomy applies (Ukraine war, climate, none): macro-F1.",
}.items():
    assert _task in FRAMING_TITLES
    _framing_command(_task, _doc)


@eval_app.command("all")
def eval_all(fmt: EvalFormat = "table") -> None:
    """Every stage's evaluation in one table: stage, metric, ours, anchor, baseline.

    Each stage runs on its default data; a figure that does not beat its baseline is flagged
    "≤ baseline"."""
    _check(fmt)
    cells: list[Cells] = []
    found: dict[str, dict[str, float] | str] = {}
    for stage, make in _stages().items():
        _say(f"eval {stage} ...")
        try:
            report = make(None, lambda line: None)
        except UsageError as exc:
            found[stage] = f"not run: {exc}"
            cells.append((stage, f"not run: {exc}", "", "", "", ""))
            continue
        found[stage] = report.metrics()
        cells += _cells(report)
    if fmt == "json":
        out.print(json.dumps(found, indent=2), markup=False)
    else:
        _table("every stage on its default data",
               cells, stage_column=True)  # fmt: skip
