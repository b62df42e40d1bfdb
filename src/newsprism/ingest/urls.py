"""Fetching news URLs, carefully: off by default, public addresses only, bounded in size and time.

A URL list can come from anyone, and a fetcher that follows it blindly can be pointed at the
machine's own services (cloud metadata at 169.254.169.254, an admin page on localhost) or
made to download without end. So every hop of a redirect chain is checked before it is
requested, the connection goes to the very address that was checked (a name is resolved once,
never again by the HTTP client), and the body is streamed against a byte cap and a deadline.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx

from newsprism import __version__
from newsprism.errors import FetchError, InputError
from newsprism.ingest.decode import decode_bytes
from newsprism.ingest.feeds import looks_like_feed, read_feed
from newsprism.ingest.html import charset_codec, read_html
from newsprism.ingest.options import ReadOptions
from newsprism.records import Document, IngestError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_XML_TYPES = frozenset({"application/xml", "text/xml"})
_HEADERS = {
    "User-Agent": f"newsprism/{__version__}",
    "Accept": (
        "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
        "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
    ),
}
_ADDRESSES = "newsprism.addresses"
"""Request extension: the addresses check_url approved for the request's host, in order."""


def read_url(
    url: str, options: ReadOptions, transport: httpx.BaseTransport | None = None
) -> Iterator[Document | IngestError]:
    """Fetch ``url`` and read it as a page, a feed or plain text, by its content type.

    An injected ``transport`` (tests) connects as it likes; without one, only to checked addresses.

    Documents keep the URL as given as their ``source`` (feed entries add ``#entry-id``);
    a page that names no canonical URL gets the URL it was finally served from.
    """
    try:
        body, content_type, final_url = fetch_url(url, options, transport)
    except InputError as exc:
        yield IngestError(url, str(exc))
        return
    media_type = content_type.split(";", 1)[0].strip().lower()
    encoding = options.encoding or _header_charset(content_type, body)
    read_options = dataclasses.replace(options, encoding=encoding)
    head = body[:2048].lower()
    if media_type in _FEED_TYPES or (
        media_type in _XML_TYPES | {"", "application/octet-stream"} and looks_like_feed(body)
    ):
        yield from read_feed(body, url, options)  # XML carries its own encoding declaration
        return
    if media_type in _HTML_TYPES or (
        media_type in _XML_TYPES | {"", "application/octet-stream"}
        and (b"<html" in head or b"<!doctype html" in head)
    ):
        for item in read_html(body, url, read_options):
            if isinstance(item, Document):
                item = dataclasses.replace(item, url=item.url or final_url)
            yield item
        return
    if media_type == "text/plain":
        yield from _plain_text(body, url, final_url, read_options)
        return
    yield IngestError(
        url,
        f"unsupported content type {media_type or 'none'!r}; "
        "newsprism reads HTML pages, RSS/Atom feeds and plain text",
    )


def fetch_url(
    url: str, options: ReadOptions, transport: httpx.BaseTransport | None = None
) -> tuple[bytes, str, str]:
    """Download ``url`` and return (body, Content-Type header, final URL after redirects).

    Raises FetchError when fetching is off, the URL or any redirect target is not a public
    http(s) address, the server answers with an error, or the body exceeds the size or time limits.
    Each request carries the addresses its host was checked at; the default transport
    (PinnedTransport) connects only to those, an injected one may ignore them.
    """
    if not options.fetch:
        raise FetchError("URL given but fetching is off; pass --fetch")
    deadline = time.monotonic() + options.timeout
    current = _parse(url)
    try:
        with httpx.Client(
            transport=transport or PinnedTransport(),
            timeout=options.timeout,
            follow_redirects=False,  # each hop is checked before it is requested
            headers=_HEADERS,
        ) as client:
            for hop in range(options.max_redirects + 1):
                addresses = check_url(current, options, redirected=hop > 0)
                pinned = {_ADDRESSES: addresses}
                with client.stream("GET", current, extensions=pinned) as response:
                    if response.status_code in _REDIRECTS:
                        current = _redirect_target(response)
                        continue
                    if response.status_code >= 400:
                        reason = response.reason_phrase or "error"
                        raise FetchError(f"HTTP {response.status_code} {reason}")
                    cap = min(options.max_bytes, options.max_download_bytes)
                    body = _read_capped(response, cap, deadline, options.timeout)
                    return body, response.headers.get("content-type", ""), str(response.url)
    except httpx.TimeoutException:
        raise FetchError(_timed_out(options.timeout)) from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"not a valid URL: {exc}") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"fetch failed: {_short(exc)}") from None
    raise FetchError(f"more than {options.max_redirects} redirects; the URL may be a redirect loop")


