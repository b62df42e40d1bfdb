"""The newsprism command line: parse, call the library, map its errors to exit codes.

Exit codes: 0 all good, 1 some inputs could not be read (the summary says how many and
``newsprism errors`` lists them), 2 usage error (bad arguments, unusable store or config).
Article text is untrusted: it is printed with Rich markup and highlighting off.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from newsprism.config import DEFAULT_MAX_BYTES, load_config
from newsprism.errors import NewsprismError, StoreError, UsageError
from newsprism.export import FORMATS, export
from newsprism.ingest.options import ReadOptions
from newsprism.pipeline import Summary, analyze, understand_corpus
from newsprism.store.api import Store

app = typer.Typer(
    help="newsprism: how many outlets tell one story. Start with `newsprism analyze FOLDER`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# wide enough for tables when output goes to a file or pipe (Rich would assume 80 columns)
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[Path, typer.Option("--db", help="SQLite store to use.")]
DEFAULT_DB = Path("newsprism.db")


def _fail(exc: NewsprismError) -> typer.Exit:
    err.print(f"error: {exc}", markup=False)
    return typer.Exit(2)


def _open(db: Path, readonly: bool = True) -> Store:
    try:
        return Store(db, readonly=readonly)
    except (StoreError, UsageError) as exc:
        raise _fail(exc) from None


@app.command("analyze")
def analyze_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, URLs, or - for stdin.")],
    db: DbOption = DEFAULT_DB,
    fetch: Annotated[bool, typer.Option("--fetch", help="Download URLs given as inputs.")] = False,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Let URLs reach loopback/private addresses.")
    ] = False,
    encoding: Annotated[
        str | None, typer.Option(help="Read text inputs in this encoding instead of detecting.")
    ] = None,
    max_bytes: Annotated[
        int | None, typer.Option(help=f"Largest input to read [default {DEFAULT_MAX_BYTES}].")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes [default: all cores].", min=1)
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="Seconds allowed for each URL download.", min=0.1)
    ] = 20.0,
    max_download_bytes: Annotated[
        int, typer.Option(help="Largest body one URL may send.", min=1)
    ] = 10 * 1024 * 1024,
    config: Annotated[Path | None, typer.Option(help="Extra newsprism.toml to apply.")] = None,
    only_ingest: Annotated[
        bool, typer.Option("--only-ingest", help="Store articles; skip the language stages.")
    ] = False,
) -> None:
    """Read articles into the store, understand them, and print a summary."""
    try:
        settings = load_config(config, workdir=Path.cwd())
        options = ReadOptions(
            encoding=encoding,
            max_bytes=max_bytes or settings.max_bytes,
            fetch=fetch,
            allow_private=allow_private,
            timeout=timeout,
            max_download_bytes=max_download_bytes,
        )
        if max_bytes is not None and max_bytes <= 0:
            raise UsageError("--max-bytes must be a positive number of bytes")
    except NewsprismError as exc:
        raise _fail(exc) from None
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    with _open(db, readonly=False) as store:
        show_bar = err.is_terminal
        with Progress(
            "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=err, disable=not show_bar, transient=True,
        ) as bar:  # fmt: skip
            task = bar.add_task("analyzing", total=None)
            summary = analyze(
                paths, store, options, settings, workers=workers, stdin=stdin,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                arguments=sys.argv[1:],
            )  # fmt: skip
            understood = None
            if not only_ingest:
                task = bar.add_task("understanding", total=None)
                try:
                    understood = understand_corpus(
                        store, settings, workers=workers,
                        progress=lambda done, total: bar.update(task, completed=done, total=total),
                    )  # fmt: skip
                except UsageError as exc:
                    raise _fail(exc) from None
        totals = store.count()
    _print_summary(summary, totals)
    if understood is not None:
        for error in understood.errors:
            err.print(error.line(), markup=False)
        out.print(
            f"understood {understood.articles - len(understood.errors)} article(s) in "
            f"{understood.seconds:.2f}s; {understood.entities} entities in the store",
            markup=False,
        )
    failed = not summary.ok or (understood is not None and bool(understood.errors))
    raise typer.Exit(1 if failed else 0)


def _print_summary(summary: Summary, totals: dict[str, int]) -> None:
    for error in summary.errors:
        err.print(error.line(), markup=False)
    table = Table(title=f"newsprism analyze → {summary.db}", title_justify="left")
    table.add_column("inputs", justify="right")
    table.add_column("stored", justify="right")
    table.add_column("updated", justify="right")
    table.add_column("unchanged", justify="right")
    table.add_column("copies", justify="right")
    table.add_column("errors", justify="right")
    table.add_column("in store", justify="right")
    table.add_column("time", justify="right")
    r = summary.result
    table.add_row(
        str(summary.inputs), str(r.stored), str(r.updated), str(r.unchanged + summary.skipped),
        str(r.copies), str(len(summary.errors)), str(totals["articles"]), f"{summary.seconds:.2f}s",
    )  # fmt: skip
    out.print(table)
    if summary.errors:
        err.print(
            f"{len(summary.errors)} input(s) could not be read; `newsprism errors` lists them.",
            markup=False,
        )


@app.command("show")
def show_command(
    article_id: Annotated[str | None, typer.Argument(help="Article id (or a prefix).")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List stored articles, or show one article's metadata and clean text."""
    with _open(db) as store:
        if article_id is None:
            table = Table()
            for column in ("id", "published", "outlet", "title", "copies"):
                table.add_column(column)
            for stored in store.articles():
                a = stored.article
                table.add_row(
                    a.id[:10], a.published.isoformat() if a.published else "",
                    escape(a.outlet or ""), escape(a.title or ""), str(len(stored.copies)),
                )  # fmt: skip
            out.print(table)
            return
        found = store.article(article_id)
        if found is None:
            err.print(f"error: no article {article_id!r} in {db}", markup=False)
            raise typer.Exit(2)
        a = found.article
        fields = {
            "id": a.id, "title": a.title, "outlet": a.outlet, "author": a.author,
            "published": a.published.isoformat() if a.published else None, "url": a.url,
            "original outlet": a.original_outlet, "original url": a.original_url,
            "source": a.source, "copy of": a.canonical_id,
        }  # fmt: skip
        for name, value in fields.items():
            if value:
                out.print(f"{name}: {value}", markup=False)
        for copy in found.copies:
            out.print(f"copy: {copy.id} {copy.outlet or '?'} ({copy.kind})", markup=False)
        out.print("")
        out.print(a.clean_text, markup=False)


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help='FTS5 query: words, "phrases", AND/OR/NOT.')],
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(min=1)] = 20,
) -> None:
    """Full-text search over titles and clean article text."""
    with _open(db) as store:
        try:
            hits = store.search(query, limit)
        except UsageError as exc:
            raise _fail(exc) from None
    if not hits:
        out.print("no matches", markup=False)
        return
    for hit in hits:
        out.print(
            f"{hit['id'][:10]}  {hit['published'] or '----------'}  {hit['outlet'] or '?'}  "
            f"{hit['title'] or ''}\n    {' '.join(hit['snippet'].split())}",
            markup=False,
        )


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", help=f"One of {', '.join(FORMATS)}.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write one record per article (copies nested) as JSON, JSON Lines or CSV."""
    if fmt not in FORMATS:
        raise _fail(UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}"))
    with _open(db) as store:
        if output is None:
            export(store, fmt, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = export(store, fmt, handle)
            err.print(f"wrote {count} articles to {output}", markup=False)


FormatOption = Annotated[str, typer.Option("--format", help="table or json.")]


def _emit(rows: list[dict[str, Any]], columns: list[str], fmt: str) -> None:
    """Rows as JSON, or as a table of ``columns`` (cells are plain text, never markup)."""
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt != "table":
        raise _fail(UsageError(f"unknown format {fmt!r}; choose table or json"))
    table = Table()
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(Text(_cell(row.get(c))) for c in columns))
    out.print(table)


def _cell(value: Any, width: int = 160) -> str:
    """A table cell: lists joined, dicts counted, long text cut (JSON output keeps it whole)."""
    if value is None:
        return ""
    if isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = str(len(value))
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command("entities")
def entities_command(
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = "table",
    limit: Annotated[int | None, typer.Option(help="Show only the most mentioned.")] = None,
) -> None:
    """Canonical entities across the corpus, with aliases and mentions per article."""
    from newsprism.store.understanding import list_entities

    with _open(db) as store:
        rows = list_entities(store, limit)
    _emit(rows, ["name", "type", "mentions", "articles", "aliases"], fmt)


@app.command("quotes")
def quotes_command(
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = "table",
    speaker: Annotated[str | None, typer.Option(help="Only quotes by this speaker.")] = None,
) -> None:
    """Direct and reported quotes with their speakers resolved to entities."""
    from newsprism.store.understanding import list_quotes

    with _open(db) as store:
        rows = list_quotes(store, speaker)
    _emit(rows, ["outlet", "speaker", "kind", "cue", "content"], fmt)


@app.command("claims")
def claims_command(db: DbOption = DEFAULT_DB, fmt: FormatOption = "table") -> None:
    """Checkable claims: the author's own voice or attributed, with hedges."""
    from newsprism.store.understanding import list_claims

    with _open(db) as store:
        rows = list_claims(store)
    _emit(rows, ["outlet", "voice", "attributed_to", "kind", "hedges", "text"], fmt)


