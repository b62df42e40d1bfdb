"""What the command line prints: its two consoles, the analyze summary, listing tables and
the side-by-side comparison (apart from cli.py, which keeps only the commands).

Article text is untrusted: it is printed with Rich markup and highlighting off, and table
cells are plain ``Text``. Only Rich (and the plain dataclasses of newsprism.listings) is
imported here, so a listing command stays quick to start. Listings arrive as typed view records
and leave as JSON through ``listings.as_json``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.control import strip_control_codes
from rich.table import Table
from rich.text import Text

from newsprism.errors import NewsprismError, UsageError
from newsprism.listings import as_json
from newsprism.records import STATUSES

if TYPE_CHECKING:
    from newsprism.listings import StoryComparison
    from newsprism.pipeline import PipelineRun, Summary

# wide enough for tables when output goes to a file or pipe (Rich would assume 80 columns)
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)
SCREENFUL = 200
"""Rows beyond which a listing is written as plain columns even on a terminal: Rich lays out
each row of a Table (about 0.5 ms a row), most of the time of a long listing."""


def fail(exc: NewsprismError) -> typer.Exit:
    """Print the library's error (it says the fix) and give the usage-error exit to raise."""
    err.print(f"error: {exc}", markup=False)
    return typer.Exit(2)


def print_run(run: PipelineRun, totals: dict[str, int]) -> None:
    """The ingest table, then one line per later stage that ran (its errors on stderr)."""
    print_summary(run.ingest, totals)
    understood, storied, framed = run.understood, run.storied, run.framed
    if understood is not None:
        for error in understood.errors:
            err.print(error.line(), markup=False)
        out.print(
            f"understood {understood.articles - len(understood.errors)} article(s) in "
            f"{understood.seconds:.2f}s; {understood.entities} entities in the store",
            markup=False,
        )
    if storied is not None:
        for error in storied.errors:
            err.print(error.line(), markup=False)
        out.print(
            f"{storied.articles} new article(s) filed under stories ({storied.new_stories} new,"
            f" {storied.updated_stories} updated) in {storied.seconds:.2f}s",
            markup=False,
        )
    if framed is not None:
        for error in framed.errors:
            err.print(error.line(), markup=False)
        out.print(
            f"framed {framed.articles - len(framed.errors)} article(s) in {framed.seconds:.2f}s;"
            f" {framed.labels} labels",
            markup=False,
        )
        if framed.unframed:
            counts = ", ".join(f"{n} in {code}" for code, n in sorted(framed.unframed.items()))
            out.print(
                f"not framed: {counts} (no framing model for that language yet)", markup=False
            )


def print_summary(summary: Summary, totals: dict[str, int]) -> None:
    """The ingest stage's table, with its errors and warnings on stderr."""
    for error in [*summary.errors, *summary.warnings]:
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
    if summary.warnings:
        err.print(
            f"{len(summary.warnings)} warning(s); `newsprism errors` lists them.",
            markup=False,
        )


def emit(
    rows: Sequence[Any],
    columns: Sequence[str],
    fmt: str,
    computed: Mapping[str, Callable[[Any], object]] | None = None,
) -> None:
    """Rows (view records, or the plain dicts framing's ``labels_for`` gives) as JSON, or as
    a table of ``columns``: a field each, or worked out from the row by ``computed`` (cells
    are plain text, never markup)."""
    if fmt == "json":
        data = [r if isinstance(r, Mapping) else as_json(r) for r in rows]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt != "table":
        raise fail(UsageError(f"unknown format {fmt!r}; choose table or json"))
    print_table(columns, [[cell(_field(row, c, computed or {})) for c in columns] for row in rows])


