"""Fetching against a server that misbehaves on purpose (tests/fetch_server.py), on 127.0.0.1.

Each fault ends as one reason a user can act on, within the deadline, in bounded memory. The options
are short (deadline 2 s, tiny backoff) so the whole file runs in seconds.
"""

from __future__ import annotations

import gc
import io
import socket
import time
import tracemalloc

import pytest

from citecheck.model import Claim
from citecheck.pipeline import check_claims
from citecheck.sources.fetch import Fetcher, FetchOptions, fetch_all
from citecheck.sources.guard import NetworkGuard, is_public
from tests.fetch_server import FaultServer, free_port

FAST = FetchOptions(allow_private=True, connect_timeout=1.0, timeout=1.0, deadline=2.0, retries=2,
                    retry_base=0.01, retry_cap=0.1)
PAGE = "<html><body><p>The survey counted 4,512 nesting pairs of puffins in 2019.</p></body></html>"
CLAIM = "Volunteers counted 4,512 nesting pairs of puffins in 2019."
CHALLENGE = "<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>"
MB = 1024 * 1024


def only_this_server(server) -> NetworkGuard:
    """The default guard, except that the test server's exact host:port counts as public."""
    import ipaddress

    me = ipaddress.ip_address(server.host)
    return NetworkGuard(policy=lambda ip, port: (ip == me and port == server.port) or is_public(ip))


def fetch(url, options=FAST):
    return Fetcher(options).fetch(url)


# -- statuses, retries and bot walls ---------------------------------------------------------------

@pytest.mark.parametrize("status,headers,body,reason", [
    (404, {}, "<p>nope</p>", "not found (404)"),
    (410, {}, "<p>gone</p>", "gone (410)"),
    (403, {}, "<p>Forbidden</p>", "blocked (403)"),
    (403, {"cf-mitigated": "challenge", "Server": "cloudflare"}, CHALLENGE, "blocked (403, bot challenge)"),
    (403, {}, "<p>Please solve this CAPTCHA to continue</p>", "blocked (403, bot challenge)"),
    (403, {"Server": "cloudflare"}, "<p>Sorry, you have been blocked. Cloudflare Ray ID: 8a1b</p>",
     "blocked (403, bot challenge)"),
    (503, {"Server": "cloudflare"}, CHALLENGE, "blocked (503, bot challenge)"),
    (500, {}, "<p>oops</p>", "server error (500)"),
    (401, {}, "", "unauthorized (401)"),
])
def test_status_reasons_and_no_retry(server, status, headers, body, reason):
    url = server.static("/s", status=status, body=body, headers=headers)
    assert fetch(url).reason == reason
    assert server.hits["/s"] == 1  # other 4xx, 500 and challenges are not retried


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_retried_then_ok(server, status):
    url = server.sequence("/flaky", [(status, {"Retry-After": "1"}, "busy"), (200, {}, PAGE)])
    s = fetch(url)
    assert s.ok and "4,512" in s.text
    assert server.hits["/flaky"] == 2


def test_retries_give_up_with_the_reason(server):
    url = server.static("/busy", status=429, body="slow down", headers={"Retry-After": "0"})
    assert fetch(url).reason == "rate limited (429)"
    assert server.hits["/busy"] == 1 + FAST.retries
    url = server.static("/down", status=503, body="down")
    assert fetch(url).reason == "server error (503)"
    assert server.hits["/down"] == 1 + FAST.retries


def test_retry_after_is_honoured_and_spaces_the_host(server):
    times = []

    def route(h):
        from tests.fetch_server import send

        times.append((h.path, time.monotonic()))
        if len(times) == 1:
            send(h, 429, {"Retry-After": "0.4", "Content-Type": "text/plain"}, b"wait")
        else:
            send(h, 200, {"Content-Type": "text/html"}, PAGE.encode())

    server.route("/a", route)
    server.route("/b", route)
    options = FetchOptions(allow_private=True, deadline=5, retry_base=0.01, retry_cap=1.0, per_host=2)
    fetcher = Fetcher(options)
    s = fetcher.fetch(server.url("/a"))
    assert s.ok
    assert times[1][1] - times[0][1] >= 0.35  # waited what the server asked
    # A pause for 429 holds every request to that host, not only the one that got it.
    fetcher.limiter.pause(server.host, 0.3)
    start = time.monotonic()
    assert fetcher.fetch(server.url("/b")).ok
    assert time.monotonic() - start >= 0.25