@app.command("timeline")
def timeline_command(db: DbOption = DEFAULT_DB, fmt: FormatOption = "table") -> None:
    """Dated events in date order, with their outlets and participants."""
    from newsprism.store.understanding import timeline

    with _open(db) as store:
        rows = timeline(store)
    _emit(rows, ["date", "outlet", "participants", "text"], fmt)


eval_app = typer.Typer(help="Score a stage on public gold data and print it beside the anchor.")
app.add_typer(eval_app, name="eval")


@eval_app.command("boilerplate")
def eval_boilerplate_command(
    data: Annotated[
        Path | None, typer.Option(help="SemEval-2023 Task 3 folder [default: shared/bench].")
    ] = None,
) -> None:
    """Body recall of boilerplate removal: gold body spans kept in the clean text."""
    from newsprism.eval import BENCH
    from newsprism.eval.boilerplate import DEFAULT_SUBDIR, score

    try:
        result = score(data or BENCH / DEFAULT_SUBDIR, load_config(workdir=Path.cwd()))
    except UsageError as exc:
        raise _fail(exc) from None
    table = Table(title="boilerplate removal (SemEval-2023 T3 technique spans as body gold)")
    for column in ("articles", "gold spans", "body recall", "words removed", "anchor"):
        table.add_column(column, justify="right")
    table.add_row(
        str(result.articles), str(result.spans), f"{result.body_recall:.4f}",
        f"{result.removed_share:.2%}", "none published",
    )  # fmt: skip
    out.print(table)
    for name, technique, text in result.lost:
        out.print(f"lost {name} {technique}: {text[:80]!r}", markup=False)


