"""Fetch cited sources over HTTP (or replay them from a cassette) and extract their text.

Every failure becomes a `Source` with `text=None` and a reason a user can act on; fetching never
raises for one bad source, so one dead link never stops a run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from citecheck import USER_AGENT
from citecheck.model import Source
from citecheck.sources.extract import ExtractError, extract_text

RECORD_MODES = ("none", "once", "new_episodes", "all")
STATUS_REASONS = {401: "unauthorized", 403: "blocked", 404: "not found", 410: "gone",
                  429: "rate limited", 451: "unavailable for legal reasons"}


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = 20.0  # seconds, connect and read
    max_bytes: int = 25 * 1024 * 1024
    cassette: str | None = None
    record_mode: str = "none"


def status_reason(code: int) -> str:
    if code in STATUS_REASONS:
        return f"{STATUS_REASONS[code]} ({code})"
    if code >= 500:
        return f"server error ({code})"
    return f"HTTP error ({code})"


@dataclass(frozen=True)
class RawResponse:
    """A fetched body before text extraction (for readers that need the HTML itself)."""

    url: str
    body: bytes
    content_type: str
    charset: str | None
    final_url: str


class FetchError(Exception):
    """A source could not be fetched; the message is the reason shown to the user."""


class Fetcher:
    """One requests.Session for a run; `fetch(url)` always returns a Source."""

    def __init__(self, options: FetchOptions = FetchOptions()):
        self.options = options
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT

    def fetch_raw(self, url: str) -> RawResponse:
        """The body of `url`. Raises FetchError with the reason when it cannot be had."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError(f"bad URL (only http and https links are fetched): {url}")
        try:
            with self.session.get(url, timeout=self.options.timeout, stream=True) as resp:
                if resp.status_code >= 400:
                    raise FetchError(status_reason(resp.status_code))
                body = _read_limited(resp, self.options.max_bytes)
                if body is None:
                    raise FetchError("too large")
                ctype = resp.headers.get("Content-Type", "")
                charset = requests.utils.get_encoding_from_headers(resp.headers) if "charset" in ctype.lower() else None
                return RawResponse(url, body, ctype, charset, resp.url)
        except FetchError:
            raise
        except Exception as e:  # noqa: BLE001 - every failure of one source becomes its reason
            raise FetchError(_exception_reason(e)) from None

    def fetch(self, url: str) -> Source:
        try:
            raw = self.fetch_raw(url)
        except FetchError as e:
            return Source(url=url, reason=str(e))
        try:
            extracted = extract_text(raw.body, raw.content_type, raw.charset)
        except ExtractError as e:
            return Source(url=url, reason=str(e), content_type=raw.content_type, final_url=raw.final_url)
        return Source(url=url, text=extracted.text, content_type=raw.content_type, final_url=raw.final_url,
                      pages=extracted.pages)


def _read_limited(resp: requests.Response, limit: int) -> bytes | None:
    chunks, size = [], 0
    for chunk in resp.iter_content(65536):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _exception_reason(e: Exception) -> str:
    name = type(e).__name__
    if name == "CannotOverwriteExistingCassetteException":
        return "not in cassette"
    if isinstance(e, requests.Timeout):
        return "timeout"
    if isinstance(e, requests.TooManyRedirects):
        return "redirect loop"
    if isinstance(e, requests.ConnectionError):
        text = str(e)
        if "Name or service not known" in text or "nodename nor servname" in text or "NameResolution" in text \
                or "getaddrinfo" in text:
            return "no such host"
        if "refused" in text.lower():
            return "connection refused"
        return "connection failed"
    if isinstance(e, requests.RequestException):
        return f"request failed ({name})"
    return f"fetch failed ({name}: {e})"


def _strip_cookies(response: dict) -> dict:
    headers = response.get("headers") or {}
    for key in list(headers):
        if key.lower() in ("set-cookie", "cookie", "authorization"):
            del headers[key]
    return response


@contextlib.contextmanager
def cassette(path: str | None, record_mode: str = "none") -> Iterator[None]:
    """Replay (and, if the record mode says so, record) HTTP through a vcrpy cassette."""
    if not path:
        yield
        return
    import vcr

    recorder = vcr.VCR(
        record_mode=record_mode,
        filter_headers=["cookie", "set-cookie", "authorization"],
        before_record_response=_strip_cookies,
        decode_compressed_response=True,
    )
    with recorder.use_cassette(path):
        yield


def fetch_all(urls: Iterable[str], options: FetchOptions = FetchOptions()) -> dict[str, Source]:
    """Fetch each distinct URL once; the result maps every URL to its Source."""
    fetcher = Fetcher(options)
    out: dict[str, Source] = {}
    with cassette(options.cassette, options.record_mode):
        for url in urls:
            if url not in out:
                out[url] = fetcher.fetch(url)
    return out
