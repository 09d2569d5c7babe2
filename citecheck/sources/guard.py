"""The network guard: fetch only from the public internet, over http and https.

A cited link must not make citecheck read a page on the user's own machine, intranet or cloud
metadata service (169.254.169.254). Before each request and each redirect hop the host is resolved
and every address it resolves to must be global: not loopback, private, link-local, CGNAT
(100.64/10), multicast, reserved or unspecified, in IPv4 or IPv6, including IPv4 addresses carried
inside IPv6 (mapped, 6to4, NAT64, Teredo). The live transport (sources/transport.py) then connects
to exactly the addresses that were checked, so a DNS answer that changes between check and connect
(DNS rebinding) cannot slip through.

`allow_private` lifts the address check (intranets, tests on 127.0.0.1). The policy and the
resolver are injectable, so a test can allow one exact host:port or stub DNS.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

from citecheck.sources.errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Policy = Callable[[IPAddress, int], bool]
Resolver = Callable[..., list]  # the signature of socket.getaddrinfo

BLOCKED = "blocked address"
NO_SUCH_HOST = "no such host"
SCHEMES = ("http", "https")

_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public(ip: IPAddress) -> bool:
    """True for an address on the public internet; False for anything local, private or special."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and not is_public(embedded):
            return False
    if ip in _METADATA:
        return False
    return bool(ip.is_global) and not (ip.is_multicast or ip.is_private or ip.is_loopback or ip.is_link_local
                                       or ip.is_reserved or ip.is_unspecified)


def public_only(ip: IPAddress, port: int) -> bool:
    return is_public(ip)


def check_scheme(url: str) -> tuple[str, int]:
    """The (host, port) of an http(s) URL. Raises FetchError for any other scheme or a malformed URL."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        raise FetchError(f"bad URL: {url}") from None
    if parts.scheme.lower() not in SCHEMES or not host:
        raise FetchError(f"bad URL (only http and https links are fetched): {url}")
    return host, port or (443 if parts.scheme.lower() == "https" else 80)


class NetworkGuard:
    """Resolves hosts and refuses addresses its policy does not allow (by default: non-public ones)."""

    def __init__(self, allow_private: bool = False, resolver: Resolver | None = None, policy: Policy | None = None):
        self.allow_private = allow_private
        self.resolver = resolver or socket.getaddrinfo
        self.policy = policy or public_only

    def addresses(self, host: str, port: int) -> list[tuple]:
        """getaddrinfo results for host:port, all allowed. Raises FetchError: no such host, blocked address."""
        host = host.strip("[]")
        try:
            infos = self.resolver(host, port, 0, socket.SOCK_STREAM)
        except (OSError, UnicodeError, ValueError):  # socket.gaierror is an OSError
            raise FetchError(NO_SUCH_HOST) from None
        infos = [i for i in infos if i[0] in (socket.AF_INET, socket.AF_INET6)]
        if not infos:
            raise FetchError(NO_SUCH_HOST)
        if not self.allow_private:
            for info in infos:
                try:
                    ip = ipaddress.ip_address(str(info[4][0]).split("%")[0])
                except ValueError:
                    raise FetchError(BLOCKED) from None
                if not self.policy(ip, port):
                    raise FetchError(BLOCKED)  # one bad address taints the host: refuse, do not pick
        return infos

    def check_url(self, url: str) -> None:
        """Raise FetchError unless `url` is http(s) and its host resolves only to allowed addresses."""
        host, port = check_scheme(url)
        self.addresses(host, port)
