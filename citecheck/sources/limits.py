"""Limits of time and concurrency: a source's deadline, per-host slots and spacing, and a watchdog.

- `Deadline`: the time left for one source, across its retries and redirects.
- `HostLimiter`: at most `per_host` requests in flight to one host, and a pause for a host that
  answered 429 (every worker waits, not just the one that got the 429).
- `Slot`: the one host slot a worker holds; it moves to the next host on a redirect.
- `Watchdog`: shuts a connection down when its request outlives the deadline, so a server that
  drips its headers one byte at a time cannot hold a worker past the deadline.
"""

from __future__ import annotations

import heapq
import itertools
import socket
import threading
import time
from collections import Counter

from citecheck.sources.errors import FetchError


class Deadline:
    def __init__(self, seconds: float):
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0


class HostLimiter:
    def __init__(self, per_host: int):
        self.per_host = per_host
        self._cond = threading.Condition()
        self._active: Counter[str] = Counter()
        self._not_before: dict[str, float] = {}

    def try_acquire(self, host: str) -> bool:
        with self._cond:
            if self._active[host] >= self.per_host:
                return False
            self._active[host] += 1
            return True

    def acquire(self, host: str, timeout: float) -> bool:
        end = time.monotonic() + timeout
        with self._cond:
            while self._active[host] >= self.per_host:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            self._active[host] += 1
            return True

    def release(self, host: str) -> None:
        with self._cond:
            self._active[host] -= 1
            if self._active[host] <= 0:
                del self._active[host]
            self._cond.notify_all()

    def pause(self, host: str, seconds: float) -> None:
        """No new request to `host` for `seconds` (after a 429)."""
        with self._cond:
            self._not_before[host] = max(self._not_before.get(host, 0.0), time.monotonic() + seconds)

    def wait_turn(self, host: str, deadline: Deadline) -> bool:
        """Sleep out the host's pause. False (without sleeping) if the pause outlasts the deadline."""
        with self._cond:
            until = self._not_before.get(host, 0.0)
        wait = until - time.monotonic()
        if wait <= 0:
            return True
        if wait >= deadline.remaining():
            return False
        time.sleep(wait)
        return True


class Slot:
    """The host slot one worker holds. `hold(host)` moves it; `release()` is idempotent."""

    def __init__(self, limiter: HostLimiter, host: str | None = None):
        self.limiter = limiter
        self.host = host

    def hold(self, host: str, deadline: Deadline) -> None:
        if host == self.host:
            return
        self.release()  # never hold one host while waiting for another: no deadlock between redirects
        if not self.limiter.acquire(host, max(0.0, deadline.remaining())):
            raise FetchError("timeout")
        self.host = host

    def release(self) -> None:
        if self.host is not None:
            self.limiter.release(self.host)
            self.host = None


class Watchdog:
    """One daemon thread that shuts down the sockets of requests that outlive their deadline."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int]] = []
        self._watched: dict[int, object] = {}
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, at_monotonic: float, conn: object) -> int:
        token = next(self._ids)
        with self._cond:
            self._watched[token] = conn
            heapq.heappush(self._heap, (at_monotonic, token))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="citecheck-watchdog", daemon=True)
                self._thread.start()
            self._cond.notify()
        return token

    def unwatch(self, token: int) -> None:
        with self._cond:
            self._watched.pop(token, None)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                at, token = self._heap[0]
                wait = at - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
                conn = self._watched.pop(token, None)
            try:
                sock = getattr(conn, "sock", None)
                if isinstance(sock, socket.socket):
                    sock.shutdown(socket.SHUT_RDWR)
            except Exception:  # noqa: BLE001 - the watchdog must outlive any one connection
                pass


WATCHDOG = Watchdog()
