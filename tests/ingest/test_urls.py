"""fetch_url / read_url through httpx.MockTransport: no test touches the network or real DNS."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from newsprism.errors import FetchError
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.urls import fetch_url, non_public_kind, read_url
from newsprism.records import Document, IngestError

FIXTURES = Path(__file__).parent.parent / "fixtures"
PAGE = (FIXTURES / "html" / "harbour_bridge.html").read_bytes()
FEED = (FIXTURES / "feeds" / "valley_post_atom.xml").read_bytes()
FETCH = ReadOptions(fetch=True)
ALLOW = "; pass --allow-private to allow"
READS = "; newsprism reads HTML pages, RSS/Atom feeds and plain text"
# what the fake resolver answers; anything else does not resolve
DNS = {
    "news.example": ["93.184.216.34"],
    "cdn.example": ["2606:4700::6810:84e5"],
    "intranet.example": ["10.0.0.1"],
    "mixed.example": ["93.184.216.34", "192.168.1.20"],
    "mapped.example": ["::ffff:127.0.0.1"],
}


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        if host not in DNS:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (
                socket.AF_INET6 if ":" in a else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (a, port, 0, 0) if ":" in a else (a, port),
            )
            for a in DNS[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


Handler = Callable[[httpx.Request], httpx.Response]


def transport(handler: Handler, seen: list[str] | None = None) -> httpx.MockTransport:
    def record(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(str(request.url))
        return handler(request)

    return httpx.MockTransport(record)


def serve(body: bytes, content_type: str, status: int = 200) -> httpx.MockTransport:
    return transport(
        lambda _: httpx.Response(status, content=body, headers={"content-type": content_type})
    )


def fetch_error(url: str, options: ReadOptions, mock: httpx.MockTransport) -> str:
    with pytest.raises(FetchError) as info:
        fetch_url(url, options, mock)
    return str(info.value)


# --- fetching ----------------------------------------------------------------------------


def test_fetch_url_returns_body_type_and_final_url() -> None:
    body, content_type, final = fetch_url(
        "https://news.example/a", FETCH, serve(b"hello", "text/plain; charset=utf-8")
    )

    assert (body, content_type, final) == (
        b"hello",
        "text/plain; charset=utf-8",
        "https://news.example/a",
    )


def test_fetching_is_off_by_default() -> None:
    seen: list[str] = []
    items = list(
        read_url(
            "https://news.example/a", ReadOptions(), transport(lambda _: httpx.Response(200), seen)
        )
    )

    assert items == [
        IngestError("https://news.example/a", "URL given but fetching is off; pass --fetch")
    ]
    assert seen == []


def test_read_url_html_page() -> None:
    [doc] = read_url("https://news.example/a", FETCH, serve(PAGE, "text/html; charset=utf-8"))

    assert isinstance(doc, Document)
    assert doc.source == "https://news.example/a"
    assert doc.format == "html"
    assert doc.title == "Council approves £40m harbour bridge after two-year delay"
    assert doc.published == date(2024, 3, 12)
    # the page names its canonical URL, which wins over the fetched one
    assert doc.url == "https://www.coastalherald.example/news/2024/03/12/harbour-bridge-approved"
    assert doc.raw == PAGE


def test_redirects_are_followed_and_the_final_url_kept() -> None:
    page = (
        b"<html><body><article><p>"
        + b"The ferry timetable was cut again on Monday. " * 3
        + b"</p></article></body></html>"
    )
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/short":
            return httpx.Response(301, headers={"location": "https://cdn.example/start"})
        if request.url.path == "/start":
            return httpx.Response(302, headers={"location": "/story?id=7"})  # relative
        return httpx.Response(200, content=page, headers={"content-type": "text/html"})

    [doc] = read_url("http://news.example/short", FETCH, transport(handler, seen))

    assert seen == [
        "http://news.example/short",
        "https://cdn.example/start",
        "https://cdn.example/story?id=7",
    ]
    assert isinstance(doc, Document)
    assert doc.source == "http://news.example/short"
    assert doc.url == "https://cdn.example/story?id=7"  # the page names none itself


def test_read_url_plain_text_with_header_charset() -> None:
    body = "Caf\u00e9 owners say \u201cenough\u201d.".encode("cp1252")
    [doc] = read_url(
        "https://news.example/t.txt", FETCH, serve(body, "text/plain; charset=ISO-8859-1")
    )

    assert doc == Document(
        source="https://news.example/t.txt",
        format="url",
        original_text="Café owners say “enough”.",
        encoding="cp1252",
        url="https://news.example/t.txt",
    )


def test_read_url_feed_by_content_type_and_by_sniffing() -> None:
    for content_type in ("application/atom+xml", "application/xml", "text/xml; charset=utf-8", ""):
        items = list(read_url("https://news.example/feed", FETCH, serve(FEED, content_type)))

        assert [d.source for d in items if isinstance(d, Document)] == [
            "https://news.example/feed#tag:valleypost.example,2022:article-9931",
            "https://news.example/feed#tag:valleypost.example,2022:article-9925",
        ]
        assert all(isinstance(d, Document) and d.format == "feed" for d in items)


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (
            b"%PDF-1.7 ...",
            "application/pdf",
            "unsupported content type 'application/pdf'" + READS,
        ),
        (
            b"\x89PNG\r\n",
            "",
            "unsupported content type 'none'" + READS,
        ),
        (b"", "text/plain", "empty response (no text)"),
        (
            b"<html><body><nav>Home</nav></body></html>",
            "text/html",
            "no article text found in HTML",
        ),
    ],
)
def test_read_url_unreadable_bodies(body: bytes, content_type: str, reason: str) -> None:
    assert list(read_url("https://news.example/x", FETCH, serve(body, content_type))) == [
        IngestError("https://news.example/x", reason)
    ]


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (404, "HTTP 404 Not Found"),
        (410, "HTTP 410 Gone"),
        (500, "HTTP 500 Internal Server Error"),
        (503, "HTTP 503 Service Unavailable"),
    ],
)
def test_http_errors(status: int, reason: str) -> None:
    assert list(read_url("https://news.example/x", FETCH, serve(b"oops", "text/html", status))) == [
        IngestError("https://news.example/x", reason)
    ]


def test_redirect_without_location() -> None:
    mock = transport(lambda _: httpx.Response(302))

    assert (
        fetch_error("https://news.example/x", FETCH, mock)
        == "HTTP 302 redirect without a Location header"
    )


def test_too_many_redirects() -> None:
    seen: list[str] = []
    mock = transport(lambda r: httpx.Response(302, headers={"location": f"/hop{len(seen)}"}), seen)

    reason = fetch_error(
        "https://news.example/start", ReadOptions(fetch=True, max_redirects=2), mock
    )

    assert reason == "more than 2 redirects; the URL may be a redirect loop"
    assert len(seen) == 3  # the first request and two redirects, never a fourth


def test_download_over_max_bytes_by_content_length() -> None:
    options = ReadOptions(fetch=True, max_bytes=1000)

    assert fetch_error("https://news.example/big", options, serve(b"x" * 1001, "text/html")) == (
        "download larger than 1000 bytes; raise --max-download-bytes"
    )


def test_download_over_max_bytes_while_streaming() -> None:
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        for _ in range(1000):  # 64 MB without a Content-Length header
            sent.append(1)
            yield b"x" * 65536

    mock = transport(
        lambda _: httpx.Response(200, content=chunks(), headers={"content-type": "text/html"})
    )
    options = ReadOptions(fetch=True, max_bytes=2 * 1024 * 1024)

    assert (
        fetch_error("https://news.example/big", options, mock)
        == "download larger than 2 MB; raise --max-download-bytes"
    )
    assert len(sent) == 33  # it stopped reading as soon as it passed the cap


def test_downloads_are_capped_at_10_mb_by_default() -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(200):  # 12.5 MB without a Content-Length header
            yield b"x" * 65536

    mock = transport(
        lambda _: httpx.Response(200, content=chunks(), headers={"content-type": "text/html"})
    )
    assert (
        fetch_error("https://news.example/big", ReadOptions(fetch=True), mock)
        == "download larger than 10 MB; raise --max-download-bytes"
    )


def test_timeout() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    assert fetch_error("https://news.example/slow", FETCH, transport(handler)) == (
        "timed out after 20 s; try again later or raise --timeout"
    )


def test_connection_failure() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    assert fetch_error("https://news.example/x", FETCH, transport(handler)) == (
        "fetch failed: [Errno 111] Connection refused"
    )


# --- safety ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (
            "http://127.0.0.1/",
            "refused: 127.0.0.1 is a loopback address" + ALLOW,
        ),
        (
            "http://127.0.0.1:8080/admin",
            "refused: 127.0.0.1 is a loopback address" + ALLOW,
        ),
        ("http://[::1]/", "refused: ::1 is a loopback address; pass --allow-private to allow"),
        (
            "http://169.254.169.254/latest/meta-data/",
            "refused: 169.254.169.254 is a link-local address" + ALLOW,
        ),
        (
            "http://10.1.2.3/",
            "refused: 10.1.2.3 is a private address" + ALLOW,
        ),
        (
            "http://192.168.0.1/",
            "refused: 192.168.0.1 is a private address" + ALLOW,
        ),
        (
            "http://0.0.0.0/",
            "refused: 0.0.0.0 is an unspecified address" + ALLOW,
        ),
        (
            "http://[::ffff:127.0.0.1]/",
            "refused: ::ffff:127.0.0.1 is a loopback address" + ALLOW,
        ),
        (
            "http://[fe80::1]/",
            "refused: fe80::1 is a link-local address" + ALLOW,
        ),
        (
            "http://[fd00::1]/",
            "refused: fd00::1 is a private address" + ALLOW,
        ),
        (
            "http://224.0.0.1/",
            "refused: 224.0.0.1 is a multicast address" + ALLOW,
        ),
        (
            "http://100.64.0.1/",
            "refused: 100.64.0.1 is a non-public address" + ALLOW,
        ),
        (
            "http://intranet.example/",
            "refused: intranet.example resolves to private address 10.0.0.1" + ALLOW,
        ),
        (
            "http://mixed.example/",
            "refused: mixed.example resolves to private address 192.168.1.20" + ALLOW,
        ),
        (
            "http://mapped.example/",
            "refused: mapped.example resolves to loopback address ::ffff:127.0.0.1" + ALLOW,
        ),
        (
            "http://nowhere.example/",
            "cannot resolve host nowhere.example: [Errno -2] Name or service not known",
        ),
        ("file:///etc/passwd", "refused: only http and https URLs can be fetched (got file)"),
        ("ftp://news.example/a.txt", "refused: only http and https URLs can be fetched (got ftp)"),
        ("news.example/a", "refused: only http and https URLs can be fetched (got no scheme)"),
        ("http:///path-only", "not a valid URL: no host"),
    ],
)
def test_refused_urls_are_never_requested(url: str, reason: str) -> None:
    seen: list[str] = []
    items = list(read_url(url, FETCH, transport(lambda _: httpx.Response(200, content=PAGE), seen)))

    assert items == [IngestError(url, reason)]
    assert seen == []


def test_redirect_to_a_private_address_is_refused() -> None:
    seen: list[str] = []
    mock = transport(lambda _: httpx.Response(302, headers={"location": "http://10.0.0.5/"}), seen)

    assert list(read_url("https://news.example/a", FETCH, mock)) == [
        IngestError(
            "https://news.example/a",
            "refused: redirected to 10.0.0.5, a private address" + ALLOW,
        )
    ]
    assert seen == ["https://news.example/a"]  # 10.0.0.5 was never requested


def test_redirect_to_a_host_resolving_privately_is_refused() -> None:
    mock = transport(
        lambda _: httpx.Response(307, headers={"location": "http://intranet.example/x"})
    )

    assert fetch_error("https://news.example/a", FETCH, mock) == (
        "refused: redirected to intranet.example, which resolves to private address 10.0.0.1; "
        "pass --allow-private to allow"
    )


def test_redirect_to_another_scheme_is_refused() -> None:
    mock = transport(lambda _: httpx.Response(302, headers={"location": "file:///etc/passwd"}))

    assert fetch_error("https://news.example/a", FETCH, mock) == (
        "refused: only http and https URLs can be fetched (got file)"
    )


def test_allow_private() -> None:
    options = ReadOptions(fetch=True, allow_private=True)
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "127.0.0.1":
            return httpx.Response(302, headers={"location": "http://10.0.0.5/page"})
        return httpx.Response(200, content=PAGE, headers={"content-type": "text/html"})

    [doc] = read_url("http://127.0.0.1/", options, transport(handler, seen))

    assert isinstance(doc, Document)
    assert seen == ["http://127.0.0.1/", "http://10.0.0.5/page"]


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("93.184.216.34", None),
        ("2606:4700::6810:84e5", None),
        ("127.0.0.2", "loopback"),
        ("::", "unspecified"),
        ("172.16.5.4", "private"),
        ("169.254.1.1", "link-local"),
        ("240.0.0.1", "reserved"),
        ("ff02::1", "multicast"),
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:7f00:1::", "loopback"),  # 6to4 wrapping 127.0.0.1
        ("192.0.2.1", "private"),  # documentation range
    ],
)
def test_non_public_kind(address: str, kind: str | None) -> None:
    assert non_public_kind(ipaddress.ip_address(address)) == kind
