"""The report and the app in headless Chromium: clicks, charts, search, and no script from
article data ever running."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from viewing import SCREENSHOTS, SKIPPED

MARKER = "XSS"
HARMFUL = "img, svg, iframe, object, embed, [onerror], [onload], [onmouseover], [onclick]"


class Watched:
    """A page with every dialog, console line and page error it produced."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.console: list[tuple[str, str]] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: self.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: self.console.append(("pageerror", str(e))))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visit(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def assert_clean(self) -> None:
        assert self.dialogs == []
        errors = [c for c in self.console if c[0] in ("error", "pageerror") or MARKER in c[1]]
        assert errors == []


def _open(browser: Any, bypass_csp: bool = False) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=bypass_csp)
    context.set_default_timeout(20_000)
    try:
        yield Watched(context.new_page())
    finally:
        context.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Watched]:
    yield from _open(browser)


@pytest.fixture
def unguarded_tab(browser: Any) -> Iterator[Watched]:
    """A tab that ignores Content-Security-Policy: only escaping stands between a payload
    and running it."""
    yield from _open(browser, bypass_csp=True)


def _charts_drawn(page: Any, selector: str) -> int:
    element = page.locator(selector)
    element.locator("canvas").first.wait_for()
    return int(element.get_attribute("data-rendered") or 0)


def _click_entity_and_check(tab: Watched) -> str:
    page = tab.page
    link = page.locator("#article-text a[data-entity]").filter(has_text="Lukashenk").first
    name = link.get_attribute("data-name")
    link.click()
    page.wait_for_url("**/entity/*.html")
    assert page.locator("h1#entity-name").inner_text() == name
    assert _charts_drawn(page, "#chart-mentions") >= 1
    assert page.locator("#entity-articles tr").count() >= 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "entity.png"))
    return name


