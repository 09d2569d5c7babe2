"""FetchOptions: every knob of fetching, with the defaults the README documents.

The library default is conservative for embedding: no disk cache, public addresses only. The CLI
turns the cache on (see `citecheck check --help`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from citecheck.errors import CitecheckError

if TYPE_CHECKING:
    from citecheck.sources.guard import NetworkGuard

RECORD_MODES = ("none", "once", "new_episodes", "all")
MB = 1024 * 1024


@dataclass(frozen=True)
class FetchOptions:
    # Concurrency
    jobs: int = 64  # sources fetched at once (still at most per_host to one host)
    per_host: int = 4  # requests in flight to one host at once
    # Time, in seconds
    connect_timeout: float = 10.0  # to open a connection
    timeout: float = 20.0  # read timeout: longest wait for the next bytes
    deadline: float = 60.0  # most time spent on one source, retries and redirects included
    # Retries: connection errors, timeouts, 429, 502, 503, 504
    retries: int = 3  # retries after the first attempt
    retry_base: float = 0.5  # first backoff delay; doubles each retry, with jitter
    retry_cap: float = 30.0  # longest wait between attempts, Retry-After included
    # Size and redirects
    max_bytes: int = 25 * MB  # decoded body limit
    max_redirects: int = 10
    # Safety
    allow_private: bool = False  # let sources live on loopback, private and link-local addresses
    # Archives
    archive: bool = False  # look dead sources up in the Wayback Machine
    archive_timestamp: str | None = None  # YYYYMMDD[hhmmss]: prefer snapshots near this time (default: latest)
    # Cache
    cache: bool = False  # keep fetched sources on disk
    cache_dir: str | None = None  # None: the user cache dir (platformdirs), only when `cache` is on
    cache_max_age: float = 86400.0  # seconds a cached source stays fresh
    # Cassettes (vcrpy); a cassette turns the cache off
    cassette: str | None = None
    record_mode: str = "none"
    # Progress line on stderr: None = when stderr is a terminal and there are more than 5 sources
    progress: bool | None = None
    # A NetworkGuard to use instead of the default one (tests, intranet policies)
    guard: NetworkGuard | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        problems = []
        for name in ("jobs", "per_host"):
            if not isinstance(getattr(self, name), int) or getattr(self, name) < 1:
                problems.append(f"{name.replace('_', '-')} must be a whole number of at least 1")
        for name in ("connect_timeout", "timeout", "deadline"):
            if not getattr(self, name) > 0:
                problems.append(f"{name.replace('_', ' ')} must be more than 0 seconds")
        if self.retries < 0 or self.retry_base < 0 or self.retry_cap < 0:
            problems.append("retries, retry base and retry cap cannot be negative")
        if self.max_bytes < 1 or self.max_redirects < 0:
            problems.append("max bytes must be positive and max redirects not negative")
        if self.cache_max_age < 0:
            problems.append("cache max age cannot be negative")
        if self.record_mode not in RECORD_MODES:
            problems.append(f"record mode must be one of {', '.join(RECORD_MODES)}")
        if problems:
            raise CitecheckError("; ".join(problems))


def settle_record_mode(options: FetchOptions) -> FetchOptions:
    """Decide vcrpy's "once" for the whole run, before its first request.

    A run may open its cassette more than once (the article given by URL, then its sources). With
    "once", the first opening would write the file and the next would then refuse to record. So a
    run that starts without the file records everything new; one that starts with it only replays."""
    if options.cassette and options.record_mode == "once":
        return replace(options, record_mode="none" if os.path.exists(options.cassette) else "new_episodes")
    return options
