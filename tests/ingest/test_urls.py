"""fetch_url / read_url through httpx.MockTransport or local servers: no test touches the network
or real DNS."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from newsprism.errors import FetchError
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.sources import Input, find_inputs
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


def fetch_error(url: str, options: ReadOptions, mock: httpx.MockTransport | None) -> str:
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


# --- DNS rebinding: the connection goes to the address that was checked --------------------
#
# These tests talk to real HTTP(S) servers on 127.0.0.1. The "internet" is simulated at
# socket.create_connection: an address in REACHABLE is served by the local server on the same
# port, any other public address refuses at once, so nothing leaves the machine or hangs.

REACHABLE = {"93.184.216.34"}  # news.example
UNREACHABLE = "192.0.2.1"  # answered second by a resolver that should never be asked again
Route = tuple[int, dict[str, str], bytes]


@dataclass
class Site:
    """A real HTTP server on 127.0.0.1 that records each request's path and Host header."""

    port: int
    routes: dict[str, Route]
    requests: list[tuple[str, str | None]] = field(default_factory=list)


@pytest.fixture
def make_site() -> Iterator[Callable[..., Site]]:
    servers: list[tuple[HTTPServer, threading.Thread]] = []

    def make(routes: dict[str, Route], tls: ssl.SSLContext | None = None) -> Site:
        site = Site(0, routes)

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, self.headers.get("Host")))
                status, headers, body = site.routes.get(self.path, (404, {}, b"not here"))
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep the test output clean

        server = HTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            server.socket = tls.wrap_socket(server.socket, server_side=True)
        site.port = server.server_address[1]
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return site

    yield make
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join()


def rebinding_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> list[str]:
    """A resolver answering each host's addresses in turn, one per lookup (the last repeats)."""
    asked: list[str] = []
    plain = socket.getaddrinfo  # the fake_dns resolver, for every other host

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        if host not in answers:
            return plain(host, port, *args, **kwargs)
        address = answers[host][min(asked.count(host), len(answers[host]) - 1)]
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every address a connection is opened to; see REACHABLE above."""
    opened: list[str] = []

    def create_connection(address: tuple[str, int], timeout: Any = None, *a: Any, **k: Any) -> Any:
        host, port = address[0], address[1]
        if _is_ip(host):
            ips = [host]
        else:  # how httpx connects when it is handed a name: the system resolves it again
            ips = [str(i[4][0]) for i in socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)]
        for ip in ips:
            opened.append(ip)
            if ip in REACHABLE or ip == "127.0.0.1":
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.settimeout(timeout)
                sock.connect(("127.0.0.1", port))
                return sock
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return opened


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


HTML = {"content-type": "text/html; charset=utf-8"}


def test_dns_rebinding_cannot_reach_a_local_server(
    make_site: Callable[..., Site], monkeypatch: pytest.MonkeyPatch, connections: list[str]
) -> None:
    local = make_site({"/admin": (200, HTML, PAGE)})
    asked = rebinding_dns(monkeypatch, {"rebind.example": ["93.184.216.35", "127.0.0.1"]})

    reason = fetch_error(f"http://rebind.example:{local.port}/admin", FETCH, None)

    assert reason == "fetch failed: [Errno 111] Connection refused"
    assert local.requests == []  # the second answer, 127.0.0.1, was never used
    assert connections == ["93.184.216.35"]  # only the address that was checked
    assert asked == ["rebind.example"]  # resolved once


def test_dns_rebinding_on_a_redirect_hop(
    make_site: Callable[..., Site], monkeypatch: pytest.MonkeyPatch, connections: list[str]
) -> None:
    local = make_site({"/admin": (200, HTML, PAGE)})
    target = f"http://rebind.example:{local.port}/admin"
    public = make_site({"/story": (302, {"location": target}, b"")})
    rebinding_dns(monkeypatch, {"rebind.example": ["93.184.216.35", "127.0.0.1"]})

    reason = fetch_error(f"http://news.example:{public.port}/story", FETCH, None)

    assert reason == "fetch failed: [Errno 111] Connection refused"
    assert public.requests == [("/story", f"news.example:{public.port}")]
    assert local.requests == []
    assert connections == ["93.184.216.34", "93.184.216.35"]


def test_a_public_page_is_fetched_from_the_checked_address(
    make_site: Callable[..., Site], connections: list[str]
) -> None:
    site = make_site({"/story": (200, HTML, PAGE)})

    [doc] = read_url(f"http://news.example:{site.port}/story", FETCH)

    assert isinstance(doc, Document)
    assert doc.raw == PAGE
    assert site.requests == [("/story", f"news.example:{site.port}")]
    assert connections == ["93.184.216.34"]


def test_allow_private_connects_to_the_address_it_resolved(
    make_site: Callable[..., Site], monkeypatch: pytest.MonkeyPatch, connections: list[str]
) -> None:
    site = make_site({"/story": (200, HTML, PAGE)})
    # a second lookup would answer an address nothing listens on
    rebinding_dns(monkeypatch, {"local.example": ["127.0.0.1", UNREACHABLE]})
    options = ReadOptions(fetch=True, allow_private=True)

    body, content_type, final = fetch_url(f"http://local.example:{site.port}/story", options)

    assert (body, content_type) == (PAGE, "text/html; charset=utf-8")
    assert final == f"http://local.example:{site.port}/story"
    assert site.requests == [("/story", f"local.example:{site.port}")]
    assert connections == ["127.0.0.1"]


def _certificate(folder: Path, host: str) -> tuple[Path, Path, Path]:
    """A throwaway CA and a certificate it signs for ``host``: (ca, cert, key)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to make a test certificate")
    ca, ca_key = folder / "ca.pem", folder / "ca.key"
    cert, key, csr = folder / "cert.pem", folder / "cert.key", folder / "cert.csr"
    ext = folder / "ext.cnf"
    ext.write_text(f"subjectAltName=DNS:{host}\nbasicConstraints=CA:FALSE\n")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for command in (
        ["req", "-x509", *ec, "-keyout", ca_key, "-out", ca, "-days", "1", "-subj", "/CN=test CA"],
        ["req", *ec, "-keyout", key, "-out", csr, "-subj", f"/CN={host}"],
        [
            *("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial"),
            *("-out", cert, "-days", "1", "-extfile", ext),
        ],
    ):
        subprocess.run([openssl, *map(str, command)], check=True, capture_output=True)
    return ca, cert, key