def _settle(page: Any) -> None:
    """Wait two animation frames: scroll events are dispatched on a frame, and Cytoscape
    refreshes where its canvas sits on the page only when it sees them."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _click_a_graph_node(page: Any) -> None:
    """Click the first node of the co-occurrence graph where it is drawn: its entity opens."""
    where = """() => { const g = document.getElementById("graph");
                       const n = g.cytoscapeGraph.nodes()[0], p = n.renderedPosition();
                       const box = g.getBoundingClientRect();
                       return [box.left + p.x, box.top + p.y, n.data("label")]; }"""
    x, y, _ = page.evaluate(where)
    # the node's own point in the middle of the viewport, not merely some of the graph
    page.evaluate("([x, y]) => window.scrollBy(x - innerWidth / 2, y - innerHeight / 2)", [x, y])
    _settle(page)
    x, y, name = page.evaluate(where)
    viewport = page.viewport_size
    assert 0 <= x < viewport["width"] and 0 <= y < viewport["height"]
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_url("**/entity/*.html")
    assert page.locator("h1#entity-name").inner_text() == name


def test_overview_shows_the_corpus_and_its_charts(tab: Watched, examples_report: Path) -> None:
    tab.visit((examples_report / "index.html").as_uri())
    page = tab.page
    assert page.locator("#count-articles").inner_text() == "5"
    assert _charts_drawn(page, "#chart-outlets") == 5
    assert _charts_drawn(page, "#chart-days") == 4
    assert page.locator("#articles tr").count() == 6  # a header and five articles
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "overview.png"))
    tab.assert_clean()


def test_from_a_story_to_an_article_to_an_entity(tab: Watched, examples_report: Path) -> None:
    tab.visit((examples_report / "index.html").as_uri())
    page = tab.page
    stories = page.locator("#stories a")
    if stories.count() == 0:
        pytest.skip(f"no stories in the examples store; stages not run: {SKIPPED}")
    label = stories.first.inner_text()
    stories.first.click()
    page.wait_for_url("**/story/*.html")
    assert page.locator("h1#story-label").inner_text() == label
    columns = page.locator("#columns .column")
    assert columns.count() >= 2  # the biggest story has several outlets side by side
    assert page.locator("#columns .badge").count() >= 1
    if page.locator("#chart-timeline").count():
        assert _charts_drawn(page, "#chart-timeline") >= 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "story.png"))  # the columns, side by side
    if page.locator("#graph").count():
        page.locator("#graph canvas").first.wait_for()
        assert int(page.locator("#graph").get_attribute("data-rendered") or 0) >= 2
        page.locator("#story-charts").screenshot(path=str(SCREENSHOTS / "story-charts.png"))
        _click_a_graph_node(page)
        page.go_back()
        page.wait_for_url("**/story/*.html")

    headline = columns.first.locator("h3 a")
    title = headline.inner_text()
    headline.click()
    page.wait_for_url("**/article/*.html")
    assert page.locator("h1#title").inner_text() == title
    assert page.locator("#legend").is_visible()
    assert page.locator("#article-text .quote").count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "article.png"), full_page=False)
    _click_entity_and_check(tab)
    tab.assert_clean()


def test_from_an_article_to_an_entity(tab: Watched, examples_report: Path) -> None:
    tab.visit((examples_report / "index.html").as_uri())
    page = tab.page
    page.locator("#articles a", has_text="Russian PM In Minsk").click()
    page.wait_for_url("**/article/*.html")
    assert "reprinted from RFE/RL" in page.locator("p.meta").inner_text()
    legend = page.locator("#legend").inner_text()
    assert "claim" in legend and "date" in legend and "quote" in legend
    if not (SCREENSHOTS / "article.png").exists():
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "article.png"), full_page=False)
    assert _click_entity_and_check(tab)
    tab.assert_clean()


def test_search_in_the_served_app(tab: Watched, examples_server: str) -> None:
    tab.visit(examples_server + "/")
    page = tab.page
    assert _charts_drawn(page, "#chart-outlets") == 5  # shipped scripts run under the policy
    page.fill("input[name=q]", "Mishustin")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Mishustin*")
    hits = page.locator("#hits li")
    assert hits.count() == 1
    assert "GlobalSecurity.org" in hits.first.inner_text()
    hits.first.locator("a").click()
    page.wait_for_url("**/article/*")
    assert page.locator("h1#title").inner_text() == (
        "Russian PM In Minsk As Belarus Looks To Ally For Help"
    )
    page.locator("#article-text a[data-entity]").first.click()
    page.wait_for_url("**/entity/*")
    assert page.locator("h1#entity-name").is_visible()
    tab.assert_clean()
    tab.visit(examples_server + '/search?q="unbalanced')  # a 400 page, with the reason
    assert "cannot search" in page.locator("#search-message").inner_text()


def _check_hostile_page(tab: Watched, url: str) -> str:
    tab.visit(url)
    page = tab.page
    page.wait_for_timeout(50)  # let any timer or error handler a payload set up fire
    assert page.locator(HARMFUL).count() == 0, url
    assert page.locator("script:not([src]):not([type='application/json'])").count() == 0
    assert page.locator("a[href^='javascript' i]").count() == 0
    assert page.evaluate("() => window.__xss === undefined")
    text: str = page.locator("body").inner_text()
    return text


def test_no_payload_runs_in_the_report(unguarded_tab: Watched, hostile_report: Path) -> None:
    shown = ""
    pages = sorted(hostile_report.rglob("*.html"))
    assert len(pages) >= 8
    for path in pages:
        shown += _check_hostile_page(unguarded_tab, path.as_uri())
    unguarded_tab.assert_clean()
    for payload in (
        "<script>alert('XSS-TITLE')</script>",
        "<svg onload=alert('XSS-FILE')>.html",
        "<img src=x onerror=alert('XSS-JOUTLET')>",
        "javascript:alert('XSS-JURL')",
    ):
        assert payload in shown, payload


def test_no_payload_runs_in_the_app(unguarded_tab: Watched, hostile_server: str) -> None:
    page = unguarded_tab.page
    shown = _check_hostile_page(unguarded_tab, hostile_server + "/")
    articles = page.eval_on_selector_all("#articles a", "els => els.map(e => e.href)")
    entities = page.eval_on_selector_all("#entities a", "els => els.map(e => e.href)")
    assert len(articles) == 3 and entities
    searches = ["/search?q=alert", "/search?q=%22%3Cscript%3E%22", "/entities"]
    for url in [*articles, *entities[:5], *(hostile_server + s for s in searches)]:
        shown += _check_hostile_page(unguarded_tab, url)
    unguarded_tab.assert_clean()
    assert "<script>alert('XSS-TITLE')</script>" in shown
    assert "</script><script>alert('XSS-JTITLE')</script>" in shown


def test_api_docs_render_offline(tab: Watched, examples_server: str) -> None:
    tab.visit(examples_server + "/docs")
    page = tab.page
    page.locator(".swagger-ui .title").first.wait_for()
    assert "newsprism" in page.locator(".swagger-ui .title").first.inner_text()
    assert page.locator(".opblock-summary-path", has_text="/api/search").count() == 1
    tab.assert_clean()