def test_retry_after_parsing():
    from email.utils import formatdate

    from citecheck.sources.retry import backoff, retry_after

    assert retry_after("2", cap=30) == 2
    assert retry_after("120", cap=30) == 30
    assert retry_after("-5", cap=30) == 0
    assert retry_after("soon", cap=30) is None and retry_after(None, cap=30) is None
    now = time.time()
    assert 9 <= retry_after(formatdate(now + 10, usegmt=True), cap=30, now=now) <= 10
    for attempt in range(1, 8):
        delay = min(4.0, 0.5 * 2 ** (attempt - 1))
        assert delay / 2 <= backoff(attempt, 0.5, 4.0) <= delay


# -- time ------------------------------------------------------------------------------------------

def test_drip_body_cut_at_deadline(server):
    url = server.drip_body("/drip", interval=1.0)
    options = FetchOptions(allow_private=True, timeout=5, deadline=2, retries=0)
    start = time.monotonic()
    assert fetch(url, options).reason == "timeout"
    assert time.monotonic() - start < 3.0


def test_drip_headers_cut_at_deadline(server):
    url = server.drip_headers("/dripheaders", interval=0.2)
    options = FetchOptions(allow_private=True, timeout=5, deadline=1.5, retries=2, retry_base=0.01)
    start = time.monotonic()
    assert fetch(url, options).reason == "timeout"
    assert time.monotonic() - start < 2.5


def test_silent_server_is_a_timeout():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)  # accepts connections, never answers
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        options = FetchOptions(allow_private=True, timeout=0.3, deadline=1.5, retries=5, retry_base=0.01)
        start = time.monotonic()
        assert fetch(url, options).reason == "timeout"
        assert time.monotonic() - start < 2.5
    finally:
        listener.close()


# -- connections -----------------------------------------------------------------------------------

def test_reset_mid_body(server):
    url = server.reset_mid_body("/reset")
    assert fetch(url).reason == "connection reset"
    assert server.hits["/reset"] == 1 + FAST.retries


def test_connection_refused():
    url = f"http://127.0.0.1:{free_port()}/"
    assert fetch(url).reason == "connection refused"


def test_no_such_host_with_stubbed_dns():
    def resolver(*args):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    options = FetchOptions(guard=NetworkGuard(resolver=resolver), retries=0)
    assert fetch("https://no-such-host.example/", options).reason == "no such host"


# -- redirects -------------------------------------------------------------------------------------

def test_redirects_followed_and_loops_caught(server):
    server.static("/final", body=PAGE)
    server.redirect("/r1", "/r2", 301)
    url = server.redirect("/r2", server.url("/final"), 307)
    s = fetch(server.url("/r1"))
    assert s.ok and s.final_url == server.url("/final") and s.url == server.url("/r1")
    server.redirect("/loop-a", "/loop-b")
    server.redirect("/loop-b", "/loop-a")
    assert fetch(server.url("/loop-a")).reason == "redirect loop"
    assert server.hits["/loop-a"] <= 3
    for i in range(12):
        server.redirect(f"/chain{i}", f"/chain{i + 1}")
    server.static("/chain12", body=PAGE)
    assert fetch(server.url("/chain0")).reason == "too many redirects (more than 10)"
    assert fetch(url).ok
    server.redirect("/to-file", "file:///etc/passwd")
    assert fetch(server.url("/to-file")).reason.startswith("bad redirect")


# -- the network guard -----------------------------------------------------------------------------

def test_guard_blocks_loopback_by_default(server):
    url = server.static("/p", body=PAGE)
    s = fetch(url, FetchOptions(retries=0))
    assert s.reason == "blocked address"
    assert server.hits["/p"] == 0  # refused before any request