def test_https_keeps_the_name_for_sni_and_the_certificate(
    make_site: Callable[..., Site],
    monkeypatch: pytest.MonkeyPatch,
    connections: list[str],
    tmp_path: Path,
) -> None:
    ca, cert, key = _certificate(tmp_path, "local.example")
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    names: list[str | None] = []

    def sni(_sock: ssl.SSLObject, name: str | None, _context: ssl.SSLContext) -> None:
        names.append(name)

    tls.sni_callback = sni
    site = make_site({"/story": (200, HTML, PAGE)}, tls)
    rebinding_dns(monkeypatch, {"local.example": ["127.0.0.1", UNREACHABLE]})
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))  # trust the test CA (httpx reads it)
    options = ReadOptions(fetch=True, allow_private=True)

    body, _, _ = fetch_url(f"https://local.example:{site.port}/story", options)

    assert body == PAGE
    assert names == ["local.example"]  # SNI names the host, not 127.0.0.1
    assert site.requests == [("/story", f"local.example:{site.port}")]
    assert connections == ["127.0.0.1"]


def test_https_certificate_for_another_name_is_refused(
    make_site: Callable[..., Site],
    monkeypatch: pytest.MonkeyPatch,
    connections: list[str],
    tmp_path: Path,
) -> None:
    ca, cert, key = _certificate(tmp_path, "other.example")
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    site = make_site({"/story": (200, HTML, PAGE)}, tls)
    rebinding_dns(monkeypatch, {"local.example": ["127.0.0.1"]})
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
    options = ReadOptions(fetch=True, allow_private=True)

    reason = fetch_error(f"https://local.example:{site.port}/story", options, None)

    assert reason.startswith("fetch failed: [SSL: CERTIFICATE_VERIFY_FAILED]")
    assert "Hostname mismatch" in reason
    assert site.requests == []


# --- arguments that are URLs of other schemes ------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "file:///etc/passwd",
        "file:/etc/passwd",
        "FILE:///etc/passwd",
        "ftp://news.example/a.txt",
        "data:text/html,<p>hi</p>",
        "javascript:alert(1)",
        "gopher://news.example/",
        "wss://news.example/live",
        "mailto:desk@news.example",
        "feed://news.example/rss",  # any scheme followed by //
    ],
)
def test_other_schemes_are_refused_as_urls(name: str) -> None:
    assert list(find_inputs([name])) == [IngestError(name, "only http(s) URLs can be fetched")]


@pytest.mark.parametrize("name", ["http:/news.example/a", "HTTPS://news.example/a"])
def test_http_urls_however_written_go_to_the_fetcher(name: str) -> None:
    assert list(find_inputs([name])) == [Input(name, "url")]


def test_paths_with_a_colon_are_still_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("file:notes.txt").write_text("An existing file whose name looks like a URL.")
    Path("data:2024").mkdir()
    Path("data:2024/a.txt").write_text("A file in a folder whose name looks like a URL.")

    found = list(find_inputs(["file:notes.txt", "data:2024", "C:/news", "notes:draft.txt"]))

    assert [(f.name, f.kind) for f in found if isinstance(f, Input)] == [
        ("file:notes.txt", "file"),
        ("data:2024/a.txt", "file"),
    ]
    assert [f for f in found if isinstance(f, IngestError)] == [
        IngestError("C:/news", "no such file or folder"),  # a drive letter, not a scheme
        IngestError("notes:draft.txt", "no such file or folder"),  # not a URL scheme
    ]
