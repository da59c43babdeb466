"""What keeps the HTTP API safe with untrusted input: server-side request forgery, CSV cells.

URL ingest (``POST /api/ingest {"url": ...}``) makes the server fetch what a client names, so
a client could aim it at the server's own network (a database on 127.0.0.1, a cloud metadata
service on 169.254.169.254). Every host is resolved and refused unless all its addresses are
public; the fetcher checks again on every request it makes, redirects included, so a public
page that redirects inward is refused too. (A DNS answer that changes between the check and
the connection is not caught here; an operator who fears that runs the server behind an
egress proxy.)
"""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

import httpx

from frontlines.ingest import FetchError, HttpxFetcher, IngestLimits
from frontlines.ingest.fetch import check_scheme

# host -> its IP addresses (as text); the default asks the system resolver.
Resolver = Callable[[str], Iterable[str]]

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedURL(ValueError):
    """A URL the server will not fetch; ``str(error)`` says why."""


def system_resolver(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise RefusedURL(f"cannot resolve host {host!r}: {exc}") from exc
    return sorted({str(info[4][0]) for info in infos})


def why_not_public(address: IpAddress) -> str | None:
    """The kind of non-public address ``address`` is, or None when it is a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return why_not_public(address.ipv4_mapped)  # ::ffff:127.0.0.1 is 127.0.0.1
    # Most specific first: 169.254.0.0/16 is also "private" to ipaddress, but link-local says more.
    for kind in ("loopback", "link_local", "unspecified", "multicast", "reserved", "private"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    if not address.is_global:  # shared address space (100.64/10), documentation ranges, ...
        return "non-global"
    return None


def host_addresses(host: str, resolver: Resolver) -> list[IpAddress]:
    """``host`` itself when it is an IP literal, else what the resolver answers."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        return [ipaddress.ip_address(a.split("%")[0]) for a in resolver(host)]
    except ValueError as exc:
        raise RefusedURL(f"the resolver gave a bad address for {host!r}: {exc}") from exc


def check_url(url: str, resolver: Resolver) -> None:
    """Raise ``RefusedURL`` unless ``url`` is http(s) to a host whose addresses are all public."""
    try:
        check_scheme(url)
        host = urlsplit(url).hostname
    except (FetchError, ValueError) as exc:
        raise RefusedURL(str(exc)) from exc
    if not host:
        raise RefusedURL(f"no host in URL {url!r}")
    addresses = host_addresses(host, resolver)
    if not addresses:
        raise RefusedURL(f"host {host!r} has no address")
    for address in addresses:
        kind = why_not_public(address)
        if kind is not None:
            raise RefusedURL(
                f"refused to fetch {host!r}: {address} is a {kind} address (the server fetches "
                "public addresses only unless it was started with --allow-private-urls)"
            )


class GuardedFetcher(HttpxFetcher):
    """``HttpxFetcher`` that runs ``check_url`` before every request, redirects included."""

    def __init__(self, limits: IngestLimits, resolver: Resolver,
                 transport: httpx.BaseTransport | None = None) -> None:
        super().__init__(limits, transport=transport)
        self.resolver = resolver
        self.client.event_hooks = {"request": [self._check_request], "response": []}

    def _check_request(self, request: httpx.Request) -> None:
        try:
            check_url(str(request.url), self.resolver)
        except RefusedURL as exc:
            raise FetchError(str(exc)) from exc


# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A value safe to open in a spreadsheet: text that would start a formula gets a leading
    apostrophe; numbers and None pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def has_lone_surrogate(text: str) -> bool:
    """JSON may carry "\\ud800", which no database can store as UTF-8 text."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)
