"""The live HTTP transport: a requests adapter whose connections are pinned and watched.

- Pinned: a new connection resolves its host through the NetworkGuard and connects to exactly the
  addresses the guard allowed (TLS still verifies the host name). What was checked is what is
  connected to.
- Watched: while a request waits for its status line and headers, the Watchdog may shut the socket
  down at the source's deadline (set per thread with `deadline_scope`).

Cassettes (vcrpy) swap urllib3's connections for stubs that, when recording, open a real urllib3
connection of their own (`real_connection`): that inner connection is pinned too, so recording a
cassette cannot be used to skip the check. A connection of any other kind, which could resolve the
host itself, is refused rather than trusted.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from citecheck.sources.errors import FetchError
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


def _socket_maker(conn):
    """The urllib3 connection that will open the socket for `conn`: itself, or the real connection
    inside a vcrpy stub. None when it is neither (nothing we know how to pin)."""
    target = vars(conn).get("real_connection", conn)  # vars(): a vcrpy stub forwards attribute lookups
    if isinstance(target, HTTPConnection) and "_dns_host" in vars(target):
        return target
    return None


def _refuse(*args, **kwargs):
    raise FetchError("blocked address (connection cannot be pinned to the checked address)")


class _GuardedPoolMixin:
    guard: NetworkGuard

    def _new_conn(self):
        conn = super()._new_conn()
        target = _socket_maker(conn)
        if target is not None:
            # Set on the instance itself (not through a stub's attribute forwarding).
            vars(target)["_new_conn"] = _pinned_new_conn(target, self.guard)
        else:
            vars(conn)["_new_conn"] = _refuse  # fail closed: never let an unknown class resolve on its own
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
