"""The static report of the examples and of a hostile corpus, read as HTML (no browser)."""

from __future__ import annotations

import json
import sys
import types
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.listings import (
    ClaimGroupListing,
    ColumnClaim,
    ComparisonColumn,
    Cooccurrence,
    EventReport,
    GroupedClaim,
    LabelListing,
    MergedEvent,
    Omission,
    RoleCasting,
    RoleFlip,
    SourceCount,
    StoryArticle,
    StoryComparison,
    StoryListing,
    Wording,
)
from newsprism.report import pages
from newsprism.report.render import REPORT_CSP, Links, render
from newsprism.store.api import Store

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "link", "body", "header", "main", "a", "form", "input",
    "button", "h1", "h2", "h3", "h4", "p", "div", "span", "table", "tr", "th", "td", "ul", "ol",
    "li", "b", "section", "aside", "code", "details", "summary", "dl", "dt", "dd", "script",
}  # fmt: skip


class Page(HTMLParser):
    """Tags with attributes, visible text, and the JSON data block of one page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.data: str | None = None
        self._in_data = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_data = tag == "script" and dict(attrs).get("type") == "application/json"

    def handle_endtag(self, tag: str) -> None:
        self._in_data = False

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.data = (self.data or "") + data
        else:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return "".join(self.text)


def check_harmless(html: str, static: bool = True) -> Page:
    """Fail if the page has any way to run code other than its own shipped scripts."""
    page = Page(html)
    for tag, attrs in page.tags:
        assert tag in ALLOWED_TAGS, (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, attrs)
            if name in ("href", "src", "action") and value and value != "data:,":  # no favicon
                scheme = urlsplit(value.strip()).scheme.lower()
                assert scheme in ("", "http", "https"), (tag, attrs)
        if tag == "script":
            assert attrs.get("type") == "application/json" or (
                attrs.get("src") or ""
            ).rsplit("static/", 1)[-1] in ("newsprism.js", "vendor/chart.umd.min.js",
                                           "vendor/cytoscape.min.js"), attrs  # fmt: skip
    metas = [a for t, a in page.tags if t == "meta" and a.get("http-equiv")]
    if static:
        assert metas == [{"http-equiv": "Content-Security-Policy", "content": REPORT_CSP}]
    assert page.data is not None
    json.loads(page.data)  # the data block is valid JSON, never cut short by a "</script>"
    return page


def html_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def test_report_pages_of_the_examples(examples_report: Path, examples_db: Path) -> None:
    with Store(examples_db, readonly=True) as store:
        ids = [s.article.id for s in store.articles(include_copies=True)]
        entities = store.conn.exec_driver_sql("SELECT COUNT(*) FROM entities").fetchone()[0]
    assert sorted(p.stem for p in (examples_report / "article").glob("*.html")) == sorted(ids)
    assert len(list((examples_report / "entity").glob("*.html"))) == entities > 50
    for name in ("chart.umd.min.js", "chart.js-LICENSE.md", "cytoscape.min.js",
                 "cytoscape-LICENSE"):  # fmt: skip
        assert (examples_report / "static" / "vendor" / name).stat().st_size > 1000
    index = check_harmless((examples_report / "index.html").read_text())
    for title in ("Belarus coup plot foiled in Moscow", "The US-Orchestrated Coup Plot in Belarus"):
        assert title in index.visible
    assert "reprint of RFE/RL" in index.visible
    data = json.loads(index.data or "")
    assert sorted(data["per_outlet"]["labels"]) == sorted(
        ["(unknown outlet)", "New Worker", "Global Research", "GlobalSecurity.org",
         "The Moscow Times"]
    )  # fmt: skip
    assert data["per_day"] == {
        "labels": ["2020-09-03", "2020-09-14", "2024-03-26", "unknown"],
        "values": [1, 1, 1, 2],
    }


def test_every_page_is_harmless_and_every_local_link_resolves(examples_report: Path) -> None:
    for path in html_files(examples_report):
        page = check_harmless(path.read_text())
        for _, attrs in page.tags:
            for name in ("href", "src"):
                value = attrs.get(name)
                if not value or urlsplit(value).scheme:
                    continue  # a link out to the article's own web address
                target = (path.parent / unquote(urlsplit(value).path)).resolve()
                assert target.is_file(), (path.name, value)


def test_article_page_highlights_entities_quotes_claims_and_dates(
    examples_report: Path, examples_db: Path
) -> None:
    with Store(examples_db, readonly=True) as store:
        reprint = next(
            s.article for s in store.articles() if s.article.outlet == "GlobalSecurity.org"
        )
        lukashenko = store.conn.exec_driver_sql(
            "SELECT id FROM entities WHERE canonical_name='Alexander Lukashenko'"
        ).fetchone()[0]
    html = (examples_report / "article" / f"{reprint.id}.html").read_text()
    page = check_harmless(html)
    assert "reprinted from RFE/RL" in " ".join(page.visible.split())
    # the whole original text is there, in order, once: pieces are only cut, never changed
    body = html.split('id="article-text">', 1)[1].split("</div>", 1)[0]
    assert "".join(Page(body).text) == reprint.original_text
    classes = " ".join(a.get("class") or "" for _, a in page.tags)
    for css in ("ent", "quote", "q0", "claim", "date", "boiler"):
        assert f" {css} " in f" {classes} ", css
    links = [a for t, a in page.tags if t == "a" and a.get("data-entity") == lukashenko]
    assert links and links[0]["href"] == f"../entity/{lukashenko}.html"


def test_entity_page_lists_aliases_outlets_and_quotes(
    examples_report: Path, examples_db: Path
) -> None:
    with Store(examples_db, readonly=True) as store:
        row = store.conn.exec_driver_sql(
            "SELECT id FROM entities WHERE canonical_name='Alexander Lukashenko'"
        ).fetchone()
    page = check_harmless((examples_report / "entity" / f"{row[0]}.html").read_text())
    text = " ".join(page.visible.split())
    assert "Alexander Lukashenko" in text and "Lukashenka" in text
    per_outlet = json.loads(page.data or "")["per_outlet"]
    assert len(per_outlet["labels"]) == 5 and min(per_outlet["values"]) >= 1
    assert "Quotes by Alexander Lukashenko" in text


def test_report_of_hostile_articles_shows_the_payloads_as_text(hostile_report: Path) -> None:
    pages_seen = html_files(hostile_report)
    assert len([p for p in pages_seen if p.parent.name == "article"]) == 3
    shown = ""
    for path in pages_seen:
        html = path.read_text()
        for raw in ("<script>alert", "</script><script>", "<img", "<svg", "<b on"):
            assert raw not in html, (path.name, raw)
        shown += check_harmless(html).visible  # which also finds no javascript: link
    for payload in (
        "<script>alert('XSS-TITLE')</script>",  # a title
        '"><img src=x onerror="console.log(\'XSS-IMG\')">',  # a title
        "<script>console.log('XSS-OUTLET')</script>Evil \">",  # an outlet
        "<img src=x onerror=alert('XSS-JOUTLET')>",  # an outlet
        "<svg onload=alert('XSS-FILE')>.html",  # a file name
        "<b onmouseover=alert('XSS-JSONL')>.jsonl",  # a file name
        "javascript:alert('XSS-JURL')",  # a url, shown but not linked
        "</script><script>alert('XSS-JTITLE')</script>",  # a title that ends a script
        "<script>alert('XSS-BODY')</script>",  # article text
    ):
        assert payload in shown, payload


def test_report_refuses_a_file_as_folder(examples_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x")
    result = CliRunner().invoke(app, ["report", "--db", str(examples_db), "-o", str(target)])
    assert result.exit_code == 2
    assert "not a folder" in result.stderr


def test_report_of_a_missing_store_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no such store" in result.stderr


EVIL = "<script>alert('XSS-STORY')</script>\"><img src=x onerror=alert(1)>"


def _fake_stories(article_id: str) -> types.ModuleType:
    """A stories module giving the stories stage's records, full of hostile strings."""
    story = StoryListing(
        id='s/1"<x>', label=EVIL, first_date="2020-09-03", last_date="2020-09-14",
        articles=(StoryArticle(article_id, EVIL, EVIL, None, None, None, None),),
        outlets=(EVIL,),
    )  # fmt: skip

    def label(scheme: str, name: str, entity: str | None, caveat: str = "") -> LabelListing:
        return LabelListing(article_id, "article", 0, 5, scheme, name, 0.9, entity, entity, "m@1",
                            not caveat, caveat)  # fmt: skip

    compared = StoryComparison(
        story=story,
        columns=(ComparisonColumn(
            article_id=article_id, outlet=EVIL, original_outlet=None, copy_of=None, title=EVIL,
            published=None, url="javascript:alert('XSS-COLUMN')",
            sources_quoted=(SourceCount(EVIL, 2),),
            claims=(
                ColumnClaim("g1", "corroborated", EVIL, 0, 5, EVIL, ("reportedly",)),
                ColumnClaim("g2", "contradicted", "second", 0, 5, None, ()),
            ),
            status_counts={"corroborated": 1, "contradicted": 1},
            omitted=(Omission("claim", "g3", EVIL),),
            designations={EVIL: {EVIL: 2}},
            framing={"frame": (label("frame", EVIL, None),),
                     "role": (label("role", EVIL, EVIL, caveat=EVIL),)},
        ),),
        claim_groups=(ClaimGroupListing("g1", "single_source", EVIL, (EVIL,), (EVIL,), (
            GroupedClaim(1, article_id, EVIL, EVIL, 0, 5, EVIL, (), "+"),), (EVIL,)),),
        status_counts={"single_source": 1},
        wording=(Wording("E1", EVIL, {EVIL: (EVIL, "Minsk")}),),
        timeline=(MergedEvent("2020-09-03", "day", story.id, (EVIL,), (), EVIL, EVIL,
                              (EventReport(article_id, EVIL, 0, 5, EVIL),)),),
        cooccurrence=(Cooccurrence("E1", 'E"2', EVIL, "B", 3),),
        role_flips=(RoleFlip("E1", EVIL, (
            RoleCasting(article_id, EVIL, "Protagonist", 0.8, EVIL, True, ""),
            RoleCasting(article_id, "B", "Antagonist", 0.7, EVIL, False, EVIL)), False),),
    )  # fmt: skip
    module = types.ModuleType("newsprism.stories.api")
    module.list_stories = lambda store: [story]  # type: ignore[attr-defined]
    module.compare_story = (  # type: ignore[attr-defined]
        lambda store, story_id: compared if story_id == story.id else None
    )
    return module


