"""When to try a source again, and how long to wait first.

Retried: connection errors and timeouts, and the answers 429, 502, 503 and 504. Not retried: any
other 4xx, a name that does not resolve, a blocked address, a bot challenge. The wait is exponential
backoff with jitter (base, 2 x base, 4 x base, ... each between half and all of that, capped), or
what the server asks for in Retry-After (seconds or an HTTP date), capped the same way.
"""

from __future__ import annotations

import random
import time
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({429, 502, 503, 504})


def backoff(attempt: int, base: float, cap: float) -> float:
    """The wait before retry number `attempt` (1, 2, ...): 'equal jitter' exponential backoff."""
    delay = min(cap, base * 2 ** (attempt - 1))
    return delay / 2 + random.uniform(0, delay / 2)


def retry_after(value: str | None, cap: float, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), capped; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), cap)