@eval_app.command("ner")
def eval_ner_command(
    data: Annotated[
        Path | None, typer.Option(help="CoNLL-2003 file or folder [default: shared/bench].")
    ] = None,
) -> None:
    """Entity F1 (PER/ORG/LOC) of the spaCy pipeline on CoNLL-2003 valid."""
    from newsprism.eval import BENCH
    from newsprism.eval.ner import ANCHOR, DEFAULT_SUBDIR, score

    try:
        result = score(data or BENCH / DEFAULT_SUBDIR)
    except UsageError as exc:
        raise _fail(exc) from None
    table = Table(title=f"NER on CoNLL-2003 ({result.sentences} sentences, exact spans)")
    for column in ("type", "precision", "recall", "F1", "anchor F1"):
        table.add_column(column, justify="right")
    for kind, counts in [*result.by_type.items(), ("PER+ORG+LOC", result.overall)]:
        anchor = f"{ANCHOR['f1']:.2f} (SOTA, 4 types)" if kind == "PER+ORG+LOC" else ""
        table.add_row(
            kind, f"{counts.precision:.3f}", f"{counts.recall:.3f}", f"{counts.f1:.3f}", anchor
        )
    out.print(table)


def _metric_table(title: str, rows: list[tuple[str, float, float | None]]) -> None:
    table = Table(title=title)
    for column in ("metric", "ours", "anchor"):
        table.add_column(column, justify="right" if column != "metric" else "left")
    for name, ours, anchor in rows:
        table.add_row(name, f"{ours:.3f}", "" if anchor is None else f"{anchor:.3f}")
    out.print(table)


@eval_app.command("time")
def eval_time_command(
    data: Annotated[
        Path | None, typer.Option(help="Folder of TimeML .tml files [default: shared/bench].")
    ] = None,
) -> None:
    """TIMEX3 extent and value F1 on TempEval-3 (TimeBank dev, AQUAINT held out)."""
    from newsprism.eval import BENCH
    from newsprism.eval.time import DEFAULT_SUBDIR, score

    try:
        result = score(data or BENCH / DEFAULT_SUBDIR)
    except UsageError as exc:
        raise _fail(exc) from None
    _metric_table(
        "time expressions on TempEval-3 TBAQ (anchor: HeidelTime, TempEval-3 test)", result.rows()
    )


@eval_app.command("quotes")
def eval_quotes_command(
    data: Annotated[
        Path | None, typer.Option(help="PolNeAR split folder [default: shared/bench polnear/dev].")
    ] = None,
) -> None:
    """Source, cue and content span F1 (exact and overlap) on PolNeAR, as Citron reports."""
    from newsprism.eval import BENCH
    from newsprism.eval.quotes import ANCHOR, ANCHOR_SOURCE, DEFAULT_SUBDIR, score

    try:
        result = score(data or BENCH / DEFAULT_SUBDIR)
    except UsageError as exc:
        raise _fail(exc) from None
    rows = [
        (name, value, ANCHOR.get(name))
        for name, value in result.metrics().items()
        if name.endswith("_f1") or name in ANCHOR
    ]
    _metric_table(
        f"quotes on {result.documents} PolNeAR documents ({result.gold_attributions} gold"
        f" attributions; anchor: {ANCHOR_SOURCE})",
        rows,
    )


@app.command("errors")
def errors_command(db: DbOption = DEFAULT_DB) -> None:
    """List inputs that could not be read, one "PATH: reason" line each."""
    with _open(db) as store:
        errors = store.errors()
    for error in errors:
        out.print(error.line(), markup=False)
    if not errors:
        err.print("no errors", markup=False)
