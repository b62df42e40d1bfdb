"""The web app: the report's pages, full-text search and a JSON API over one store.

Each request opens its own connection to the store, read-only (SQLite ``mode=ro``, never
migrated, then ``query_only`` too): nothing served can change the file, and no connection is
shared between requests. Every HTML response carries a Content-Security-Policy without
``'unsafe-inline'``; bad parameters, integers out of range included, answer 400 with a
message, unknown ids 404. The store's reads give typed view records (newsprism.listings): the
pages render them, the API turns them into JSON with ``listings.as_json``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsprism.errors import UsageError
from newsprism.listings import as_json
from newsprism.report import pages
from newsprism.report.render import WEB_CSP, Links, render
from newsprism.store.api import Store
from newsprism.store.views import (
    article_spans,
    article_summaries,
    entity_detail,
    entity_summaries,
    make_readonly,
)

LINKS = Links(static=False)
MAX_LIMIT = 500
MAX_OFFSET = 10**12
"""Far beyond any store, and inside SQLite's 64-bit integers (a larger OFFSET overflows)."""
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; "
    "object-src 'none'; form-action 'none'; frame-ancestors 'none'"
)
DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newsprism API</title>
<link rel="stylesheet" href="/docs-static/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs-static/swagger-ui-bundle.js"></script>
<script src="/docs-static/init.js"></script></body></html>
"""

_DETAIL = {"application/json": {"example": {"detail": "what is wrong, and how to fix it"}}}
BAD: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad parameters (the detail says which)", "content": _DETAIL}
}
MISSING: dict[int | str, dict[str, Any]] = {
    **BAD,
    404: {"description": "No such item in the store", "content": _DETAIL},
}

Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many items to skip.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]


def _open(db: Path) -> Store:
    return make_readonly(Store(db, readonly=True))


async def _store(request: Request) -> AsyncIterator[Store]:
    """The app's store for one request, opened read-only (closed after the response).

    It is opened in a worker thread and used by the endpoint in another (the store allows
    that); no two requests share one. Async, not a sync generator: that takes two more
    worker threads per request (its entry, and its exit outside the threadpool's limit), and
    at 20 clients its p99 was 480-580 ms against 335-340 ms here (benchmarks/serve.py).
    """
    opened = await run_in_threadpool(_open, request.app.state.db)
    try:
        yield opened
    finally:
        opened.close()  # quick: a read-only connection has nothing to checkpoint


StoreDep = Annotated[Store, Depends(_store)]


def _article_json(store: Store, article_id: str) -> dict[str, Any] | None:
    found = store.article(article_id)
    if found is None:
        return None
    a = found.article
    return {
        "id": a.id, "title": a.title, "outlet": a.outlet, "author": a.author,
        "published": a.published.isoformat() if a.published else None, "url": a.url,
        "source": a.source, "format": a.format, "language": a.language,
        "original_outlet": a.original_outlet, "original_url": a.original_url,
        "canonical_id": a.canonical_id, "copy_kind": a.copy_kind,
        "copies": [
            {"id": c.id, "outlet": c.outlet, "url": c.url, "kind": c.kind} for c in found.copies
        ],
        "clean_spans": [list(s) for s in a.clean_spans],
        "original_text": a.original_text,
        "clean_text": a.clean_text,
        **as_json(article_spans(store, a.id)),
        "labels": [as_json(x) for x in pages.framing_labels(store, article_id=a.id)],
    }  # fmt: skip


def _message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _html(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(template, LINKS, **context), status_code=status)


def _not_found(what: str) -> HTMLResponse:
    return _html("error.html", 404, title="Not found", message=f"No {what} in this store.")


DB_VARIABLE = "NEWSPRISM_SERVE_DB"
"""The store each of several server processes opens (`serve --workers N`)."""


def app_from_environment() -> FastAPI:
    """The app for one of `serve --workers N`'s processes: uvicorn imports it by name."""
    import os

    return create_app(Path(os.environ[DB_VARIABLE]))


def create_app(db: Path) -> FastAPI:
    """The app over the store at ``db`` (which must exist); it never writes to it."""
    Store(db, readonly=True).close()  # fail now, with the CLI's message, if it cannot open
    app = FastAPI(
        title="newsprism",
        summary="Read-only pages and JSON over a newsprism store.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.db = db
    app.mount("/static", StaticFiles(packages=[("newsprism.report", "static")]), name="static")
    docs_static = resources.files("newsprism.web") / "static" / "swagger"
    app.mount("/docs-static", StaticFiles(directory=str(docs_static)), name="docs-static")
    _add_headers_and_errors(app)
    _add_pages(app)
    _add_api(app)
    return app


def _add_headers_and_errors(app: FastAPI) -> None:
    """Security headers on every response, and errors as JSON under /api/, else as a page."""

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        docs = request.url.path == "/docs"
        response.headers["Content-Security-Policy"] = DOCS_CSP if docs else WEB_CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        message = _message(exc)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=400)
        return _html("error.html", 400, title="Bad request", message=message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/") or exc.status_code not in (400, 404):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return _html("error.html", exc.status_code, title="Not found", message=str(exc.detail))


def _add_pages(app: FastAPI) -> None:
    """The report's HTML pages, served live (kept out of the API schema: they are not JSON)."""

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(s: StoreDep) -> HTMLResponse:
        return _html("index.html", **pages.overview(s))

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(s: StoreDep, offset: Offset = 0, limit: Limit = 200) -> HTMLResponse:
        total, entities = entity_summaries(s, offset, limit)
        return _html(
            "entities.html", total=total, entities=entities,
            pager=_pager("/entities", "", offset, limit, total),
        )  # fmt: skip

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(s: StoreDep, article_id: str) -> HTMLResponse:
        context = pages.article_page(s, article_id, LINKS)
        return _not_found("such article") if context is None else _html("article.html", **context)

    @app.get("/entity/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(s: StoreDep, entity_id: str) -> HTMLResponse:
        context = pages.entity_page(s, entity_id)
        return _not_found("such entity") if context is None else _html("entity.html", **context)

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(s: StoreDep, story_id: str) -> HTMLResponse:
        context = pages.story_page(s, story_id, LINKS)
        return _not_found("such story") if context is None else _html("story.html", **context)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        s: StoreDep,
        q: Annotated[str, Query(max_length=500)] = "",
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    ) -> HTMLResponse:
        if not q.strip():
            return _html("search.html", query="", hits=[], message="Type words to search for.")
        try:
            hits = s.search(q, limit)
        except UsageError as exc:
            return _html("search.html", 400, query=q, hits=[], message=str(exc))
        message = None if hits else f"No matches for “{q}”."
        return _html("search.html", query=q, hits=hits, message=message)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)  # no icon, and no 404 in every browser console

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML)


