"""Jinja2 rendering shared by the static report and the web app.

Autoescape is on for every template, and no template marks article data ``|safe``: titles,
outlets, file names and text are escaped in element content and attributes. Data for charts
goes into ``<script type="application/json">`` through ``|tojson`` (which escapes ``<``, ``>``,
``&`` and ``'``), and is read by the shipped scripts; pages carry no inline script at all, so a
Content-Security-Policy without ``'unsafe-inline'`` holds.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import ChainableUndefined, Environment, PackageLoader, select_autoescape

CSP_COMMON = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; base-uri 'none'; object-src 'none'"
)
REPORT_CSP = CSP_COMMON + "; connect-src 'none'; form-action 'none'"
"""The static report's policy (a meta tag; file:// pages cannot send headers)."""
WEB_CSP = CSP_COMMON + "; connect-src 'self'; form-action 'self'; frame-ancestors 'none'"
"""The served pages' policy (an HTTP header)."""

_SAFE_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}")


def file_name(key: str) -> str:
    """A file name for an id from the store: the id itself when harmless, else its hash."""
    if _SAFE_NAME.fullmatch(key):
        return key
    return "h" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an http(s) address worth linking; never a javascript: or data: URL."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


@dataclass(frozen=True)
class Links:
    """Where pages live: files of the static report (``static=True``) or the app's routes."""

    static: bool
    depth: int = 0
    """How many folders below the report's root the page being rendered is."""

    @property
    def root(self) -> str:
        return "../" * self.depth if self.static else "/"

    def at(self, depth: int) -> Links:
        return Links(self.static, depth)

    def home(self) -> str:
        return self.root + ("index.html" if self.static else "")

    def entities(self) -> str:
        return self.root + ("entities.html" if self.static else "entities")

    def asset(self, path: str) -> str:
        return f"{self.root}static/{path}"

    def page(self, kind: str, key: str) -> str:
        """Link to the ``kind`` (article, entity, story) page of ``key``."""
        if self.static:
            return f"{self.root}{kind}/{file_name(key)}.html"
        return f"/{kind}/{quote(key, safe='')}"

    def article(self, key: str) -> str:
        return self.page("article", key)

    def entity(self, key: str) -> str:
        return self.page("entity", key)

    def story(self, key: str) -> str:
        return self.page("story", key)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("newsprism.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        # data from other stages may lack optional keys: a missing one renders as nothing
        undefined=ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["href"] = safe_href
    env.filters["short"] = lambda value, n=10: (value or "")[:n]
    from newsprism.nlp.language import ANALYSED

    env.globals["analysed_languages"] = sorted(ANALYSED)
    return env


def render(template: str, links: Links, **context: Any) -> str:
    """Render ``template`` with the page's links and the policy it must declare."""
    csp = REPORT_CSP if links.static else None
    return environment().get_template(template).render(links=links, csp=csp, **context)
