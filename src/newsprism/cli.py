"""The newsprism command line: parse, call the library, map its errors to exit codes.

Exit codes: 0 all good, 1 some inputs could not be read (the summary says how many and
``newsprism errors`` lists them), 2 usage error (bad arguments, unusable store or config).
Article text is untrusted: it is printed with Rich markup and highlighting off.
What the commands print (consoles, tables, the comparison) lives in ``cli_output``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newsprism.cli_output import emit, err, fail, out, print_comparison, print_run, print_table
from newsprism.config import DEFAULT_MAX_BYTES, load_config
from newsprism.errors import NewsprismError, StoreError, UsageError
from newsprism.eval.commands import eval_app
from newsprism.export import BINARY_FORMATS, FORMATS, export, export_parquet
from newsprism.listings import as_json
from newsprism.store.api import Store
from newsprism.store.postgres import is_url as postgres_url
from newsprism.store.postgres import location as store_location

if TYPE_CHECKING:  # analyze's modules: the read commands do not import them
    from newsprism.pipeline import StageProgress
    from newsprism.workers import Runner

app = typer.Typer(
    help="newsprism: how many outlets tell one story. Start with `newsprism analyze FOLDER`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
DbOption = Annotated[
    Path,
    typer.Option(
        "--db",
        help="SQLite store file, or a postgresql:// URL.",
        parser=store_location,
        metavar="FILE|URL",
    ),
]
DEFAULT_DB = Path("newsprism.db")


def _open(db: Path, readonly: bool = True) -> Store:
    try:
        return Store(db, readonly=readonly)
    except (StoreError, UsageError) as exc:
        raise fail(exc) from None


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
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars or progress lines.")
    ] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Run the per-article stages on the Dask scheduler at ADDRESS"
            " (`local`: a new local cluster of --workers processes).",
        ),
    ] = None,
) -> None:
    """Read articles into the store, understand them, and print a summary."""
    from newsprism.ingest.options import ReadOptions
    from newsprism.pipeline import Context, run_pipeline

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
        raise fail(exc) from None
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    with (
        _open(db, readonly=False) as store,
        _runner(dask, workers) as runner,
        _progress(quiet) as progress,
    ):
        context = Context(
            paths, store, options, settings, workers=workers, stdin=stdin,
            arguments=sys.argv[1:], runner=runner, progress=progress,
        )  # fmt: skip
        try:
            run = run_pipeline(context, until="ingest" if only_ingest else "framing")
        except UsageError as exc:
            raise fail(exc) from None
        totals = store.count()
    print_run(run, totals)
    raise typer.Exit(1 if run.failed else 0)


@contextmanager
def _progress(quiet: bool) -> Iterator[StageProgress | None]:
    """A bar per stage on a terminal, progress lines in a log, nothing with --quiet."""
    from newsprism.progress import LogProgress, TerminalProgress

    if quiet:
        yield None
    elif err.is_terminal:
        with TerminalProgress(err) as bar:
            yield bar
    else:
        yield LogProgress(sys.stderr)


@contextmanager
def _runner(dask: str | None, workers: int | None) -> Iterator[Runner | None]:
    """The Dask runner for ``--dask ADDRESS``, or None: local worker processes."""
    if dask is None:
        yield None
        return
    from newsprism.scale import dask_runner

    try:
        with dask_runner(dask, workers) as runner:
            yield runner
    except UsageError as exc:
        raise fail(exc) from None


def language_line(language: str | None, others: tuple[tuple[int, int, str], ...]) -> str | None:
    """ "ru (Russian); 2 paragraphs in en" for `show`."""
    from collections import Counter

    from newsprism.nlp.language import name

    if language is None:
        return None
    line = f"{language} ({name(language)})"
    counts = Counter(code for _, _, code in others)
    if counts:
        line += "; " + ", ".join(f"{n} paragraph(s) in {code}" for code, n in counts.items())
    return line


@app.command("show")
def show_command(
    article_id: Annotated[str | None, typer.Argument(help="Article id (or a prefix).")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List stored articles, or show one article's metadata and clean text."""
    with _open(db) as store:
        if article_id is None:
            rows = [
                [a.id[:10], a.published or "", a.outlet or "", a.title or "", str(a.copies)]
                for a in store.article_lines()
            ]
            print_table(["id", "published", "outlet", "title", "copies"], rows)
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
            "language": language_line(a.language, a.other_languages),
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
            raise fail(exc) from None
    if not hits:
        out.print("no matches", markup=False)
        return
    for hit in hits:
        out.print(
            f"{hit.id[:10]}  {hit.published or '----------'}  {hit.outlet or '?'}  "
            f"{hit.title or ''}\n    {' '.join(hit.snippet.split())}",
            markup=False,
        )