def test_story_page_renders_every_part_and_escapes_it(
    examples_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(examples_db, readonly=True) as store:
        article_id = next(store.articles()).article.id
        monkeypatch.setitem(sys.modules, "newsprism.stories.api", _fake_stories(article_id))
        links = Links(static=True, depth=1)
        context = pages.story_page(store, 's/1"<x>', links)
        assert context is not None
        html = render("story.html", links, **context)
        assert pages.story_page(store, "nope", links) is None
        overview = render("index.html", Links(static=True), **pages.overview(store))
    page = check_harmless(html)
    text = " ".join(page.visible.split())
    assert text.count(EVIL) >= 10
    for badge in ("corroborated", "contradicted", "single source", "omitted", "not told by"):
        assert badge in text, badge
    assert f"unreliable: {EVIL}" in text  # the role label's caveat and the role flip's
    assert f"Protagonist (0.80) “{EVIL}”" in text and "Role flips" in text
    assert not [a for t, a in page.tags if t == "a" and "XSS-COLUMN" in (a.get("href") or "")]
    data = json.loads(page.data or "")
    assert data["timeline"]["points"] == [{"date": "2020-09-03", "outlet": EVIL, "text": EVIL}]
    assert {n["name"] for n in data["graph"]["nodes"]} == {EVIL, "B"}
    assert [a.get("href") for t, a in Page(overview).tags if t == "a" and "story/" in (
        a.get("href") or "")] == [links.at(0).story('s/1"<x>')]  # fmt: skip
    check_harmless(overview)