def test_redirect_to_metadata_address_is_blocked(server):
    """The first hop is allowed (the test server's exact host:port); the hop to 169.254.169.254 is not."""
    server.static("/p", body=PAGE)
    options = FetchOptions(guard=only_this_server(server), retries=0, deadline=2)
    assert fetch(server.url("/p"), options).ok
    url = server.redirect("/meta", "http://169.254.169.254/latest/meta-data/iam/")
    assert fetch(url, options).reason == "blocked address"
    assert server.hits["/meta"] == 1
    other = server.redirect("/other-port", f"http://127.0.0.1:{free_port()}/admin")
    assert fetch(other, options).reason == "blocked address"
    decimal = server.redirect("/decimal", "http://2130706433/")  # 127.0.0.1 written as a number
    assert fetch(decimal, options).reason == "blocked address"


def test_connection_goes_to_the_checked_address(server):
    """Connections use the guard's own resolution: a name only the stub knows works, and an answer that
    changes between the check and the connection (DNS rebinding) is caught at connect time."""
    server.static("/p", body=PAGE)
    allowed = only_this_server(server).policy

    def stub(host, port, *args):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (server.host, port))]

    options = FetchOptions(guard=NetworkGuard(resolver=stub, policy=allowed), retries=0)
    assert fetch(f"http://pinned.test:{server.port}/p", options).ok  # real DNS cannot resolve this name
    answers = iter(["127.0.0.1", "10.0.0.7"])

    def rebinding(host, port, *args):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers, "10.0.0.7"), port))]

    options = FetchOptions(guard=NetworkGuard(resolver=rebinding, policy=allowed), retries=0)
    assert fetch(f"http://rebind.test:{server.port}/p", options).reason == "blocked address"
    assert server.hits["/p"] == 1


@pytest.mark.parametrize("address,public", [
    ("8.8.8.8", True), ("2606:4700::1", True), ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False),
    ("192.168.1.1", False), ("169.254.169.254", False), ("100.64.0.1", False), ("224.0.0.1", False),
    ("239.255.255.250", False), ("0.0.0.0", False), ("255.255.255.255", False), ("240.0.0.1", False),
    ("::1", False), ("fe80::1", False), ("fd00::1", False), ("ff02::1", False), ("::ffff:127.0.0.1", False),
    ("::ffff:10.0.0.1", False), ("2002:7f00:1::", False), ("64:ff9b::a00:1", False), ("::", False),
])
def test_public_addresses(address, public):
    import ipaddress

    assert is_public(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/",
                                 "javascript:alert(1)", "http://", "http://[::1"])
def test_only_http_and_https(url):
    assert fetch(url, FetchOptions()).reason.startswith("bad URL")


# -- size and memory -------------------------------------------------------------------------------

def test_declared_huge_body_refused_without_reading(server):
    url = server.huge("/huge-declared", declare_length=True)
    start = time.monotonic()
    assert fetch(url).reason == "too large"
    assert time.monotonic() - start < 1.0


def test_huge_stream_and_gzip_bomb_stay_in_bounded_memory(server):
    """A 1 GB chunked body and a gzip bomb (about 1 MB inflating to 1 GB) stop at the 25 MB default."""
    huge = server.huge("/huge")
    bomb = server.gzip_bomb("/bomb")
    options = FetchOptions(allow_private=True, deadline=20, retries=0)
    fetcher = Fetcher(options)
    gc.collect()
    tracemalloc.start()
    try:
        start = time.monotonic()
        assert fetcher.fetch(huge).reason == "too large"
        assert fetcher.fetch(bomb).reason == "too large"
        elapsed = time.monotonic() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"peak traced memory {peak / MB:.1f} MB, {elapsed:.2f} s")
    assert peak < 100 * MB, f"peak {peak / MB:.0f} MB"
    assert elapsed < 15


def test_size_limit_is_configurable(server):
    url = server.static("/p", body="x" * 5000, ctype="text/plain")
    assert fetch(url, FetchOptions(allow_private=True, max_bytes=4000)).reason == "too large"
    assert fetch(url, FetchOptions(allow_private=True, max_bytes=5000)).ok


# -- content ---------------------------------------------------------------------------------------

