"""Write the static report: one HTML file per page, plus the shipped scripts and styles.

The folder opens from disk (file:// URLs): links are relative, every script and style is
copied next to the pages, and each page declares its Content-Security-Policy in a meta tag.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from newsprism.errors import UsageError
from newsprism.report import pages
from newsprism.report.render import Links, file_name, render
from newsprism.store.api import Store
from newsprism.store.views import article_summaries, entity_summaries

_TOP = Links(static=True, depth=0)
_SUB = Links(static=True, depth=1)


@dataclass(frozen=True)
class ReportSummary:
    folder: Path
    articles: int
    entities: int
    stories: int

    @property
    def index(self) -> Path:
        return self.folder / "index.html"


def _write(path: Path, html: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


def _copy_static(folder: Path) -> None:
    target = folder / "static"
    if target.exists():
        shutil.rmtree(target)
    source = resources.files("newsprism.report") / "static"
    with resources.as_file(source) as path:
        shutil.copytree(path, target)


def write_report(store: Store, folder: Path) -> ReportSummary:
    """Write the report of ``store`` into ``folder`` (created; earlier pages are replaced)."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: not a folder; pass -o with a folder for the report")
    folder.mkdir(parents=True, exist_ok=True)
    for kind in ("article", "entity", "story"):
        old = folder / kind
        if old.is_dir():
            shutil.rmtree(old)  # pages of articles or entities no longer in the store
    _copy_static(folder)
    _write(folder / "index.html", render("index.html", _TOP, **pages.overview(store)))
    _write(folder / "entities.html", render("entities.html", _TOP, **pages.entities_page(store)))
    _, articles = article_summaries(store)
    stories = pages.list_stories(store)
    for a in articles:
        context = pages.article_page(store, a.id, _SUB, stories)
        if context is not None:
            _write(folder / "article" / f"{file_name(a.id)}.html",
                   render("article.html", _SUB, **context))  # fmt: skip
    _, entities = entity_summaries(store)
    roles = pages.framing_labels(store, scheme="role")
    for e in entities:
        context = pages.entity_page(store, e.id, roles)
        if context is not None:
            _write(folder / "entity" / f"{file_name(e.id)}.html",
                   render("entity.html", _SUB, **context))  # fmt: skip
    for s in stories:
        context = pages.story_page(store, s.id, _SUB)
        if context is not None:
            _write(folder / "story" / f"{file_name(s.id)}.html",
                   render("story.html", _SUB, **context))  # fmt: skip
    return ReportSummary(folder, len(articles), len(entities), len(stories))
