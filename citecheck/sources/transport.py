"""The live HTTP transport: a requests adapter whose connections are pinned and watched.

- Pinned: a new connection resolves its host through the NetworkGuard and connects to exactly the
  addresses the guard allowed (TLS still verifies the host name). What was checked is what is
  connected to.
- Watched: while a request waits for its status line and headers, the Watchdog may shut the socket
  down at the source's deadline (set per thread with `deadline_scope`).

Cassettes (vcrpy) swap urllib3's connections for stubs; those are left alone.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from citecheck.sources.guard import NetworkGuard
from citecheck.sources.limits import WATCHDOG, Deadline

_local = threading.local()


@contextlib.contextmanager
def deadline_scope(deadline: Deadline) -> Iterator[None]:
    """Requests made by this thread inside the block are cut off at `deadline`."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = deadline
    try:
        yield
    finally:
        _local.deadline = previous


def _pinned_new_conn(conn, guard: NetworkGuard):
    """A replacement for conn._new_conn that connects only to the addresses the guard allowed."""
    base = type(conn)._new_conn

    def new_conn():
        infos = guard.addresses(conn.host, conn.port)  # raises FetchError: no such host / blocked address
        original = conn._dns_host
        error: Exception | None = None
        for info in infos:
            conn._dns_host = str(info[4][0])  # an IP literal: no second DNS lookup
            try:
                return base(conn)
            except (NewConnectionError, ConnectTimeoutError) as e:
                error = e
            finally:
                conn._dns_host = original  # TLS server name and Host header stay the host name
        assert error is not None
        raise error

    return new_conn


class _GuardedPoolMixin:
    guard: NetworkGuard

    def _new_conn(self):
        conn = super()._new_conn()
        if type(conn).__module__.startswith("urllib3.") and hasattr(conn, "_dns_host"):
            conn._new_conn = _pinned_new_conn(conn, self.guard)
        return conn

    def _make_request(self, conn, *args, **kwargs):
        deadline: Deadline | None = getattr(_local, "deadline", None)
        if deadline is None:
            return super()._make_request(conn, *args, **kwargs)
        token = WATCHDOG.watch(deadline.at, conn)
        try:
            return super()._make_request(conn, *args, **kwargs)
        finally:
            WATCHDOG.unwatch(token)


class GuardedAdapter(HTTPAdapter):
    """An HTTPAdapter whose pools make pinned, watched connections."""

    def __init__(self, guard: NetworkGuard, **kwargs):
        self.guard = guard
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        attrs = {"guard": self.guard}
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("GuardedHTTPConnectionPool", (_GuardedPoolMixin, HTTPConnectionPool), attrs),
            "https": type("GuardedHTTPSConnectionPool", (_GuardedPoolMixin, HTTPSConnectionPool), attrs),
        }