@app.command("export")
def export_command(
    fmt: Annotated[
        str, typer.Option("--format", help=f"One of {', '.join((*FORMATS, *BINARY_FORMATS))}.")
    ] = "jsonl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write one record per article (copies nested) as JSON, JSON Lines, CSV or Parquet."""
    if fmt not in (*FORMATS, *BINARY_FORMATS):
        choices = ", ".join((*FORMATS, *BINARY_FORMATS))
        raise fail(UsageError(f"unknown format {fmt!r}; choose one of {choices}"))
    if fmt in BINARY_FORMATS and output is None:
        raise fail(UsageError(f"--format {fmt} writes a file; name it with -o FILE"))
    with _open(db) as store:
        if fmt in BINARY_FORMATS:
            assert output is not None
            try:
                count = export_parquet(store, output)
            except UsageError as exc:
                raise fail(exc) from None
            err.print(f"wrote {count} articles to {output}", markup=False)
        elif output is None:
            export(store, fmt, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = export(store, fmt, handle)
            err.print(f"wrote {count} articles to {output}", markup=False)


FormatOption = Annotated[str, typer.Option("--format", help="table or json.")]


ENTITIES_SHOWN = 50
"""Entities the ``entities`` table shows unless told (JSON lists every one)."""


@app.command("entities")
def entities_command(
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = "table",
    limit: Annotated[
        int | None,
        typer.Option(
            help=f"Show only the N most mentioned; 0: all (unless told, a table shows"
            f" {ENTITIES_SHOWN}, JSON all).",
        ),
    ] = None,
) -> None:
    """Canonical entities across the corpus, with aliases and mentions per article."""
    from newsprism.store.understanding import entity_lines, list_entities

    columns = ["name", "type", "mentions", "articles", "aliases"]
    if fmt != "table":
        with _open(db) as store:
            rows = list_entities(store, limit)
        emit(rows, columns, fmt)
        return
    shown = ENTITIES_SHOWN if limit is None else limit
    with _open(db) as store:
        total, lines = entity_lines(store, shown)
    emit(lines, columns, fmt)
    if len(lines) < total:
        out.print(f"… {total - len(lines):,} more; --limit 0 lists them all", markup=False)


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
    emit(rows, ["outlet", "speaker", "kind", "cue", "content"], fmt)


@app.command("claims")
def claims_command(db: DbOption = DEFAULT_DB, fmt: FormatOption = "table") -> None:
    """Checkable claims: the author's own voice or attributed, with hedges."""
    from newsprism.store.understanding import list_claims

    with _open(db) as store:
        rows = list_claims(store)
    emit(rows, ["outlet", "voice", "attributed_to", "kind", "hedges", "text"], fmt)


@app.command("timeline")
def timeline_command(
    story: Annotated[str | None, typer.Option(help="Only this story (id or prefix).")] = None,
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = "table",
) -> None:
    """Dated events merged across each story's articles, with the outlets that tell them."""
    from newsprism.stories.api import merged_timeline

    with _open(db) as store:
        try:
            rows = merged_timeline(store, story)
        except UsageError as exc:
            raise fail(exc) from None
    emit(rows, ["date", "dated_by", "outlets", "participants", "text"], fmt)


@app.command("stories")
def stories_command(db: DbOption = DEFAULT_DB, fmt: FormatOption = "table") -> None:
    """Stories (articles about the same event or storyline) with their articles and outlets."""
    from newsprism.stories.api import list_stories

    with _open(db) as store:
        rows = list_stories(store)
    computed = {
        "size": lambda s: len(s.articles),
        "titles": lambda s: [a.title for a in s.articles],
    }
    emit(rows, ["id", "label", "size", "outlets", "titles"], fmt, computed)


@app.command("compare")
def compare_command(
    story: Annotated[str, typer.Argument(help="Story id or unique prefix (see `stories`).")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help="table, json or md.")] = "table",
) -> None:
    """Outlets side by side for one story: headlines, sources, claims, wording, omissions."""
    from newsprism.stories.api import compare_markdown, compare_story

    if fmt not in ("table", "json", "md"):
        raise fail(UsageError(f"unknown format {fmt!r}; choose table, json or md"))
    with _open(db) as store:
        try:
            comparison = compare_story(store, story)
        except UsageError as exc:
            raise fail(exc) from None
    if fmt == "json":
        sys.stdout.write(json.dumps(as_json(comparison), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "md":
        sys.stdout.write(compare_markdown(comparison))
    else:
        print_comparison(comparison)


@app.command("report")
def report_command(
    db: DbOption = DEFAULT_DB,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Folder to write the site into.")
    ] = Path("report"),
) -> None:
    """Write a static HTML report (overview, stories, articles, entities) that opens from disk."""
    from newsprism.report import write_report

    with _open(db) as store:
        try:
            summary = write_report(store, output)
        except UsageError as exc:
            raise fail(exc) from None
    out.print(
        f"wrote {summary.articles} article, {summary.entities} entity and {summary.stories}"
        f" story pages; open {summary.index}",
        markup=False,
    )


@app.command("serve")
def serve_command(
    db: DbOption = DEFAULT_DB,
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    host: Annotated[
        str, typer.Option(help="Address to bind; the default keeps it on this machine.")
    ] = "127.0.0.1",
    workers: Annotated[
        int, typer.Option(help="Server processes (pages are CPU-bound: one per core).", min=1)
    ] = 1,
) -> None:
    """Serve the report's pages, full-text search and a JSON API (read-only; docs at /docs)."""
    try:
        import uvicorn

        from newsprism.web.app import create_app
    except ImportError as exc:
        message = f"{exc}; install the web extra: pip install 'newsprism[web]'"
        raise fail(UsageError(message)) from None
    try:
        web_app = create_app(db)
    except (StoreError, UsageError) as exc:
        raise fail(exc) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: {host} lets other machines read this store", markup=False)
    err.print(f"serving {db} read-only at http://{host}:{port}/ (API docs at /docs)", markup=False)
    if workers == 1:
        uvicorn.run(web_app, host=host, port=port, log_level="warning")
        return
    import os

    from newsprism.web.app import DB_VARIABLE

    os.environ[DB_VARIABLE] = str(db) if postgres_url(db) else str(Path(db).resolve())
    uvicorn.run(
        "newsprism.web.app:app_from_environment", factory=True, host=host, port=port,
        workers=workers, log_level="warning",
    )  # fmt: skip


app.add_typer(eval_app, name="eval")


@app.command("framing")
def framing_command(
    target: Annotated[
        str | None, typer.Argument(help="Story id, or article id (prefix) [default: all].")
    ] = None,
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = "table",
    scheme: Annotated[
        str | None,
        typer.Option(help="Only technique, frame, genre, role, role_fine, narrative, ..."),
    ] = None,
    taxonomy: Annotated[
        Path | None,
        typer.Option(help="Your narrative taxonomy (YAML/JSON), matched zero-shot."),
    ] = None,
    llm_url: Annotated[
        str | None,
        typer.Option(help="Ask this OpenAI-compatible endpoint instead (off by default)."),
    ] = None,
    llm_model: Annotated[str, typer.Option(help="Model name sent to --llm-url.")] = "default",
) -> None:
    """Persuasion techniques, frames, genre, entity roles and narratives, with evidence."""
    from newsprism.framing.corpus import labels_for
    from newsprism.framing.llm import LLMBackend

    llm = LLMBackend(llm_url, llm_model) if llm_url else None
    with _open(db) as store:
        try:
            rows = labels_for(store, target, scheme, taxonomy, llm)
        except UsageError as exc:
            raise fail(exc) from None
    for row in rows:
        row["article"] = row["article_id"][:10]
        row["target"] = row["entity_name"] or row["kind"]
        row["score"] = round(row["score"], 3)
        row.setdefault("reliable", True)
        row["finding"] = "yes" if row["reliable"] else f"unreliable: {row.get('caveat', '')}"
    columns = ["article", "outlet", "scheme", "label", "score", "target", "finding", "evidence"]
    emit(rows, columns, fmt)


@app.command("migrate")
def migrate_command(db: DbOption = DEFAULT_DB) -> None:
    """Bring a store written by an older newsprism to this version's schema."""
    from newsprism.store.api import migrate_store

    try:
        before, now = migrate_store(db)
    except (StoreError, UsageError) as exc:
        raise fail(exc) from None
    if before == now:
        out.print(f"{db}: already at schema version {now}", markup=False)
    else:
        shown = "its" if before is None else f"version {before}"
        out.print(f"{db}: migrated from {shown} to version {now}", markup=False)


@app.command("errors")
def errors_command(db: DbOption = DEFAULT_DB) -> None:
    """List inputs that could not be read, one "PATH: reason" line each, then warnings."""
    with _open(db) as store:
        errors = store.errors()
    for error in errors:
        out.print(error.line(), markup=False)
    if not errors:
        err.print("no errors", markup=False)
