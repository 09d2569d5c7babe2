"""Dead links from the Wayback Machine: find a snapshot, fetch its original bytes.

1. The availability API, https://archive.org/wayback/available?url=URL[&timestamp=YYYYMMDD], names
   the closest snapshot (the latest one without a timestamp).
2. The snapshot is fetched in its raw `id_` form, https://web.archive.org/web/TIMESTAMPid_/URL,
   which serves the page as archived, without the Wayback toolbar or rewritten links.

Both requests go through the same client as any source: guard, limits, retries, size limit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from citecheck.sources.errors import FetchError
from citecheck.sources.http import HttpClient
from citecheck.sources.limits import Deadline

AVAILABILITY_API = "https://archive.org/wayback/available"
SNAPSHOT = "https://web.archive.org/web/{timestamp}id_/{url}"

# Failures an archived copy can stand in for: the page is gone, moved away, or the site is down.
# Not: a blocked address, a bad URL, a page that is not text or too large, a cassette miss.
DEAD_PREFIXES = ("not found", "gone", "blocked (", "unauthorized", "unavailable for legal reasons", "timeout",
                 "no such host", "connection", "server error", "redirect loop", "too many redirects",
                 "HTTP error", "rate limited", "TLS error")


@dataclass(frozen=True)
class Snapshot:
    url: str  # the raw (id_) snapshot URL
    timestamp: str  # YYYYMMDDhhmmss
    date: str  # YYYY-MM-DD


def is_dead(reason: str) -> bool:
    return reason.startswith(DEAD_PREFIXES)


def availability_url(url: str, timestamp: str | None = None) -> str:
    query = {"url": url}
    if timestamp:
        query["timestamp"] = timestamp
    return f"{AVAILABILITY_API}?{urlencode(query)}"


def snapshot_date(timestamp: str) -> str:
    return f"{timestamp[0:4]}-{timestamp[4:6]}-{timestamp[6:8]}"


def find_snapshot(client: HttpClient, url: str, deadline: Deadline, timestamp: str | None = None) -> Snapshot:
    """The closest readable snapshot of `url`. Raises FetchError("no archived copy") or the lookup's reason."""
    raw = client.get(availability_url(url, timestamp), deadline)
    try:
        closest = json.loads(raw.body.decode("utf-8"))["archived_snapshots"]["closest"]
        ts = str(closest["timestamp"])
        available = closest.get("available", True) and str(closest.get("status", "200")) == "200"
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise FetchError("no archived copy") from None
    if not available or not (ts.isdigit() and len(ts) >= 8):
        raise FetchError("no archived copy")
    return Snapshot(SNAPSHOT.format(timestamp=ts, url=url), ts, snapshot_date(ts))
