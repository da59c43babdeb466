"""Fetching URLs: a small protocol so tests (and callers) can supply their own fetcher."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit

import httpx

from .limits import IngestLimits

ALLOWED_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class FetchResult:
    url: str  # final URL, after redirects
    status: int
    content_type: str | None
    body: bytes

    @property
    def mime(self) -> str:
        return (self.content_type or "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in (self.content_type or "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class FetchError(Exception):
    """A URL could not be fetched; ``str(error)`` is the human reason."""


@runtime_checkable
class Fetcher(Protocol):
    def fetch(self, url: str) -> FetchResult: ...


def check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(f"refused URL scheme {scheme or '(none)'!r}: only http and https are fetched")


class HttpxFetcher:
    """Default fetcher: httpx with timeouts, followed redirects and a streamed size cap."""

    def __init__(
        self,
        limits: IngestLimits = IngestLimits(),
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.limits = limits
        self.client = httpx.Client(
            timeout=httpx.Timeout(limits.http_timeout),
            follow_redirects=True,
            max_redirects=limits.max_redirects,
            headers={"User-Agent": limits.user_agent},
            transport=transport,
        )

    def fetch(self, url: str) -> FetchResult:
        check_scheme(url)
        try:
            with self.client.stream("GET", url) as response:
                check_scheme(str(response.url))
                body = self.read_capped(response)
                return FetchResult(
                    url=str(response.url),
                    status=response.status_code,
                    content_type=response.headers.get("content-type"),
                    body=body,
                )
        except httpx.TimeoutException as error:
            raise FetchError(f"timed out after {self.limits.http_timeout:g} s") from error
        except httpx.TooManyRedirects as error:
            raise FetchError(f"too many redirects (more than {self.limits.max_redirects})") from error
        except httpx.UnsupportedProtocol as error:
            raise FetchError(f"refused URL scheme: {error}") from error
        except httpx.HTTPError as error:
            raise FetchError(f"{type(error).__name__}: {error}") from error

    def read_capped(self, response: httpx.Response) -> bytes:
        """Read the body, stopping as soon as it passes max_bytes (decompressed size)."""
        cap = self.limits.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(too_large_reason(int(declared), cap))
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise FetchError(too_large_reason(size, cap, at_least=True))
            chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "HttpxFetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def too_large_reason(size: int, cap: int, *, at_least: bool = False) -> str:
    amount = f"at least {size:,}" if at_least else f"{size:,}"
    return f"too large: {amount} bytes, the limit is {cap:,} bytes"