def check_url(url: httpx.URL, options: ReadOptions, *, redirected: bool = False) -> list[IPAddress]:
    """Refuse non-http(s) URLs and, unless allowed, hosts with a non-public address.

    Returns the addresses to connect to: exactly those checked here, since resolving the name
    again to connect could answer differently (DNS rebinding: public first, 127.0.0.1 next).
    """
    if url.scheme not in ("http", "https"):
        got = url.scheme or "no scheme"
        raise FetchError(f"refused: only http and https URLs can be fetched (got {got})")
    if not url.host:
        raise FetchError("not a valid URL: no host")
    host = url.raw_host.decode("ascii")  # IDNA-encoded, as the resolver wants it
    literal = _as_ip(host)
    if literal is not None:
        addresses = [literal]
    else:
        addresses = _resolve(host, url.port or (443 if url.scheme == "https" else 80))
    if options.allow_private:
        return addresses
    prefix = "redirected to " if redirected else ""
    for address in addresses:
        kind = non_public_kind(address)
        if kind is None:
            continue
        if literal is not None:
            article = "an" if kind[0] in "aeiou" else "a"
            subject = f"{prefix}{host}, {article}" if redirected else f"{host} is {article}"
            raise FetchError(f"refused: {subject} {kind} address; pass --allow-private to allow")
        subject = f"{prefix}{host}, which resolves" if redirected else f"{host} resolves"
        raise FetchError(
            f"refused: {subject} to {kind} address {_show(address)}; pass --allow-private to allow"
        )
    return addresses


class PinnedTransport(httpx.BaseTransport):
    """Connects each request to the addresses fetch_url checked, never to a fresh DNS answer.

    httpx would resolve the host name again to connect, and a hostile DNS server can answer
    that second lookup with 127.0.0.1 after answering the check with a public address. So the
    request goes to the checked IP itself, keeping the name for the Host header and for TLS
    (SNI and the certificate's host name check). Every host name gets its own connection
    pool: pools are keyed by the IP now, and a TLS connection verified for one name must not
    be reused for another name that happens to share its address.
    """

    def __init__(self) -> None:
        self._ssl_context = httpx.create_ssl_context()  # loaded once, shared by the pools
        self._pools: dict[str, httpx.HTTPTransport] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        addresses: list[IPAddress] = request.extensions.get(_ADDRESSES) or []
        if not addresses:  # fail closed: nothing is connected to unchecked
            raise httpx.ConnectError("no checked address for this host", request=request)
        host = request.url.host
        extensions: dict[str, Any] = {
            **{k: v for k, v in request.extensions.items() if k != _ADDRESSES},
            "sni_hostname": host,  # TLS server name and certificate check; unused for http
        }
        pool = self._pools.get(host)
        if pool is None:
            pool = self._pools[host] = httpx.HTTPTransport(verify=self._ssl_context)
        failure: httpx.TransportError | None = None
        for address in addresses:
            pinned = httpx.Request(
                request.method,
                request.url.copy_with(host=str(address)),
                headers=request.headers,  # still names the host, as httpx set it
                stream=request.stream,
                extensions=extensions,
            )
            try:
                return pool.handle_request(pinned)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                failure = exc  # try the next address, as a resolving connect would
        assert failure is not None
        raise failure

    def close(self) -> None:
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()


def non_public_kind(address: IPAddress) -> str | None:
    """Why an address is not a public internet address ("loopback", "private", ...), or None.

    IPv4 addresses hidden in IPv6 (::ffff:127.0.0.1, 6to4 2002:7f00:1::) are judged by the
    IPv4 address they reach.
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return non_public_kind(embedded)
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("non-public", not address.is_global),  # e.g. 100.64.0.0/10 carrier-grade NAT
    )
    return next((kind for kind, hit in checks if hit), None)


def _resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the host resolves to; one non-public address is enough to refuse."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host}: {_short(exc)}") from None
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = _as_ip(str(sockaddr[0]))
        if address is not None and address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(f"cannot resolve host {host}: no addresses")
    return addresses


def _show(address: IPAddress) -> str:
    """::ffff:127.0.0.1 rather than the ::ffff:7f00:1 ipaddress prints."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return f"::ffff:{address.ipv4_mapped}"
    return str(address)


def _as_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return None


def _parse(url: str) -> httpx.URL:
    try:
        return httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as exc:
        raise FetchError(f"not a valid URL: {_short(exc)}") from None


def _redirect_target(response: httpx.Response) -> httpx.URL:
    location = response.headers.get("location")
    if not location:
        raise FetchError(f"HTTP {response.status_code} redirect without a Location header")
    try:
        return response.url.join(location)  # Location may be relative
    except httpx.InvalidURL as exc:
        raise FetchError(f"redirect to an invalid URL: {_short(exc)}") from None


def _read_capped(
    response: httpx.Response, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    """The body, refusing it as soon as it passes ``max_bytes`` (after decompression)."""
    too_big = f"download larger than {_size(max_bytes)}; raise --max-download-bytes"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(too_big)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(too_big)
        if time.monotonic() > deadline:
            raise FetchError(_timed_out(timeout))
        chunks.append(chunk)
    return b"".join(chunks)


def _header_charset(content_type: str, body: bytes) -> str | None:
    """The charset the Content-Type header names, when it is known and fits the body."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            codec = charset_codec(value)
            if codec is None:
                return None
            try:
                body.decode(codec)
            except UnicodeDecodeError:
                return None  # servers mislabel pages; let the page and detection decide
            return codec
    return None


def _plain_text(
    body: bytes, url: str, final_url: str, options: ReadOptions
) -> Iterator[Document | IngestError]:
    try:
        text, encoding, guess = decode_bytes(body, options.encoding)
    except InputError as exc:
        yield IngestError(url, str(exc))
        return
    if not text.strip():
        yield IngestError(url, "empty response (no text)")
        return
    if guess:
        yield IngestError.warning(url, guess)
    yield Document(source=url, format="url", original_text=text, encoding=encoding, url=final_url)


def _timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g} s; try again later or raise --timeout"


def _short(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return message[:120]


def _size(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{n} bytes"