def print_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A listing of plain-text cells under ``columns``: a Rich table on a terminal, plain
    padded columns when it is longer than a screenful or the output is not a terminal (a
    pipe or a file, read by programs and ``grep``: the same columns, order and cell texts)."""
    if out.is_terminal and len(rows) <= SCREENFUL:
        table = Table()
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(Text(value) for value in row))
        out.print(table)
        return
    sys.stdout.write(plain_table(columns, rows))


def plain_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """``columns`` and ``rows`` as lines of cells padded to their column's width (in terminal
    cells) and two spaces apart, a rule of dashes under the header; long cells cut as
    ``cell`` cuts them and stripped of the control codes Rich's ``Text`` strips (bell,
    backspace), trailing blanks dropped."""
    lines = [list(columns), *([strip_control_codes(cell(v)) for v in row] for row in rows)]
    widths = [max(_width(line[i]) for line in lines) for i in range(len(columns))]
    lines.insert(1, ["-" * w for w in widths])
    return "".join(
        "  ".join(v + " " * (w - _width(v)) for v, w in zip(line, widths, strict=True)).rstrip()
        + "\n"
        for line in lines
    )


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _field(row: Any, column: str, computed: Mapping[str, Callable[[Any], object]]) -> object:
    if column in computed:
        return computed[column](row)
    if isinstance(row, Mapping):
        return row.get(column)
    return getattr(row, column, None)


def cell(value: Any, width: int = 160) -> str:
    """A table cell: lists joined, dicts counted, long text cut (JSON output keeps it whole)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = str(len(value))
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_comparison(comparison: StoryComparison) -> None:
    """``compare``'s table: one column per article, then the claim groups that matter."""
    from newsprism.stories.api import (
        FRAMING_ROWS,
        comparison_caveats,
        shown_label,
        shown_sources,
    )

    story, columns = comparison.story, comparison.columns
    out.print(Text(f"{story.label}  [{story.id}]"))
    table = Table(show_lines=True)
    table.add_column("")
    for c in columns:
        table.add_column(Text(str(c.outlet or c.article_id[:10])))

    def row(name: str, values: list[str]) -> None:
        table.add_row(Text(name), *(Text(cell(v, 200)) for v in values))

    row("headline", [c.title or "" for c in columns])
    row("published", [c.published or "?" for c in columns])
    row("sources quoted", [shown_sources(c) for c in columns])
    for status in STATUSES:
        row(
            status.replace("_", "-"),
            [str(c.status_counts.get(status, 0)) if c.claims_compared
             else f"not compared ({c.language})" for c in columns],
        )  # fmt: skip
    row("omits", ["; ".join(o.text[:50] for o in c.omitted[:4]) for c in columns])
    row(
        "designations",
        ["; ".join(f"{k}: {', '.join(v)}" for k, v in c.designations.items()) for c in columns],
    )
    for w in comparison.wording[:8]:
        row(
            f"says {w.name}",
            [" / ".join(w.by_outlet.get(str(c.outlet or c.article_id[:10]), ())) for c in columns],
        )
    for scheme in FRAMING_ROWS:
        if any(scheme in c.framing for c in columns):
            row(
                scheme,
                [", ".join(shown_label(x) for x in c.framing.get(scheme, ())[:3]) for c in columns],
            )
    out.print(table)
    for reason in comparison_caveats(comparison):
        out.print(Text(f"unreliable, not a finding: {reason}"))
    for flip in comparison.role_flips:
        mark = "" if flip.reliable else " (unreliable)"
        cast = "; ".join(f"{c.outlet or c.article_id[:10]}: {c.role}" for c in flip.castings)
        out.print(Text(f"role flip{mark}: {flip.name}: {cast}"))
    order = {s: i for i, s in enumerate(STATUSES)}
    for g in sorted(comparison.claim_groups, key=lambda g: order.get(g.status, 3)):
        if g.status == "single_source" and len(g.members) < 2:
            continue
        out.print(Text(f"{g.status} ({', '.join(g.outlets)}): {g.summary}"))
        for reason in g.reasons:
            out.print(Text(f"    {reason}"))
        if g.omitted_by:
            out.print(Text(f"    omitted by {', '.join(g.omitted_by)}"))
