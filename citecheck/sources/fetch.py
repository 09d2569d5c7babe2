"""Fetch cited sources (live, from a cassette, or from the cache) and extract their text.

`fetch_all(urls, options)` fetches each distinct URL once (`fetch_each` yields each as it arrives), `jobs` at a time and at most `per_host`
per host, and maps every URL to its Source. `Fetcher.fetch(url)` never raises: every failure becomes
a Source with `text=None` and a reason a user can act on, so one dead link never stops a run.
`Fetcher.fetch_raw(url)` gives the body itself and raises FetchError(reason).

The parts: guard.py (which addresses may be fetched), transport.py (pinned, watched connections),
http.py (redirects, retries, bounded bodies), limits.py (deadline, per-host slots), retry.py
(backoff, Retry-After), reasons.py (statuses and errors in words), cache.py, archive.py,
extract.py (body to text), progress.py.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace

from citecheck.errors import CitecheckError
from citecheck.model import Source
from citecheck.sources.archive import find_snapshot, is_dead, snapshot_date
from citecheck.sources.cache import SourceCache, default_cache_dir
from citecheck.sources.errors import FetchError
from citecheck.sources.extract import ExtractError, extract_text
from citecheck.sources.http import HttpClient, RawResponse, host_key
from citecheck.sources.limits import Deadline, Slot
from citecheck.sources.options import RECORD_MODES, FetchOptions
from citecheck.sources.progress import Progress
from citecheck.sources.reasons import STATUS_REASONS, status_reason

__all__ = ["RECORD_MODES", "STATUS_REASONS", "FetchError", "FetchOptions", "Fetcher", "RawResponse", "cassette",
           "fetch_all", "fetch_each", "status_reason"]

_SNAPSHOT_TS = re.compile(r"/web/(\d{8,14})id_/")


def to_source(url: str, raw: RawResponse, deadline: Deadline | None = None) -> Source:
    """The Source of a fetched body: its text, or why it has none. Reading it counts against the
    source's `deadline` too (a page built to be slow to read is a "timeout" like a slow server)."""
    meta = {"content_type": raw.content_type, "final_url": raw.final_url}
    try:
        extracted = extract_text(raw.body, raw.content_type, raw.charset, deadline)
    except ExtractError as e:
        return Source(url=url, reason=str(e), **meta)
    except Exception as e:  # noqa: BLE001 - a page that breaks a parser is that page's problem
        return Source(url=url, reason=f"unreadable page ({type(e).__name__})", **meta)
    if not extracted.text.strip():
        return Source(url=url, reason="empty page (no text)", **meta)
    return Source(url=url, text=extracted.text, pages=extracted.pages, published=extracted.published, **meta)


class Fetcher:
    """One HTTP client (one requests.Session) for a run; `fetch(url)` always returns a Source."""

    def __init__(self, options: FetchOptions = FetchOptions(), cache: SourceCache | None = None,
                 replaying: bool = False):
        """`replaying`: inside a cassette that cannot record, so requests never reach the network."""
        self.options = options
        self.cache = cache
        self.client = HttpClient(options, precheck=not replaying)

    @property
    def session(self):
        return self.client.session

    @property
    def limiter(self):
        return self.client.limiter

    def close(self) -> None:
        self.client.close()

    def fetch_raw(self, url: str) -> RawResponse:
        """The body of `url` (after redirects). Raises FetchError with the reason when it cannot be had."""
        return self.client.get(url, Deadline(self.options.deadline))

    def fetch(self, url: str, slot: Slot | None = None) -> Source:
        """The Source of `url`: from the cache, the web, or (with `archive`) the Wayback Machine.

        `slot` is a per-host slot already held for `url`'s host (fetch_all's scheduler); it is released."""
        try:
            return self._fetch(url, slot)
        except Exception as e:  # noqa: BLE001 - never raise for one source
            return Source(url=url, reason=f"fetch failed ({type(e).__name__})")
        finally:
            if slot is not None:
                slot.release()

    def _fetch(self, url: str, slot: Slot | None) -> Source:
        if self.cache is not None:
            hit = self.cache.get(url, self.options.allow_private)
            if hit is not None and (self.options.archive or not hit.archived_from):
                return hit
        deadline = Deadline(self.options.deadline)
        try:
            raw = self.client.get(url, deadline, slot)
        except FetchError as e:
            reason = str(e)
            if not (self.options.archive and is_dead(reason)):
                return Source(url=url, reason=reason)
            source = self._from_archive(url, reason)
        else:
            source = to_source(url, raw, deadline)
        if self.cache is not None:
            self.cache.put(source, private=self.options.allow_private)
        return source

    def _from_archive(self, url: str, reason: str) -> Source:
        """`url`'s latest (or `archive_timestamp`'s closest) Wayback snapshot, with its own deadline."""
        deadline = Deadline(self.options.deadline)
        try:
            snap = find_snapshot(self.client, url, deadline, self.options.archive_timestamp)
            raw = self.client.get(snap.url, deadline)
        except FetchError as e:
            why = "no archived copy" if str(e) == "no archived copy" else f"archive lookup failed: {e}"
            return Source(url=url, reason=f"{reason}; {why}")
        source = to_source(url, raw, deadline)
        if not source.ok:
            return Source(url=url, reason=f"{reason}; archived copy unreadable: {source.reason}")
        m = _SNAPSHOT_TS.search(raw.final_url)  # the archive may redirect to a neighbouring snapshot
        return replace(source, final_url=raw.final_url, archived_from=url,
                       archive_date=snapshot_date(m.group(1)) if m else snap.date)


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
    if record_mode == "none" and not os.path.exists(path):
        # Only replaying, from a file that is not there: a mistyped path, not a run of unreachable sources.
        raise CitecheckError(f"{path}: no such cassette (to record one, pass --record-mode once)")
    import vcr

    recorder = vcr.VCR(
        record_mode=record_mode,
        filter_headers=["cookie", "set-cookie", "authorization"],
        before_record_response=_strip_cookies,
        decode_compressed_response=True,
    )
    with recorder.use_cassette(path):
        yield


