"""One URL over HTTP: redirects, retries, limits and a bounded body. Raises FetchError(reason).

`HttpClient.get(url, deadline, slot)`:
- follows at most `max_redirects` redirects by hand, each hop checked by the network guard
  (a URL seen a third time is a `redirect loop`);
- per hop, holds a per-host slot, waits out a host's 429 pause, and retries connection errors,
  timeouts, 429 and 502/503/504 with backoff (Retry-After honoured, capped), all within the deadline;
- streams the body in small reads, decoding gzip/deflate as it goes and counting decoded bytes, so a
  large body or a compression bomb stops at `max_bytes` (`too large`) and a server that drips bytes
  stops at the deadline (`timeout`).
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.response import BaseHTTPResponse

from citecheck import USER_AGENT
from citecheck.sources.errors import FetchError
from citecheck.sources.guard import NetworkGuard, check_scheme
from citecheck.sources.limits import Deadline, HostLimiter, Slot
from citecheck.sources.options import FetchOptions
from citecheck.sources.reasons import error_reason, exception_reason, is_bot_challenge
from citecheck.sources.retry import RETRY_STATUSES, backoff, retry_after
from citecheck.sources.transport import GuardedAdapter, deadline_scope

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024  # largest read, raw or decoded
ERROR_HEAD = 64 * 1024  # how much of an error page is read (to spot bot challenges)
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.9,*/*;q=0.5"


@dataclass(frozen=True)
class RawResponse:
    """A fetched body before text extraction (for readers that need the HTML itself)."""

    url: str
    body: bytes
    content_type: str
    charset: str | None
    final_url: str


@dataclass(frozen=True)
class _Redirect:
    location: str


@dataclass(frozen=True)
class _Retry:
    reason: str
    wait: float | None  # what the server asked for (Retry-After), if anything


def host_key(url: str) -> str:
    """The host a URL's request counts against for per-host limits."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class HttpClient:
    def __init__(self, options: FetchOptions, guard: NetworkGuard | None = None,
                 limiter: HostLimiter | None = None, precheck: bool = True):
        """`precheck`: resolve and check each hop before its request. Off only while replaying a
        cassette that cannot record (the request never leaves the process, so nothing is resolved)."""
        self.options = options
        self.guard = guard or options.guard or NetworkGuard(allow_private=options.allow_private)
        self.limiter = limiter or HostLimiter(options.per_host)
        self.precheck = precheck
        self.stop = threading.Event()  # set to make every fetch in flight give up ("interrupted")
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.headers["Accept"] = ACCEPT
        pools = max(10, options.jobs * 2)
        adapter = GuardedAdapter(self.guard, pool_connections=pools, pool_maxsize=options.per_host, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        self.session.close()

    # -- one source -----------------------------------------------------------------------------

    def get(self, url: str, deadline: Deadline, slot: Slot | None = None) -> RawResponse:
        """The body of `url` after redirects. Raises FetchError. Releases `slot` when done."""
        slot = slot or Slot(self.limiter)
        try:
            return self._get(url, deadline, slot)
        finally:
            slot.release()

    def _get(self, url: str, deadline: Deadline, slot: Slot) -> RawResponse:
        check_scheme(url)
        visits: Counter[str] = Counter()
        current, hops = url, 0
        while True:
            visits[current] += 1
            if visits[current] > 2:
                raise FetchError("redirect loop")
            if self.precheck:
                self.guard.check_url(current)
            host = host_key(current)
            slot.hold(host, deadline)
            outcome = self._hop(current, host, deadline)
            if isinstance(outcome, _Redirect):
                hops += 1
                if hops > self.options.max_redirects:
                    raise FetchError(f"too many redirects (more than {self.options.max_redirects})")
                try:
                    check_scheme(outcome.location)
                except FetchError:
                    raise FetchError(f"bad redirect (only http and https are followed): {outcome.location}") from None
                current = outcome.location
                continue
            body, ctype = outcome
            charset = requests.utils.get_encoding_from_headers({"content-type": ctype}) \
                if "charset" in ctype.lower() else None
            return RawResponse(url, body, ctype, charset, current)

    def _hop(self, url: str, host: str, deadline: Deadline):
        """One hop with retries: a _Redirect or (body, content type). Raises FetchError."""
        opts = self.options
        attempt = 0
        while True:
            if not self.limiter.wait_turn(host, deadline):
                raise FetchError("rate limited (429)")
            try:
                outcome = self._attempt(url, deadline)
            except FetchError:
                raise
            except Exception as e:  # noqa: BLE001 - every failure of one source becomes its reason
                if self.stop.is_set():
                    raise FetchError("interrupted") from None
                if deadline.expired():
                    raise FetchError("timeout") from None
                reason, retryable = exception_reason(e)
                if not retryable:
                    raise FetchError(reason) from None
                outcome = _Retry(reason, None)
            if not isinstance(outcome, _Retry):
                return outcome
            attempt += 1
            wait = outcome.wait if outcome.wait is not None else backoff(attempt, opts.retry_base, opts.retry_cap)
            if outcome.reason.startswith("rate limited"):
                self.limiter.pause(host, wait)  # space every request to this host, not only this one
            if attempt > opts.retries or wait >= deadline.remaining() or self.stop.is_set():
                raise FetchError(outcome.reason)
            if outcome.reason.startswith("rate limited"):
                continue  # wait_turn sleeps out the pause
            time.sleep(wait)

    def _attempt(self, url: str, deadline: Deadline):
        """One request: a _Redirect, a _Retry, or (body, content type). Raises FetchError or a network error."""
        opts = self.options
        left = deadline.remaining()
        if left <= 0:
            raise FetchError("timeout")
        timeout = (min(opts.connect_timeout, left), min(opts.timeout, left))
        with deadline_scope(deadline):
            resp = self.session.get(url, timeout=timeout, stream=True, allow_redirects=False)
        with resp:
            status = resp.status_code
            location = resp.headers.get("Location")
            if status in REDIRECT_STATUSES and location:
                return _Redirect(urljoin(url, location.strip()))
            if status >= 400:
                head = self._read(resp, ERROR_HEAD, deadline, truncate=True)
                if status in RETRY_STATUSES and not is_bot_challenge(status, resp.headers, head):
                    return _Retry(error_reason(status, resp.headers, head),
                                  retry_after(resp.headers.get("Retry-After"), opts.retry_cap))
                raise FetchError(error_reason(status, resp.headers, head))
            if status >= 300:
                raise FetchError(f"HTTP error ({status})")
            length = resp.headers.get("Content-Length", "")
            if length.strip().isdigit() and int(length) > opts.max_bytes:
                raise FetchError("too large")
            body = self._read(resp, opts.max_bytes, deadline)
            return body, resp.headers.get("Content-Type", "")

    def _read(self, resp: requests.Response, limit: int, deadline: Deadline, truncate: bool = False) -> bytes:
        """The decoded body, read in small pieces. Past `limit`: FetchError("too large"), or cut if `truncate`."""
        raw = resp.raw
        buf = bytearray()
        while True:
            if self.stop.is_set():
                raise FetchError("interrupted")
            left = deadline.remaining()
            if left <= 0:
                raise FetchError("timeout")
            sock = getattr(getattr(raw, "connection", None), "sock", None)
            if isinstance(sock, socket.socket):  # never wait on the socket past the deadline
                sock.settimeout(max(0.001, min(self.options.timeout, left)))
            amount = min(CHUNK, limit + 1 - len(buf))
            try:
                # urllib3: read1 returns what one socket read brings (so a drip is noticed), decoded
                # with bounded output (so a compression bomb is counted as it inflates). A cassette's
                # stub response holds the whole (already decoded) body in memory: a plain read.
                chunk = raw.read1(amount, decode_content=True) if isinstance(raw, BaseHTTPResponse) else raw.read(amount)
            except Exception:
                if truncate:
                    break
                raise
            if not chunk:
                release = getattr(raw, "release_conn", None)
                if release is not None:
                    release()  # read to the end: the connection can serve the next request
                break
            buf += chunk
            if len(buf) > limit:
                if truncate:
                    del buf[limit:]
                    break
                raise FetchError("too large")
        return bytes(buf)