def _add_api(app: FastAPI) -> None:
    """The JSON API under /api/, the part /docs describes."""

    @app.get("/api/articles", responses=BAD, tags=["articles"])
    def api_articles(s: StoreDep, offset: Offset = 0, limit: Limit = 50) -> dict[str, Any]:
        """Stored articles' metadata in storage order (copies included), one page at a time."""
        total, items = article_summaries(s, offset, limit)
        return {
            "total": total, "offset": offset, "limit": limit,
            "items": [as_json(a) for a in items],
        }  # fmt: skip

    @app.get("/api/articles/{article_id}", responses=MISSING, tags=["articles"])
    def api_article(s: StoreDep, article_id: str) -> dict[str, Any]:
        """One article (id or unique prefix): metadata, text, spans and labels."""
        found = _article_json(s, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return found

    @app.get("/api/stories", responses=BAD, tags=["stories"])
    def api_stories(s: StoreDep, offset: Offset = 0, limit: Limit = 50) -> dict[str, Any]:
        """Stories (groups of articles on one event); empty until the stories stage runs."""
        stories = pages.list_stories(s)
        return {
            "total": len(stories), "offset": offset, "limit": limit,
            "items": [as_json(x) for x in stories[offset : offset + limit]],
        }  # fmt: skip

    @app.get("/api/stories/{story_id}", responses=MISSING, tags=["stories"])
    def api_story(s: StoreDep, story_id: str) -> dict[str, Any]:
        """One story's side-by-side comparison."""
        found = pages.compare_story(s, story_id)
        if found is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return as_json(found)

    @app.get("/api/entities", responses=BAD, tags=["entities"])
    def api_entities(s: StoreDep, offset: Offset = 0, limit: Limit = 50) -> dict[str, Any]:
        """Canonical entities by mention count, one page at a time."""
        total, items = entity_summaries(s, offset, limit)
        return {
            "total": total, "offset": offset, "limit": limit,
            "items": [as_json(e) for e in items],
        }  # fmt: skip

    @app.get("/api/entities/{entity_id}", responses=MISSING, tags=["entities"])
    def api_entity(s: StoreDep, entity_id: str) -> dict[str, Any]:
        """One entity: aliases, mentions per article and outlet, quotes by and about it."""
        found = entity_detail(s, entity_id)
        if found is None:
            raise HTTPException(404, f"no entity {entity_id!r}")
        return as_json(found)

    @app.get("/api/search", responses=BAD, tags=["search"])
    def api_search(
        s: StoreDep,
        q: Annotated[str, Query(min_length=1, max_length=500, description="FTS5 query.")],
        limit: Limit = 20,
    ) -> dict[str, Any]:
        """Full-text search over titles and clean text (words, "phrases", AND/OR/NOT)."""
        try:
            hits = s.search(q, limit)
        except UsageError as exc:
            raise HTTPException(400, str(exc)) from None
        return {"query": q, "limit": limit, "items": [as_json(h) for h in hits]}


def _pager(path: str, extra: str, offset: int, limit: int, total: int) -> dict[str, Any]:
    return {
        "previous": f"{path}?offset={max(0, offset - limit)}&limit={limit}{extra}"
        if offset > 0 else None,
        "next": f"{path}?offset={offset + limit}&limit={limit}{extra}"
        if offset + limit < total else None,
        "first": offset + 1 if total else 0,
        "last": min(total, offset + limit),
        "total": total,
    }  # fmt: skip