def replay_only(options: FetchOptions) -> bool:
    """Whether the cassette answers every request itself (nothing can be recorded, so nothing is resolved)."""
    if not options.cassette:
        return False
    return options.record_mode == "none" or (options.record_mode == "once" and os.path.exists(options.cassette))


def open_cache(options: FetchOptions) -> SourceCache | None:
    """The run's cache: none with a cassette or with the cache off. A bad explicit cache_dir raises
    CitecheckError; an unusable default one just means no cache."""
    if not options.cache or options.cassette:
        return None
    if options.cache_dir:
        return SourceCache(options.cache_dir, options.cache_max_age)
    try:
        return SourceCache(default_cache_dir(), options.cache_max_age)
    except CitecheckError:
        return None


def fetch_all(urls: Iterable[str], options: FetchOptions = FetchOptions()) -> dict[str, Source]:
    """Fetch each distinct URL once; the result maps every URL to its Source."""
    unique = list(dict.fromkeys(urls))
    got = dict(fetch_each(unique, options))
    return {url: got[url] for url in unique}


def fetch_each(urls: Iterable[str], options: FetchOptions = FetchOptions()) -> Iterator[tuple[str, Source]]:
    """(url, Source) for each distinct URL, as each arrives: the caller checks what a page backs while
    the other pages are still on their way."""
    unique = list(dict.fromkeys(urls))
    if not unique:
        return
    cache = open_cache(options)
    with cassette(options.cassette, options.record_mode):
        fetcher = Fetcher(options, cache=cache, replaying=replay_only(options))
        progress = Progress(len(unique), options.progress)
        try:
            if options.cassette or options.jobs == 1 or len(unique) == 1:
                # With a cassette, one at a time: replay is instant and a recording keeps a stable order.
                for url in unique:
                    source = fetcher.fetch(url)
                    progress.advance()
                    yield url, source
                return
            yield from _fetch_parallel(unique, fetcher, options.jobs, progress)
        finally:
            progress.close()
            fetcher.close()


def _fetch_parallel(urls: list[str], fetcher: Fetcher, jobs: int, progress: Progress) -> Iterator[tuple[str, Source]]:
    """Run fetches on `jobs` threads, yielding each Source as it arrives. A URL starts only when its host
    has a free slot, so workers never sit blocked behind one busy host while other hosts wait."""
    limiter = fetcher.limiter
    queues: dict[str, deque[str]] = {}
    for url in urls:
        queues.setdefault(host_key(url), deque()).append(url)
    running: dict[Future, str] = {}
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="citecheck-fetch")
    try:
        while queues or running:
            for host in list(queues):
                queue = queues[host]
                while queue and len(running) < jobs and limiter.try_acquire(host):
                    url = queue.popleft()
                    running[pool.submit(fetcher.fetch, url, Slot(limiter, host))] = url
                if not queue:
                    del queues[host]
                if len(running) >= jobs:
                    break
            if not running:
                time.sleep(0.01)  # every queued host is busy with requests outside this run
                continue
            done, _ = wait(running, timeout=0.05, return_when=FIRST_COMPLETED)
            for future in done:
                url = running.pop(future)
                progress.advance()
                yield url, future.result()
    except BaseException:  # Ctrl-C: stop the fetches in flight instead of waiting for their deadlines
        fetcher.client.stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