def test_wrong_charsets(server):
    text = "<p>The fund paid out €2.5 million to the café owners in 2019.</p>"
    # UTF-8 bytes sent as Latin-1 (the most common mistake): the bytes win.
    a = server.static("/latin", ctype="text/html; charset=iso-8859-1", body=text.encode("utf-8"))
    # Windows-1252 bytes sent as UTF-8: they are not UTF-8, so the charset is detected.
    b = server.static("/cp", ctype="text/plain; charset=utf-8", body=text.encode("cp1252"))
    # No charset in the header, only <meta charset>.
    c = server.static("/meta", ctype="text/html",
                      body=b'<html><head><meta charset="windows-1252"></head><body>' + text.encode("cp1252")
                      + b"</body></html>")
    # An unknown charset name.
    d = server.static("/bogus", ctype="text/html; charset=x-no-such-charset", body=text.encode("utf-8"))
    for url in (a, b, c, d):
        s = fetch(url)
        assert s.ok and "€2.5 million" in s.text and "café" in s.text, (url, s)


def test_png_as_html_pdf_and_broken_files(server):
    png = server.static("/img", ctype="text/html", body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64)
    assert fetch(png).reason == "not text (image/png)"
    pdf = server.static("/broken.pdf", ctype="application/pdf", body=b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    assert fetch(pdf).reason.startswith("unreadable PDF")
    junk = server.static("/junk", ctype="text/plain", body=bytes(range(256)) * 4)
    assert fetch(junk).reason.startswith("not text")
    html = server.static("/bad.html", body=b"<html><body><p>Broken <b>markup <table><tr><td>42 pairs" + b"<div>" * 50000)
    s = fetch(html)
    assert s.ok and "42 pairs" in s.text or s.reason.startswith("unreadable HTML")
    empty = server.static("/empty", body=b"<html><head><script>app()</script></head><body></body></html>")
    assert fetch(empty).reason == "empty page (no text)"


def test_real_pdf_has_pages(server):
    pdf = _pdf(["Page one says nothing.", "In 2019 the survey counted 4,512 nesting pairs."])
    url = server.static("/report.pdf", ctype="application/octet-stream", body=pdf)
    s = fetch(url)
    assert s.ok and "4,512" in s.text
    assert s.page_at(s.text.index("4,512")) == 2


def _pdf(pages: list[str]) -> bytes:
    """A minimal PDF with one line of text per page (Helvetica), built by hand."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in pages:
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"
        objs.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {len(objs)} 0 R "
                    f"/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objs)} 0 R")
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n{obj}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


# -- concurrency -----------------------------------------------------------------------------------

def test_each_url_fetched_once_and_per_host_limit(server):
    urls = [server.slow(f"/p{i}", 0.2, PAGE) for i in range(8)]
    options = FetchOptions(allow_private=True, per_host=2, jobs=8)
    start = time.monotonic()
    res = fetch_all(urls * 3, options)
    elapsed = time.monotonic() - start
    assert set(res) == set(urls) and all(s.ok for s in res.values())
    assert all(server.hits[f"/p{i}"] == 1 for i in range(8))
    assert server.max_active <= 2
    assert 0.75 <= elapsed < 2.0  # 8 x 0.2 s, 2 at a time: 4 rounds


def test_parallel_across_hosts():
    servers = [FaultServer(host=f"127.0.0.{i}").start() for i in (2, 3, 4)]
    try:
        urls = [s.slow(f"/p{i}", 0.3, PAGE) for s in servers for i in range(4)]
        start = time.monotonic()
        res = fetch_all(urls, FetchOptions(allow_private=True, jobs=12, per_host=4))
        elapsed = time.monotonic() - start
        assert all(s.ok for s in res.values())
        assert elapsed < 1.2  # 12 x 0.3 s = 3.6 s one at a time
        assert all(s.max_active <= 4 for s in servers)
    finally:
        for s in servers:
            s.stop()


def test_progress_bar_only_on_a_terminal():
    from citecheck.sources.progress import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = Progress(10, stream=stream)
        for _ in range(10):
            bar.advance()
        bar.close()
    assert "10/10" in tty.getvalue() and tty.getvalue().endswith("\r")
    assert pipe.getvalue() == ""
    few = Tty()
    bar = Progress(3, stream=few)
    bar.advance()
    assert few.getvalue() == ""


# -- every fault through the pipeline: one verdict each, the right reason, within the deadline -----

def test_every_claim_gets_one_verdict_within_the_deadline(server):
    expect = {
        server.drip_body("/drip", interval=1.0): "timeout",
        server.drip_headers("/dripheaders", interval=0.2): "timeout",
        server.reset_mid_body("/reset"): "connection reset",
        server.static("/404", status=404): "not found (404)",
        server.static("/410", status=410): "gone (410)",
        server.static("/403", status=403, body=CHALLENGE, headers={"cf-mitigated": "challenge"}):
            "blocked (403, bot challenge)",
        server.sequence("/429", [(429, {"Retry-After": "1"}, ""), (200, {}, PAGE)]): "supported",
        server.sequence("/503", [(503, {}, ""), (200, {}, PAGE)]): "supported",
        server.redirect("/loop", "/loop"): "redirect loop",
        server.huge("/huge"): "too large",
        server.gzip_bomb("/bomb"): "too large",
        server.static("/charset", ctype="text/html; charset=iso-8859-1", body=PAGE.encode("utf-8")): "supported",
        server.static("/png", ctype="text/html", body=b"\x89PNG\r\n\x1a\n" + b"\x00" * 32): "not text (image/png)",
        server.static("/pdf", ctype="application/pdf", body=b"%PDF-1.7\ntruncated"): "unreadable PDF",
        f"http://127.0.0.1:{free_port()}/": "connection refused",
    }
    claims = [Claim(id=f"c{i}", text=CLAIM, sources=(url,)) for i, url in enumerate(expect)]
    claims.append(Claim(id="both", text=CLAIM, sources=(server.url("/404"), server.url("/charset"))))
    start = time.monotonic()
    sources = fetch_all([u for c in claims for u in c.sources], FAST)
    verdicts = check_claims(claims, sources)
    elapsed = time.monotonic() - start
    assert len(verdicts) == len(claims)
    for claim, v in zip(claims, verdicts):
        want = expect.get(claim.sources[0], "supported") if claim.id != "both" else "supported"
        if want == "supported":
            assert v.verdict == "supported", (claim.sources, v.reason)
        else:
            assert v.verdict == "unreachable", (claim.sources, v.verdict)
            assert f"{claim.sources[0]}: {want}" in v.reason, (want, v.reason)
    assert elapsed < FAST.deadline + 1.5, elapsed


@pytest.mark.parametrize("record_mode", ["once", "new_episodes", "all"])
def test_recording_a_cassette_keeps_the_rebinding_pin(server, tmp_path, record_mode):
    """While vcrpy records, its stub connections open real ones of their own: those connect to the
    address the guard checked too. The name answers a public address to the check and 127.0.0.1 (the
    server) to the connection; unpinned, the stub would resolve "localhost" itself and reach it."""
    server.static("/p", body=PAGE)
    answers = iter(["93.184.216.34", "127.0.0.1"])

    def rebinding(host, port, *args):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers, "127.0.0.1"), port))]

    options = FetchOptions(guard=NetworkGuard(resolver=rebinding), retries=0, deadline=2,
                           cassette=str(tmp_path / "c.yaml"), record_mode=record_mode)
    got = fetch_all([f"http://localhost:{server.port}/p"], options)
    assert got[f"http://localhost:{server.port}/p"].reason == "blocked address"
    assert server.hits["/p"] == 0


def test_recording_a_cassette_still_reaches_an_allowed_server(server, tmp_path):
    """The pin does not get in the way of an ordinary recording: the checked address is the one used."""
    server.static("/p", body=PAGE)
    options = FetchOptions(guard=only_this_server(server), retries=0, deadline=2,
                           cassette=str(tmp_path / "c.yaml"), record_mode="new_episodes")
    assert fetch_all([server.url("/p")], options)[server.url("/p")].ok
    assert server.hits["/p"] == 1


def test_a_connection_that_cannot_be_pinned_is_refused():
    """A connection class the transport does not know (it might resolve the host itself) fails closed."""
    from citecheck.sources.errors import FetchError
    from citecheck.sources.transport import GuardedAdapter

    class Opaque:
        def __init__(self, host, port=None, **kwargs):
            self.host, self.port = host, port

    adapter = GuardedAdapter(NetworkGuard())
    pool = adapter.poolmanager.connection_from_host("example.org", 80, scheme="http")
    pool.ConnectionCls = Opaque
    conn = pool._new_conn()
    with pytest.raises(FetchError, match="blocked address"):
        conn._new_conn()
