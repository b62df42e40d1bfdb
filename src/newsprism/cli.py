"""The newsprism command line: parse, call the library, map its errors to exit codes.

Exit codes: 0 all good, 1 some inputs could not be read (the summary says how many and
``newsprism errors`` lists them), 2 usage error (bad arguments, unusable store or config).
Article text is untrusted: it is printed with Rich markup and highlighting off.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from newsprism.config import DEFAULT_MAX_BYTES, load_config
from newsprism.errors import NewsprismError, StoreError, UsageError
from newsprism.export import FORMATS, export
from newsprism.ingest.options import ReadOptions
from newsprism.pipeline import Summary, analyze
from newsprism.store.api import Store

app = typer.Typer(
    help="newsprism: how many outlets tell one story. Start with `newsprism analyze FOLDER`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
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
    config: Annotated[Path | None, typer.Option(help="Extra newsprism.toml to apply.")] = None,
) -> None:
    """Read articles into the store and print a summary."""
    try:
        settings = load_config(config, workdir=Path.cwd())
        options = ReadOptions(
            encoding=encoding,
            max_bytes=max_bytes or settings.max_bytes,
            fetch=fetch,
            allow_private=allow_private,
            timeout=timeout,
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
        totals = store.count()
    _print_summary(summary, totals)
    raise typer.Exit(0 if summary.ok else 1)


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


@app.command("errors")
def errors_command(db: DbOption = DEFAULT_DB) -> None:
    """List inputs that could not be read, one "PATH: reason" line each."""
    with _open(db) as store:
        errors = store.errors()
    for error in errors:
        out.print(error.line(), markup=False)
    if not errors:
        err.print("no errors", markup=False)
