"""Helpers for the report and app tests: stores built by the real pipeline from the examples
and from hostile inputs, and what the browser tests share (conftest.py holds the fixtures)."""

from __future__ import annotations

import importlib
import json
import socket
from pathlib import Path
from typing import Any

from newsprism.config import default_config
from newsprism.errors import UsageError
from newsprism.ingest.options import ReadOptions
from newsprism.pipeline import analyze, understand_corpus
from newsprism.store.api import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

# Every payload writes an "XSS" marker if it ever runs: a dialog or a console line.
TXT_NAME = 'x"><img src=x onerror=alert(1)>.txt'
TXT = """<script>alert('XSS-TITLE')</script> Minsk talks \
"><img src=x onerror="console.log('XSS-IMG')">

MINSK -- Alexander Lukashenko said on Monday that "<script>alert('XSS-QUOTE')</script> the talks \
went well," according to officials.
Vladimir Putin told reporters in Moscow on September 3, 2020 that "><img src=x \
onerror=alert('XSS-Q2')> was not a threat.
See javascript:alert('XSS-URL') for details.
"""
HTML_NAME = "<svg onload=alert('XSS-FILE')>.html"
HTML = """<!doctype html>
<html><head>
<title><script>alert('XSS-HTITLE')</script> Belarus opposition "><img src=x \
onerror=alert('XSS-HIMG')></title>
<meta property="og:site_name" content="<script>console.log('XSS-OUTLET')</script>Evil &quot;>\
<img src=x onerror=alert('XSS-OUTLET2')>">
<link rel="canonical" href="javascript:alert('XSS-HREF')">
<meta property="og:url" content="javascript:alert('XSS-OGURL')">
<meta property="article:published_time" content="2020-09-05">
</head><body><article>
<h1><script>alert('XSS-HTITLE')</script> Belarus opposition</h1>
<p>MINSK -- Svetlana Tikhanovskaya said on Saturday that "the &lt;script&gt;alert('XSS-BODY')\
&lt;/script&gt; protests will continue," according to her spokesperson in Vilnius.</p>
<p>Alexander Lukashenko told state television on September 4, 2020 that "&quot;&gt;&lt;img \
src=x onerror=alert('XSS-BODY2')&gt; foreign powers" were behind the unrest.</p>
<p>Read more at <a href="javascript:alert('XSS-LINK')">javascript:alert('XSS-LINK')</a> about the
protests in Minsk, the statements of the Kremlin and the reaction in Moscow.</p>
</article></body></html>
"""

JSONL_NAME = "records'\"><b onmouseover=alert('XSS-JSONL')>.jsonl"
JSONL = (
    json.dumps(
        {
            "title": "</script><script>alert('XSS-JTITLE')</script>",
            "outlet": "<img src=x onerror=alert('XSS-JOUTLET')>",
            "author": "\"><svg onload=alert('XSS-JAUTHOR')>",
            "url": "javascript:alert('XSS-JURL')",
            "published": "2020-09-06",
            "text": 'Alexander Lukashenko said in Minsk on Sunday that "</script><script>'
            "alert('XSS-JQUOTE')</script> nothing will change,\" according to BelTA.",
        }
    )
    + "\n"
)


def _corpus_stages(store: Store) -> dict[str, str]:
    """Run the stories and framing stages when this checkout has them; say why when not.

    They are built beside this package; the pages show whatever of theirs the store holds.
    """
    skipped: dict[str, str] = {}
    config = default_config()
    stages: list[tuple[str, str, str, tuple[Any, ...]]] = [
        ("framing", "newsprism.framing", "frame_corpus", (config,)),
        ("stories", "newsprism.stories.run", "build_stories", ()),
    ]
    for name, module, function, args in stages:
        try:
            run = getattr(importlib.import_module(module), function)
        except (ImportError, AttributeError) as exc:
            skipped[name] = f"not in this checkout ({exc})"
            continue
        try:
            run(store, *args)
        except UsageError as exc:  # the stage says it is not set up (e.g. a model not built)
            skipped[name] = str(exc)
    return skipped


def build_store(db: Path, inputs: Path) -> dict[str, str]:
    """Analyze ``inputs`` into ``db`` with the real pipeline; the stages that were skipped."""
    with Store(db) as store:
        analyze([str(inputs)], store, ReadOptions(), default_config(), workers=1)
        understood = understand_corpus(store, default_config(), workers=1)
        assert not understood.errors, understood.errors
        return _corpus_stages(store)


SKIPPED: dict[Path, dict[str, str]] = {}
"""Per built store: the corpus stages that could not run here, and why."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
